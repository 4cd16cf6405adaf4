#!/usr/bin/env node
// The `sanctions-watch` executable: runs the compiled bundle (dist/app/cli.js), which `npm install`
// and `npm ci` build through the `prepare` script, so nothing is compiled or written at start and
// no TypeScript loader runs. `npm run build` rebuilds it after editing the sources.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const cli = new URL('../dist/app/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`sanctions-watch: not built: ${cli.pathname} is missing. Run \`npm run build\` in ${new URL('..', import.meta.url).pathname} (npm install does it).\n`);
  process.exit(1);
}
await import(cli.href);
