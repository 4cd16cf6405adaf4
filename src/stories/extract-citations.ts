// Official identifiers (EO numbers, Federal Register cites and document numbers, court dockets,
// public laws) are the best evidence that two reports describe the same act: outlets reword
// everything except these. Each is reduced to a canonical key so "Executive Order 13971",
// "E.O. 13971" and "第13971号行政令" compare equal.
import { normalizeText } from './extract-terms.ts';

/** What an identifier names; a different EO number or docket means a different act. */
export type CitationKind = 'eo' | 'fr' | 'frdoc' | 'docket' | 'publaw' | 'other';

/** A canonical identifier, e.g. `eo:13971`, `fr:86:1249`, `frdoc:2021-00305`, `docket:1:20-cv-02658`. */
export interface CitationKey {
  kind: CitationKind;
  key: string;
}

const PATTERNS: ReadonlyArray<{ kind: CitationKind; re: RegExp; key: (m: RegExpMatchArray) => string | string[] }> = [
  // "Executive Orders 13942 and 13943", "EOs 13942, 13943 and 13971"
  {
    kind: 'eo',
    re: /\b(?:executive\s+orders|eos)\s+(1[0-9]{4}(?:\s*(?:,|and|&|or)\s*(?:no\.\s*)?1[0-9]{4})+)\b/g,
    key: (m) => [...(m[1] ?? '').matchAll(/1[0-9]{4}/g)].map((n) => `eo:${n[0]}`),
  },
  {
    kind: 'eo',
    re: /\b(?:executive\s+orders?|exec\.?\s+order|e\.\s?o\.|eo)\s*(?:no\.?\s*|number\s*|#\s*)?(1[0-9]{4})\b/g,
    key: (m) => `eo:${m[1]}`,
  },
  // Chinese: 第13942号行政令, 13942号行政命令, 行政命令第13942号
  { kind: 'eo', re: /(?:第\s*)?(1[0-9]{4})\s*号?\s*(?:总统)?行政(?:命)?令/gu, key: (m) => `eo:${m[1]}` },
  { kind: 'eo', re: /行政(?:命)?令\s*(?:第\s*)?(1[0-9]{4})/gu, key: (m) => `eo:${m[1]}` },
  {
    kind: 'fr',
    re: /\b([0-9]{2,3})\s*(?:fr|fed\.?\s*reg\.?)\s*([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,6})\b/g,
    key: (m) => `fr:${m[1]}:${(m[2] ?? '').replace(/,/g, '')}`,
  },
  // FR document numbers look like 2021-00305: a year and a five-digit serial (never a date).
  { kind: 'frdoc', re: /\b((?:19|20)[0-9]{2}-[0-9]{5})\b/g, key: (m) => `frdoc:${m[1]}` },
  { kind: 'docket', re: /\b([0-9]:[0-9]{2}-cv-[0-9]{4,5})\b/g, key: (m) => `docket:${m[1]}` },
  // Appellate and Supreme Court numbers are only trusted after "No."/"Nos."
  { kind: 'docket', re: /\bnos?\.\s*([0-9]{2}-[0-9]{3,5})\b/g, key: (m) => `docket:${m[1]}` },
  {
    kind: 'publaw',
    re: /\b(?:pub(?:lic)?\.?\s*l(?:aw)?\.?|p\.\s?l\.)\s*(?:no\.?\s*)?([0-9]{2,3})-([0-9]{1,3})\b/g,
    key: (m) => `publaw:${m[1]}-${m[2]}`,
  },
];

/** Every identifier has a digit (NFKC has made full-width ones ASCII): text without one names none. */
const DIGIT = /[0-9]/;

/** Every official identifier named in `text`, each once, in order of first appearance. */
export function extractCitations(text: string): CitationKey[] {
  return citationsInNormalized(normalizeText(text));
}

/** extractCitations of a text normalizeText() has already normalised. */
export function citationsInNormalized(t: string): CitationKey[] {
  if (!DIGIT.test(t)) return [];
  const found: Array<CitationKey & { at: number }> = [];
  for (const p of PATTERNS) {
    for (const m of t.matchAll(p.re)) {
      const keys = p.key(m);
      for (const key of Array.isArray(keys) ? keys : [keys]) found.push({ kind: p.kind, key, at: m.index ?? 0 });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: CitationKey[] = [];
  for (const f of found) {
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    out.push({ kind: f.kind, key: f.key });
  }
  return out;
}

/** A verb that makes the order it precedes the subject of a report: "signed Executive Order 13971". */
const SIGNING = /\b(?:sign(?:s|ed|ing)?|issu(?:e|es|ed|ing))\b|签署|颁布|发布/gu;
/** How far (characters) after the verb the order number may come. */
const SIGNING_REACH = 60;

/**
 * The order numbers a text reports on rather than cites as background: those a signing verb
 * introduces ("Trump signed Executive Order 14166 …"). "… the emergency declared in Executive
 * Order 13873" is background and is not returned. `t` is normalizeText()'s output.
 */
export function signedOrdersInNormalized(t: string): string[] {
  const out = new Set<string>();
  for (const verb of t.matchAll(SIGNING)) {
    const start = (verb.index ?? 0) + verb[0].length;
    const window = t.slice(start, start + SIGNING_REACH);
    const first = extractCitations(window).find((c) => c.kind === 'eo');
    if (first && window.indexOf(first.key.slice(3)) >= 0) out.add(first.key);
  }
  return [...out];
}

/**
 * Canonical keys for citations as the pipeline reports them ("EO 13971", "86 FR 1249"). One that
 * no pattern recognises still counts, as an `other` key of its folded text, so two items quoting the
 * same unusual identifier still agree.
 */
export function normalizeCitations(citations: readonly string[]): CitationKey[] {
  const out = new Map<string, CitationKey>();
  for (const c of citations) {
    const keys = extractCitations(c);
    if (keys.length === 0) {
      // A bare number in "EO"-less form ("13971") is still an order number in this domain.
      const folded = normalizeText(c).replace(/\s+/g, ' ').trim();
      if (/^1[0-9]{4}$/.test(folded)) keys.push({ kind: 'eo', key: `eo:${folded}` });
      else if (folded) keys.push({ kind: 'other', key: `other:${folded}` });
    }
    for (const k of keys) out.set(k.key, k);
  }
  return [...out.values()];
}
