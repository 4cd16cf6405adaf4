// Which stored item a parsed item is. The guid is the feed's own identity for an entry, but feeds
// reuse guids (one per category, a CMS default, a "latest" slot), and keying on it alone dropped
// distinct items that shared one and took a new item under an old guid for an edit of the old one.
import { contentHash, itemKey } from './analyze-item.ts';
import type { FeedItem } from '../model.ts';

/** What the cycle knows of a stored item when deciding whether a new one is an edit of it. */
export interface StoredItem {
  id: number;
  contentHash: string;
  link?: string;
  title: string;
}

/**
 * Keys for one body's items, in order. An item's key is `itemKey` (guid, else link, else a hash),
 * unless other, different items in the same body share its guid: then it is the guid plus the link,
 * or the guid plus a content hash when the links do not tell them apart. Exact repeats keep one key.
 * `reused` counts the guids that had to be split.
 */
export function keyItems(items: FeedItem[]): { keys: string[]; reused: number } {
  const base = items.map(itemKey);
  const groups = new Map<string, number[]>();
  base.forEach((key, i) => {
    if (!key.startsWith('guid:')) return;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const keys = [...base];
  let reused = 0;
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const hashes = members.map((i) => contentHash(items[i]!));
    if (new Set(hashes).size < 2) continue; // the same entry twice: one item
    reused++;
    const links = members.map((i) => items[i]!.link?.trim() ?? '');
    const linksTell = new Set(links).size === members.length && links.every(Boolean);
    members.forEach((i, n) => {
      keys[i] = linksTell ? withLink(key, links[n]!) : `${key}\u0000hash:${hashes[n]}`;
    });
  }
  return { keys, reused };
}

/**
 * The key to use for an item whose key found `stored`: the same key when the item is that item
 * (perhaps edited), or a key of its own when it is a different entry under a reused guid — a
 * different link, or a title with almost nothing in common. Undefined when it is the same item.
 */
export function keyForReusedGuid(key: string, item: FeedItem, stored: StoredItem): string | undefined {
  if (!key.startsWith('guid:') || key.includes('\u0000')) return undefined;
  const link = item.link?.trim();
  if (link && stored.link && normalLink(link) !== normalLink(stored.link)) return withLink(key, link);
  if (!sharesWords(item.title, stored.title)) return `${key}\u0000hash:${contentHash(item)}`;
  return undefined;
}

const withLink = (key: string, link: string) => `${key}\u0000link:${link}`;

/** Links that differ only in scheme, a trailing slash or tracking parameters are one link. */
function normalLink(link: string): string {
  try {
    const url = new URL(link);
    for (const name of [...url.searchParams.keys()]) if (/^(utm_|fbclid$|gclid$)/i.test(name)) url.searchParams.delete(name);
    return `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return link;
  }
}

/** An edit keeps most of a title's words; a different story shares almost none. */
function sharesWords(a: string, b: string): boolean {
  const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const wa = words(a);
  const wb = words(b);
  // Titles in Chinese have no spaces: compare characters there.
  const units = (w: Set<string>, s: string) => (w.size <= 2 ? new Set([...s.replace(/\s+/g, '')]) : w);
  const ua = units(wa, a);
  const ub = units(wb, b);
  if (ua.size === 0 || ub.size === 0) return true;
  let shared = 0;
  for (const u of ua) if (ub.has(u)) shared++;
  return shared / Math.min(ua.size, ub.size) >= 0.3;
}
