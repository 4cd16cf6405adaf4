// A tiny phrase language for signal phrases, so the rule table stays readable and every phrase gets
// the same word boundaries and inflections.
//
//   revoke*            the word and its inflections: revoke, revokes, revoked, revoking
//   judge|court        alternative single words (each may carry *); for alternative multi-word
//                      phrases pass an array of phrases
//   the?               an optional word
//   ~3                 up to three words in between (up to 3×4 characters between Chinese words)
//   实体清单            Han-script words match without word boundaries (Chinese has no spaces)
//
// Latin words never match inside a longer word ("ban" is not "bank"). Patterns are lower-case and
// must run on lower-cased text (see lowerCase): a case-insensitive Unicode regex with \p{L} classes
// costs ten times more to run and a hundred times more to compile.

/** Irregular forms the suffix rules below cannot produce. */
const IRREGULAR: Record<string, string[]> = {
  strike: ['struck', 'stricken'],
  uphold: ['upheld'],
  take: ['took', 'taken'],
  go: ['went', 'gone'],
  withdraw: ['withdrew', 'withdrawn'],
  freeze: ['froze', 'frozen'],
  hold: ['held'],
  win: ['won'],
  lose: ['lost'],
  bring: ['brought'],
  seek: ['sought'],
  cut: ['cuts', 'cutting'],
  put: ['puts', 'putting'],
  set: ['sets', 'setting'],
  rise: ['rose', 'risen'],
  fall: ['fell', 'fallen'],
  shut: ['shuts', 'shutting'],
};

/**
 * Every inflection of an English word (verb or noun). Over-generation ("baned") is harmless: such
 * words never occur, and the table stays free of hand-written suffix lists.
 */
export function inflections(word: string): string[] {
  const forms = new Set([word, `${word}s`, `${word}es`, `${word}ed`, `${word}ing`]);
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    forms.add(`${word}d`).add(`${stem}ing`);
  }
  if (/[^aeiou]y$/.test(word)) {
    const stem = word.slice(0, -1);
    forms.add(`${stem}ies`).add(`${stem}ied`);
  }
  // Short consonant-vowel-consonant words double the last letter: ban → banned, bar → barring.
  if (/^[^aeiou]*[aeiou][bdglmnprt]$/.test(word)) {
    const last = word.at(-1)!;
    forms.add(`${word}${last}ed`).add(`${word}${last}ing`);
  }
  for (const extra of IRREGULAR[word] ?? []) forms.add(extra);
  return [...forms];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HAN = /\p{Script=Han}/u;

/** Between Latin words: spaces, hyphens, dashes, slashes, quotes, commas. */
const SEP = `[\\s,"“”‘’()\\-–—/]+`;
/** A word skipped by a gap: anything up to a space, but never a sentence stop. */
const GAP_WORD = `[^\\s;!?。！？]+`;
/**
 * Letters and digits of the alphabetic scripts news arrives in (text is lower-cased). Narrower than
 * \p{L}\p{N}, which would repeat a 600-range table in every token; Han characters are deliberately
 * outside it, so "禁止TikTok" still has a boundary before "tiktok".
 */
const WORD_CHAR = '0-9a-z_\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
const BEFORE = `(?<![${WORD_CHAR}])`;
const AFTER = `(?![${WORD_CHAR}])`;
const LEADING_WORD = new RegExp(`^[${WORD_CHAR}]+`);
const HAN_CHARS = /\p{Script=Han}/gu;

interface Token {
  source: string;
  han: boolean;
  optional: boolean;
  gap?: number;
}

/** The words a token stands for, longest first, and whether it is optional or Han script. */
function tokenWords(raw: string): { alternatives: string[]; han: boolean; optional: boolean } {
  const optional = raw.endsWith('?') && raw.length > 1;
  const body = (optional ? raw.slice(0, -1) : raw).toLowerCase();
  const alternatives = body.split('|').flatMap((alt) => (alt.endsWith('*') ? inflections(alt.slice(0, -1)) : [alt]));
  // Longest first, so the alternation prefers "banning" over "ban".
  alternatives.sort((a, b) => b.length - a.length);
  return { alternatives, han: HAN.test(body), optional };
}

function compileToken(raw: string): Token {
  const gap = /^~(\d+)$/.exec(raw);
  if (gap) return { source: '', han: false, optional: false, gap: Number(gap[1]) };
  const { alternatives, han, optional } = tokenWords(raw);
  const inner = alternatives.map(escape).join('|');
  const source = han ? `(?:${inner})` : `${BEFORE}(?:${inner})${AFTER}`;
  return { source, han, optional, gap: undefined };
}

/**
 * Compiles a phrase of the language above (or several, meaning any of them) into one global
 * Unicode regex, to run on {@link lowerCase}d text.
 * @throws Error when a phrase is empty or starts or ends with a gap (a bug in the rule table)
 */
export function phrasePattern(phrase: string | readonly string[]): RegExp {
  const phrases = typeof phrase === 'string' ? [phrase] : phrase;
  return new RegExp(phrases.map(phraseSource).join('|'), 'gu');
}

/** What a text must contain for a rule's phrases to match it (see {@link phraseKeys}). */
export interface PhraseKeys {
  /**
   * The first words of the alternatives of each phrase's first token (for a Han-script token, the
   * first Han character of each alternative).
   */
  keys: string[];
  /** Every match starts exactly at one of the `keys` words (no phrase starts with Han script). */
  anchored: boolean;
  /** Per phrase, per required token, its keys: a phrase matches only if the text has one of each. */
  requires: string[][][];
}

/**
 * What a text must contain for a phrase (or any of several) to match. When `anchored`, a sticky
 * pattern tried at the offsets of the `keys` words (see rule-index.ts) finds the same matches as a
 * global scan, much faster. Undefined when a phrase cannot be keyed.
 */
export function phraseKeys(phrase: string | readonly string[]): PhraseKeys | undefined {
  const keys = new Set<string>();
  const requires: string[][][] = [];
  let anchored = true;
  for (const p of typeof phrase === 'string' ? [phrase] : phrase) {
    const tokens: string[][] = [];
    for (const raw of p.trim().split(/\s+/)) {
      if (/^~\d+$/.test(raw)) continue;
      const { alternatives, han, optional } = tokenWords(raw);
      // Latin words are bounded, so the text holds each alternative's first word as a whole word;
      // Han words are not, so only their characters are certain.
      const tokenKeys = alternatives.map((alt) => (han ? alt.match(HAN_CHARS)?.[0] : LEADING_WORD.exec(alt)?.[0]));
      if (tokenKeys.some((k) => !k)) return undefined;
      if (tokens.length === 0) {
        if (han) anchored = false;
        for (const k of tokenKeys) keys.add(k!);
      }
      if (!optional || tokens.length === 0) tokens.push([...new Set(tokenKeys as string[])]);
    }
    requires.push(tokens);
  }
  return { keys: [...keys], anchored, requires };
}

/** The lookarounds that start and end a Latin word in the patterns above, for patterns built elsewhere. */
export const WORD_START = BEFORE;
export const WORD_END = AFTER;

/**
 * Lower-cases text for the patterns above without moving any offset (U+0130 "İ" is the one
 * character whose lower case is two code units), so matches can be sliced from the original.
 */
export function lowerCase(text: string): string {
  return text.replace(/\u0130/g, 'i').toLowerCase();
}

function phraseSource(phrase: string): string {
  const tokens = phrase.trim().split(/\s+/).filter(Boolean).map(compileToken);
  if (tokens.length === 0 || tokens[0]!.gap !== undefined || tokens.at(-1)!.gap !== undefined) {
    throw new Error(`Bad signal phrase "${phrase}": it must start and end with a word`);
  }
  let source = '';
  let previous: Token | undefined;
  let pendingGap = 0;
  for (const token of tokens) {
    if (token.gap !== undefined) {
      pendingGap = token.gap;
      continue;
    }
    if (!previous) {
      source = token.source;
    } else {
      const hanJoint = previous.han || token.han;
      const sep = hanJoint ? '\\s*' : SEP;
      const gap = pendingGap
        ? hanJoint
          ? `[^。！？；;\\n]{0,${pendingGap * 4}}?`
          : `(?:${GAP_WORD}${SEP}){0,${pendingGap}}?`
        : '';
      const piece = `${sep}${gap}${token.source}`;
      source += token.optional ? `(?:${piece})?` : piece;
    }
    previous = token;
    pendingGap = 0;
  }
  return `(?:${source})`;
}
