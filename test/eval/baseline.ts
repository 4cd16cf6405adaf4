// The naive baseline a keyword-filter bot would use: case-insensitive substring search for every
// alias and weak alias over the title plus the raw (unrendered) description.
import { existsSync, readFileSync } from 'node:fs';

export interface CatalogNames {
  id: string;
  aliases: string[];
  weakAliases: string[];
}

export type CatalogResult =
  | { kind: 'ok'; entries: CatalogNames[] }
  | { kind: 'missing'; reason: string }
  | { kind: 'invalid'; reason: string };

/** Reads the names of every entity in the catalog (`{entities: [{id, aliases, weakAliases}]}`). */
export function readCatalogNames(path: string): CatalogResult {
  if (!existsSync(path)) return { kind: 'missing', reason: `${path} does not exist yet` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { kind: 'invalid', reason: `${path} is not valid JSON: ${(err as Error).message}` };
  }
  const entities = (parsed as { entities?: unknown })?.entities;
  if (!Array.isArray(entities)) return { kind: 'invalid', reason: `${path}: expected an "entities" array, got ${typeof entities}` };
  const entries: CatalogNames[] = [];
  for (const e of entities as Array<Record<string, unknown>>) {
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : []);
    if (typeof e?.id !== 'string') return { kind: 'invalid', reason: `${path}: an entity has no string id (got ${JSON.stringify(e?.id)})` };
    entries.push({ id: e.id, aliases: strings(e.aliases), weakAliases: strings(e.weakAliases) });
  }
  return { kind: 'ok', entries };
}

/** Entity ids whose alias or weak alias occurs anywhere in `text`, ignoring case. */
export function naiveMatch(entries: readonly CatalogNames[], text: string): string[] {
  const haystack = text.toLowerCase();
  return entries
    .filter((e) => [...e.aliases, ...e.weakAliases].some((name) => haystack.includes(name.toLowerCase())))
    .map((e) => e.id);
}
