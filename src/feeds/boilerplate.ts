// Feed boilerplate: text an outlet repeats on most of its items (a footer asking readers to follow
// its 微信公众号 or to pay with 支付宝, a "download our app" line, a share prompt). It names watched
// entities on every item and is never news, so it is learned per feed and left out of what the
// matcher, the classifier and the summariser read. Pure: the store keeps what was learned.
import type { FeedItem } from '../model.ts';
import { foldSpaces, toPlainText } from '../text/plain-text.ts';
import { splitSentences } from '../text/split-sentences.ts';

/** A feed body needs this many items with text before anything is learned from it alone. @default 3 */
const MIN_ITEMS = 3;
/** Units longer than this are article text, not boilerplate. */
const MAX_UNIT = 1_000;
/** Boilerplate sits at an item's edges: its first block and its last few. */
const HEAD_BLOCKS = 1;
const TAIL_BLOCKS = 3;
/** Within a long block, only the sentences near the item's edges are looked at. */
const EDGE_CHARS = 1_500;
/** The first check reads only this much of each end of a field (raw HTML). */
const ROUGH_HEAD = 400;
const ROUGH_TAIL = 1_000;
/** …and only this many of its first parts (sentences, lines), and twice as many of its last. */
const ROUGH_PARTS = 3;
/** …of this many of the body's first (most recent) items. */
const ROUGH_SAMPLE = 16;

const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|footer|hr|figure|figcaption|pre)\b[^>]*>/gi;

/** The key a unit of text is compared by: spaces folded, case ignored. */
export const boilerplateKey = (text: string): string => foldSpaces(text).toLowerCase();

/** An HTML field as rendered blocks (paragraphs, list items, lines), empty ones left out. */
function blocksOf(html: string): string[] {
  return html
    .split(BLOCK_TAG)
    .map((b) => toPlainText(b))
    .filter(Boolean);
}

/** The units of one block: its sentences, and lines without a stop as they are. */
function unitsOf(block: string): string[] {
  return splitSentences(block).map((s) => s.text);
}

/** Keys of the units at an item's edges, where boilerplate sits. */
function edgeKeys(item: FeedItem): Set<string> {
  const keys = new Set<string>();
  for (const field of [item.description, item.content]) {
    if (!field) continue;
    const blocks = blocksOf(field);
    const edges = new Set([...blocks.slice(0, HEAD_BLOCKS), ...blocks.slice(-TAIL_BLOCKS)]);
    for (const block of edges) {
      const text = block.length > EDGE_CHARS * 2 ? `${block.slice(0, EDGE_CHARS / 3)}\n${block.slice(-EDGE_CHARS)}` : block;
      for (const unit of unitsOf(text)) if (unit.length <= MAX_UNIT) keys.add(boilerplateKey(unit));
    }
  }
  return keys;
}

/**
 * The same edges cut roughly, without rendering or sentence splitting: tags dropped, split after
 * stops. Text repeated on most items repeats here too, so a body where nothing repeats here (most
 * feeds) needs no closer look; rendering and splitting every item would cost a tenth of a cycle.
 */
function roughEdgeKeys(item: FeedItem): Set<string> {
  const keys = new Set<string>();
  for (const field of [item.description, item.content]) {
    if (!field) continue;
    const edges = field.length > ROUGH_HEAD + ROUGH_TAIL ? `${field.slice(0, ROUGH_HEAD)}<p>${field.slice(-ROUGH_TAIL)}` : field;
    // Every tag ends a part here (the same text cut the same way on every item is all that counts);
    // only the parts at each end are normalised.
    const parts = edges.split(/<[^>]*>|[。！？!?]|\.\s/);
    const add = (part: string) => {
      const key = part.replace(/\s+/g, ' ').trim().toLowerCase();
      if (!key) return false;
      keys.add(key);
      return true;
    };
    for (let i = 0, n = 0; i < parts.length && n < ROUGH_PARTS; i++) if (add(parts[i]!)) n++;
    for (let i = parts.length - 1, n = 0; i >= 0 && n < ROUGH_PARTS * 2; i--) if (add(parts[i]!)) n++;
  }
  return keys;
}

/** Keys on more than half of the items with text, and on at least MIN_ITEMS of them. */
function repeated(items: readonly FeedItem[], keysOf: (item: FeedItem) => Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  let withText = 0;
  for (const item of items) {
    const keys = keysOf(item);
    if (keys.size === 0) continue;
    withText++;
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const found = new Map<string, number>();
  if (withText < MIN_ITEMS) return found;
  for (const [key, count] of counts) {
    if (count >= MIN_ITEMS && count * 2 > withText) found.set(key, count);
  }
  return found;
}

/**
 * The units (sentences or lines, by key) repeated on most items of one feed body: present on more
 * than half of the items that have text, and on at least MIN_ITEMS of them. A body with fewer
 * items teaches nothing (what was learned before still applies).
 */
export function learnBoilerplate(items: readonly FeedItem[]): Map<string, number> {
  if (items.length < MIN_ITEMS) return new Map();
  // The first check reads the most recent items, cut roughly: boilerplate is on most of those as
  // well (an outlet's footer is on every item). It decides nothing; it spares the closer look.
  if (repeated(items.slice(0, ROUGH_SAMPLE), roughEdgeKeys).size === 0) return new Map();
  return repeated(items, edgeKeys);
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Chinese sentences follow each other without a space. */
const joinUnits = (units: string[]) => units.reduce((out, u) => (out && !/[。！？」』）]$/.test(out) ? `${out} ${u}` : out + u), '');

/**
 * A field without its boilerplate units, as HTML-escaped paragraphs (what the pipeline renders
 * reads the same text), and the keys it held. A field with none comes back unchanged.
 */
function stripField(html: string, keys: ReadonlySet<string>, hits: Set<string>): string {
  let changed = false;
  const paragraphs: string[] = [];
  for (const block of blocksOf(html)) {
    const kept: string[] = [];
    for (const unit of unitsOf(block)) {
      const key = boilerplateKey(unit);
      if (keys.has(key)) {
        hits.add(key);
        changed = true;
      } else kept.push(unit);
    }
    if (kept.length) paragraphs.push(`<p>${escapeHtml(joinUnits(kept))}</p>`);
  }
  return changed ? paragraphs.join('\n') : html;
}

/**
 * The item as the pipeline should read it: description and content without the feed's
 * boilerplate. `hits` receives the keys found (they stay remembered while the feed uses them).
 */
export function stripBoilerplate(item: FeedItem, keys: ReadonlySet<string>, hits: Set<string> = new Set()): FeedItem {
  if (keys.size === 0) return item;
  const description = stripField(item.description, keys, hits);
  const content = item.content === undefined ? undefined : item.content === item.description ? description : stripField(item.content, keys, hits);
  if (description === item.description && content === item.content) return item;
  return { ...item, description, ...(content !== undefined ? { content } : {}) };
}
