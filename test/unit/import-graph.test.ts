// No import cycles between the modules of src/ and adapters/ (what eslint-plugin-import's no-cycle
// would check; that plugin is not installed). Static imports are followed, type-only ones included:
// a type cycle still ties two modules' designs together. Dynamic `import()` is left out: it is how
// main.ts and cli.ts load on demand, and it does not run at load time.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The relative modules a file imports statically (`import … from`, `export … from`, bare `import '…'`). */
function staticImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)) out.push(resolve(dirname(file), m[1] as string));
  return out;
}

/** Every cycle's modules, found by a depth-first walk (one cycle per back edge). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

const graphOf = (files: string[], read: (f: string) => string) => new Map(files.map((f) => [f, staticImports(f, read(f)).filter((i) => files.includes(i))]));

describe('the import graph of src/ and adapters/', () => {
  it('has no cycle', () => {
    const files = [...sourceFiles(resolve('src')), ...sourceFiles(resolve('adapters'))];
    expect(files.length).toBeGreaterThan(50);
    const cycles = findCycles(graphOf(files, (f) => readFileSync(f, 'utf8'))).map((c) => c.map((f) => relative(process.cwd(), f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('would see one (the check can fail)', () => {
    const texts: Record<string, string> = {
      '/x/a.ts': "import type { B } from './b.ts';\n",
      '/x/b.ts': "export { c } from './sub/c.ts';\n",
      '/x/sub/c.ts': "import '../a.ts';\nconst later = () => import('../b.ts');\n",
    };
    const cycles = findCycles(graphOf(Object.keys(texts), (f) => texts[f] as string));
    expect(cycles).toEqual([['/x/a.ts', '/x/b.ts', '/x/sub/c.ts', '/x/a.ts']]);
  });
});
