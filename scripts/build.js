#!/usr/bin/env node
// Compiles the TypeScript sources into plain JavaScript bundles with esbuild, so the running bot
// needs no TypeScript loader (tsx's loader runs in a thread of its own, ~45 MB of RSS).
// `npm start` and `npm run demo` build first, so the output is never stale.
//
//   node scripts/build.js [app [outdir]]   dist/app/cli.js (+ chunks for the Slack/Discord adapters, loaded only when configured)
//   node scripts/build.js bench            dist/bench/: the benchmark and its feed-server child
//
// The output is written beside its final place and swapped in with renames: a failed build leaves
// the last good bundle in place, never a half-written one.
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const DIST = resolve('dist');
const { dependencies, devDependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
// zod is bundled in: loaded from node_modules it is dozens of ES modules, and resolving them cost
// every command about 60 ms at start (a third of a lookup).
const BUNDLED = new Set(['zod']);
const target = process.argv[2] ?? 'app';
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Other dependencies stay in node_modules (better-sqlite3 is native; the rest load as published).
  external: Object.keys({ ...dependencies, ...devDependencies }).filter((name) => !BUNDLED.has(name)),
  sourcemap: 'linked',
  splitting: true,
  logLevel: 'warning',
};

/** Builds into a fresh directory beside `outdir`, then puts it in place. Only directories under dist/ are ever replaced. */
async function buildInto(outdir, options) {
  const out = resolve(outdir);
  const inside = relative(DIST, out);
  if (!inside || inside.startsWith('..') || resolve(DIST, inside) !== out) {
    process.stderr.write(`build: refusing to write ${outdir}: the output must be a directory under dist/\n`);
    process.exit(2);
  }
  const fresh = `${out}.new-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({ ...common, ...options, outdir: fresh });
  if (existsSync(out)) renameSync(out, old);
  renameSync(fresh, out);
  rmSync(old, { recursive: true, force: true });
}

if (target === 'app') {
  await buildInto(process.argv[3] ?? 'dist/app', { entryPoints: { cli: 'src/cli.ts' } });
} else if (target === 'bench') {
  await buildInto('dist/bench', { entryPoints: ['test/bench/run-bench.ts', 'test/bench/bench-feed-server-child.ts'] });
} else {
  process.stderr.write(`build: unknown target ${JSON.stringify(target)}; expected "app" or "bench"\n`);
  process.exit(2);
}
