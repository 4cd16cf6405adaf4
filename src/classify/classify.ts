// Which kind of development an item reports, and how urgent it is: the category rules, read from the
// phrase hits scan-text.ts finds (scanning apart from the rules), and the headline's evidence
// (headline-evidence.ts).
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
// The kinds of development map to categories as: an order signed → executive-order; prohibitions
// identified, a ban in force, an app-store removal or a foreign government's ban → ban; a delay or
// licence → executive-order by order, ban by an agency, export-control for a licence; a sanctions
// designation → sanctions; an investment-ban listing → investment-restriction; an export-control
// listing → export-control; a revocation or delisting → revocation; a bill or law → legislation;
// court steps and lawsuits → litigation; an investigation or penalty → investigation; company news
// → corporate; a threat or proposal → the category of what it threatens.
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
import type { Category, Classification, Mention, OfficialRecord, Severity } from '../model.ts';
import { SEVERITIES } from '../model.ts';
import { extractCitations } from './extract-citations.ts';
import { classifyOfficial, officialCitation } from './classify-official.ts';
import { officialHost } from './official-source.ts';
import { buildField, byAgency, cueOf, entityRules, findHits, MAX_TEXT, plainTextOf, POINTING_WEIGHT, sourceHit, type Hit, type SharedScans } from './scan-text.ts';
import type { SignalCategory } from './signal-rules.ts';

export { extractCitations } from './extract-citations.ts';
export { hasDevelopmentSignal, plainTextOf, sentencesOf, shareScans, type SharedScans } from './scan-text.ts';

export interface ClassifyInput {
  title: string;
  /** Plain text of description and content (HTML is tolerated and rendered first). */
  text: string;
  feedUrl: string;
  link?: string;
  mentions: Mention[];
  /** Structured facts from an official API: they decide before the text (classify-official.ts). */
  official?: OfficialRecord;
  /** The Federal Register's document type, when its feed gives one ("Presidential Document", "Rule"). */
  documentType?: string;
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

/** The least score that makes a category: one pointing phrase in the body. */
const MIN_SCORE = 2;
/**
 * A headline phrase must weigh this much to make the headline lead: the bare noun "ban" names a
 * measure ("the TikTok ban is officially dead") without reporting what happened to it.
 */
const LEADING_WEIGHT = 2;
/** A more specific category wins when its score is at least this share of the best score. */
const CONTENDER_SHARE = 0.5;
/**
 * Classifies one item: the kind of development (the most specific category with enough signal),
 * its severity, the phrases that decided it, whether the source is official, and the first
 * official citation in the text.
 * @param shared scans to reuse and keep for the item's summarize call (see {@link SharedScans})
 */
export function classify(input: ClassifyInput, shared?: SharedScans): Classification {
  if (!input.official) return classifyText(input, shared);
  const structured = classifyOfficial(input.official, input.title);
  if (structured) return structured;
  // The record does not decide the category, but it still says the item is official and cites what.
  const citation = officialCitation(input.official);
  return { ...classifyText(input, shared), official: true, ...(citation ? { citation } : {}) };
}

function classifyText(input: ClassifyInput, shared?: SharedScans): Classification {
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
  // The President's own texts: the White House's, and the Federal Register's presidential documents,
  // whose titles ("Addressing the Threat From Securities Investments…") often name no instrument.
  if (official === 'whitehouse.gov') hits.push(sourceHit(official));
  // The Federal Register's type is a fact, not a hint: it leads like a headline's phrase.
  else if (official && input.documentType === 'Presidential Document') hits.push(sourceHit(`${official} presidential document`, LEADING_WEIGHT));

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
