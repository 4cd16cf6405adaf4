// Which sources speak for the US government itself. An item from one of these hosts is the action,
// not a report about it, so it is marked official and (when it names the entity) ranked one step up.

/** Hosts of primary US sources; subdomains count too (public-inspection.federalregister.gov). */
export const OFFICIAL_HOSTS: readonly string[] = [
  'federalregister.gov',
  'whitehouse.gov',
  'treasury.gov',
  'ofac.treasury.gov',
  'bis.doc.gov',
  'bis.gov',
  'commerce.gov',
  'defense.gov',
  'congress.gov',
  'uscourts.gov',
  'supremecourt.gov',
  'justice.gov',
  'state.gov',
];

/**
 * A URL can only be on an official host when it spells a host's last label ("gov"), or holds what
 * the URL parser could turn into one: escapes, tabs and newlines (dropped), other scripts.
 */
const MAY_BE_OFFICIAL = new RegExp(`${[...new Set(OFFICIAL_HOSTS.map((h) => h.split('.').at(-1)))].join('|')}|[%\\t\\n\\r]|[^\\x00-\\x7f]`, 'i');

/**
 * The official host a URL belongs to, or undefined (also for file paths and unparseable text).
 * Matches whole host labels, so "federalregister.gov.example.com" is not official.
 */
export function officialHost(url: string | undefined): string | undefined {
  // Cheap tests first: feed keys are often file paths, a failed URL parse throws, and most links
  // are on no official host.
  if (!url || !/^\s*https?:/i.test(url) || !MAY_BE_OFFICIAL.test(url)) return undefined;
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  return OFFICIAL_HOSTS.find((h) => host === h || host.endsWith(`.${h}`));
}
