#!/usr/bin/env node
// Compiles the TypeScript sources into plain JavaScript bundles with esbuild, so the running bot
// needs no TypeScript loader (tsx's loader runs in a thread of its own, ~45 MB of RSS).
// `npm start` and `npm run demo` build first, so the output is never stale.
//
//   node scripts/build.js [app [outdir]]   dist/app/cli.js (+ chunks for the Slack/Discord adapters, loaded only when configured)
//   node scripts/build.js bench            dist/bench/: the benchmark and its feed-server child
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const target = process.argv[2] ?? 'app';
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules (better-sqlite3 is native; the rest load as published).
  packages: 'external',
  sourcemap: 'linked',
  splitting: true,
  logLevel: 'warning',
};

if (target === 'app') {
  const outdir = process.argv[3] ?? 'dist/app';
  rmSync(outdir, { recursive: true, force: true });
  await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir });
} else if (target === 'bench') {
  rmSync('dist/bench', { recursive: true, force: true });
  await build({ ...common, entryPoints: ['test/bench/run-bench.ts', 'test/bench/bench-feed-server-child.ts'], outdir: 'dist/bench' });
} else {
  process.stderr.write(`build: unknown target ${JSON.stringify(target)}; expected nothing or "bench"\n`);
  process.exit(2);
}
