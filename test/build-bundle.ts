// Vitest global setup: the executable runs the compiled bundle (dist/app), so the tests build it
// from the current sources first; they never test a stale build.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [resolve('scripts/build.js')], { stdio: 'inherit' });
}
