// Readers for the shapes real feeds come in, behind parseFeed. A generic RSS reading of them puts
// metadata where the matcher reads text: Google News appends the outlet to every headline and lists
// other outlets' headlines in the description; the Federal Register escapes its abstracts twice and
// keeps a document's type and number outside its prose; WordPress puts the article in
// content:encoded and a truncated teaser in the description. Each reader turns its shape into an
// article: headline, the article's own text, and the metadata in fields of their own.
import type { FeedItem } from '../model.ts';
import { decodeEntities, toPlainText } from '../text/plain-text.ts';

/** What a reader may look at besides the item parseFeed built. */
export interface ShapeContext {
  /** `<category>` texts, in feed order. */
  categories: string[];
  /** The RSS `<source url="…">Outlet</source>` element, when the item has one. */
  source?: { name: string; url?: string };
  /** The channel's `<generator>` ("https://wordpress.org/?v=6.4"). */
  generator?: string;
  /** Resolves and screens a link from the item (only http(s) survives; see parseFeed). */
  resolveLink: (text: string) => string | undefined;
}

export type FeedShape = 'google-news' | 'federal-register' | 'wordpress' | 'plain';

const MAX_HEADLINE = 1_000;
const MAX_RELATED = 30;

const hostOf = (url: string | undefined): string => {
  if (!url) return '';
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
};

/** Which reader an item needs. Decided per item, from the item itself, so a local copy of a feed reads the same. */
function detectShape(item: FeedItem, ctx: ShapeContext): FeedShape {
  const host = hostOf(item.link);
  if (host === 'news.google.com' || (ctx.source && /<font\b/i.test(item.description) && item.title.endsWith(` - ${ctx.source.name}`))) return 'google-news';
  if ((host === 'www.federalregister.gov' || host === 'federalregister.gov') && /\/documents\//.test(item.link ?? '')) return 'federal-register';
  if (item.content && isWordPress(item, ctx)) return 'wordpress';
  return 'plain';
}

function isWordPress(item: FeedItem, ctx: ShapeContext): boolean {
  if (/wordpress/i.test(ctx.generator ?? '')) return true;
  if (item.guid && /[?&]p=\d+$/.test(item.guid)) return true;
  // WordPress ends an excerpt with " [&#8230;]" (the_excerpt_rss), or "[...]" in older themes.
  return /\[(?:…|&#8230;|&hellip;|\.\.\.)\]\s*(?:<\/p>)?\s*(?:<p>The post [\s\S]*)?$/i.test(item.description.trim());
}

/** Applies the reader the item's shape needs; a plain item comes back as it was. */
export function readShape(item: FeedItem, ctx: ShapeContext): FeedItem {
  switch (detectShape(item, ctx)) {
    case 'google-news':
      return readGoogleNews(item, ctx);
    case 'federal-register':
      return readFederalRegister(item, ctx);
    case 'wordpress':
      return readWordPress(item);
    default:
      return item;
  }
}

// ── Google News ──

interface ListedReport {
  headline: string;
  outlet?: string;
  url?: string;
}

const ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/i;
const FONT = /<font\b[^>]*>([\s\S]*?)<\/font\s*>/i;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** The item's own headline link, the spaces Google puts after it, and the outlet in grey. */
const OWN_ENTRY = /<a\b[^>]*>[\s\S]*?<\/a\s*>(?:\s|&nbsp;|&#160;|\u00a0)*(?:<font\b[^>]*>[\s\S]*?<\/font\s*>)?/i;
const LIST = /<ol\b[^>]*>[\s\S]*?(?:<\/ol\s*>|$)/gi;
const LIST_ITEM = /<li\b[^>]*>([\s\S]*?)(?=<li\b|<\/li\s*>|<\/ol\s*>|$)/gi;

function readEntry(html: string, ctx: ShapeContext): ListedReport | undefined {
  const anchor = ANCHOR.exec(html);
  if (!anchor) return undefined;
  const href = HREF.exec(anchor[1] ?? '');
  const headline = toPlainText(anchor[2]).slice(0, MAX_HEADLINE);
  if (!headline) return undefined;
  const outlet = toPlainText(FONT.exec(html)?.[1]);
  const url = href ? ctx.resolveLink(decodeEntities(href[1] ?? href[2] ?? href[3] ?? '')) : undefined;
  return { headline, ...(outlet ? { outlet } : {}), ...(url ? { url } : {}) };
}

/** Folded for comparing headlines written twice (title and list). */
const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * A Google News search item: "Headline - Outlet", a news.google.com redirect, `<source url>`, and a
 * description that repeats the headline as a link with the outlet in grey, or for a clustered story
 * lists several outlets' reports (`<ol><li><a>…</a>&nbsp;&nbsp;<font>Outlet</font></li>…</ol>`),
 * the item's own first. The outlet and the other reports are metadata: the item's text is its
 * headline and whatever lead the description holds besides the list.
 */
function readGoogleNews(item: FeedItem, ctx: ShapeContext): FeedItem {
  const entries: ListedReport[] = [];
  for (const list of item.description.match(LIST) ?? []) {
    for (const li of list.matchAll(LIST_ITEM)) {
      const entry = readEntry(li[1] ?? '', ctx);
      // "View full coverage" links to Google's story page, not to a report.
      if (entry && !/^view (?:full|all) coverage/i.test(entry.headline) && !/news\.google\.com\/stories\//.test(entry.url ?? '')) entries.push(entry);
    }
  }
  // Outside a list the description starts with the item's own headline link.
  const rest = item.description.replace(LIST, ' ');
  const lone = entries.length === 0 && /^\s*(?:<p\b[^>]*>\s*)?<a\b/i.test(rest) ? readEntry(rest, ctx) : undefined;

  let outlet = ctx.source?.name || lone?.outlet || '';
  let title = item.title;
  const suffix = outlet ? new RegExp(`\\s+[-–—|]\\s+${outlet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i').exec(title) : null;
  if (suffix) {
    title = title.slice(0, suffix.index).trim();
  } else if (!outlet) {
    // No <source> and no grey outlet: Google's titles still end in " - Outlet".
    const cut = / - ([^-]{1,80})$/.exec(title);
    if (cut) {
      outlet = cut[1]!.trim();
      title = title.slice(0, cut.index).trim();
    }
  }
  if (!outlet) {
    const first = entries[0];
    if (first?.outlet) outlet = first.outlet;
  }

  // The item's own entry: the one linking where the item links, else the one with its headline,
  // else the first when it names the item's outlet. Every other entry is a related report.
  let own = entries.findIndex((e) => e.url !== undefined && e.url === item.link);
  if (own < 0) own = entries.findIndex((e) => sameText(e.headline, title) || sameText(e.headline, item.title));
  if (own < 0 && entries[0]?.outlet && outlet && sameText(entries[0].outlet, outlet)) own = 0;
  const related = entries.filter((_, i) => i !== own).slice(0, MAX_RELATED);

  // The lead: what the description says besides the list and the repeated headline.
  let lead = (entries.length === 0 && lone ? rest.replace(OWN_ENTRY, ' ') : rest).trim();
  const leadText = toPlainText(lead);
  if (!leadText || sameText(leadText, title) || sameText(leadText, item.title) || (outlet && sameText(leadText, outlet))) lead = '';

  const outletUrl = ctx.source?.url ? ctx.resolveLink(ctx.source.url) : undefined;
  return {
    ...item,
    title: title || item.title,
    description: lead,
    ...(outlet ? { outlet } : {}),
    ...(outletUrl ? { outletUrl } : {}),
    ...(related.length ? { related } : {}),
  };
}

// ── Federal Register ──

/** The document types federalregister.gov names in its feeds, and the API's type codes for them. */
const FR_TYPES: Record<string, string> = {
  'presidential document': 'Presidential Document',
  presdocu: 'Presidential Document',
  rule: 'Rule',
  'final rule': 'Rule',
  'interim final rule': 'Rule',
  'proposed rule': 'Proposed Rule',
  prorule: 'Proposed Rule',
  notice: 'Notice',
  'sunshine act document': 'Notice',
  correction: 'Correction',
  'uncategorized document': 'Uncategorized Document',
  'executive order': 'Presidential Document',
  proclamation: 'Presidential Document',
  memorandum: 'Presidential Document',
  determination: 'Presidential Document',
};

/** Document numbers as the Federal Register writes them: 2020-28031, E9-1777, C1-2020-12345, 00-14704. */
const DOCUMENT_NUMBER = /^(?:[A-Z]\d?-)?\d{2,4}-\d{3,6}$/i;

/** Presidential titles name their form first ("Executive Order 13942 of August 6, 2020", "Proclamation 10096"). */
const PRESIDENTIAL_TITLE = /^(?:Executive Order|Proclamation|Presidential (?:Memorandum|Determination|Order)|Memorandum of|Notice of (?:the )?Continuation|Continuation of the National Emergency|Order of (?:August|January|February|March|April|May|June|July|September|October|November|December))\b/i;
/** Agency abstracts often open with their form ("Final rule.", "Interim final rule; request for comments"). */
const ABSTRACT_TYPE = /^(?:(interim final rule|final rule|direct final rule)|(proposed rule|advance notice of proposed rulemaking)|(notice))\b/i;

/**
 * Undoes the second escaping of a Federal Register abstract: after the XML's own escaping is gone,
 * markup still reads `&lt;p&gt;`. Markup that is already markup is left alone.
 */
export function decodeDoubleEscaped(text: string): string {
  if (/&lt;\/?[a-z][^&]*&gt;/i.test(text) && !/<\/?[a-z][^>]*>/i.test(text)) {
    return text.replace(/&(lt|gt|amp|quot|#39|apos|#x27);/gi, (whole, ref: string) => decodeEntities(`&${ref};`) || whole);
  }
  // Plain text escaped twice: "&amp;#8220;" would otherwise show as "&#8220;".
  return text.replace(/&amp;(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi, '&$1;');
}

function readFederalRegister(item: FeedItem, ctx: ShapeContext): FeedItem {
  const description = decodeDoubleEscaped(item.description);
  let documentType: string | undefined;
  for (const c of ctx.categories) {
    documentType = FR_TYPES[c.trim().toLowerCase()];
    if (documentType) break;
  }
  // Without a type among the categories, the title or the abstract's first words say it.
  if (!documentType && PRESIDENTIAL_TITLE.test(item.title)) documentType = 'Presidential Document';
  if (!documentType) {
    const opening = ABSTRACT_TYPE.exec(toPlainText(description));
    if (opening) documentType = opening[1] ? 'Rule' : opening[2] ? 'Proposed Rule' : 'Notice';
  }
  const segment = /\/documents\/\d{4}\/\d{2}\/\d{2}\/([^/?#]+)/.exec(item.link ?? '')?.[1];
  const fromGuid = /\/documents\/\d{4}\/\d{2}\/\d{2}\/([^/?#]+)/.exec(item.guid ?? '')?.[1];
  const documentNumber = [segment, fromGuid].find((s): s is string => !!s && DOCUMENT_NUMBER.test(s));
  return {
    ...item,
    description,
    ...(item.content ? { content: decodeDoubleEscaped(item.content) } : {}),
    ...(documentType ? { documentType } : {}),
    ...(documentNumber ? { documentNumber } : {}),
  };
}

// ── WordPress ──

/** The line WordPress (and Yoast) appends to feed entries: "The post <a>Title</a> appeared first on <a>Site</a>." */
const APPEARED_FIRST = /<p>\s*The post\b[\s\S]*?appeared first on[\s\S]*?<\/p>\s*$|(?:^|\s)The post\b[^<]*<a\b[\s\S]*?appeared first on[\s\S]*$/i;

/**
 * A WordPress item: the article is content:encoded; the description is the excerpt, cut short with
 * "[…]", so it is dropped rather than read twice. The site's "appeared first on" line is the site
 * naming itself, not the article.
 */
function readWordPress(item: FeedItem): FeedItem {
  const { content: _content, ...rest } = item;
  const article = (item.content ?? '').replace(APPEARED_FIRST, '').trim();
  if (!toPlainText(article)) return { ...item, description: item.description.replace(APPEARED_FIRST, '').trim() };
  return { ...rest, description: article };
}
