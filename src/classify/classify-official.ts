// Classification from an official source's own data: a Federal Register document's type and agency,
// a screening-list change's list. These are facts, so they decide before any reading of the text;
// what they cannot decide (a notice from an agency with no rule here) is left to the text.
import type { Category, Classification, OfficialRecord, Severity } from '../model.ts';

const AGENCY_CATEGORY: Record<string, Category> = {
  'industry-and-security-bureau': 'export-control',
  'foreign-assets-control-office': 'sanctions',
};

/** Titles of documents that take a measure back ("Removal of Entities From the Entity List"). */
const UNDOES = /\b(revok|rescind|remov|delist|terminat|unblock)/i;
const ADDS = /\b(addition|adding|designat|imposi|blocking)/i;

/**
 * The category and severity the record alone establishes, or undefined when it establishes none
 * (the caller then reads the text). `official` is always true: the record comes from the source.
 */
export function classifyOfficial(record: OfficialRecord, title: string): Classification | undefined {
  const decided = decide(record, title);
  if (!decided) return undefined;
  const citation = officialCitation(record);
  return { ...decided, official: true, ...(citation ? { citation } : {}) };
}

function decide(r: OfficialRecord, title: string): { category: Category; severity: Severity; signals: string[] } | undefined {
  const undoes = UNDOES.test(title) && !ADDS.test(title);
  if (r.source === 'screening-list') {
    const listed = listCategory(r.list ?? '');
    if (r.type === 'list-removal') return { category: 'revocation', severity: 'high', signals: [`removed from the ${r.list}`] };
    if (r.type === 'list-addition') return { category: listed, severity: 'high', signals: [`added to the ${r.list}`] };
    return { category: listed, severity: 'medium', signals: [`${r.list} entry changed: ${(r.changes ?? []).join('; ')}`] };
  }
  const from = r.source === 'public-inspection' ? 'public-inspection document' : 'Federal Register document';
  if (r.type === 'PRESDOCU') {
    const kind = r.presidentialDocumentType ?? (r.eoNumber ? 'executive_order' : 'presidential document');
    const signals = [`${from}: presidential document (${kind.replace(/_/g, ' ')})`];
    if (undoes) return { category: 'revocation', severity: 'high', signals };
    // A notice (continuing an emergency), memorandum or proclamation binds less than an order; a
    // document whose kind is not given yet (public inspection) is taken as the order it usually is.
    const lesser = !r.eoNumber && ['notice', 'memorandum', 'proclamation', 'determination', 'other'].includes(kind);
    return { category: 'executive-order', severity: lesser ? 'medium' : 'high', signals };
  }
  const agency = r.agencies.find((a) => AGENCY_CATEGORY[a]);
  if (!agency) return undefined;
  const signals = [`${from}: ${r.type} from ${agency}`];
  if (undoes && r.type !== 'PRORULE') return { category: 'revocation', severity: 'high', signals };
  return { category: AGENCY_CATEGORY[agency]!, severity: r.type === 'RULE' || (agency === 'foreign-assets-control-office' && r.type === 'NOTICE') ? 'high' : 'medium', signals };
}

/** Which kind of development a listing is, from the list's name. */
function listCategory(list: string): Category {
  if (/\bCMIC\b|military-industrial complex/i.test(list)) return 'investment-restriction';
  if (/\((BIS)\)|entity list|military end.user|unverified|denied persons/i.test(list)) return 'export-control';
  return 'sanctions';
}

/** The citation an alert shows: the FR citation, else the EO number, else the document number. */
export function officialCitation(r: OfficialRecord): string | undefined {
  if (r.citation) return r.citation;
  if (r.eoNumber) return `EO ${r.eoNumber}`;
  return r.documentNumber ? `FR Doc ${r.documentNumber}` : undefined;
}

/** The sentence an official item's summary starts with: the fact the source states. */
export function officialLead(r: OfficialRecord): string | undefined {
  if (r.source === 'public-inspection') return `On public inspection, to be published ${r.publicationDate ?? 'on a later date'} (FR Doc ${r.documentNumber}).`;
  if (r.source === 'federal-register') {
    const eo = r.eoNumber ? `Executive Order ${r.eoNumber}${r.signingDate ? `, signed ${r.signingDate}` : ''}; ` : '';
    return `${eo}published in the Federal Register${r.publicationDate ? ` ${r.publicationDate}` : ''}${r.citation ? ` at ${r.citation}` : ''} (FR Doc ${r.documentNumber}).`.replace(/^./, (c) => c.toUpperCase());
  }
  const who = r.listedName ?? 'An entry';
  if (r.type === 'list-addition') return `${who} was added to the ${r.list}${r.citation ? ` by ${r.citation}` : ''}${r.effectiveDate ? `, effective ${r.effectiveDate}` : ''}.`;
  if (r.type === 'list-removal') return `${who} is no longer on the ${r.list}${r.citation ? ` (listed under ${r.citation})` : ''}.`;
  return `${who}'s entry on the ${r.list} changed: ${(r.changes ?? []).join('; ')}.`;
}

/** True when the lead says all there is (a list change): the summariser's pick would only repeat the list's fields. */
export const leadIsSummary = (r: OfficialRecord): boolean => r.source === 'screening-list';
