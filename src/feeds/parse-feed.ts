// Feed XML → FeedItems. rss-parser (xml2js underneath) reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom,
// but it is lenient in ways that hide problems (an HTML page is "not RSS 1 or 2", one bad Atom date
// rejects the whole feed), so the document is screened first and each entry is read defensively.
import Parser from 'rss-parser';
import type { FeedItem } from '../model.ts';
import { toPlainText } from '../text/plain-text.ts';
import { readShape, type ShapeContext } from './read-shapes.ts';

export type ParseResult = { kind: 'ok'; title?: string; items: FeedItem[] } | { kind: 'not-a-feed'; message: string };

const MAX_TITLE = 1_000;
const MAX_TEXT = 100_000;
const MAX_GUID = 2_000;
const MAX_AUTHOR = 200;

type XmlNode = Record<string, unknown>;
type RawItem = Record<string, unknown>;
type ItemBuilder = (this: Parser, entry: XmlNode, ...rest: unknown[]) => RawItem;

// rss-parser's per-entry builders (not in its type declarations, stable since 3.x).
const builders = Parser.prototype as unknown as { parseItemAtom: ItemBuilder; parseItemRss: ItemBuilder };

/**
 * rss-parser turns Atom `published`/`updated` into ISO with `toISOString()`, which throws on an
 * unreadable date and rejects the whole feed. Here a bad entry costs only its date, or at worst
 * only itself.
 */
class TolerantParser extends Parser {
  parseItemAtom(entry: XmlNode): RawItem {
    return buildTolerantly(builders.parseItemAtom, this, entry, []);
  }
  parseItemRss(entry: XmlNode, fields: unknown): RawItem {
    return buildTolerantly(builders.parseItemRss, this, entry, [fields]);
  }
}

function buildTolerantly(build: ItemBuilder, parser: Parser, entry: XmlNode, rest: unknown[]): RawItem {
  try {
    return build.call(parser, entry, ...rest);
  } catch {
    const withoutDates = { ...entry };
    for (const key of ['published', 'updated', 'pubDate', 'dc:date']) delete withoutDates[key];
    try {
      return build.call(parser, withoutDates, ...rest);
    } catch {
      // An empty object, not null: rss-parser's iTunes pass indexes the item list afterwards.
      return {};
    }
  }
}

/**
 * Parses a feed document. Anything that is not a readable RSS/Atom feed (an HTML page, truncated or
 * malformed XML, JSON, an XML entity declaration) is `not-a-feed` with a message saying which.
 * Items are capped (title 1,000 characters, description/content 100,000) and items with neither
 * title, description nor link are dropped. Links are kept only when they are http(s), resolved
 * against `feedUrl` when relative.
 */
export async function parseFeed(xml: string, feedUrl: string): Promise<ParseResult> {
  // WordPress and others often emit blank lines before the XML declaration; XML parsers refuse that.
  const text = xml.replace(/^\uFEFF/, '').trimStart();
  if (!text) return notAFeed('the document is empty');

  const screen = screenDocument(text);
  if (screen.kind === 'refuse') return notAFeed(screen.message);
  const isAtom = screen.root === 'feed';

  let parsed: Awaited<ReturnType<Parser['parseString']>>;
  try {
    // One parser per call: xml2js parsers keep state after an error.
    // `<source url>` (RSS 2.0: the outlet an aggregator took the item from); `source` itself is dc:source.
    parsed = await new TolerantParser({ defaultRSS: 2, customFields: { item: [['source', 'sourceElement', { keepArray: true }]] } }).parseString(text);
  } catch (error) {
    return notAFeed(describeXmlError(error));
  }

  const feedTitle = capChars(toPlainText(textOf(parsed.title).slice(0, MAX_TITLE * 20)), MAX_TITLE) || undefined;
  const items: FeedItem[] = [];
  for (const raw of (parsed.items ?? []) as RawItem[]) {
    const item = toFeedItem(raw, { isAtom, feedUrl, feedTitle });
    if (item) items.push(readShape(item, shapeContext(raw, { isAtom, feedUrl, generator: textOf(parsed.generator) })));
  }
  return { kind: 'ok', ...(feedTitle ? { title: feedTitle } : {}), items };
}

function toFeedItem(raw: RawItem, ctx: { isAtom: boolean; feedUrl: string; feedTitle?: string | undefined }): FeedItem | undefined {
  const title = capChars(toPlainText(textOf(raw.title).slice(0, MAX_TITLE * 20)), MAX_TITLE);
  // rss-parser puts RSS <description> in `content`; Atom keeps `summary` and `content` apart.
  const summary = ctx.isAtom ? textOf(raw.summary) : textOf(raw.content);
  const full = ctx.isAtom ? textOf(raw.content) : textOf(raw['content:encoded']);
  // Without a summary, the full text stands in, so matching still sees what the entry is about.
  const description = capChars((summary.trim() ? summary : full).trim(), MAX_TEXT);
  const content = capChars(full.trim(), MAX_TEXT) || undefined;
  const guid = capChars(textOf(ctx.isAtom ? raw.id : raw.guid).trim(), MAX_GUID) || undefined;
  // An RSS guid is a permalink unless it says otherwise; use it when the item has no link.
  const linkText = textOf(raw.link).trim() || (guid && /^https?:\/\//i.test(guid) ? guid : '');
  const link = safeLink(linkText, ctx.feedUrl);
  if (!title && !link && !toPlainText(description)) return undefined;
  const publishedAt = typeof raw.isoDate === 'string' && raw.isoDate ? raw.isoDate : undefined;
  const author = capChars(toPlainText(textOf(raw.creator ?? raw.author).slice(0, MAX_AUTHOR * 20)), MAX_AUTHOR) || undefined;
  return {
    feedUrl: ctx.feedUrl,
    ...(ctx.feedTitle ? { feedTitle: ctx.feedTitle } : {}),
    ...(guid ? { guid } : {}),
    ...(link ? { link } : {}),
    title,
    description,
    ...(content ? { content } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(author ? { author } : {}),
  };
}

/** What the shape readers see of an entry besides the FeedItem: categories, `<source>`, the channel's generator. */
function shapeContext(raw: RawItem, ctx: { isAtom: boolean; feedUrl: string; generator: string }): ShapeContext {
  const categories = (Array.isArray(raw.categories) ? raw.categories : [])
    .map((c: unknown) => capChars(toPlainText(textOf(c) || textOf((c as XmlNode | null)?.$ && ((c as XmlNode).$ as XmlNode).term)), MAX_AUTHOR))
    .filter(Boolean);
  const element = !ctx.isAtom && Array.isArray(raw.sourceElement) ? (raw.sourceElement[0] as unknown) : undefined;
  const name = capChars(toPlainText(textOf(element)), MAX_AUTHOR);
  const url = typeof element === 'object' && element !== null ? textOf(((element as XmlNode).$ as XmlNode | undefined)?.url) : '';
  return {
    categories,
    ...(name ? { source: { name, ...(url ? { url } : {}) } } : {}),
    ...(ctx.generator ? { generator: ctx.generator } : {}),
    resolveLink: (text) => safeLink(text.trim(), ctx.feedUrl),
  };
}

type Screen = { kind: 'feed'; root: string } | { kind: 'refuse'; message: string };

// What may come before the root element: whitespace, processing instructions, comments, a DOCTYPE.
const PROLOG_PART = /\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]*\[[\s\S]*?\]\s*>|[^[>]*>)/iy;
const ROOT = /<([A-Za-z_][\w.:-]*)/y;

/** Looks at the prolog and root element before any parser sees the document. */
function screenDocument(text: string): Screen {
  let pos = 0;
  for (;;) {
    PROLOG_PART.lastIndex = pos;
    const part = PROLOG_PART.exec(text);
    if (!part) break;
    // An internal DTD subset can declare entities that expand exponentially ("billion laughs").
    if (/^<!DOCTYPE/i.test(part[0]) && /<!ENTITY/i.test(part[0])) {
      return { kind: 'refuse', message: 'the document declares XML entities in its DOCTYPE (possible entity-expansion attack); refused without parsing' };
    }
    pos = PROLOG_PART.lastIndex;
  }
  if (/^<!DOCTYPE/i.test(text.slice(pos, pos + 9))) {
    // A DOCTYPE the pattern could not close: unterminated, or an internal subset it cannot read.
    return /<!ENTITY/i.test(text.slice(pos, pos + 100_000))
      ? { kind: 'refuse', message: 'the document declares XML entities in its DOCTYPE (possible entity-expansion attack); refused without parsing' }
      : { kind: 'refuse', message: 'the document has an unterminated DOCTYPE (truncated or broken XML)' };
  }
  ROOT.lastIndex = pos;
  const root = ROOT.exec(text);
  if (!root) {
    const start = text.slice(pos, pos + 40).replace(/\s+/g, ' ');
    const hint = /^[[{]/.test(start) ? ' (it looks like JSON)' : '';
    return { kind: 'refuse', message: `the document is not XML${hint}: it starts with ${JSON.stringify(start)}` };
  }
  const name = root[1]!;
  const local = name.toLowerCase();
  if (local === 'html' || /^<!doctype\s+html/i.test(text)) {
    return { kind: 'refuse', message: 'the server sent an HTML page, not an RSS or Atom feed (check the feed URL; the page may link to its feed)' };
  }
  if (local === 'rss' || local === 'feed' || name === 'rdf:RDF') return { kind: 'feed', root: local };
  return { kind: 'refuse', message: `the document's root element is <${name.slice(0, 60)}>, not <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0)` };
}

/** xml2js/sax errors read "Unclosed root tag\nLine: 3\nColumn: 10\nChar: "; make one line of them. */
function describeXmlError(error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  const first = message.split('\n')[0] ?? 'unreadable XML';
  const line = /Line:\s*(\d+)/.exec(message);
  const column = /Column:\s*(\d+)/.exec(message);
  const where = line && column ? ` at line ${Number(line[1]) + 1}, column ${column[1]}` : '';
  if (/^Feed not recognized/.test(first)) return 'the XML is not an RSS or Atom feed';
  if (/^Unable to parse XML/.test(first)) return 'the XML could not be read (empty or not XML)';
  // rss-parser indexes into elements it expects; a TypeError means they were missing.
  if (error instanceof TypeError) return `the XML is not laid out as RSS or Atom (no <channel>, or a <link> without href?): ${first}`;
  const truncated = /Unclosed root tag|Unexpected end/i.test(first) ? ' (the document looks truncated)' : '';
  return `malformed XML: ${first.trim()}${where}${truncated}`;
}

function notAFeed(message: string): ParseResult {
  return { kind: 'not-a-feed', message: `not a feed: ${message}` };
}

/**
 * The text of an xml2js value. Plain elements are strings; elements with attributes are objects with
 * `_` for their text; XHTML titles nest further. Attributes (`$`) are never text.
 */
function textOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || depth > 16) return '';
  if (Array.isArray(value)) return value.map((v) => textOf(v, depth + 1)).filter(Boolean).join(' ');
  const node = value as XmlNode;
  const parts: string[] = [];
  if (typeof node._ === 'string') parts.push(node._);
  for (const [key, child] of Object.entries(node)) {
    if (key === '_' || key === '$') continue;
    const text = textOf(child, depth + 1);
    if (text) parts.push(text);
  }
  return parts.join(' ');
}

/** Only absolute http(s) links survive; `javascript:` and friends must never reach a chat message. */
function safeLink(text: string, feedUrl: string): string | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = /^https?:\/\//i.test(feedUrl) ? new URL(text, feedUrl) : new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.length > 4_000 ? undefined : url.href;
}

/** Cuts to at most `max` UTF-16 units without leaving half a surrogate pair. */
function capChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
