// Which kind of development an item reports, and how urgent it is.
//
// CATEGORY RULES (they follow the labeling rules of test/fixtures/eval/README.md, the spec). Decide
// by the item's main development involving a watched entity, headline first, not by background
// mentioned in passing. When two apply, the one higher in this list wins ("most specific first"):
//
//  1. litigation: a court acts or a case is filed: complaints, motions, TROs or preliminary
//     injunctions granted or denied, stays, appeals, rulings, dismissals, and criminal cases
//     (indictments, pleas, deferred-prosecution agreements, probation). "Judge blocks the WeChat
//     ban" is litigation. Denied injunctions stay litigation, at medium severity.
//  2. legislation: a bill introduced, voted, passed or signed, federal or state (a state law banning
//     an app, Congress voting a ban on government phones, NDAA provisions, bill numbers like SB 419).
//     A law only named ("PAFACA") ranks lower, below 5: an order delaying its enforcement is 5.
//  3. revocation: a restriction lifted: an order revoked, an identification rescinded, a denial
//     order ended, an entity taken off a list. "Revokes Executive Order 13971" is revocation.
//  4. export-control: Entity List / MEU additions, denial orders, foreign-direct-product rules,
//     licence requirements, and licences to sell to a company revoked (that tightens controls).
//  5. executive-order, when the President acts: an order signed, issued, published (White House or
//     Federal Register text) or extended, including orders that ban, that order a divestment (the
//     CFIUS order on ByteDance) and that delay enforcement (the TikTok extensions). The actor
//     decides: an agency carrying out an order is 6, 7 or 8.
//  6. investment-restriction: CCMC / NS-CMIC / §1260H listings, bans on buying securities,
//     outbound-investment rules, delistings caused by them.
//  7. sanctions: OFAC blocking sanctions, SDN designations, asset freezes, calls to designate.
//  8. ban: a prohibition on distributing, hosting, using or transacting with an app or company that
//     starts, is ordered or is rescheduled by an agency, a platform or a foreign government:
//     Commerce's prohibited transactions, app-store removals, OMB's device deadline, FCC subsidy and
//     equipment bars, TikTok going dark. An agency's enforcement delay is a ban at medium severity.
//     A company banning something itself is corporate.
//  9. executive-order, when an order is only named (background to nothing more specific).
// 10. investigation: a probe, review, summons, request for information or oversight hearing, by a
//     US or foreign authority, and the fine that closes one.
// 11. corporate: a watched company's own business: earnings, products, deals, layoffs, listings and
//     IPOs, statements. Also an item whose headline or first sentence names a watched entity but
//     has no signal above. Needs a watched entity.
// 12. other: none of the above, including business news about no watched entity.
//
// Headline first: when the headline holds a phrase pointing to a category, a category found only in
// the body must outscore it to compete. When the headline names no watched entity, only the
// sentences that name one count.
//
// Threats and proposals ("considering a ban", "threatens to", "may", "proposed rule") take the
// category of the action threatened, one step lower in severity.
//
// DOMAIN.md §5 codes map as: EO_SIGNED → 5; PROHIBITIONS_IDENTIFIED, BAN_EFFECTIVE,
// APP_STORE_REMOVAL, FOREIGN_GOV_ACTION → 8; ENFORCEMENT_DELAY_LICENSE → 5 by order, 8 by an agency,
// 4 or 7 for a licence; SANCTIONS_DESIGNATION → 7; INVESTMENT_BAN_LISTING → 6; CFIUS_DIVESTITURE →
// 5; EXPORT_CONTROL_LISTING → 4; REVOCATION_DELISTING → 3; LEGISLATION → 2; COURT_INJUNCTION,
// COURT_RULING_FINAL and a company's lawsuit → 1; INVESTIGATION_OPENED, PENALTY_SETTLEMENT → 10;
// IPO_SUSPENDED_LISTING, INDEX_EXCHANGE_DELISTING, other COMPANY_RESPONSE → 11; THREAT_OR_PROPOSAL →
// the threatened category.
//
// SEVERITY: executive-order, ban, sanctions, export-control, revocation, investment-restriction,
// court rulings and injunctions, and enacted laws start high; lawsuits filed, hearings, appeals,
// cases in progress, bills introduced or passed by one chamber, delays, licences and investigations
// start medium; corporate and other are low. Then: denied injunctions land at medium; −1 when the
// development is only threatened, proposed, asked for or hypothetical; +1 when the source is
// official (a federal host, see official-source.ts) and a watched entity is named directly; −1 when
// every watched entity was found only through a weak alias. `other` stays low. The signals array
// says which of these applied.
import { headlineCategory } from './headline-evidence.ts';
import type { Category, Classification, Mention, Severity } from '../model.ts';
import { SEVERITIES } from '../model.ts';
import { splitSentences, type Sentence } from '../text/split-sentences.ts';
import { asPlainText } from '../text/as-plain-text.ts';
import { extractCitations } from './extract-citations.ts';
import { officialHost } from './official-source.ts';
import { lowerCase, WORD_START } from './phrase-pattern.ts';
import { createRuleIndex, findMatches } from './rule-index.ts';
import type { TextScan } from './rule-index.ts';
import type { CompiledRule, SignalCategory } from './signal-rules.ts';
import { keyedScan, SIGNAL_RULES } from './signal-rules.ts';

export { extractCitations } from './extract-citations.ts';

export interface ClassifyInput {
  title: string;
  /** Plain text of description and content (HTML is tolerated and rendered first). */
  text: string;
  feedUrl: string;
  link?: string;
  mentions: Mention[];
}

/**
 * A place in the precedence list: a category, or a stricter reading of one. `presidential`: the
 * President acting (an executive-order phrase flagged `act`, or an enforcement delay credited to an
 * order). `law-named`: a law or bill only named (phrases flagged `background`), which ranks below
 * the President acting on it; `legislation` needs a bill's development (introduced, passed, signed).
 */
type Slot = SignalCategory | 'presidential' | 'law-named';

/** Most specific first; see the rules above. Corporate is decided last, only for watched entities. */
const PRECEDENCE: readonly Slot[] = [
  'litigation',
  'legislation',
  'revocation',
  'export-control',
  'presidential',
  'law-named',
  'investment-restriction',
  'sanctions',
  'ban',
  'executive-order',
  'investigation',
];

const slotCategory = (slot: Slot): SignalCategory =>
  slot === 'presidential' ? 'executive-order' : slot === 'law-named' ? 'legislation' : slot;

/** What a slot needs of at least one of its pointing phrases. */
function slotNeeds(slot: Slot, hit: Hit): boolean {
  if (slot === 'presidential') return hit.act;
  if (slot === 'legislation') return hit.rule.flag !== 'background';
  return true;
}

/** Slots of passing mentions: a headline naming an order or a law is not thereby about it. */
const MENTION_SLOTS: ReadonlySet<Slot> = new Set(['executive-order', 'law-named']);

const DEFAULT_SEVERITY: Record<Category, Severity> = {
  'executive-order': 'high',
  ban: 'high',
  sanctions: 'high',
  'export-control': 'high',
  'investment-restriction': 'high',
  legislation: 'medium',
  litigation: 'high',
  revocation: 'high',
  investigation: 'medium',
  corporate: 'low',
  other: 'low',
};

/** A headline phrase counts this many times a body phrase. */
const TITLE_FACTOR = 2;
/** A phrase in the same sentence as a watched entity counts this many times more. */
const NEAR_ENTITY_FACTOR = 1.5;
/** The least score that makes a category: one pointing phrase in the body. */
const MIN_SCORE = 2;
/** Phrases below this weight only hint: they add to a category but cannot make one on their own. */
const POINTING_WEIGHT = 1.5;
/**
 * A headline phrase must weigh this much to make the headline lead: the bare noun "ban" names a
 * measure ("the TikTok ban is officially dead") without reporting what happened to it.
 */
const LEADING_WEIGHT = 2;
/** A more specific category wins when its score is at least this share of the best score. */
const CONTENDER_SHARE = 0.5;
/** Long articles are classified on their first part: the development is reported up front. */
const MAX_TEXT = 20_000;

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

interface Field extends ScannedText {
  name: 'title' | 'body';
  sentences: FieldSentence[];
}

interface FieldSentence {
  start: number;
  end: number;
  /** The sentence is a proposal ("proposed rule", "request for comments"); see {@link isProposal}. */
  proposal?: boolean;
  /** The watched names it holds. */
  mentions: string[];
}

/** `speculative`: threatened, proposed, hypothetical or negated. `request`: someone asked for it. */
type Cue = 'speculative' | 'request' | undefined;

interface Hit {
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
 * Classifies one item: the kind of development (the most specific category with enough signal),
 * its severity, the phrases that decided it, whether the source is official, and the first
 * official citation in the text.
 * @param shared scans to reuse and keep for the item's summarize call (see {@link SharedScans})
 */
export function classify(input: ClassifyInput, shared?: SharedScans): Classification {
  const title = plainTextOf(input.title, shared);
  const body = plainTextOf(input.text.slice(0, MAX_TEXT * 2), shared).slice(0, MAX_TEXT);
  const names = [...new Set(input.mentions.map((m) => m.matched.trim()).filter(Boolean))];
  const fields = [buildField('title', title, names, false, shared), buildField('body', body, names, true, shared)];
  const itemRules = entityRules(names, fields);
  const question = /[?？]$/.test(title.trim());
  const official = officialHost(input.feedUrl) ?? officialHost(input.link);
  const titleNamesEntity = (fields[0]!.sentences[0]?.mentions.length ?? 0) > 0;
  // Spread, not flatMap: that costs a microsecond more per item.
  const hits = [...findHits(fields[0]!, itemRules, question), ...findHits(fields[1]!, itemRules, question)]
    // The development must involve a watched entity: when the headline names none, only the
    // sentences that name one count. Corporate news must be about the entity itself.
    .filter((h) => input.mentions.length === 0 || h.field === 'title' || h.nearName || (titleNamesEntity && h.category !== 'corporate'));
  if (official === 'whitehouse.gov') hits.push(sourceHit(official));

  // Each rule counts once per field (its best match), so a long article repeating a word does not
  // outweigh a precise headline.
  const best = new Map<number, Hit>();
  for (const hit of hits) {
    const key = hit.ruleIndex * 2 + (hit.field === 'title' ? 0 : 1);
    const prev = best.get(key);
    if (!prev || hit.score > prev.score) best.set(key, hit);
  }
  // An enforcement delay is the ban's category when an agency reschedules it, and the President's
  // when the item credits an order or the White House with it.
  if ([...best.values()].some((h) => h.category === 'executive-order')) {
    for (const hit of best.values()) {
      if (hit.rule.flag === 'delay' && hit.category === 'ban' && !byAgency(hit)) Object.assign(hit, { category: 'executive-order', act: true });
    }
  }
  const byCategory = new Map<SignalCategory, Hit[]>();
  for (const hit of best.values()) {
    const list = byCategory.get(hit.category) ?? [];
    list.push(hit);
    byCategory.set(hit.category, list);
  }
  const scored = scoreSlots(byCategory, official !== undefined);
  const slotHits = (slot: Slot) => scored.get(slot)!.hits;
  const top = Math.max(0, ...[...scored.values()].map((v) => v.score));
  // Headline first: when the headline points to a category, a category found only in the body must
  // outscore it to compete ("unless a judge steps in" does not make a ban story litigation).
  const titledTop = Math.max(0, ...[...scored.values()].filter((v) => v.titled).map((v) => v.score));
  const contends = (slot: Slot) => {
    const { score, titled } = scored.get(slot)!;
    return score >= MIN_SCORE && score >= CONTENDER_SHARE * top && (titled || score > titledTop);
  };

  const citation = extractCitations(`${title}\n${body}`)[0];
  const winningSlot = PRECEDENCE.find(contends);

  const base = { official: official !== undefined, ...(citation ? { citation } : {}), categoryScores: categoryScoresOf(scored) };
  if (!winningSlot) {
    const corporateHits = byCategory.get('corporate') ?? [];
    // A company named in the headline or the lead, with no government action: its own business.
    const leadName = fields[0]!.sentences[0]?.mentions[0] ?? fields[1]!.sentences[0]?.mentions[0];
    if (input.mentions.length > 0 && (corporateHits.length > 0 || leadName)) {
      const signals = corporateHits.length > 0 ? describeHits(corporateHits) : [`no regulatory signal; headline or lead names ${leadName}`];
      return { category: 'corporate', ...adjustSeverity('corporate', 'low', signals, input.mentions, official), ...base };
    }
    return { category: 'other', severity: 'low', signals: ['no development signal'], ...base };
  }

  const winner = slotCategory(winningSlot);
  const winning = (byCategory.get(winner) ?? []).sort((a, b) => b.score - a.score);
  const signals = describeHits(winning);
  for (const slot of PRECEDENCE.slice(PRECEDENCE.indexOf(winningSlot) + 1)) {
    const c = slotCategory(slot);
    const rival = slotHits(slot).sort((a, b) => b.score - a.score)[0];
    if (c !== winner && rival && contends(slot)) signals.push(`more specific than ${c} (${quote(rival.matched)})`);
  }

  // Base severity from the phrases that point to the category (not the hints).
  const pointing = winning.filter((h) => h.rule.weight >= POINTING_WEIGHT);
  const plainHits = pointing.filter((h) => !h.denial && h.rule.flag !== 'delay');
  let severity: Severity = plainHits.length
    ? plainHits.map((h) => h.rule.severity ?? DEFAULT_SEVERITY[winner]).reduce(maxSeverity)
    : DEFAULT_SEVERITY[winner];

  const denialScore = winning.filter((h) => h.denial).reduce((s, h) => s + h.score, 0);
  const rulingScore = winning.filter((h) => !h.denial && h.rule.flag === 'ruling').reduce((s, h) => s + h.score, 0);
  const denied = winner === 'litigation' && denialScore > 0 && denialScore >= rulingScore;
  if (denied) {
    severity = minSeverity(severity, 'medium');
    signals.push(`court denied the request (${quote(winning.find((h) => h.denial)!.matched)}): nothing was blocked`);
  }

  const delays = [...best.values()].filter((h) => h.rule.flag === 'delay' && (h.field === 'title' || h.nearName));
  const delayScore = delays.reduce((s, h) => s + h.score, 0);
  if (delayScore >= MIN_SCORE && ['ban', 'executive-order', 'export-control', 'sanctions', 'investment-restriction'].includes(winner)) {
    severity = minSeverity(severity, 'medium');
    signals.push(`enforcement delayed or licensed (${quote(delays[0]!.matched)})`);
  }

  const totalScore = winning.reduce((s, h) => s + h.score, 0);
  const speculative = winning.filter((h) => cueOf(h) === 'speculative' || (cueOf(h) === 'request' && winner !== 'litigation'));
  // A denial already says nothing happened; do not lower it twice for the request it refused.
  if (!denied && speculative.reduce((s, h) => s + h.score, 0) >= CONTENDER_SHARE * totalScore) {
    severity = step(severity, -1);
    signals.push(`only threatened or proposed (${quote(speculative[0]!.matched)}): severity −1`);
  }

  // Who acts, by the headline: the President's own order is executive-order, whatever it restricts.
  const headline = headlineCategory(title, winner);
  if (headline) signals.push(`the headline's subject is the President or an order acting: ${headline}, not ${winner}`);
  const category = headline ?? winner;
  return { category, ...adjustSeverity(category, severity, signals, input.mentions, official), ...base };
}

/** Each category's evidence score (its best slot's), rounded, for explain and scan --json: the categories a reader could have chosen. */
function categoryScoresOf(scored: ReadonlyMap<Slot, SlotScore>): Partial<Record<Category, number>> {
  const out: Partial<Record<Category, number>> = {};
  for (const [slot, { score }] of scored) {
    const c = slotCategory(slot);
    if (score > 0 && score > (out[c] ?? 0)) out[c] = Math.round(score * 100) / 100;
  }
  return out;
}

interface SlotScore {
  /** The slot's hits; none when no pointing phrase meets the slot's need. */
  hits: Hit[];
  score: number;
  /** A phrase that points to the slot is in the headline (see LEADING_WEIGHT). */
  titled: boolean;
}

/** Every slot's hits and score, and whether the headline leads to it. */
function scoreSlots(byCategory: ReadonlyMap<SignalCategory, Hit[]>, official: boolean): Map<Slot, SlotScore> {
  const scored = new Map<Slot, SlotScore>();
  for (const slot of [...PRECEDENCE, 'corporate'] as const) {
    const list = byCategory.get(slotCategory(slot)) ?? [];
    // A slot made only of hints ("bill", "court", "blacklist") is empty and scores nothing.
    const hits = list.some((h) => h.rule.weight >= POINTING_WEIGHT && slotNeeds(slot, h)) ? list : [];
    // An official presidential document's headline is often its bare title ("Regarding the
    // Acquisition of …"); its first sentence says what the President did. In news, the lead's
    // mention of an order is usually background to the headline's development.
    const leads = (h: Hit) => h.field === 'title' || (slot === 'presidential' && official && h.lead);
    const titled = !MENTION_SLOTS.has(slot) && hits.some((h) => h.rule.weight >= LEADING_WEIGHT && slotNeeds(slot, h) && leads(h));
    scored.set(slot, { hits, score: hits.reduce((sum, h) => sum + h.score, 0), titled });
  }
  return scored;
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

function adjustSeverity(
  category: Category,
  severity: Severity,
  signals: string[],
  mentions: Mention[],
  official: string | undefined,
): { severity: Severity; signals: string[] } {
  const direct = mentions.some((m) => !m.weak);
  if (official && direct) {
    severity = step(severity, 1);
    signals.push(`official source (${official}) naming the entity: severity +1`);
  } else if (official) {
    signals.push(`official source (${official})`);
  }
  if (mentions.length > 0 && !direct) {
    severity = step(severity, -1);
    signals.push('entity found only through a weak alias: severity −1');
  }
  return { severity: category === 'other' ? 'low' : severity, signals };
}

function buildField(name: Field['name'], text: string, names: string[], split: boolean, shared?: SharedScans): Field {
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
function entityRules(names: string[], fields: readonly Field[]): CompiledRule[] {
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
function findHits(field: Field, itemRules: readonly CompiledRule[], question: boolean): Hit[] {
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
function byAgency(hit: Hit): boolean {
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
function cueOf(hit: Hit): Cue {
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

/** An item from the White House's own site: the President is the actor (a hint, never a category alone). */
function sourceHit(host: string): Hit {
  const rule: CompiledRule = { category: 'executive-order', phrase: host, weight: 1, pattern: /$^/g };
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

function describeHits(hits: Hit[]): string[] {
  return [...hits]
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((h) => `${quote(h.matched)} (${h.field}${h.nearName ? `, near ${h.nearName}` : ''})`);
}

function quote(s: string): string {
  const folded = s.replace(/\s+/g, ' ').trim();
  return `"${folded.length > 60 ? `${folded.slice(0, 59)}…` : folded}"`;
}

function step(s: Severity, by: number): Severity {
  const i = Math.min(SEVERITIES.length - 1, Math.max(0, SEVERITIES.indexOf(s) + by));
  return SEVERITIES[i]!;
}

const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b);
const minSeverity = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
