// Which reader a feed needs. The feeds file may say `"kind"`; a known API URL implies its kind, so
// `/sanctions feeds add https://www.federalregister.gov/api/v1/documents.json?…` just works.

export type SourceKind = 'rss' | 'federal-register' | 'public-inspection' | 'csl';
export const SOURCE_KINDS: readonly SourceKind[] = ['rss', 'federal-register', 'public-inspection', 'csl'];

export function isSourceKind(value: unknown): value is SourceKind {
  return typeof value === 'string' && (SOURCE_KINDS as readonly string[]).includes(value);
}

/**
 * The kind a URL implies: the Federal Register API's JSON documents and public-inspection routes,
 * and trade.gov's Consolidated Screening List JSON; anything else is read as RSS/Atom.
 */
export function impliedSourceKind(url: string): SourceKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'rss';
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  if (host === 'www.federalregister.gov' || host === 'federalregister.gov') {
    if (/^\/api\/v1\/public-inspection-documents(?:\/current)?(?:\.json)?$/.test(path)) return 'public-inspection';
    if (/^\/api\/v1\/documents(?:\/[^/]+)?\.json$/.test(path)) return 'federal-register';
  }
  if (/(^|\.)trade\.gov$/.test(host) && /consolidated_screening_list\/.*\.json$/i.test(path)) return 'csl';
  return 'rss';
}

/** How far back a Federal Register search looks when its URL sets no publication date. */
const FR_LOOKBACK_DAYS = 30;

/**
 * The URL to fetch for a Federal Register API search: the configured one plus a publication-date
 * condition that changes once a day. The API answers with `Cache-Control: public` for a day, so an
 * unchanging URL could be served stale by a cache for up to a day (docs/official-sources.md); a URL that
 * already conditions the date, or another host (a local endpoint), is left as it is.
 */
export function freshFederalRegisterUrl(url: string, now: number): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!/(^|\.)federalregister\.gov$/i.test(u.hostname) || !/^\/api\/v1\/documents\.json$/.test(u.pathname)) return url;
  if ([...u.searchParams.keys()].some((k) => k.startsWith('conditions[publication_date]'))) return url;
  const since = new Date(now - FR_LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
  return `${u.href}${u.search ? '&' : '?'}conditions%5Bpublication_date%5D%5Bgte%5D=${since}`;
}

/** The kind a feed is read as: the one declared for it, else the one its URL implies. */
export function sourceKindOf(url: string, declared?: SourceKind): SourceKind {
  return declared ?? impliedSourceKind(url);
}
