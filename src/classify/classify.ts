// Which kind of development an item reports, and how urgent it is.
//
// CATEGORY RULES (also the labelling guide for evaluation corpora). Decide by what happened in the
// item's main development (headline first), not by background mentioned in passing. When two apply,
// the one higher in this list wins ("most specific first"):
//
//  1. litigation: a court or judge acts or is asked to act: lawsuit filed, hearing, TRO, preliminary
//     injunction granted or denied, ruling, appeal, Supreme Court decision, dismissal. "Judge blocks
//     the WeChat ban" is litigation, not ban. A court vacating a designation is litigation too.
//     Denied or refused injunctions stay litigation, at medium severity (nothing was blocked).
//  2. legislation: a bill or statute: introduced, voted, passed, signed into law, public law (e.g.
//     PAFACA, Pub. L. 118-50), NDAA provisions. "House passes bill that would ban TikTok" is legislation.
//  3. revocation: the government undoes its own measure: an order revoked, a rule or identification
//     rescinded or withdrawn, a ban lifted, an entity removed from the Entity List / SDN / NS-CMIC /
//     Pentagon list. "Revokes Executive Order 13971" is revocation, not executive-order.
//  4. export-control: Commerce/BIS export measures: Entity List additions, Military End-User or
//     Unverified List, denial orders, foreign-direct-product rules, licence requirements, chip curbs.
//     "Adds SMIC to the Entity List" is export-control even when outlets call it sanctions.
//  5. investment-restriction: limits on owning or investing: CCMC / NS-CMIC / §1237 / §1260H lists,
//     bans on buying securities, CFIUS reviews, divestiture orders, outbound-investment rules.
//  6. sanctions: OFAC blocking sanctions: SDN designations, asset freezes, blocked property, visa bans
//     and other "sanctions" not covered by 4 or 5.
//  7. ban: a prohibition on using, distributing or transacting with an app or company: Commerce's
//     identification of prohibited transactions, a ban taking effect, removal from app stores, a
//     foreign government's app ban, a state's ban. Enforcement delays, deadline extensions and
//     wind-down periods are `ban` too (they change when a ban bites), at medium severity; a general
//     licence or licence extension under an export control or sanction stays in 4 or 6, also medium.
//     A company banning something itself is corporate.
//  8. executive-order: a presidential order or proclamation signed or published (EO 13942, 13943,
//     13971), when no more specific category above applies (a presidential CFIUS divestiture order,
//     like the Musical.ly one, is investment-restriction).
//  9. investigation: a probe, review, inquiry, summons, subpoena, indictment, fine, penalty or
//     settlement, by a US or a foreign (e.g. SAMR) authority.
// 10. corporate: a watched company's own business with no government action: earnings, products,
//     IPOs and listings (including an exchange suspending an IPO or an index dropping a stock),
//     leadership, deals, its own policies ("TikTok bans political ads"), statements. Also any item
//     whose headline names a watched entity but has no signal above. Needs a watched entity.
// 11. other: none of the above, including business news about no watched entity.
//
// Threats and proposals ("considering a ban", "threatens to", "may", "proposed rule") take the
// category of the action threatened, one step lower in severity.
//
// DOMAIN.md §5 codes map as: EO_SIGNED → 8; PROHIBITIONS_IDENTIFIED, BAN_EFFECTIVE,
// APP_STORE_REMOVAL, FOREIGN_GOV_ACTION, ENFORCEMENT_DELAY_LICENSE → 7 (a licence under an export
// control or sanction → 4 or 6); SANCTIONS_DESIGNATION → 6; INVESTMENT_BAN_LISTING, CFIUS_DIVESTITURE
// → 5; EXPORT_CONTROL_LISTING → 4; REVOCATION_DELISTING → 3; LEGISLATION → 2; COURT_INJUNCTION,
// COURT_RULING_FINAL and a company's lawsuit → 1; INVESTIGATION_OPENED, PENALTY_SETTLEMENT → 9;
// IPO_SUSPENDED_LISTING, INDEX_EXCHANGE_DELISTING, other COMPANY_RESPONSE → 10; THREAT_OR_PROPOSAL →
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
import type { Category, Classification, Mention, Severity } from '../model.ts';
import { SEVERITIES } from '../model.ts';
import { splitSentences } from '../summarize/split-sentences.ts';
import { asPlainText } from './as-plain-text.ts';
import { extractCitations } from './extract-citations.ts';
import { officialHost } from './official-source.ts';
import { lowerCase } from './phrase-pattern.ts';
import type { CompiledRule, SignalCategory } from './signal-rules.ts';
import { SIGNAL_RULES } from './signal-rules.ts';

export { extractCitations } from './extract-citations.ts';

export interface ClassifyInput {
  title: string;
  /** Plain text of description and content (HTML is tolerated and rendered first). */
  text: string;
  feedUrl: string;
  link?: string;
  mentions: Mention[];
}

/** Most specific first; see the rules above. Corporate is decided last, only for watched entities. */
const PRECEDENCE: readonly SignalCategory[] = [
  'litigation',
  'legislation',
  'revocation',
  'export-control',
  'investment-restriction',
  'sanctions',
  'ban',
  'executive-order',
  'investigation',
];

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
/** A more specific category wins when its score is at least this share of the best score. */
const CONTENDER_SHARE = 0.5;
/** Long articles are classified on their first part: the development is reported up front. */
const MAX_TEXT = 20_000;

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
/** Phrases that make a whole sentence a proposal. */
const PROPOSAL =
  /(?<![a-z])(?:proposed\s+rule(?:making)?|notice\s+of\s+proposed|request(?:s|ed)?\s+for\s+comments?|comment\s+period)(?![a-z])|征求意见/;

interface Field {
  name: 'title' | 'body';
  text: string;
  /** `text` lower-cased, same offsets: what the patterns run on. */
  lower: string;
  sentences: Array<{ start: number; end: number; proposal: boolean; mentions: string[] }>;
}

interface Hit {
  rule: CompiledRule;
  /** Position of the rule in the item's rule list: each rule counts once per field. */
  ruleIndex: number;
  field: Field['name'];
  start: number;
  end: number;
  matched: string;
  /** The watched name in the same sentence, if any. */
  nearName?: string;
  /** `speculative`: threatened, proposed, hypothetical or negated. `request`: someone asked for it. */
  cue?: 'speculative' | 'request';
  /** Set for denial phrases and for phrases overlapping one ("judge … declines to block"). */
  denial: boolean;
  score: number;
}

/**
 * Classifies one item: the kind of development (the most specific category with enough signal),
 * its severity, the phrases that decided it, whether the source is official, and the first
 * official citation in the text.
 */
export function classify(input: ClassifyInput): Classification {
  const title = asPlainText(input.title);
  const body = asPlainText(input.text.slice(0, MAX_TEXT * 2)).slice(0, MAX_TEXT);
  const names = [...new Set(input.mentions.map((m) => m.matched.trim()).filter(Boolean))];
  const fields = [buildField('title', title, names, false), buildField('body', body, names, true)];
  const rules = [...SIGNAL_RULES, ...entityRules(names)];
  const question = /[?？]$/.test(title.trim());
  const hits = fields.flatMap((f) => findHits(f, rules, question));

  // Each rule counts once per field (its best match), so a long article repeating a word does not
  // outweigh a precise headline.
  const best = new Map<string, Hit>();
  for (const hit of hits) {
    const key = `${hit.ruleIndex}:${hit.field}`;
    const prev = best.get(key);
    if (!prev || hit.score > prev.score) best.set(key, hit);
  }
  const byCategory = new Map<SignalCategory, Hit[]>();
  for (const hit of best.values()) {
    const list = byCategory.get(hit.rule.category) ?? [];
    list.push(hit);
    byCategory.set(hit.rule.category, list);
  }
  // A category made only of hints ("bill", "court", "blacklist") scores nothing.
  const scoreOf = (c: SignalCategory) => {
    const list = byCategory.get(c) ?? [];
    return list.some((h) => h.rule.weight >= POINTING_WEIGHT) ? list.reduce((sum, h) => sum + h.score, 0) : 0;
  };
  const top = Math.max(0, ...PRECEDENCE.map(scoreOf), scoreOf('corporate'));

  const official = officialHost(input.feedUrl) ?? officialHost(input.link);
  const citation = extractCitations(`${title}\n${body}`)[0];
  const winner = PRECEDENCE.find((c) => scoreOf(c) >= MIN_SCORE && scoreOf(c) >= CONTENDER_SHARE * top);

  const base = { official: official !== undefined, ...(citation ? { citation } : {}) };
  if (!winner) {
    const corporateHits = byCategory.get('corporate') ?? [];
    const titleName = fields[0]!.sentences[0]?.mentions[0];
    if (input.mentions.length > 0 && (corporateHits.length > 0 || titleName)) {
      const signals = corporateHits.length > 0 ? describeHits(corporateHits) : [`no regulatory signal; headline names ${titleName}`];
      return { category: 'corporate', ...adjustSeverity('corporate', 'low', signals, input.mentions, official), ...base };
    }
    return { category: 'other', severity: 'low', signals: ['no development signal'], ...base };
  }

  const winning = (byCategory.get(winner) ?? []).sort((a, b) => b.score - a.score);
  const signals = describeHits(winning);
  for (const c of PRECEDENCE.slice(PRECEDENCE.indexOf(winner) + 1)) {
    const rival = (byCategory.get(c) ?? []).sort((a, b) => b.score - a.score)[0];
    if (rival && scoreOf(c) >= MIN_SCORE && scoreOf(c) >= CONTENDER_SHARE * top) {
      signals.push(`more specific than ${c} (${quote(rival.matched)})`);
    }
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
  const speculative = winning.filter((h) => h.cue === 'speculative' || (h.cue === 'request' && winner !== 'litigation'));
  // A denial already says nothing happened; do not lower it twice for the request it refused.
  if (!denied && speculative.reduce((s, h) => s + h.score, 0) >= CONTENDER_SHARE * totalScore) {
    severity = step(severity, -1);
    signals.push(`only threatened or proposed (${quote(speculative[0]!.matched)}): severity −1`);
  }

  return { category: winner, ...adjustSeverity(winner, severity, signals, input.mentions, official), ...base };
}

/** True when the text carries a government-action signal (any category but corporate). */
export function hasDevelopmentSignal(text: string): boolean {
  const lower = lowerCase(text);
  for (const rule of SIGNAL_RULES) {
    if (rule.category === 'corporate' || rule.weight < POINTING_WEIGHT) continue;
    rule.pattern.lastIndex = 0;
    const found = rule.pattern.test(lower);
    rule.pattern.lastIndex = 0;
    if (found) return true;
  }
  return false;
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

function buildField(name: Field['name'], text: string, names: string[], split: boolean): Field {
  const spans = split ? splitSentences(text) : text ? [{ text, start: 0, end: text.length }] : [];
  const lower = lowerCase(text);
  const sentences = spans.map((s) => ({
    start: s.start,
    end: s.end,
    proposal: PROPOSAL.test(lower.slice(s.start, s.end)),
    mentions: [] as string[],
  }));
  for (const name of names) {
    const needle = lowerCase(name);
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      const sentence = sentences[sentenceAt(sentences, at)];
      if (sentence && !sentence.mentions.includes(name)) sentence.mentions.push(name);
    }
  }
  return { name, text, lower, sentences };
}

/**
 * Rules that need the item's watched names: "Pakistan blocks TikTok" is a ban although "blocks"
 * alone is not (a court blocks, a company blocks spam).
 */
function entityRules(names: string[]): CompiledRule[] {
  if (names.length === 0) return [];
  const alternatives = names.map((n) => escapeRegExp(lowerCase(n))).join('|');
  const pattern = new RegExp(
    `(?<![0-9a-z])(?:blocks|blocked|blocking|prohibits|outlaws)\\s+(?:[^\\s.;!?]+\\s+){0,2}?(?:${alternatives})`,
    'g',
  );
  return [{ category: 'ban', phrase: 'blocks <watched name>', weight: 2, pattern }];
}

function findHits(field: Field, rules: readonly CompiledRule[], question: boolean): Hit[] {
  const hits: Hit[] = [];
  if (!field.text) return hits;
  for (const [ruleIndex, rule] of rules.entries()) {
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(field.lower); m; m = pattern.exec(field.lower)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      const sentence = field.sentences[sentenceAt(field.sentences, start)];
      // A phrase that runs into the next sentence is two unrelated sentences, not a signal.
      if (!sentence || end > sentence.end) continue;
      const nearName = sentence.mentions[0];
      const prefix = field.lower.slice(Math.max(sentence.start, start - 80), start);
      // "TikTok bans political ads" is the company's own policy, not a ban on it.
      const ownPolicy = rule.category === 'ban' && field.lower.startsWith('bans', start);
      if (ownPolicy && sentence.mentions.some((n) => prefix.endsWith(`${lowerCase(n)} `))) continue;
      const cue =
        (field.name === 'title' && question) || sentence.proposal || SPECULATIVE_CUE.test(prefix) || SPECULATIVE_CUE_HAN.test(prefix)
          ? 'speculative'
          : REQUEST_CUE.test(prefix)
            ? 'request'
            : undefined;
      const score = rule.weight * (field.name === 'title' ? TITLE_FACTOR : 1) * (nearName ? NEAR_ENTITY_FACTOR : 1);
      const matched = field.text.slice(start, end);
      hits.push({ rule, ruleIndex, field: field.name, start, end, matched, nearName, cue, denial: rule.flag === 'denial', score });
    }
    pattern.lastIndex = 0;
  }
  const denials = hits.filter((h) => h.denial);
  for (const hit of hits) {
    if (hit.rule.category === 'litigation' && !hit.denial) {
      hit.denial = denials.some((d) => d.start < hit.end && hit.start < d.end);
    }
  }
  return hits;
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
