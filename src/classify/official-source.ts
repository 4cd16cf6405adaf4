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
 * The official host a URL belongs to, or undefined (also for file paths and unparseable text).
 * Matches whole host labels, so "federalregister.gov.example.com" is not official.
 */
export function officialHost(url: string | undefined): string | undefined {
  // Cheap test first: feed keys are often file paths, and a failed URL parse throws.
  if (!url || !/^\s*https?:/i.test(url)) return undefined;
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
