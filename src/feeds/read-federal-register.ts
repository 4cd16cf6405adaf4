// Federal Register API JSON → FeedItems with the document's structured facts. Two routes share the
// shape of a document: `/api/v1/documents.json` (published documents; `results`, or one document
// for `/documents/{number}.json`) and `/api/v1/public-inspection-documents/current.json` (documents
// filed for publication on a later day). Field names as the API publishes them (docs/official-sources.md).
import type { FeedItem, OfficialRecord } from '../model.ts';
import type { ReadResult } from './reader-port.ts';

const MAX_DOCUMENTS = 1_000;
const MAX_TITLE = 1_000;
const MAX_TEXT = 100_000;

const TYPE_CODES: Record<string, OfficialRecord['type']> = {
  rule: 'RULE',
  'proposed rule': 'PRORULE',
  prorule: 'PRORULE',
  notice: 'NOTICE',
  'presidential document': 'PRESDOCU',
  presdocu: 'PRESDOCU',
};

type Json = Record<string, unknown>;

/** Published documents (`documents.json`) → items: one per document, keyed by its document number. */
export function readFederalRegister(body: string, feedUrl: string): ReadResult {
  return readDocuments(body, feedUrl, 'federal-register');
}

/** Public-inspection documents → items that say when each is to be published. */
export function readPublicInspection(body: string, feedUrl: string): ReadResult {
  return readDocuments(body, feedUrl, 'public-inspection');
}

function readDocuments(body: string, feedUrl: string, source: 'federal-register' | 'public-inspection'): ReadResult {
  const what = source === 'federal-register' ? 'a Federal Register API documents response' : 'a Federal Register public-inspection response';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    const start = body.trimStart().slice(0, 1);
    const hint = start === '<' ? ' (it looks like XML: for documents.rss use "kind": "rss")' : '';
    return { kind: 'not-a-feed', message: `not ${what}: the body is not JSON${hint} (${(error as Error).message.slice(0, 120)})` };
  }
  if (!isObject(parsed)) return { kind: 'not-a-feed', message: `not ${what}: expected a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}` };
  // A list has `results`; `/documents/{number}.json` is the document itself.
  const docs = Array.isArray(parsed.results) ? parsed.results : typeof parsed.document_number === 'string' ? [parsed] : undefined;
  if (!docs) return { kind: 'not-a-feed', message: `not ${what}: no "results" array and no "document_number"` };
  const items: FeedItem[] = [];
  for (const doc of docs.slice(0, MAX_DOCUMENTS)) {
    const item = isObject(doc) ? toItem(doc, feedUrl, source) : undefined;
    if (item) items.push(item);
  }
  return { kind: 'ok', title: source === 'federal-register' ? 'Federal Register' : 'Federal Register public inspection', items };
}

function toItem(doc: Json, feedUrl: string, source: 'federal-register' | 'public-inspection'): FeedItem | undefined {
  const documentNumber = text(doc.document_number);
  if (!documentNumber || !/^[\w.-]{1,40}$/.test(documentNumber)) return undefined;
  const rawType = text(doc.type);
  const type = TYPE_CODES[rawType.toLowerCase()] ?? 'NOTICE';
  const agencies = Array.isArray(doc.agencies) ? doc.agencies.filter(isObject) : [];
  const agencySlugs = agencies.map((a) => text(a.slug)).filter(Boolean);
  const agencyNames = [...new Set([...agencies.map((a) => text(a.name) || text(a.raw_name)), ...(Array.isArray(doc.agency_names) ? doc.agency_names.map(text) : [])].filter(Boolean))];
  const eo = text(doc.executive_order_number);
  const eoNumber = /^1\d{4}$/.test(eo) ? eo : undefined;
  const presidentialType = text(doc.presidential_document_type_id) || text(doc.presidential_document_type) || snake(text(doc.subtype));
  const publicationDate = date(doc.publication_date);
  const signingDate = date(doc.signing_date);
  const citation = /^\d{1,3} FR \d{1,6}$/.test(text(doc.citation)) ? text(doc.citation) : undefined;
  const htmlUrl = httpUrl(doc.html_url);
  const pdfUrl = httpUrl(doc.pdf_url);
  const title = cap(text(doc.title) || text(doc.toc_doc) || text(doc.toc_subject) || `FR Doc ${documentNumber}`, MAX_TITLE);

  const official: OfficialRecord = {
    source,
    type,
    ...(type === 'PRESDOCU' && presidentialType ? { presidentialDocumentType: presidentialType } : {}),
    ...(eoNumber ? { eoNumber } : {}),
    ...(citation ? { citation } : {}),
    documentNumber,
    agencies: agencySlugs,
    agencyNames,
    ...(signingDate ? { signingDate } : {}),
    ...(publicationDate ? { publicationDate } : {}),
    ...(htmlUrl ? { htmlUrl } : {}),
    ...(pdfUrl ? { pdfUrl } : {}),
  };
  // The facts are written out as text too: the matcher, the summary and the story index read text,
  // and the document number and citation in it are what joins the published document to its
  // public-inspection alert (shared citations join stories).
  const facts: string[] = [];
  if (source === 'public-inspection') facts.push(`On public inspection${publicationDate ? `, to be published ${publicationDate}` : ''} (FR Doc ${documentNumber}).`);
  if (eoNumber) facts.push(`Executive Order ${eoNumber}${signingDate ? ` signed ${signingDate}` : ''}.`);
  if (source === 'federal-register') facts.push(`Published${publicationDate ? ` ${publicationDate}` : ''}${citation ? ` at ${citation}` : ''} (FR Doc ${documentNumber}).`);
  if (agencyNames.length) facts.push(`Agencies: ${agencyNames.join('; ')}.`);
  // Public-inspection documents have no abstract; their table-of-contents fields repeat the title.
  const abstract = text(doc.abstract);
  const filedAt = source === 'public-inspection' ? isoDate(doc.filed_at) : undefined;
  const publishedAt = filedAt ?? (publicationDate ? `${publicationDate}T00:00:00.000Z` : undefined);
  return {
    feedUrl,
    guid: `${source === 'public-inspection' ? 'fr-pi' : 'fr'}:${documentNumber}`,
    ...(htmlUrl ? { link: htmlUrl } : {}),
    title,
    description: cap([abstract, ...facts].filter(Boolean).join(' '), MAX_TEXT),
    ...(publishedAt ? { publishedAt } : {}),
    ...(rawType ? { documentType: rawType } : {}),
    documentNumber,
    official,
  };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or number field as trimmed text; anything else is empty. */
function text(v: unknown): string {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

const snake = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');

/** A YYYY-MM-DD date, or undefined. */
function date(v: unknown): string | undefined {
  const s = text(v).slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(Date.parse(s)) ? s : undefined;
}

function isoDate(v: unknown): string | undefined {
  const ms = Date.parse(text(v));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Only absolute http(s) links reach a chat message. */
function httpUrl(v: unknown): string | undefined {
  try {
    const u = new URL(text(v));
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.href.length <= 4_000 ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function cap(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}
