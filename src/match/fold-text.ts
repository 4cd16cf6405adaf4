// Text folding shared by the matcher and the catalog's name lookup. Feed text and alias lists
// spell the same name many ways (full-width "ＷｅＣｈａｔ", "Zìjié", curly apostrophes, non-breaking
// hyphens); both sides are folded the same way so one comparison covers them all.

/** A folded copy of a text, with a map back to the source so matches can quote what was written. */
export interface FoldedText {
  /** NFKC-folded, Latin diacritics removed, apostrophes and dashes unified; case kept. */
  norm: string;
  /** `norm` lower-cased with hyphens read as spaces; always the same length as `norm`. */
  low: string;
  /** Source offset of the character that produced `norm[i]`; null when the map is the identity. */
  from: Int32Array | null;
  /** Source offset just after that character; null when the map is the identity. */
  to: Int32Array | null;
}

/** Per-character results by code point, kept by whoever folds many texts (a matcher) so each glyph is folded once. */
export type FoldCache = Map<number, Fold>;
type Fold = readonly [norm: string, low: string];

// Combining Diacritical Marks only: stripping wider mark classes would damage Japanese voicing marks.
const LATIN_MARKS = /[\u0300-\u036f]/g;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63]/g;
const APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u2032]/g;
// Characters that may fold to something else: all but ASCII and the CJK Unified Ideographs, which
// fold to themselves. Surrogates are in the range, so a text without any needs no folding at all.
const FOLDABLE = /[\u0080-\u33ff\ua000-\uffff]/g;

/** The offset of the first character at or after `from` that may fold, or -1. */
function nextFoldable(text: string, from: number): number {
  FOLDABLE.lastIndex = from;
  return FOLDABLE.test(text) ? FOLDABLE.lastIndex - 1 : -1;
}

function foldChar(ch: string): Fold {
  if (ch === '\u00ad') return ['', ''];
  let norm = ch.normalize('NFKD').replace(LATIN_MARKS, '').normalize('NFC');
  norm = norm.replace(DASHES, '-').replace(APOSTROPHES, "'");
  let low = norm.toLowerCase().replace(LATIN_MARKS, '');
  // A few letters change length when lower-cased (İ → i̇); then both sides use the lower form.
  if (low.length !== norm.length) norm = low;
  low = low.replace(/-/g, ' ');
  return [norm, low];
}

const lowerCase = (text: string): string => text.toLowerCase().replace(/-/g, ' ');

/** Whether `folded` is the character `point` (of `size` code units) itself. */
const isSame = (folded: string, point: number, size: number): boolean => folded.length === size && folded.codePointAt(0) === point;

/**
 * Folds a text for matching: NFKC (full-width forms, ligatures), Latin diacritics removed
 * ("Zìjié Tiàodòng" → "Zijie Tiaodong"), typographic apostrophes and dashes unified, soft hyphens
 * dropped. `low` is the lower-case form with hyphens as spaces, so "WeChat-Pay" and "WeChat Pay"
 * read alike. Text with nothing to fold (ASCII) takes a fast path with an identity offset map.
 * @param cache per-character memo owned by the caller (a matcher keeps one)
 */
export function foldText(text: string, cache?: FoldCache): FoldedText {
  let i = nextFoldable(text, 0);
  if (i === -1) return { norm: text, low: lowerCase(text), from: null, to: null };
  const fold = (point: number): Fold => {
    let folded = cache?.get(point);
    if (!folded) {
      folded = foldChar(String.fromCodePoint(point));
      if (cache && cache.size < 50_000) cache.set(point, folded);
    }
    return folded;
  };
  // Most non-ASCII characters fold to one of the same length (curly quotes, dashes, accented and
  // full-width letters, CJK): then offsets do not move and no map is needed. The text is copied
  // in runs, broken only where a character folds to another.
  let norm = '';
  let low = '';
  let normCopied = 0;
  let lowCopied = 0;
  while (i !== -1) {
    const point = text.codePointAt(i) as number;
    const size = point > 0xffff ? 2 : 1;
    const [n, l] = fold(point);
    if (n.length !== size) return foldWithMap(text, fold);
    if (!isSame(n, point, size)) {
      norm += text.slice(normCopied, i) + n;
      normCopied = i + size;
    }
    if (!isSame(l, point, size)) {
      low += text.slice(lowCopied, i) + l;
      lowCopied = i + size;
    }
    i = nextFoldable(text, i + size);
  }
  norm += text.slice(normCopied);
  low = lowerCase(low + text.slice(lowCopied));
  if (low.length === norm.length) return { norm, low, from: null, to: null };
  return foldWithMap(text, fold);
}

/** The general case: some character folds to a different length, so offsets are mapped. */
function foldWithMap(text: string, fold: (point: number) => Fold): FoldedText {
  const normParts: string[] = [];
  const lowParts: string[] = [];
  let from = new Int32Array(text.length + 16);
  let to = new Int32Array(text.length + 16);
  let n = 0;
  const reserve = (extra: number): void => {
    if (n + extra <= from.length) return;
    const size = Math.max(from.length * 2, n + extra);
    const grownFrom = new Int32Array(size);
    grownFrom.set(from);
    from = grownFrom;
    const grownTo = new Int32Array(size);
    grownTo.set(to);
    to = grownTo;
  };
  let i = 0;
  while (i < text.length) {
    // Runs of ASCII (most of an English item) are copied whole.
    let j = i;
    while (j < text.length && text.charCodeAt(j) < 0x80) j++;
    if (j > i) {
      const run = text.slice(i, j);
      normParts.push(run);
      lowParts.push(lowerCase(run));
      reserve(j - i);
      for (let k = i; k < j; k++, n++) {
        from[n] = k;
        to[n] = k + 1;
      }
      i = j;
      continue;
    }
    const point = text.codePointAt(i) ?? 0;
    const size = point > 0xffff ? 2 : 1;
    const [norm, low] = fold(point);
    normParts.push(norm);
    lowParts.push(low);
    reserve(norm.length);
    for (let k = 0; k < norm.length; k++, n++) {
      from[n] = i;
      to[n] = i + size;
    }
    i += size;
  }
  return { norm: normParts.join(''), low: lowParts.join(''), from: from.subarray(0, n), to: to.subarray(0, n) };
}

/** The source span `[start, end)` that produced `folded.norm.slice(start, end)`. */
export function sourceSpan(folded: FoldedText, start: number, end: number): [number, number] {
  if (!folded.from || !folded.to || end <= start) return [start, end];
  return [folded.from[start] ?? start, folded.to[end - 1] ?? end];
}

/** An alias or context word as the matcher compares it: folded, lower-case, single-spaced. */
export function matchKey(text: string): string {
  return foldText(text).low.trim().replace(/\s+/g, ' ');
}

/**
 * A name as the catalog looks it up: folded, lower-case, with everything but letters and digits
 * removed, so "WeChat-Pay", "wechat pay" and "wechatpay" are one key.
 */
export function lookupKey(text: string): string {
  return foldText(text).low.replace(/[^\p{L}\p{N}]+/gu, '');
}
