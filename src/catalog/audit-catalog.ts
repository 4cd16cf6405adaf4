// The editorial rules an analyst relies on when citing a lookup: every official US action has the
// government's own page as its source and a citation written the usual way, no date lies in the
// future, every name belongs to one entity, and no Chinese name hides inside a word the catalog
// itself lists as a false friend. The schema checks shapes; check-catalog.ts checks references.
import type { Citations, Entity } from '../model.ts';
import { lookupKey, matchKey } from '../match/fold-text.ts';
import type { CatalogData } from './parse-catalog-data.ts';

export interface AuditFinding {
  /** `error` fails `npm run check-catalog`; `warning` is an entry that says what it could not confirm. */
  level: 'error' | 'warning';
  entityId: string;
  /** Where in the entry, e.g. `timeline[3].citations.fr` or `aliases`. */
  field: string;
  message: string;
}

/** Hosts whose pages count as an official US source (a subdomain counts too: docs.fcc.gov). */
const OFFICIAL_US_HOSTS = [
  'federalregister.gov',
  'govinfo.gov',
  'whitehouse.gov',
  'bis.gov',
  'bis.doc.gov',
  'treasury.gov',
  'fcc.gov',
  'defense.gov',
  'congress.gov',
  'supremecourt.gov',
  'uscourts.gov',
];

/** The written form each citation kind must take; `other` (foreign documents) is free text. */
const CITATION_FORMATS: Readonly<Record<Exclude<keyof Citations, 'other'>, { pattern: RegExp; example: string }>> = {
  eo: { pattern: /^EO \d{5}$/, example: 'EO 13971' },
  fr: { pattern: /^\d{1,3} FR \d{1,6}$/, example: '86 FR 1249' },
  frDoc: { pattern: /^\d{4}-\d{5}$/, example: '2021-00305' },
  docket: { pattern: /^[A-Z][A-Za-z. ]*\bNos?\. [0-9A-Za-z:-]+(, [0-9A-Za-z:-]+)*$/, example: 'D.D.C. No. 1:20-cv-02658-CJN' },
  publicLaw: { pattern: /^Pub\. L\. \d{2,3}-\d{1,3}(, div\. [A-Z]{1,3})?$/, example: 'Pub. L. 118-50, div. H' },
  fcc: { pattern: /^(FCC|DA) \d{2}-\d{1,4}$/, example: 'FCC 22-84' },
  statute: { pattern: /§ ?\d+[A-Z]?/, example: 'NDAA FY2021 § 1260H' },
  reporter: { pattern: /^\d{1,4} (F\.(2d|3d|4th)?|F\. Supp\.( 2d| 3d)?|U\.S\.|S\. ?Ct\.) \d{1,5}$/, example: '122 F.4th 930' },
};

const CJK = /\p{Script=Han}/u;

/** Whether a URL's host is an official US government site. */
export function isOfficialUsSource(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return OFFICIAL_US_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * Checks the catalog's editorial rules.
 * @param today YYYY-MM-DD; dates after it are errors (inject it: tests fix the day)
 */
export function auditCatalog(data: CatalogData, today: string): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const add = (level: AuditFinding['level'], entityId: string, field: string, message: string): void => {
    findings.push({ level, entityId, field, message });
  };
  const notFuture = (entityId: string, field: string, date: string | undefined): void => {
    if (date !== undefined && date > today) add('error', entityId, field, `${date} is after today (${today})`);
  };

  if (data.asOf === undefined) add('error', '(catalog)', 'asOf', 'the catalog has no "asOf" date: say when its facts were last checked');
  notFuture('(catalog)', 'asOf', data.asOf);

  const negativeWords = data.entities.flatMap((e) => e.negativeContext ?? []);
  const nameOwner = new Map<string, { id: string; field: string }>();

  for (const entity of data.entities) {
    const id = entity.id;
    if (!entity.custom && entity.status === undefined) add('error', id, 'status', 'no current status: give a one-line "status" with its "asOf" date');
    notFuture(id, 'status.asOf', entity.status?.asOf);

    (entity.relationships ?? []).forEach((r, i) => {
      notFuture(id, `relationships[${i}].since`, r.since);
      notFuture(id, `relationships[${i}].until`, r.until);
    });

    auditNames(entity, negativeWords, nameOwner, add);

    let previous = '';
    entity.timeline.forEach((event, i) => {
      const where = `timeline[${i}] (${event.date})`;
      notFuture(id, `${where}.date`, event.date);
      if (event.date < previous) add('error', id, `${where}.date`, `out of date order (after ${previous}): keep the timeline oldest first`);
      previous = event.date;
      for (const url of [event.source, ...(event.see ?? [])]) {
        if (/(^|[./])staging([./-]|$)/i.test(new URL(url).hostname + new URL(url).pathname)) {
          add('error', id, `${where}.source`, `${url} points at a staging copy, not the published page`);
        }
      }
      const recognised = Object.entries(event.citations ?? {}).filter(([key]) => key !== 'other');
      for (const [key, value] of recognised) {
        const format = CITATION_FORMATS[key as keyof typeof CITATION_FORMATS];
        if (!format.pattern.test(value)) add('error', id, `${where}.citations.${key}`, `"${value}" is not written like "${format.example}"`);
      }
      if (!event.official || event.jurisdiction !== 'US') return;
      if (!isOfficialUsSource(event.source)) {
        add('error', id, `${where}.source`, `${event.source} is not an official US government page (${OFFICIAL_US_HOSTS.join(', ')}); put other pages under "see"`);
      }
      if (recognised.length === 0) {
        if (event.unconfirmed) add('warning', id, `${where}.citations`, `no citation: ${event.unconfirmed}`);
        else add('error', id, `${where}.citations`, 'an official US action needs a citation (EO number, FR citation or document number, docket, public law, FCC number, statute section)');
      }
    });
  }
  return findings;
}

/** Every name belongs to one entity, and no strong Chinese name sits inside a listed false-friend word. */
function auditNames(
  entity: Entity,
  negativeWords: readonly string[],
  nameOwner: Map<string, { id: string; field: string }>,
  add: (level: AuditFinding['level'], entityId: string, field: string, message: string) => void,
): void {
  const lists: Array<[string, string[]]> = [
    ['aliases', entity.aliases],
    ['weakAliases', entity.weakAliases],
    ['variants', entity.variants ?? []],
    ['weakVariants', entity.weakVariants ?? []],
  ];
  const own = new Map<string, string>();
  for (const [field, names] of lists) {
    for (const name of names) {
      // Across entities names must differ however they are spaced (lookups ignore spaces); within
      // one, "Cam Scanner" beside "CamScanner" is a deliberate matching variant.
      const key = lookupKey(name);
      const seen = nameOwner.get(key);
      if (seen && seen.id !== entity.id) add('error', entity.id, field, `"${name}" is also a name of "${seen.id}" (${seen.field})`);
      else if (!seen) nameOwner.set(key, { id: entity.id, field });
      const exact = matchKey(name);
      const twice = own.get(exact);
      if (twice !== undefined) add('error', entity.id, field, `"${name}" is listed twice (also in ${twice})`);
      else own.set(exact, field);
      // A strong Chinese name matches inside longer words (no word boundaries in Chinese text).
      if (field === 'aliases' || field === 'variants') {
        const clash = CJK.test(name) ? negativeWords.find((word) => word.includes(name)) : undefined;
        if (clash) add('error', entity.id, field, `"${name}" is part of "${clash}", a word the catalog lists as a false friend: make it a weak alias`);
      }
    }
  }
}
