// `/sanctions why <story id | link>`: why the bot grouped and labelled a development as it did.
// The story decision is replayed: a fresh story index is given the stored items of the window that
// came before the item, in the order they were stored, as the watcher's index had them (the same
// rebuild the watcher does at start-up), and explains the item against it.
import type { Catalog } from '../catalog/catalog.ts';
import { classify } from '../classify/classify.ts';
import { explainItem, explanationSections } from '../explain/explain-item.ts';
import type { Reply, ReplySection } from '../model.ts';
import { storyDoc } from '../pipeline/run-cycle.ts';
import { createStoryIndex } from '../stories/story-index.ts';
import type { ItemStore, StoredItem, StoryStore } from '../ports/storage.ts';

/** Reports explained in full per story: the first (it started the story) and the latest ones. */
const MAX_EXPLAINED = 3;

export interface WhyDeps {
  store: ItemStore & Pick<StoryStore, 'getStory'>;
  catalog: () => Catalog;
  /** The story window (STORY_WINDOW_HOURS). */
  windowMs: number;
  now: () => number;
}

/** How far back a link is looked for: the stories a team still asks about (ids reach further). */
const LINK_LOOKBACK_MS = 30 * 86_400_000;

const answer = (title: string, sections: ReplySection[], error = false): Reply => ({ visibility: 'ephemeral', title, sections, ...(error ? { error } : {}) });

/** Answers `why <story id | link>`. Never throws for bad input. */
export function why(deps: WhyDeps, arg: string | undefined): Reply {
  const usage = 'Usage: /sanctions why <story id | link>, e.g. /sanctions why st_0123456789abcdef or the link of one of its reports';
  // Slack wraps links as <https://…> or <https://…|label>.
  const wanted = arg?.replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1').trim();
  if (!wanted) return answer('Missing story', [{ lines: [usage] }], true);
  const { store } = deps;
  const byLink = /^st_[0-9a-f]{16}$/.test(wanted) ? [] : store.storyItemsSince(deps.now() - LINK_LOOKBACK_MS).filter((i) => i.link === wanted);
  const storyId = byLink[0]?.storyId ?? wanted;
  const story = store.getStory(storyId);
  if (!story) return answer('Not found', [{ lines: [`No stored story has the id "${wanted}", nor a report from the last 30 days with that link.`, usage] }], true);
  const items = store.itemsOfStory(storyId);
  const chosen = byLink.length ? byLink.slice(0, 1) : [...new Set([items[0]!, ...items.slice(1).slice(-(MAX_EXPLAINED - 1))])];
  const catalog = deps.catalog();
  const name = (id: string) => catalog.get(id)?.name ?? id;
  const sections: ReplySection[] = [
    { lines: [`${story.title} (${story.category}, ${story.severity}; ${items.length} ${items.length === 1 ? 'report' : 'reports'})`, ...(items.length > chosen.length ? [`Explaining ${chosen.length} of them: the first and the latest.`] : [])] },
  ];
  for (const item of chosen) {
    const mentions = store.mentionsOfItem(item.id);
    // The stored category with the evidence the stored headline and summary give for it (the
    // full text is not stored).
    const reread = classify({ title: item.title, text: item.summary, feedUrl: item.feedUrl, link: item.link, mentions });
    const explanation = explainItem(
      {
        guid: item.guid,
        link: item.link,
        title: item.title,
        mentions,
        classification: { ...reread, category: item.category, severity: item.severity, official: item.official },
        storyId,
        candidates: replay(deps, item, mentions.map((m) => m.entityId)),
      },
      name,
    );
    sections.push(...explanationSections(explanation));
  }
  return answer(`Why: ${story.title}`, sections);
}

/** The candidate stories the item was judged against, replayed from the stored items before it. */
function replay(deps: WhyDeps, item: StoredItem, entityIds: string[]) {
  const catalog = deps.catalog();
  const index = createStoryIndex({ windowMs: deps.windowMs, entity: (id) => catalog.get(id) });
  for (const earlier of deps.store.storyItemsSince(item.firstSeenAt - deps.windowMs)) {
    if (earlier.id === item.id) break;
    if (!earlier.storyId || earlier.entityIds.length === 0) continue;
    index.add(earlier.storyId, storyDoc(earlier));
  }
  return index.explain(storyDoc({ ...item, entityIds }));
}
