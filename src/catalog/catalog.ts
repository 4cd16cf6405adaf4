// The watched entities and presets, indexed for lookup by whatever a person types in a slash
// command: an id, a name, an alias, a Chinese name, with or without spaces, accents or capitals.
import { readFileSync } from 'node:fs';
import type { Entity, Preset } from '../model.ts';
import { createMatcher } from '../match/matcher.ts';
import type { Matcher } from '../match/matcher.ts';
import { lookupKey } from '../match/fold-text.ts';
import { nameSimilarity, SUGGESTION_FLOOR } from './edit-distance.ts';
import { CatalogError } from './catalog-error.ts';
import { checkCatalog } from './check-catalog.ts';
import { parseCatalogData } from './parse-catalog-data.ts';
import { packagePath } from '../paths.ts';

/** What a typed name refers to. */
export type Resolution =
  | { kind: 'entity'; entity: Entity }
  | { kind: 'preset'; preset: Preset }
  /** Nothing by that name; `suggestions` are the three nearest entities by spelling. */
  | { kind: 'unknown'; query: string; suggestions: Entity[] };

export interface Catalog {
  /** The day the catalog's facts were last checked (YYYY-MM-DD), if the file says. */
  asOf(): string | undefined;
  /** Built-in entities, then custom ones, in catalog order. */
  entities(): Entity[];
  get(id: string): Entity | undefined;
  presets(): Preset[];
  preset(id: string): Preset | undefined;
  /**
   * Finds an entity or preset by id, name or alias (strong or weak), ignoring case, accents,
   * full-width forms, spaces, hyphens and punctuation ("WeChat-Pay", "wechat pay", "wechatpay").
   */
  resolve(text: string): Resolution;
  /** Direct children ("tencent" → WeChat, WeChat Pay, Tencent QQ, QQ Wallet). */
  children(id: string): Entity[];
  /**
   * A catalog with the built-in entities plus exactly these custom entities (replacing any custom
   * ones this catalog had). A custom entity whose id is a built-in id is left out: check with
   * `get` or `resolve` before creating one.
   */
  withCustom(custom: readonly Entity[]): Catalog;
  /** The matcher for every entity of this catalog, compiled on first use. */
  matcher(): Matcher;
}

export interface CatalogInput {
  asOf?: string;
  entities: readonly Entity[];
  presets: readonly Preset[];
}

/**
 * Indexes entities and presets. Built-in entities must be consistent; custom entities (from
 * `/sanctions track`) are user input, so one that reuses an id already present is left out and
 * one that shares a name with another entity is kept (both are then matched).
 * @throws CatalogError (`config/catalog-invalid`) when built-in ids repeat, parents or preset members
 * are unknown, or two built-in entities claim the same strong alias
 */
export function createCatalog({ asOf, entities, presets }: CatalogInput): Catalog {
  const builtIn = entities.filter((e) => !e.custom);
  const problems = checkCatalog(builtIn, presets);
  if (problems.length > 0) {
    throw new CatalogError('config/catalog-invalid', `Entity catalog is inconsistent:\n  ${problems.join('\n  ')}`, problems);
  }
  const taken = new Set(builtIn.map((e) => e.id));
  const custom = entities.filter((e) => {
    if (!e.custom || taken.has(e.id)) return false;
    taken.add(e.id);
    return true;
  });
  const list = [...builtIn, ...custom];
  const presetList = [...presets];
  const byId = new Map(list.map((e) => [e.id, e]));
  const presetById = new Map(presetList.map((p) => [p.id, p]));

  // Lookup keys by priority: ids, then names, then strong aliases, then weak aliases. The first
  // claim on a key wins, so a weak "QQ" never hides a name.
  const byKey = new Map<string, Entity>();
  const tiers: Array<(e: Entity) => string[]> = [(e) => [e.id], (e) => [e.name], (e) => [...e.aliases, ...(e.variants ?? [])], (e) => [...e.weakAliases, ...(e.weakVariants ?? [])]];
  for (const tier of tiers) {
    for (const entity of list) {
      for (const name of tier(entity)) {
        const key = lookupKey(name);
        if (key !== '' && !byKey.has(key)) byKey.set(key, entity);
      }
    }
  }
  const presetByKey = new Map<string, Preset>();
  for (const preset of presetList) {
    for (const name of [preset.id, preset.name]) {
      const key = lookupKey(name);
      if (key !== '' && !presetByKey.has(key)) presetByKey.set(key, preset);
    }
  }
  const keysOf = new Map(list.map((e) => [e, [e.id, e.name, ...e.aliases, ...e.weakAliases, ...(e.variants ?? []), ...(e.weakVariants ?? [])].map(lookupKey).filter((k) => k !== '')]));

  let matcher: Matcher | undefined;

  return {
    asOf: () => asOf,
    entities: () => [...list],
    get: (id) => byId.get(id),
    presets: () => [...presetList],
    preset: (id) => presetById.get(id),
    children: (id) => list.filter((e) => e.parent === id),
    resolve(text) {
      const query = text.trim();
      const key = lookupKey(query);
      const entity = byKey.get(key);
      if (entity) return { kind: 'entity', entity };
      const preset = presetByKey.get(key);
      if (preset) return { kind: 'preset', preset };
      if (key === '') return { kind: 'unknown', query, suggestions: [] };
      const ranked = list
        .map((e, order) => {
          let best = 0;
          for (const k of keysOf.get(e) ?? []) best = Math.max(best, nameSimilarity(key, k));
          return { e, best, order };
        })
        // Below the floor a name is a different name, not a typo: no suggestion beats a wrong one.
        .filter((r) => r.best >= SUGGESTION_FLOOR)
        .sort((a, b) => b.best - a.best || a.order - b.order);
      return { kind: 'unknown', query, suggestions: ranked.slice(0, 3).map((r) => r.e) };
    },
    withCustom(replacement) {
      return createCatalog({ asOf, entities: [...builtIn, ...replacement.map((e) => ({ ...e, custom: true }))], presets: presetList });
    },
    matcher() {
      matcher ??= createMatcher(list);
      return matcher;
    },
  };
}

/**
 * Reads, validates and indexes the entity catalog (synchronously: it is read once at startup).
 * @param path the catalog file, relative to the working directory
 * @default path the package's data/entities.json, wherever the process runs
 * @throws CatalogError `config/catalog-unreadable` (missing file, bad JSON) or `config/catalog-invalid` (listing
 * every bad entry)
 */
export function loadCatalog(path = packagePath('data', 'entities.json')): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CatalogError(
      'config/catalog-unreadable',
      `Cannot read entity catalog ${path}: ${reason}. Check the path (CATALOG_FILE is relative to the working directory) and that the file is valid JSON.`,
      [reason],
      { cause },
    );
  }
  return createCatalog(parseCatalogData(raw, path));
}
