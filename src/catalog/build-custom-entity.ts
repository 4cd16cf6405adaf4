// `/sanctions track <name> [alias…]`: a channel watches something the catalog does not list.
import type { Entity } from '../model.ts';
import { foldText, lookupKey } from '../match/fold-text.ts';

export interface CustomEntityInput {
  name: string;
  /** Further names to match, beyond `name` itself. */
  aliases?: readonly string[];
}

/**
 * A custom entity (kind `company`, no timeline) whose id is a slug of its name ("Xiaomi Corp" →
 * `xiaomi-corp`). Its name and aliases are all strong: a person asked for them by name.
 * @throws Error when the name has no letters or digits (the command should refuse it first)
 */
export function buildCustomEntity({ name, aliases = [] }: CustomEntityInput): Entity {
  const cleanName = name.trim().replace(/\s+/g, ' ');
  const id = foldText(cleanName)
    .low.replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (id === '') throw new Error(`A custom entity needs a name with letters or digits, got ${JSON.stringify(name)}`);
  const seen = new Set<string>();
  const names: string[] = [];
  for (const alias of [cleanName, ...aliases.map((a) => a.trim().replace(/\s+/g, ' '))]) {
    const key = lookupKey(alias);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    names.push(alias);
  }
  return { id, name: cleanName, kind: 'company', aliases: names, weakAliases: [], timeline: [], custom: true };
}
