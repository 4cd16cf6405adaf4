// Sentence splitting for news prose in English and Chinese. Both the classifier (a signal counts
// near an entity only within one sentence) and the summariser (which picks whole sentences) use it.

/** One sentence of a text, with its offsets in that text (`text.slice(start, end)`, trimmed). */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/**
 * Words that end in a period without ending the sentence (compared lower-cased, without the final
 * period). Month and court abbreviations appear constantly in this domain ("Jan. 8", "N.D. Cal.").
 */
const ABBREVIATIONS = new Set([
  'u.s', 'u.s.a', 'u.k', 'u.n', 'e.u', 'e.o', 'd.c', 'n.d', 's.d', 'e.d', 'w.d', 'c.d', 'p.r.c',
  'corp', 'co', 'ltd', 'inc', 'llc', 'plc', 'bros', 'no', 'nos', 'vol', 'sec', 'secs', 'art', 'para',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sen', 'sens', 'rep', 'reps', 'gov', 'gen', 'lt', 'col',
  'jr', 'sr', 'hon', 'pres', 'sec', 'amb', 'dept', 'govt', 'admin', 'approx', 'est', 'etc', 'vs', 'v',
  'fed', 'reg', 'pub', 'cir', 'cal', 'pa', 'supp', 'app', 'a.m', 'p.m', 'e.g', 'i.e', 'cf', 'ft', 'mt',
  'u.s.c', 'c.f.r', 'fig', 'ca', 'tex', 'fla', 'ill', 'mass', 'mich', 'minn', 'wash', 'va', 'md', 'ga',
]);

/** Abbreviations that often do end a sentence ("… banned in the U.S. The order …"). */
const MAY_END_SENTENCE = new Set(['u.s', 'u.k', 'u.n', 'e.u', 'd.c', 'corp', 'co', 'ltd', 'inc', 'llc', 'plc', 'etc', 'p.r.c']);
/** Company suffixes: inside a name the next word is part of a title ("Corp. Chief Executive"). */
const COMPANY_SUFFIX = new Set(['corp', 'co', 'ltd', 'inc', 'llc', 'plc'])

/** Words that start a new sentence after an abbreviation that may end one. */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'he', 'she', 'they', 'we', 'i',
  'his', 'her', 'their', 'our', 'in', 'on', 'at', 'but', 'and', 'however', 'meanwhile', 'after',
  'before', 'on', 'under', 'as', 'if', 'while', 'when', 'there', 'some', 'many', 'both', 'one',
]);

/** The longest abbreviation: a longer word is none, so it is not looked up. */
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/** Hard stops: Chinese full stop, exclamation and question marks (full-width forms too). */
const CJK_STOPS = '。！？!?';
/** Quotes and brackets that close a sentence after its stop, by code unit. */
const CLOSERS = new Set([...'"\'”’)]」』）»'].map((c) => c.charCodeAt(0)));
/** What a word before a period may start with, by code unit (see endsSentence). */
const OPENERS = new Set([...'("\'“‘['].map((c) => c.charCodeAt(0)));

/**
 * Whether a code unit is whitespace as \s (and trim) reads it. A comparison per character costs far
 * less than a regex test of a one-character string, and splitting tests thousands per item.
 */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Splits plain text into sentences. Does not break inside "U.S.", "Corp.", "Jan. 8", "E.O. 13971",
 * "1.19", or after an initial ("J. Smith"); always breaks after 。！？. The result may be shared
 * (classify and summarize read one item's; see sentencesOf): do not change it.
 */
export function splitSentences(text: string): readonly Readonly<Sentence>[] {
  // Frozen, so a caller that changes a shared result fails loudly instead of corrupting another's.
  return Object.freeze(split(text).map((s) => Object.freeze(s)));
}

function split(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  // The stretch from `start` to `end`, trimmed (as String.prototype.trim does, without the copies).
  const push = (end: number) => {
    let from = start;
    let to = end;
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    if (to > from) out.push({ text: text.slice(from, to), start: from, end: to });
    start = end;
  };

  const stop = /[.!?…。！？]+/g;
  for (let m = stop.exec(text); m; m = stop.exec(text)) {
    let end = m.index + m[0].length;
    while (end < text.length && CLOSERS.has(text.charCodeAt(end))) end++;
    const mark = m[0];
    // A lone period, by far the most frequent stop, is never Chinese.
    const isCjk = mark !== '.' && (/[。！？]/.test(mark) || (/[!?]/.test(mark) && isHan(text[m.index - 1])));
    if (isCjk && CJK_STOPS.includes(mark.at(-1)!)) {
      push(end);
      stop.lastIndex = end;
      continue;
    }
    // Latin punctuation ends a sentence only before whitespace (or the end), so "1.19" and
    // "bis.doc.gov" never split.
    if (end < text.length && !isSpace(text.charCodeAt(end))) continue;
    const [next = '', after = ''] = nextWords(text, end);
    if (next && /^\p{Ll}/u.test(next)) continue;
    if (mark === '.' && !endsSentence(text, m.index, next, after)) continue;
    push(end);
  }
  push(text.length);
  return out;
}

function isHan(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Script=Han}/u.test(ch);
}

/** The first two words within 60 characters of `from` ('' for a missing one). */
function nextWords(text: string, from: number): string[] {
  const [, next = '', after = ''] = NEXT_WORDS.exec(text.slice(from, from + 60))!;
  return [next, after];
}

const NEXT_WORDS = /^\s*(\S*)\s*(\S*)/;

/** Decides whether the period at `dot` ends a sentence, from the word it closes. */
function endsSentence(text: string, dot: number, next: string, after: string): boolean {
  let i = dot;
  while (i > 0 && !isSpace(text.charCodeAt(i - 1))) i--;
  while (i < dot && OPENERS.has(text.charCodeAt(i))) i++;
  // Lower-casing never shortens a word: one this long is neither a letter nor an abbreviation.
  if (dot - i > LONGEST_ABBREVIATION) return true;
  const word = text.slice(i, dot).toLowerCase();
  if (!word) return true;
  // An initial ("J. Smith") or a bare letter ("Pub. L.") does not end a sentence.
  if (word.length <= 2 && /^\p{L}$/u.test(word)) return false;
  if (!ABBREVIATIONS.has(word)) return true;
  if (!MAY_END_SENTENCE.has(word)) return false;
  const bare = next.replace(/^["'“‘(]+/, '');
  if (SENTENCE_STARTERS.has(bare.toLowerCase())) return true;
  // "… International Corp. Shares of …": a capitalised word then a lower-case one starts a sentence
  // (but "Co. Ltd. and" is still one name).
  if (ABBREVIATIONS.has(bare.replace(/\.$/, '').toLowerCase())) return false;
  return COMPANY_SUFFIX.has(word) && /^\p{Lu}\p{Ll}/u.test(bare) && /^\p{Ll}/u.test(after);
}
