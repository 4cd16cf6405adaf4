// Everything decided about one item from its text alone: who it names, what kind of development it
// is, and what to say about it. Pure, so scan, the watcher and the benchmark share it.
import { hash } from 'node:crypto';
import { classify, extractCitations, shareScans } from '../classify/classify.ts';
import { leadIsSummary, officialLead } from '../classify/classify-official.ts';
import { officialHost } from '../classify/official-source.ts';
import type { Matcher } from '../match/matcher.ts';
import type { Classification, FeedItem, Mention } from '../model.ts';
import { summarize } from '../summarize/summarize.ts';
import { toPlainText } from '../text/plain-text.ts';

/** An item without its description and content: what is stored and shown once the analysis has read them. */
export type ItemHeader = Omit<FeedItem, 'description' | 'content'>;

export interface AnalyzedItem {
  /** Without the bodies, which can be large: results are kept per feed and cross threads. */
  item: ItemHeader;
  /** Stable identity within its feed: guid, else link, else a hash of title + date. */
  key: string;
  /** Changes when the item is edited. */
  contentHash: string;
  mentions: Mention[];
  classification: Classification;
  summary: string;
  citations: string[];
}

// The one-shot hash: a Hash object per item costs more than hashing its few kilobytes.
const sha1 = (text: string) => hash('sha1', text);

/** The key an item is stored under in its feed. */
export function itemKey(item: FeedItem): string {
  if (item.guid?.trim()) return `guid:${item.guid.trim()}`;
  if (item.link?.trim()) return `link:${item.link.trim()}`;
  return `hash:${sha1(`${item.title}\u0000${item.publishedAt ?? ''}`)}`;
}

/** A hash of what a reader sees, so an edited item is noticed as updated. */
export function contentHash(item: FeedItem): string {
  return sha1([item.title, item.description, item.content ?? '', item.link ?? ''].join('\u0000'));
}

/** What an item that names no watched entity is recorded with when it is not analysed. */
const notAnalyzed = (): Classification => ({ category: 'other', severity: 'low', signals: ['names no watched entity: not analysed'], official: false });

/**
 * Matches, classifies and summarises one item.
 * @param entityNames display names by entity id, used in summaries
 * @param analyzeUnmatched classify and summarise an item that names no watched entity too (scan
 * shows every item); when false such an item gets category `other`, severity `low` and no
 * summary, which is all the watcher needs to recognise it on the next poll. @default true
 * @param identity the item's key and content hash, when the caller has them already
 */
export function analyzeItem(
  item: FeedItem,
  deps: { matcher: Matcher; entityNames: Record<string, string>; analyzeUnmatched?: boolean },
  identity: { key: string; contentHash: string } = { key: itemKey(item), contentHash: contentHash(item) },
): AnalyzedItem {
  const { description: _description, content: _content, ...header } = item;
  // Each field is rendered once, for the matcher and for the classifier and summariser.
  const description = toPlainText(item.description);
  const content = item.content === item.description ? description : toPlainText(item.content);
  const mentions = deps.matcher.match({ title: toPlainText(item.title), description, content }, { plain: true });
  // An official text is analysed whatever it names: one naming no watched entity may still join
  // the story of the act it records (see story-rules.ts), which needs its category. Few items are.
  if (mentions.length === 0 && deps.analyzeUnmatched === false && !officialHost(item.feedUrl) && !officialHost(item.link)) {
    // Classifying and summarising cost ten times what parsing does, for items that never become a
    // story, an alert or a lookup result.
    // Its citations are kept: the official text of an order names no app but may join the order's story.
    return { item: header, ...identity, mentions, classification: notAnalyzed(), summary: '', citations: citationsOf(item, description) };
  }
  const body = item.content && item.content.length > item.description.length ? content : description;
  // The summariser reads the body the classifier has scanned.
  const scans = shareScans();
  const classification = classify({ title: item.title, text: body, feedUrl: item.feedUrl, link: item.link, mentions, ...(item.official ? { official: item.official } : {}), ...(item.documentType ? { documentType: item.documentType } : {}) }, scans);
  let summary = summarize({ title: item.title, text: body, mentions, entityNames: deps.entityNames }, scans);
  // An official document's summary starts with the fact its source states (when it is to be published).
  const lead = item.official && officialLead(item.official);
  if (lead && item.official && leadIsSummary(item.official)) summary = lead;
  else if (lead && !summary.includes(lead)) summary = `${lead} ${summary}`.trim();
  return {
    item: header,
    ...identity,
    mentions,
    classification,
    summary,
    citations: citationsOf(item, body),
  };
}

/** A Federal Register document's number, from the feed's field or its federalregister.gov link. */
const FR_LINK = /federalregister\.gov\/(?:documents|d)\/(?:\d{4}\/\d{2}\/\d{2}\/)?(\d{4}-\d{5})(?![0-9])/;

/** The official identifiers an item cites, with its own document number when it is an official document. */
function citationsOf(item: FeedItem, text: string): string[] {
  const own = item.documentNumber ?? FR_LINK.exec(item.link ?? '')?.[1];
  const cited = extractCitations(`${item.title} ${text}`);
  return own && !cited.includes(`FR Doc ${own}`) ? [...cited, `FR Doc ${own}`] : cited;
}
