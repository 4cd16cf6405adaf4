// Fills a store with a long history of items and stories, fast: one transaction through the
// store's own methods (so rows are exactly what the pipeline writes), no feeds fetched, no text
// analysed. Items arrive at a steady rate, so a longer history means older items, never a fuller
// story window: that is what lets the grouping benchmark compare 1k against 100k stored items.
import { extractCitations } from '../../src/classify/classify.ts';
import type { Category, Mention, Severity } from '../../src/model.ts';
import type { Store } from '../../src/store/test-helpers.ts';
import { createSeededRandom } from './seeded-random.ts';
import { createDevelopment, developmentText, plainHeadline, plainSentence, type BenchEntity, type Development, type DevelopmentKind } from './synthetic-text.ts';

export interface HistoryOptions {
  items: number;
  /** Stories the items that name entities are grouped into (about items × storyShare / stories each). */
  stories: number;
  /** Share of items naming watched entities (they belong to stories). @default 0.25 */
  storyShare?: number;
  /** The newest item's first-seen time (ms); older ones go back at `perHour`. */
  end: number;
  /** Items per hour. */
  perHour: number;
  /** Feeds the items are spread over (their URLs: `${feedPrefix}${n}`). */
  feeds: number;
  feedPrefix: string;
  seed: number;
  entities: readonly BenchEntity[];
}

export interface HistoryReport {
  items: number;
  stories: number;
  storyItems: number;
  /** Oldest item's first-seen time (ms). */
  start: number;
  ms: number;
}

const HOUR = 3_600_000;
const CATEGORY: Record<DevelopmentKind, Category> = {
  order: 'executive-order',
  'entity-list': 'export-control',
  injunction: 'litigation',
  investment: 'investment-restriction',
  revocation: 'revocation',
  sanctions: 'sanctions',
  bill: 'legislation',
};
const SEVERITY: Record<DevelopmentKind, Severity> = {
  order: 'high',
  'entity-list': 'high',
  injunction: 'medium',
  investment: 'high',
  revocation: 'medium',
  sanctions: 'high',
  bill: 'medium',
};
/** Stories open at once: reports of a development arrive interleaved with others'. */
const OPEN_STORIES = 4;

interface OpenStory {
  id: string;
  dev: Development;
  left: number;
  created: boolean;
}

/** Writes the history in one transaction. The store must be empty of items with these keys. */
export function fillHistory(store: Store, o: HistoryOptions): HistoryReport {
  const started = performance.now();
  const rng = createSeededRandom(o.seed);
  const storyShare = o.storyShare ?? 0.25;
  const meanSize = Math.max(1, (o.items * storyShare) / Math.max(1, o.stories));
  const stepMs = HOUR / o.perHour;
  const start = o.end - Math.floor((o.items - 1) * stepMs);
  const withChinese = o.entities.filter((e) => e.chinese.length > 0);
  const open: OpenStory[] = [];
  let stories = 0;
  let storyItems = 0;

  store.transaction(() => {
    for (let f = 0; f < o.feeds; f++) store.ensureFeed(`${o.feedPrefix}${f}`, { title: `History feed ${f}`, addedBy: 'bench' }, start);
    for (let k = 0; k < o.items; k++) {
      const at = start + Math.floor(k * stepMs);
      const feedUrl = `${o.feedPrefix}${k % o.feeds}`;
      const key = `guid:history-${k}`;
      const base = { feedUrl, key, contentHash: `h${k}`, guid: `history-${k}`, link: `https://history.example/${k}`, publishedAt: new Date(at).toISOString(), official: false };
      if (!rng.chance(storyShare) || (stories >= o.stories && open.length === 0)) {
        store.insertItem({ ...base, title: plainHeadline(rng), summary: plainSentence(rng), category: 'other', severity: 'low', citations: [], storyId: `st_p${k}` }, [], at);
        continue;
      }
      let story: OpenStory;
      if (open.length < OPEN_STORIES && stories < o.stories) {
        const named = rng.sample(withChinese, rng.chance(0.3) ? 2 : 1);
        story = { id: `st_h${stories}`, dev: createDevelopment(rng, stories, named, at), left: rng.int(1, Math.max(1, Math.round(2 * meanSize - 1))), created: false };
        open.push(story);
        stories++;
      } else {
        story = rng.pick(open);
      }
      const { title, sentences } = developmentText(rng, story.dev, rng.chance(0.1));
      const category = CATEGORY[story.dev.kind];
      const severity = SEVERITY[story.dev.kind];
      const entityIds = story.dev.entities.map((e) => e.id);
      const mentions: Mention[] = story.dev.entities.map((e) => ({ entityId: e.id, matched: e.name, field: 'title', weak: false }));
      const summary = sentences.join(' ').slice(0, 400);
      if (!story.created) store.createStory({ id: story.id, title, link: base.link, summary, category, severity, entityIds }, at);
      else store.addToStory(story.id, { severity, entityIds }, at);
      // The citations the pipeline would have found in the text, which the index rebuild reads back.
      const citations = extractCitations(`${title} ${sentences.join(' ')}`);
      store.insertItem({ ...base, title, summary, category, severity, citations, storyId: story.id }, mentions, at);
      story.created = true;
      storyItems++;
      story.left--;
      if (story.left <= 0) open.splice(open.indexOf(story), 1);
    }
  });
  return { items: o.items, stories, storyItems, start, ms: performance.now() - started };
}
