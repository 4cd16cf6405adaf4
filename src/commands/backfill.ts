// Backfill on `watch add`: the reply tells the channel what is already known about what it just
// started watching (each entity's latest official action, the latest stories), so it does not start
// from silence. Nothing is sent through the outbox for those stories.
import type { Catalog } from '../catalog/catalog.ts';
import type { ReplySection, Story } from '../model.ts';
import { CATEGORY_LABELS } from '../model.ts';
import type { OutboxStore, StoryStore, Transactional } from '../ports/storage.ts';
import { plural } from '../text/plural.ts';
import { citationText } from './describe-entity.ts';

/** How many stories the backfill shows, newest first. */
const BACKFILL_STORIES = 5;
/** How many entities get a status line (a preset such as `all` adds dozens). */
const BACKFILL_STATUS_LINES = 8;

export interface BackfillInput {
  store: Pick<StoryStore, 'latestStoriesForEntity'> & OutboxStore & Transactional;
  catalog: Catalog;
  channelKey: string;
  /** The entities just added to the channel's watchlist. */
  entityIds: string[];
  now: number;
}

const day = (iso: string) => iso.slice(0, 10);

/** One story as a line: date (of publication, else first seen), severity, kind, title, how many sources, link. */
function backfillStoryLine(s: Story): string {
  const [first, last] = [s.firstPublished ?? s.firstSeen, s.lastPublished ?? s.lastSeen];
  const seen = day(first) === day(last) ? day(last) : `${day(first)} to ${day(last)}`;
  return `${seen} · ${s.severity.toUpperCase()} · ${CATEGORY_LABELS[s.category]}: ${s.title} (${plural(s.sourceCount, 'source')})${s.link ? ` ${s.link}` : ''}`;
}

/**
 * The backfill sections of a `watch add` reply. The stories shown are recorded as delivered to the
 * channel, so a later rewrite of one of them arrives as a follow-up ("more sources"), never as a
 * fresh alert about something the channel was just told.
 */
export function backfillSections(input: BackfillInput): ReplySection[] {
  const { store, catalog } = input;
  const status: string[] = [];
  for (const id of input.entityIds.slice(0, BACKFILL_STATUS_LINES)) {
    const e = catalog.get(id);
    if (!e) continue;
    // The catalog's status line says where the entity stands; without one, its latest action.
    const latest = [...e.timeline].sort((a, b) => b.date.localeCompare(a.date))[0];
    const cited = latest ? citationText(latest.citations) : '';
    if (e.status) status.push(`${e.name} (as of ${e.status.asOf}): ${e.status.text}`);
    else status.push(latest ? `${e.name}: ${latest.date} ${latest.action}${cited ? ` (${cited})` : ''}` : `${e.name}: no official action recorded`);
  }
  const more = input.entityIds.length - BACKFILL_STATUS_LINES;
  if (more > 0) status.push(`…and ${plural(more, 'more entity', 'more entities')}: /sanctions <name> shows each one`);

  // Newest first across every added entity; a story naming several of them is shown once.
  const byId = new Map<string, Story>();
  for (const id of input.entityIds) for (const s of store.latestStoriesForEntity(id, BACKFILL_STORIES)) byId.set(s.id, s);
  const when = (s: Story) => s.lastPublished ?? s.lastSeen;
  const stories = [...byId.values()].sort((a, b) => when(b).localeCompare(when(a)) || b.id.localeCompare(a.id)).slice(0, BACKFILL_STORIES);
  store.transaction(() => {
    for (const s of stories) {
      if (store.storyDelivery(input.channelKey, s.id)) continue;
      store.recordStoryDelivery({ channelKey: input.channelKey, storyId: s.id, alertId: `backfill:${s.id}`, severity: s.severity }, input.now);
    }
  });
  return [
    { heading: 'Current status', lines: status },
    {
      heading: stories.length ? `Latest ${plural(stories.length, 'story', 'stories')}` : 'Latest stories',
      lines: stories.length ? stories.map(backfillStoryLine) : ['None stored yet: new developments will be posted here as they are found.'],
    },
  ];
}
