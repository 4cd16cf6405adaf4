// Consistency rules the schema cannot express: ids unique, parents, relationships and preset
// members known, one current parent, no parent loops, and no strong name claimed by two entities
// (a match could not say which). Editorial rules (sources, citations) are in audit-catalog.ts.
import type { Entity, Preset } from '../model.ts';
import { lookupKey } from '../match/fold-text.ts';

/** Problems found, each naming the entry it is about; empty when the data is consistent. */
export function checkCatalog(entities: readonly Entity[], presets: readonly Preset[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Entity>();
  for (const entity of entities) {
    if (byId.has(entity.id)) problems.push(`entity "${entity.id}": the id is used twice`);
    byId.set(entity.id, entity);
  }
  for (const entity of entities) {
    if (entity.parent === undefined) continue;
    if (!byId.has(entity.parent)) {
      problems.push(`entity "${entity.id}": parent "${entity.parent}" is not in the catalog`);
      continue;
    }
    const seen = new Set<string>([entity.id]);
    for (let p: string | undefined = entity.parent; p !== undefined; p = byId.get(p)?.parent) {
      if (seen.has(p)) {
        problems.push(`entity "${entity.id}": its parents loop back to "${p}"`);
        break;
      }
      seen.add(p);
    }
  }
  for (const entity of entities) {
    const relationships = entity.relationships ?? [];
    relationships.forEach((r, i) => {
      const where = `entity "${entity.id}": relationships[${i}]`;
      if (r.id === entity.id) problems.push(`${where} points at the entity itself`);
      else if (r.id !== undefined && !byId.has(r.id)) problems.push(`${where} (${r.kind}) points at "${r.id}", which is not in the catalog`);
    });
    if (relationships.filter((r) => r.kind === 'parent' && r.until === undefined).length > 1) {
      problems.push(`entity "${entity.id}": relationships name more than one current parent (end the old one with "until")`);
    }
  }
  const owner = new Map<string, string>();
  for (const entity of entities) {
    for (const alias of [...entity.aliases, ...(entity.variants ?? [])]) {
      const key = lookupKey(alias);
      if (key === '') {
        problems.push(`entity "${entity.id}": alias "${alias}" has no letters or digits`);
        continue;
      }
      const other = owner.get(key);
      if (other !== undefined && other !== entity.id) {
        problems.push(`entity "${entity.id}": alias "${alias}" is already a name of "${other}"`);
      }
      owner.set(key, entity.id);
    }
  }
  const presetIds = new Set<string>();
  for (const preset of presets) {
    if (presetIds.has(preset.id)) problems.push(`preset "${preset.id}": the id is used twice`);
    presetIds.add(preset.id);
    if (byId.has(preset.id)) problems.push(`preset "${preset.id}": the id is also an entity id`);
    for (const id of preset.entityIds) {
      if (!byId.has(id)) problems.push(`preset "${preset.id}": entity "${id}" is not in the catalog`);
    }
  }
  return problems;
}
