// Scanning a text for the signal phrases: the item's fields (headline, body) as the rules read
// them, every phrase hit with its score, and the cues around it (threatened, asked for, negated,
// proposed; an agency or the President acting). classify.ts decides the category from the hits.
import { asPlainText } from '../text/as-plain-text.ts';
import { splitSentences, type Sentence } from '../text/split-sentences.ts';
import { lowerCase, WORD_START } from './phrase-pattern.ts';
import { createRuleIndex, findMatches } from './rule-index.ts';
import type { TextScan } from './rule-index.ts';
import type { CompiledRule, SignalCategory } from './signal-rules.ts';
import { keyedScan, SIGNAL_RULES } from './signal-rules.ts';

/** Phrases below this weight only hint: they add to a category but cannot make one on their own. */
export const POINTING_WEIGHT = 1.5;
/** A headline phrase counts this many times a body phrase. */
const TITLE_FACTOR = 2;
/** A phrase in the same sentence as a watched entity counts this many times more. */
const NEAR_ENTITY_FACTOR = 1.5;

/** Long articles are classified on their first part: the development is reported up front. */
export const MAX_TEXT = 20_000;

/** Verbs of the per-item rule "blocks <watched name>" (see entityRules). */
const ENTITY_VERBS = ['blocks', 'blocked', 'blocking', 'prohibits', 'outlaws'];
/** The signal rules' keys and those verbs, indexed once for scanning every text. */
const RULE_INDEX = createRuleIndex(SIGNAL_RULES, ENTITY_VERBS);

/** Words that make what follows them hypothetical, negated or merely proposed (lower-cased text). */
const SPECULATIVE_CUE = new RegExp(
  '(?:^|[^a-z])(?:consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|threat(?:en|ens|ened|ening)?' +
    "|may(?!\\s*\\d)|might|could|would|plan(?:s|ned|ning)?|propos(?:e|es|ed|ing|al|als)|seek(?:s|ing)?|sought" +
    '|call(?:s|ed|ing)?\\s+for|push(?:es|ed|ing)?\\s+for|possible|possibly|potential|looming' +
    '|eye(?:s|ing)|contemplat\\w*|explor\\w*|draft|discuss\\w*|no\\s+plans?|not|won[\'’]t|will\\s+not|denie[sd]\\s+plans?' +
    '|vow\\w*|pledg\\w*|promis\\w*|intend\\w*|want(?:s|ed)?\\s+to|aim(?:s|ed|ing)?\\s+to' +
    '|sa(?:ys|id)\\s+(?:[a-z]+\\s+){0,2}(?:will|would|plans?|wants?))' +
    '(?:[^0-9a-z]+[0-9a-z\'’-]+){0,3}[^0-9a-z]*$',
);
/** Asking for an action: hypothetical for the action, but for a court case the asking is the news. */
const REQUEST_CUE = /(?:^|[^a-z])(?:ask(?:s|ed|ing)?|request(?:s|ed|ing)?|urg(?:e|es|ed|ing))(?:[^0-9a-z]+[0-9a-z'’-]+){0,3}[^0-9a-z]*$/;
const SPECULATIVE_CUE_HAN = /(?:考虑|拟|可能|威胁|计划|提议|或将|酝酿)[^。！？]{0,8}$/u;
/** Actors in a sentence: an agency's delay ("Commerce pushes back the ban") stays a ban. */
const AGENCY_ACTOR = /(?<![a-z])(?:commerce|department|agency|agencies|ministry|regulators?|fcc|omb)(?![a-z])/;
const PRESIDENT_ACTOR = /(?<![a-z])(?:president|trump|biden|white\s+house|orders?)(?![a-z])/;
/** Phrases that make a whole sentence a proposal. */
const PROPOSAL =
  /(?<![a-z])(?:proposed\s+rule(?:making)?|notice\s+of\s+proposed|request(?:s|ed)?\s+for\s+comments?|comment\s+period)(?![a-z])|征求意见/;

/** A text as the rules read it. */
export interface ScannedText {
  text: string;
  /** `text` lower-cased, same offsets: what the patterns run on. */
  lower: string;
  /** Which rule keys `lower` has, and where. */
  scan: TextScan;
  /** The matches of the table's rules, by rule position, found on first use. */
  matches: Array<Array<[start: number, end: number]> | undefined>;
}

/**
 * What one item's classify call has read, for its summarize call, which reads the same headline and
 * body again: their plain text, the body's sentences and its rule scan (see hasDevelopmentSignal).
 * Pass the same object to both. Made by {@link shareScans}; it lives as long as the item's analysis.
 */
export interface SharedScans {
  readonly texts: ScannedText[];
  /** asPlainText results, by the text read. */
  readonly plain: Map<string, string>;
  /** splitSentences results, by the plain text split. */
  readonly sentences: Map<string, readonly Readonly<Sentence>[]>;
}

/** An empty {@link SharedScans}, for one item. */
export const shareScans = (): SharedScans => ({ texts: [], plain: new Map(), sentences: new Map() });

/** asPlainText(text), worked out once per item sharing `shared`. */
export function plainTextOf(text: string, shared?: SharedScans): string {
  let plain = shared?.plain.get(text);
  if (plain === undefined) {
    plain = asPlainText(text);
    shared?.plain.set(text, plain);
  }
  return plain;
}

/** splitSentences(text), worked out once per item sharing `shared` (the result is frozen: shared, never changed). */
export function sentencesOf(text: string, shared?: SharedScans): readonly Readonly<Sentence>[] {
  let sentences = shared?.sentences.get(text);
  if (sentences === undefined) {
    sentences = splitSentences(text);
    shared?.sentences.set(text, sentences);
  }
  return sentences;
}

/** The text lower-cased and scanned, from `shared` when an earlier call scanned it (and kept there). */
function scanText(text: string, shared?: SharedScans): ScannedText {
  const known = shared?.texts.find((t) => t.text === text);
  if (known) return known;
  const lower = lowerCase(text);
  const scanned: ScannedText = { text, lower, scan: RULE_INDEX.scan(lower), matches: [] };
  shared?.texts.push(scanned);
  return scanned;
}

/** Every match of table rule `i` in the text. */
function matchesOf(scanned: ScannedText, i: number): Array<[number, number]> {
  return (scanned.matches[i] ??= findMatches(SIGNAL_RULES[i]!, scanned.lower, RULE_INDEX.starts(scanned.scan, i)));
}

export interface Field extends ScannedText {
  name: 'title' | 'body';
  sentences: FieldSentence[];
}

export interface FieldSentence {
  start: number;
  end: number;
  /** The sentence is a proposal ("proposed rule", "request for comments"); see {@link isProposal}. */
  proposal?: boolean;
  /** The watched names it holds. */
  mentions: string[];
}

/** `speculative`: threatened, proposed, hypothetical or negated. `request`: someone asked for it. */
export type Cue = 'speculative' | 'request' | undefined;

export interface Hit {
  rule: CompiledRule;
  /** The rule's category, unless the hit was credited to another (an order's enforcement delay). */
  category: SignalCategory;
  /** The President acting (a rule flagged `act`, or a delay credited to an order). */
  act: boolean;
  /** Position of the rule in the item's rule list: each rule counts once per field. */
  ruleIndex: number;
  field: Field['name'];
  start: number;
  end: number;
  matched: string;
  /** The watched name in the same sentence, if any. */
  nearName?: string;
  /** In the first sentence of the body. */
  lead: boolean;
  /** See {@link cueOf}; null until worked out. */
  cue: Cue | null;
  /** Where the hit is, for working out its cue; `question`: in a headline that asks. */
  context?: { field: Field; sentence: FieldSentence; question: boolean };
  /** Weaker phrases of the same category over the same stretch of text (see findHits). */
  covered?: Hit[];
  /** Set for denial phrases and for phrases overlapping one ("judge … declines to block"). */
  denial: boolean;
  score: number;
}


/**
 * True when the text carries a government-action signal (any category but corporate).
 * @param shared scans of the item's classify call, which scanned the same body (see {@link SharedScans})
 */
export function hasDevelopmentSignal(text: string, shared?: SharedScans): boolean {
  const scanned = scanText(text, shared);
  // Any matching rule will do: only the few that may match are looked at, in any order.
  for (const i of RULE_INDEX.candidateList(scanned.scan)) {
    const rule = SIGNAL_RULES[i]!;
    if (rule.category === 'corporate' || rule.weight < POINTING_WEIGHT) continue;
    // An anchored rule can only match where one of its first words starts: try just those places.
    // A pattern that runs over the whole text stops at its first match, unless classify found them
    // all already (no rule matches an empty string, so both agree).
    const found = rule.sticky || scanned.matches[i] ? matchesOf(scanned, i).length > 0 : testOnce(rule.pattern, scanned.lower);
    if (found) return true;
  }
  return false;
}

// The table's patterns are global and shared: leave lastIndex at 0 for the next caller.
function testOnce(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}


export function buildField(name: Field['name'], text: string, names: string[], split: boolean, shared?: SharedScans): Field {
  const spans = split ? sentencesOf(text, shared) : text ? [{ text, start: 0, end: text.length }] : [];
  const scanned = scanText(text, shared);
  const { lower } = scanned;
  const sentences: FieldSentence[] = spans.map((s) => ({ start: s.start, end: s.end, mentions: [] }));
  for (const name of names) {
    const needle = lowerCase(name);
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      const sentence = sentences[sentenceAt(sentences, at)];
      if (sentence && !sentence.mentions.includes(name)) sentence.mentions.push(name);
    }
  }
  // The scanned text's own matches array: matches found for the field are shared.
  return { text, lower, scan: scanned.scan, matches: scanned.matches, name, sentences };
}

/**
 * Rules that need the item's watched names: "Pakistan blocks TikTok" is a ban although "blocks"
 * alone is not (a court blocks, a company blocks spam).
 */
export function entityRules(names: string[], fields: readonly Field[]): CompiledRule[] {
  // Compiled only for the few items that use one of the verbs.
  if (names.length === 0 || !fields.some((f) => RULE_INDEX.startsOf(f.scan, ENTITY_VERBS).length > 0)) return [];
  const alternatives = names.map((n) => escapeRegExp(lowerCase(n))).join('|');
  const pattern = new RegExp(`${WORD_START}(?:${ENTITY_VERBS.join('|')})\\s+(?:[^\\s.;!?]+\\s+){0,2}?(?:${alternatives})`, 'g');
  const keys = { keys: ENTITY_VERBS, anchored: true, requires: [[ENTITY_VERBS]] };
  return [{ category: 'ban', phrase: 'blocks <watched name>', weight: 2, pattern, ...keyedScan(pattern, keys) }];
}


/**
 * The phrases of the table's rules and of `itemRules` (made for this item, numbered after the
 * table's) in one field, minus those that a stronger phrase of the same category covers.
 */
export function findHits(field: Field, itemRules: readonly CompiledRule[], question: boolean): Hit[] {
  const hits: Hit[] = [];
  if (!field.text) return hits;
  // Only the table's rules that may match (in no particular order: see the sort below); the item's
  // rules always run.
  const ruleIndexes = [...RULE_INDEX.candidateList(field.scan), ...itemRules.map((_, i) => SIGNAL_RULES.length + i)];
  // Plain loops and no closures per hit: this is the classifier's inner loop.
  for (const ruleIndex of ruleIndexes) {
    const tableRule = ruleIndex < SIGNAL_RULES.length;
    const rule = tableRule ? SIGNAL_RULES[ruleIndex]! : itemRules[ruleIndex - SIGNAL_RULES.length]!;
    const matches = tableRule ? matchesOf(field, ruleIndex) : findMatches(rule, field.lower, RULE_INDEX.startsOf(field.scan, rule.keys ?? []));
    for (const [start, end] of matches) {
      const sentence = field.sentences[sentenceAt(field.sentences, start)];
      // A phrase that runs into the next sentence is two unrelated sentences, not a signal.
      if (!sentence || end > sentence.end) continue;
      // "TikTok bans political ads" is the company's own policy, not a ban on it.
      if (rule.category === 'ban' && field.lower.startsWith('bans', start) && ownPolicy(field, sentence, start)) continue;
      const nearName = sentence.mentions[0];
      const score = rule.weight * (field.name === 'title' ? TITLE_FACTOR : 1) * (nearName ? NEAR_ENTITY_FACTOR : 1);
      hits.push({
        rule,
        category: rule.category,
        act: rule.flag === 'act',
        ruleIndex,
        field: field.name,
        start,
        end,
        matched: field.text.slice(start, end),
        nearName,
        lead: field.name === 'body' && sentence === field.sentences[0],
        cue: null,
        context: { field, sentence, question: field.name === 'title' && question },
        denial: rule.flag === 'denial',
        score,
      });
    }
  }
  const denials = hits.filter((h) => h.denial);
  for (const hit of hits) {
    if (hit.rule.category === 'litigation' && !hit.denial) hit.denial = overlapsAny(hit, denials);
  }
  // "Revokes licences" is an export control, not a revocation: the masking phrase decides.
  const masking = hits.filter((h) => h.rule.masks);
  // One stretch of text counts once per category: "identification of prohibited transactions" is
  // one ban phrase, not three. The stretch keeps its strongest phrase (on a tie, the longest, then
  // the first in the table) and any cue the others saw.
  const kept: Hit[] = [];
  const keptByCategory = new Map<SignalCategory, Hit[]>();
  for (const hit of hits.sort(byStrength)) {
    if (masking.length && overlapsAny(hit, masking.filter((m) => m.rule.masks!.includes(hit.category)))) continue;
    const same = keptByCategory.get(hit.category) ?? [];
    const covering = firstOverlap(hit, same);
    if (covering) {
      (covering.covered ??= []).push(hit);
    } else {
      kept.push(hit);
      if (same.length === 0) keptByCategory.set(hit.category, same);
      same.push(hit);
    }
  }
  return kept;
}

/** Strongest first, then longest; then in table order and text order, so ties are always settled the same way. */
function byStrength(a: Hit, b: Hit): number {
  return b.score - a.score || b.end - b.start - (a.end - a.start) || a.ruleIndex - b.ruleIndex || a.start - b.start;
}

function firstOverlap(hit: Hit, others: readonly Hit[]): Hit | undefined {
  for (const other of others) if (other.start < hit.end && hit.start < other.end) return other;
  return undefined;
}

const overlapsAny = (hit: Hit, others: readonly Hit[]): boolean => firstOverlap(hit, others) !== undefined;

/** The sentence of the hit names an agency and neither the President nor an order. */
export function byAgency(hit: Hit): boolean {
  if (!hit.context) return false;
  const { field, sentence } = hit.context;
  const text = field.lower.slice(sentence.start, sentence.end);
  return AGENCY_ACTOR.test(text) && !PRESIDENT_ACTOR.test(text);
}

/** "TikTok bans …": a watched name right before the verb. */
function ownPolicy(field: Field, sentence: FieldSentence, start: number): boolean {
  const prefix = field.lower.slice(Math.max(sentence.start, start - 80), start);
  return sentence.mentions.some((n) => prefix.endsWith(`${lowerCase(n)} `));
}

/**
 * The hit's cue, worked out on first use (only the winning category's hits need one); a hit that
 * stands for a stretch of text takes the first cue of the phrases it covered when it has none.
 */
export function cueOf(hit: Hit): Cue {
  if (hit.cue === null) {
    const { field, sentence, question } = hit.context!;
    hit.cue = cueBefore(field.lower.slice(Math.max(sentence.start, hit.start - 80), hit.start), question || isProposal(field, sentence));
    for (const other of hit.covered ?? []) hit.cue ??= cueOf(other);
  }
  return hit.cue;
}

/**
 * Whether the sentence is a proposal, worked out on first use: only the sentences of the hits that
 * need a cue are ever tested, not the whole text.
 */
function isProposal(field: Field, sentence: FieldSentence): boolean {
  return (sentence.proposal ??= PROPOSAL.test(field.lower.slice(sentence.start, sentence.end)));
}

/** Whether the words before a phrase make it hypothetical, negated or proposed, or a request. */
function cueBefore(prefix: string, speculative: boolean): Cue {
  if (speculative || SPECULATIVE_CUE.test(prefix) || SPECULATIVE_CUE_HAN.test(prefix)) return 'speculative';
  return REQUEST_CUE.test(prefix) ? 'request' : undefined;
}

/** An item from the President's own source: the White House's site (a hint, never a category alone), or a presidential document by its type (`weight` leading). */
export function sourceHit(host: string, weight = 1): Hit {
  const rule: CompiledRule = { category: 'executive-order', phrase: host, weight, pattern: /$^/g };
  const matched = `source: ${host}`;
  return { rule, category: 'executive-order', act: true, ruleIndex: -1, field: 'title', start: 0, end: 0, matched, lead: false, cue: undefined, denial: false, score: rule.weight * TITLE_FACTOR };
}

/** Index of the sentence containing offset `at` (the last one starting at or before it). */
function sentenceAt(sentences: Array<{ start: number }>, at: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid]!.start <= at) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}


function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

