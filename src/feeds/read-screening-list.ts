// trade.gov's Consolidated Screening List (JSON: `{"results":[{source, name, alt_names, id,
// federal_register_notice, start_date, …}]}`) diffed against the last stored state of the list.
//
// Memory: a list has tens of thousands of entries (tens of MB). The body stays the bytes it arrived
// as (UTF-8, as JSON is; never decoded whole) and is walked entry by entry: each entry's bytes are
// decoded and parsed alone, compared with the stored hash of the same entry, and only offsets of new
// or changed entries are kept until the commit. The previous list lives in SQLite as one hash per
// entry and is never loaded. The keys seen this poll are the one per-entry thing held, to find
// removals.
import { createHash } from 'node:crypto';
import type { FeedItem, OfficialRecord } from '../model.ts';
import type { OfficialStore, StoredListEntry } from '../ports/storage.ts';
import type { ByteReader, ReadContext, ReadResult } from './reader-port.ts';

/** A watched entity a list entry names, as the reader reports it. */
export interface ListMatch {
  id: string;
  name: string;
  /** The watched parent's name, written into the item so the parent is matched too. */
  parentName?: string;
}

export interface ScreeningListOptions {
  /** Which watched entities the entry's names (name and alternate names) identify. */
  matchNames: (names: string[]) => ListMatch[];
  /**
   * A poll whose list has fewer than this share of the stored entries is refused as broken (a
   * truncated or emptied file would otherwise report every entry as removed). @default 0.5
   */
  minShare?: number;
}

interface Entry {
  key: string;
  source: string;
  name: string;
  altNames: string[];
  frNotice?: string;
  startDate?: string;
  link?: string;
}

/** Creates the reader; it keeps nothing between polls but what it stores. */
export function createScreeningListReader(store: OfficialStore, options?: ScreeningListOptions): ByteReader {
  return (bytes, ctx) => readScreeningList(bytes, ctx, store, options);
}

/** Diffs one poll of a list (its body's bytes) against the stored state; see the module comment. */
export function readScreeningList(body: Buffer, ctx: ReadContext, store: OfficialStore, options?: ScreeningListOptions): ReadResult {
  const { feedUrl } = ctx;
  const elements = jsonArrayElements(body, 'results');
  if (typeof elements === 'string') return { kind: 'not-a-feed', message: `not a Consolidated Screening List JSON file: ${elements}` };
  const seen = new Set<string>();
  const pending: Array<{ key: string; hash: string; start: number; end: number }> = [];
  const items: FeedItem[] = [];
  let bad = 0;
  let added = 0;
  for (const [start, end] of elements) {
    const entry = parseEntry(body.toString('utf8', start, end));
    if (!entry) {
      bad++;
      continue;
    }
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    const hash = createHash('sha1').update(body.subarray(start, end)).digest('hex');
    const stored = store.listEntryHash(feedUrl, entry.key);
    if (stored === hash) continue;
    pending.push({ key: entry.key, hash, start, end });
    if (stored === undefined) added++;
    if (ctx.firstPoll) continue;
    const previous = stored === undefined ? undefined : store.listEntry(feedUrl, entry.key);
    const item = changeItem(entry, previous, ctx, options);
    if (item) items.push(item);
  }
  if (seen.size === 0 && bad > 0) return { kind: 'not-a-feed', message: `not a Consolidated Screening List JSON file: none of its ${bad} entries has a "name" and a "source"` };
  const storedCount = store.countListEntries(feedUrl);
  const minShare = options?.minShare ?? 0.5;
  if (storedCount >= 20 && seen.size < storedCount * minShare) {
    return { kind: 'not-a-feed', message: `the list shrank from ${storedCount} to ${seen.size} entries; refused as truncated or broken (nothing recorded as removed)` };
  }
  const removed: StoredListEntry[] = [];
  for (const key of store.listEntryKeys(feedUrl)) {
    if (seen.has(key)) continue;
    const previous = store.listEntry(feedUrl, key);
    if (previous) removed.push(previous);
  }
  if (!ctx.firstPoll) {
    for (const previous of removed) {
      const item = removalItem(previous, ctx, options);
      if (item) items.push(item);
    }
  }
  const note = ctx.firstPoll
    ? `recorded ${seen.size} list entries without alerting`
    : pending.length || removed.length
      ? `${seen.size} list entries: ${added} added, ${removed.length} removed, ${pending.length - added} changed; ${items.length} about watched entities`
      : undefined;
  return {
    kind: 'ok',
    title: 'Consolidated Screening List',
    items,
    ...(note ? { note } : {}),
    commit: () => {
      for (const p of pending) {
        const entry = parseEntry(body.toString('utf8', p.start, p.end))!;
        store.saveListEntry(feedUrl, { key: p.key, hash: p.hash, source: entry.source, name: entry.name, altNames: entry.altNames, frNotice: entry.frNotice, startDate: entry.startDate });
      }
      for (const r of removed) store.removeListEntry(feedUrl, r.key);
    },
  };
}

function parseEntry(json: string): Entry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const name = str(r.name);
  const source = str(r.source);
  if (!name || !source) return undefined;
  const id = str(r.id) || str(r.entity_number);
  // An array in the JSON; the CSV form of the list joins them with "; ".
  const alts = Array.isArray(r.alt_names) ? r.alt_names.map(str) : str(r.alt_names).split(/\s*;\s*/);
  const altNames = [...new Set(alts.filter(Boolean))];
  const frNotice = str(r.federal_register_notice) || undefined;
  const startDate = /^\d{4}-\d{2}-\d{2}/.test(str(r.start_date)) ? str(r.start_date).slice(0, 10) : undefined;
  const link = [r.source_information_url, r.source_list_url].map(str).find((u) => /^https?:\/\/\S+$/i.test(u));
  return { key: `${source}\u0000${id || name}`, source, name, altNames, ...(frNotice ? { frNotice } : {}), ...(startDate ? { startDate } : {}), ...(link ? { link } : {}) };
}

function str(v: unknown): string {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim().slice(0, 2_000);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** Agencies as people name them in alerts. */
const AGENCY_SHORT: Record<string, string> = {
  'bureau of industry and security': 'BIS',
  'treasury department': 'OFAC',
  'office of foreign assets control': 'OFAC',
  'state department': 'State',
  'department of state': 'State',
};

/** "Entity List (EL) - Bureau of Industry and Security" → "Entity List (BIS)". */
export function listName(source: string): string {
  const dash = source.lastIndexOf(' - ');
  const list = (dash > 0 ? source.slice(0, dash) : source).replace(/\s*\([A-Z-]{2,10}\)/, '').trim();
  const agency = dash > 0 ? source.slice(dash + 3).trim() : '';
  const short = AGENCY_SHORT[agency.toLowerCase()] ?? agency;
  return short ? `${list} (${short})` : list;
}

/** The first "85 FR 83416" in a notice field ("85 FR 83416 12/22/20; 86 FR 1234"), else the field. */
function citationOf(notice: string | undefined): string | undefined {
  if (!notice) return undefined;
  const m = /(\d{1,3})\s*FR\s*(\d{1,3}(?:,\d{3})+|\d{1,6})/.exec(notice);
  return m ? `${m[1]} FR ${m[2]!.replace(/,/g, '')}` : notice.slice(0, 100);
}

function matched(entry: { name: string; altNames: string[] }, options?: ScreeningListOptions): ListMatch[] {
  return options ? options.matchNames([entry.name, ...entry.altNames]) : [];
}

/** The item for a new or changed entry naming a watched entity; undefined for anything else. */
function changeItem(entry: Entry, previous: StoredListEntry | undefined, ctx: ReadContext, options?: ScreeningListOptions): FeedItem | undefined {
  const matches = matched(entry, options);
  if (matches.length === 0) return undefined;
  const list = listName(entry.source);
  const citation = citationOf(entry.frNotice);
  const who = matches.map((m) => m.name).join(', ');
  if (!previous) {
    const title = `Added to the ${list} — ${who}${citation ? ` — ${citation}` : ''}${entry.startDate ? `, effective ${entry.startDate}` : ''}`;
    return listItem(entry, ctx, matches, { title, type: 'list-addition', list, citation, changes: ['added'] });
  }
  const oldAlts = new Set(previous.altNames.map((a) => a.toLowerCase()));
  const newAlts = entry.altNames.filter((a) => !oldAlts.has(a.toLowerCase()));
  const changes: string[] = [];
  if (newAlts.length) changes.push(`new alternate names: ${newAlts.join('; ')}`);
  if (entry.frNotice && entry.frNotice !== previous.frNotice) changes.push(`new Federal Register notice: ${entry.frNotice}`);
  // Other edits (addresses, remarks) are recorded silently: they are not news.
  if (changes.length === 0) return undefined;
  const title = `${list} entry changed — ${who} — ${changes.join('; ')}`;
  return listItem(entry, ctx, matches, { title, type: 'list-change', list, citation, changes });
}

function removalItem(previous: StoredListEntry, ctx: ReadContext, options?: ScreeningListOptions): FeedItem | undefined {
  const matches = matched(previous, options);
  if (matches.length === 0) return undefined;
  const list = listName(previous.source);
  const citation = citationOf(previous.frNotice);
  const title = `Removed from the ${list} — ${matches.map((m) => m.name).join(', ')}`;
  // The notice that listed the entry is not written into the removal's text: shared citations join
  // stories, and a removal is a development of its own, not a rewrite of the listing. It stays in
  // the record (the lookup's official actions show it).
  const { frNotice: _listedUnder, ...entry } = previous;
  return listItem(entry, ctx, matches, { title, type: 'list-removal', list, citation, changes: [citation ? `removed (listed under ${citation})` : 'removed'] });
}

function listItem(
  entry: Pick<Entry, 'key' | 'source' | 'name' | 'altNames' | 'frNotice' | 'startDate' | 'link'>,
  ctx: ReadContext,
  matches: ListMatch[],
  v: { title: string; type: OfficialRecord['type']; list: string; citation?: string | undefined; changes: string[] },
): FeedItem {
  const parents = [...new Set(matches.map((m) => m.parentName).filter((p): p is string => Boolean(p)))];
  // The names are written out so the matcher finds the watched entities (and their watched
  // parents) the way it finds them in any item.
  const description = [
    `${entry.name}${entry.altNames.length ? ` (also known as ${entry.altNames.join('; ')})` : ''}.`,
    `List: ${entry.source}.`,
    entry.frNotice ? `Federal Register notice: ${entry.frNotice}.` : '',
    entry.startDate ? `Effective ${entry.startDate}.` : '',
    parents.length ? `Part of ${parents.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const dash = entry.source.lastIndexOf(' - ');
  const official: OfficialRecord = {
    source: 'screening-list',
    type: v.type,
    ...(v.citation ? { citation: v.citation } : {}),
    agencies: [],
    agencyNames: dash > 0 ? [entry.source.slice(dash + 3).trim()] : [],
    ...(entry.startDate ? { effectiveDate: entry.startDate } : {}),
    list: v.list,
    changes: v.changes,
    listedName: entry.name,
  };
  return {
    feedUrl: ctx.feedUrl,
    // A new key per change: the same entry added, removed and added again is three alerts.
    guid: `csl:${v.type}:${entry.key.replace('\u0000', ':')}:${ctx.now}`,
    ...(entry.link ? { link: entry.link } : {}),
    title: v.title,
    description,
    publishedAt: new Date(ctx.now).toISOString(),
    official,
  };
}

/**
 * The [start, end) byte offsets of each element of the top-level array `key` of a JSON object (or
 * of a top-level array), found by scanning the UTF-8 bytes (no multi-byte sequence holds an ASCII
 * byte), so no element but the one being read is ever decoded or parsed. Returns a message instead
 * when the document has no such array.
 */
export function jsonArrayElements(bytes: Uint8Array, key: string): Array<[number, number]> | string {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const show = (i: number) => JSON.stringify(b.toString('utf8', i, Math.min(b.length, i + 20)));
  let i = skipSpace(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
  if (b[i] === OPEN_OBJECT) {
    // Find `"key": [` at depth 1.
    i++;
    let found = -1;
    while (i < b.length) {
      i = skipSpace(b, i);
      if (b[i] === CLOSE_OBJECT) break;
      if (b[i] !== QUOTE) return `unexpected ${show(i)} at offset ${i}`;
      const keyEnd = stringEnd(b, i);
      if (keyEnd < 0) return 'unterminated string (truncated file?)';
      const name = b.toString('utf8', i + 1, keyEnd - 1);
      i = skipSpace(b, keyEnd);
      if (b[i] !== COLON) return `expected ":" at offset ${i}`;
      i = skipSpace(b, i + 1);
      if (name === key && b[i] === OPEN_ARRAY) {
        found = i;
        break;
      }
      const end = valueEnd(b, i);
      if (end < 0) return 'unterminated value (truncated file?)';
      i = skipSpace(b, end);
      if (b[i] === COMMA) i++;
    }
    if (found < 0) return `no "${key}" array`;
    i = found;
  }
  if (b[i] !== OPEN_ARRAY) return `expected a JSON object with "${key}" or an array, got ${show(i)}`;
  const out: Array<[number, number]> = [];
  i = skipSpace(b, i + 1);
  if (b[i] === CLOSE_ARRAY) return out;
  while (i < b.length) {
    const end = valueEnd(b, i);
    if (end < 0) return 'unterminated entry (truncated file?)';
    out.push([i, end]);
    i = skipSpace(b, end);
    if (b[i] === CLOSE_ARRAY) return out;
    if (b[i] !== COMMA) return `expected "," or "]" at offset ${i}`;
    i = skipSpace(b, i + 1);
  }
  return 'the array never ends (truncated file?)';
}

const [QUOTE, BACKSLASH, COMMA, COLON, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT] = [0x22, 0x5c, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d];

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** The offset after the string starting at `i` (a `"`), or -1. */
function stringEnd(b: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, j);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > i && b[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The offset after the JSON value starting at `i`, or -1. Brackets are counted outside strings. */
function valueEnd(b: Buffer, i: number): number {
  const first = b[i];
  if (first === QUOTE) return stringEnd(b, i);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    let j = i;
    while (j < b.length && b[j] !== COMMA && b[j] !== CLOSE_OBJECT && b[j] !== CLOSE_ARRAY && b[j] !== 0x20 && b[j] !== 0x0a && b[j] !== 0x0d && b[j] !== 0x09) j++;
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < b.length; j++) {
    const c = b[j];
    if (c === QUOTE) {
      j = stringEnd(b, j) - 1;
      if (j < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}
