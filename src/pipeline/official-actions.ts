// The catalog learns: an official document or screening-list change naming a watched entity is
// recorded as one of its official actions as soon as it is stored, and lookups show it, marked with
// where it came from and as unreviewed until data/entities.json has it.
import type { Catalog } from '../catalog/catalog.ts';
import { officialCitation } from '../classify/classify-official.ts';
import type { Entity, OfficialRecord } from '../model.ts';
import { normalizeCitations } from '../stories/extract-citations.ts';
import type { LearnedAction, OfficialStore } from '../ports/storage.ts';
import type { AnalyzedItem } from './analyze-item.ts';
import type { ListMatch } from '../feeds/read-screening-list.ts';

/** Records the item as an official action of each watched entity it names (once per entity and item). */
export function recordOfficialAction(store: OfficialStore, analyzed: AnalyzedItem, v: { feedUrl: string; source: string; now: number }): void {
  const record = analyzed.item.official;
  if (!record || analyzed.mentions.length === 0) return;
  const action = describe(record, analyzed.item.title);
  for (const entityId of new Set(analyzed.mentions.map((m) => m.entityId))) {
    store.recordAction({
      entityId,
      itemKey: analyzed.key,
      feedUrl: v.feedUrl,
      date: actionDate(record, v.now),
      action,
      ...citationField(record),
      source: v.source,
      ...(analyzed.item.link ? { link: analyzed.item.link } : {}),
      removal: record.type === 'list-removal' || analyzed.classification.category === 'revocation',
      createdAt: v.now,
    });
  }
}

/** How a public-inspection action starts: such a line gives way to the published document's. */
const ON_PUBLIC_INSPECTION = 'On public inspection';

function describe(r: OfficialRecord, title: string): string {
  if (r.source === 'public-inspection') return `${ON_PUBLIC_INSPECTION}, to be published ${r.publicationDate ?? 'later'}: ${title}`;
  if (r.source === 'federal-register') {
    const type = r.eoNumber ? `Executive Order ${r.eoNumber}` : { RULE: 'Rule', PRORULE: 'Proposed rule', NOTICE: 'Notice', PRESDOCU: 'Presidential document' }[r.type as string] ?? 'Document';
    return `${type}${r.agencyNames.length ? ` (${r.agencyNames.join('; ')})` : ''}: ${title}`;
  }
  return title;
}

function actionDate(r: OfficialRecord, now: number): string {
  const today = new Date(now).toISOString().slice(0, 10);
  if (r.source === 'screening-list') return r.type === 'list-addition' ? (r.effectiveDate ?? today) : today;
  return r.signingDate ?? r.publicationDate ?? today;
}

/** "85 FR 83416 (FR Doc 2020-28031)", the catalog's own style. */
function citationField(r: OfficialRecord): { citation?: string } {
  const main = officialCitation(r);
  if (!main) return {};
  const doc = r.documentNumber && !main.includes(r.documentNumber) ? ` (FR Doc ${r.documentNumber})` : '';
  return { citation: `${main}${doc}` };
}

const REMOVAL_TEXT = /\b(remov|revok|rescind|delist|lift)/i;

/**
 * Lookup lines for the learned actions the catalog does not have yet. An action counts as reviewed
 * when the entity's timeline in data/entities.json holds an entry sharing a citation with it and of
 * the same direction (a listing, or a removal). A public-inspection action is left out once the
 * published document (same document number) is there.
 */
export function learnedActionLines(entity: Entity, actions: LearnedAction[]): string[] {
  const keysOf = (c: string | undefined) => (c ? normalizeCitations([c]).map((k) => k.key) : []);
  // The catalog's structured citations, written as they would appear in text ("FR Doc 2020-28031").
  const timelineKeys = (t: Entity['timeline'][number]) =>
    Object.entries(t.citations ?? {}).flatMap(([kind, value]) => (typeof value === 'string' ? keysOf(kind === 'frDoc' ? `FR Doc ${value}` : value) : []));
  const reviewed = entity.timeline.map((t) => ({ keys: new Set(timelineKeys(t)), removal: REMOVAL_TEXT.test(t.action) }));
  const published = new Set(actions.filter((a) => !a.action.startsWith(ON_PUBLIC_INSPECTION)).flatMap((a) => keysOf(a.citation)));
  const lines: string[] = [];
  for (const a of actions) {
    const keys = keysOf(a.citation);
    if (reviewed.some((t) => t.removal === a.removal && keys.some((k) => t.keys.has(k)))) continue;
    if (a.action.startsWith(ON_PUBLIC_INSPECTION) && keys.some((k) => published.has(k))) continue;
    lines.push(`${a.date}: ${a.action}${a.citation ? ` (${a.citation})` : ''} — from ${a.source}, unreviewed${a.link ? ` ${a.link}` : ''}`);
  }
  return lines;
}

/** Which watched entities a list entry's names identify: each name is matched as a headline would be. */
export function createListMatcher(catalog: () => Catalog): (names: string[]) => ListMatch[] {
  return (names) => {
    const c = catalog();
    const matcher = c.matcher();
    const found = new Map<string, ListMatch>();
    for (const name of names) {
      for (const m of matcher.match({ title: name, description: '' }, { plain: true })) {
        if (found.has(m.entityId)) continue;
        const entity = c.get(m.entityId);
        if (!entity) continue;
        const parent = entity.parent ? c.get(entity.parent) : undefined;
        found.set(m.entityId, { id: entity.id, name: entity.name, ...(parent ? { parentName: parent.name } : {}) });
      }
    }
    return [...found.values()];
  };
}
