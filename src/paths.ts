// Where the package's own files are, whatever the working directory: the shipped catalog, default
// feeds and demo feeds are found from this module's location (in src/ under tsx, in dist/app/ when
// bundled), never from `process.cwd()`. Paths an operator sets (DATABASE_PATH, FEEDS_FILE,
// CATALOG_FILE) stay relative to the working directory, as a shell user expects.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the package's package.json (the checkout, or /app in the image). */
function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  root = dir;
  return root;
}

/** A file shipped with the package, e.g. `packagePath('data', 'entities.json')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The package's version, for `--version`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
