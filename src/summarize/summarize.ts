// One to three sentences, lifted from the item, that say what happened to which watched entity.
// Extractive on purpose: a compliance team must be able to trust that every word came from the source.
import { hasDevelopmentSignal, plainTextOf, sentencesOf, type SharedScans } from '../classify/classify.ts';
import type { Mention } from '../model.ts';

export interface SummarizeInput {
  title: string;
  /** Plain text of the item (description or content). Markup, if any slipped through, is rendered. */
  text: string;
  mentions: Mention[];
  /** Display names by entity id. */
  entityNames: Record<string, string>;
}

/** Longest summary, in UTF-16 code units, ellipsis included. */
export const MAX_SUMMARY = 400;
const MAX_SENTENCES = 3;
/** Only the start of long articles is read: news puts what happened first. */
const MAX_CANDIDATES = 60;
const MAX_TEXT = 20_000;
/** Below this length a summary gains the sentence that follows its last one, for context. */
const SHORT_SUMMARY = 150;

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** The same, capitalised as in a dateline (case-sensitive patterns). */
const MONTH_CAP = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?';

/** Whole sentences that are never news. */
const BOILERPLATE_SENTENCE: RegExp[] = [
  /\bclick here\b|\btap here\b/i,
  /^(?:subscribe|sign up|register|log in|follow us|share (?:this|on)|read more|read the full|continue reading|related(?: coverage| articles?)?:|see also|also read|advertisement|watch:|listen:|photo:|image:|file photo|photograph:|credit:|©|copyright|all rights reserved)/i,
  /\b(?:subscribe (?:to|now|for)|newsletter|sign up for)\b/i,
  /\ball rights reserved\b/i,
  new RegExp(`^(?:${WEEKDAY},?\\s*)?${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s+\\d{4})?[.,]?(?:\\s+\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[A-Z]{2,4})?)?$`, 'i'),
  /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\.?$/,
  /^\d{1,2}\/\d{1,2}\/\d{2,4}\.?$/,
  /^\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2})?$/,
  new RegExp(`^(?:updated|published|posted|last updated)\\b:?\\s*(?:on\\s+)?(?:\\d|${MONTH}|${WEEKDAY}|\\w+ (?:hours?|minutes?|days?) ago)`, 'i'),
  /^(?:点击|阅读原文|责任编辑|来源[:：]|原标题|编辑[:：]|记者[:：]|关注|扫码|订阅|转载)/,
  // A byline on its own: "By Jane Doe and John Roe".
  /^By\s+\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})*[.,]?$/u,
];

/** Boilerplate inside the text, removed before splitting. */
const BOILERPLATE_SPAN: RegExp[] = [
  /\bThe post\s.{1,300}?\sappeared first on\s.{1,200}?(?:\.(?=\s|$)|$)/gis,
  // Only where a sentence starts: "investors read more into it" is prose.
  /(?<=^|[.!?。…]\s*)(?:Continue reading|Read more|READ MORE|Read the full (?:story|article))\b[^.!?。]*(?:[.!?。…]+|$)/g,
  /\[(?:…|\.\.\.)\]|\[\s*(?:more|read more)\s*\]/gi,
];

/** A cheap test that a text may hold BOILERPLATE_SPAN, which most texts do not. */
const MAY_HOLD_SPAN = /appeared first on|continue reading|read more|read the full|\[/i;

/**
 * Agency datelines at a sentence start: "WASHINGTON (Reuters) -", "BEIJING, Jan. 5 —". Case matters:
 * only an all-capitals place name followed by a dash is a dateline.
 */
const DATELINE = new RegExp(
  `^(?:[\\p{Lu}][\\p{Lu}\\p{L} .'’/-]{1,40}?,?\\s*)?(?:${MONTH_CAP}\\s+\\d{1,2},?\\s*)?(?:\\d{4}\\s*)?\\((?:Reuters|AP|AFP|Bloomberg|Xinhua|CNN|CNBC|UPI|Dow Jones|Kyodo|Yonhap)\\)\\s*[-–—:]*\\s*` +
    `|^[\\p{Lu}]{3,}(?:[ .'’-]+[\\p{Lu}]{2,}){0,3}(?:,\\s*${MONTH_CAP}\\s+\\d{1,2})?\\s*[-–—]{1,2}\\s+`,
  'u',
);

/** Names that look like a byline's but start a sentence ("By Executive Order …"). */
const NOT_A_NAME = /^(?:Executive|Order|Law|Act|The|This|That|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Commerce|Treasury|Congress)$/;

/**
 * Summarises an item in at most {@link MAX_SUMMARY} characters of plain text: the one to three
 * sentences of the text that best say what happened to a watched entity (named entity and a
 * development signal first), in their original order. Boilerplate, bylines, datelines and a
 * repeat of the title are dropped; a sentence that must be cut is cut at a word boundary and ends
 * with "…". Falls back to the title when the text has nothing to offer.
 * @param shared the scans of the item's classify call, which read the same text (see SharedScans)
 */
export function summarize(input: SummarizeInput, shared?: SharedScans): string {
  const title = plainTextOf(input.title, shared);
  const text = stripSpans(plainTextOf(input.text.slice(0, MAX_TEXT), shared));
  const names = entityNamesFor(input);
  const titleWords = words(title);

  // Every sentence gets the cheap part of its score up front; whether it may be used at all and
  // whether it carries a development, which cost far more, are settled only for the sentences the
  // choice below comes to (see takeBest). A sentence is a stretch of the text that starts and ends
  // between words, so it can only carry a development the whole text carries; most texts carry
  // none, and then no sentence needs checking.
  const develops = hasDevelopmentSignal(text, shared);
  const candidates: Candidate[] = [];
  sentencesOf(text, shared)
    .slice(0, MAX_CANDIDATES)
    .forEach((s, index) => {
      const lead = stripLead(s.text);
      const score = baseScore(lead, index, names) + (develops ? DEVELOPMENT_POINTS : 0);
      if (lead) candidates.push({ text: lead, index, score, settled: !develops, usable: undefined });
    });
  const usable = (s: Candidate) => (s.usable ??= !isBoilerplate(s.text) && !repeatsTitle(s.text, titleWords) && /[\p{L}\p{N}]/u.test(s.text));

  const pool = [...candidates];
  const first = takeBest(pool, usable);
  if (!first) return finish(truncateAtWord(title, MAX_SUMMARY));

  const chosen = [first];
  let length = first.text.length;
  while (chosen.length < MAX_SENTENCES) {
    // A sentence that does not fit now never will: the summary only grows.
    for (let i = pool.length - 1; i >= 0; i--) if (length + 1 + pool[i]!.text.length > MAX_SUMMARY) pool.splice(i, 1);
    const s = takeBest(pool, usable);
    // Further sentences must themselves name an entity or carry a development.
    if (!s || s.score < 2) break;
    chosen.push(s);
    length += 1 + s.text.length;
  }
  if (length < SHORT_SUMMARY && chosen.length < MAX_SENTENCES) {
    const last = Math.max(...chosen.map((s) => s.index));
    const next = candidates.find((s) => s.index > last && usable(s));
    if (next && length + 1 + next.text.length <= MAX_SUMMARY) chosen.push(next);
  }
  chosen.sort((a, b) => a.index - b.index);
  return finish(truncateAtWord(join(chosen.map((s) => s.text)), MAX_SUMMARY));
}

/**
 * Cuts a text to at most `max` characters at a word boundary, ending with "…". Between Chinese
 * characters any position is a boundary; a surrogate pair is never split.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const limit = max - 1;
  let cut = -1;
  for (let i = limit; i > 0; i--) {
    const before = text[i - 1]!;
    const after = text[i]!;
    if (/\s/.test(after) || /\s/.test(before)) {
      cut = i;
      break;
    }
    if ((isHan(before) || isHan(after)) && !isHighSurrogate(before)) {
      cut = i;
      break;
    }
  }
  // One unbroken "word" longer than the limit (a URL, a hash): cut it, but not inside a surrogate pair.
  if (cut <= 0) cut = isHighSurrogate(text[limit - 1]!) ? limit - 1 : limit;
  const head = text.slice(0, cut).replace(/[\s,;:–—-]+$/u, '');
  return `${head}…`;
}

function entityNamesFor(input: SummarizeInput): string[] {
  const names = new Set<string>();
  for (const m of input.mentions) {
    if (m.matched.trim()) names.add(m.matched.trim().toLowerCase());
    const display = input.entityNames[m.entityId];
    if (display?.trim()) names.add(display.trim().toLowerCase());
  }
  return [...names];
}

/** A sentence that may go into the summary. */
interface Candidate {
  /** The sentence without its dateline. */
  text: string;
  /** Position among the text's sentences. */
  index: number;
  /** Its score, counting a development until {@link takeBest} has checked for one. */
  score: number;
  /** Whether the development points are settled. */
  settled: boolean;
  /** Not boilerplate, not the title again, has a letter or digit; undefined until checked. */
  usable: boolean | undefined;
}

const DEVELOPMENT_POINTS = 2;

/** A sentence's score before a development is looked for. */
function baseScore(text: string, index: number, names: string[]): number {
  let points = 0;
  if (names.length > 0) {
    const lower = text.toLowerCase();
    if (names.some((n) => lower.includes(n))) points += 3;
  }
  if (index === 0) points += 1;
  if (text.length < 25) points -= 2;
  return points;
}

/**
 * Removes and returns the best usable sentence of the pool (highest score, then earliest), or
 * undefined when none is left. Scores start as if every sentence carried a development, and a
 * sentence is checked for one, and then for being usable, only when it comes out on top: once a
 * checked sentence is on top, no other can beat it.
 */
function takeBest(pool: Candidate[], usable: (s: Candidate) => boolean): Candidate | undefined {
  for (;;) {
    // The pool is in text order: on a tie the earlier sentence stays best.
    let best = -1;
    for (let i = 0; i < pool.length; i++) if (best < 0 || pool[i]!.score > pool[best]!.score) best = i;
    if (best < 0) return undefined;
    const s = pool[best]!;
    if (!s.settled) {
      s.settled = true;
      if (!hasDevelopmentSignal(s.text)) s.score -= DEVELOPMENT_POINTS;
      continue;
    }
    pool.splice(best, 1);
    if (usable(s)) return s;
  }
}

const NAME = `\\p{Lu}[\\p{L}'’.-]*(?:\\s+\\p{Lu}[\\p{L}'’.-]*){1,2}`;
/** A byline running into the text: "By Jane Doe | Reuters …", "By Jane Doe Updated 3 hours ago". */
const LEADING_BYLINE = new RegExp(
  `^By\\s+(${NAME})(?:\\s+(?:and|&)\\s+${NAME})*\\s*(?:[|•·–—,-]\\s*(?:\\p{Lu}[\\p{L}.]*\\s+)?|(?=(?:Updated|Published|Posted)\\b))`,
  'u',
);

function stripSpans(text: string): string {
  let out = text;
  if (MAY_HOLD_SPAN.test(text)) {
    for (const pattern of BOILERPLATE_SPAN) out = out.replace(pattern, ' ');
    // The text came folded (see asPlainText): only a removal can leave spaces to fold.
    if (out !== text) out = out.replace(/\s+/g, ' ').trim();
  }
  return out.replace(LEADING_BYLINE, (whole, first: string) => (first.split(/\s+/).some((w) => NOT_A_NAME.test(w)) ? whole : ''));
}

/** Chinese agency datelines: "新华社北京12月19日电", "（记者 张三）". */
const DATELINE_HAN = /^(?:\p{Script=Han}{2,12}\d{1,2}月\d{1,2}日(?:电|讯)\s*[）)]?|[（(]记者[^）)]{0,20}[）)])\s*/u;

/** Removes a dateline from the start of a sentence. */
function stripLead(sentence: string): string {
  // Every dateline has a bracket or a dash; the pattern costs far more than looking for one.
  const rest = /[(\-–—]/.test(sentence) ? sentence.replace(DATELINE, '') : sentence;
  return rest.replace(DATELINE_HAN, '').trim();
}

function isBoilerplate(sentence: string): boolean {
  return BOILERPLATE_SENTENCE.some((p) => p.test(sentence));
}

/**
 * True when the sentence says what the title says: nearly all the title's words and at most a few
 * more (an outlet's name), or nothing but title words.
 */
function repeatsTitle(sentence: string, titleWords: ReadonlySet<string>): boolean {
  const a = words(sentence);
  const b = titleWords;
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const extra = a.size - shared;
  return (shared >= 0.8 * b.size && extra <= Math.max(3, 0.25 * b.size)) || shared >= 0.9 * a.size;
}

function words(text: string): Set<string> {
  const lower = text.toLowerCase();
  // Chinese has no spaces: compare characters.
  const tokens = lower.match(/\p{Script=Han}|[\p{L}\p{N}]+/gu) ?? [];
  return new Set(tokens);
}

function join(sentences: string[]): string {
  return sentences.reduce((acc, s) => (acc === '' ? s : /[。！？」』）]$/u.test(acc) ? acc + s : `${acc} ${s}`), '');
}

/** Last line of defence: plain text only, no markup, no control characters. */
function finish(text: string): string {
  let out = text;
  for (let i = 0; i < 5; i++) {
    const next = out.replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, '');
    if (next === out) break;
    out = next;
  }
  return out.replace(/\s+/g, ' ').trim();
}

function isHan(ch: string): boolean {
  return /\p{Script=Han}|[。！？，、；：]/u.test(ch);
}

function isHighSurrogate(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdbff;
}
