// The story rules: whether a report joins a development already seen, read as a list of signals.
// The index (story-index.ts) finds the candidate stories and measures text similarity; this module
// decides. A report joins the live story with the widest margin over its bar that passes every gate:
//
// - entity: at least one watched entity shared (a parent/child pair only on strong text);
// - time: within the window of the story's span of reports (an official text that dates its
//   development is placed at that date: the Federal Register prints an order days after signing);
// - kind: the same category, any pair on strong text, never a pair that marks the next step
//   (category-compatibility.ts: a court ruling on an order is not the order);
// - disagreement: no conflicting subject order number or court docket, and no headline asking for
//   what the story's headlines report done;
// - text: similarity ≥ its bar: TF-IDF cosine over stemmed words, bigrams, domain concepts, dates
//   and citations (a Chinese report against English ones: over concepts, facts and Latin words
//   only), plus bonuses for a shared citation or two unrelated companies named together, minus
//   penalties for different dates, periods, acts and actors. The bar falls for a report close in
//   time to one of the story's when nothing disagrees, and rises for weaker evidence (categories a
//   classifier may confuse, parent/child entities, comparison across languages).
import type { Category } from '../model.ts';
import { categoryCompatibility, type CompatibilityRule } from './category-compatibility.ts';
import { citationsInNormalized, signedOrdersInNormalized, type CitationKey } from './extract-citations.ts';
import { issueDatesInNormalized } from './extract-dates.ts';
import { charClass, CJK_CHAR, LETTER, normalizedTextConcepts, NUMBER, type ConceptMention } from './extract-terms.ts';

/** One item's features, as the pipeline gives them. */
export interface StoryDoc {
  /** Stable item key. */
  itemKey: string;
  /** Watched entities the item names; an item naming none is never grouped (it is its own story). */
  entityIds: string[];
  category: Category;
  /** Plain text. */
  title: string;
  /** Plain text, ≤ 400 characters: the item's summary or description text. */
  summary: string;
  /** Official identifiers found ("EO 13971", "86 FR 1249", "2021-00305"); the text is searched too. */
  citations: string[];
  /** Milliseconds since the epoch: publishedAt when known and plausible, else the first-seen time. */
  at: number;
  /**
   * From an official source (Federal Register, White House): the official text of a development
   * appears up to OFFICIAL_LAG_MS after the news of it.
   */
  official?: boolean;
  /** Its own link: another report's related list may name it. */
  link?: string;
  /** Other outlets' reports of the same development its feed lists with it (a Google News cluster). */
  related?: ReadonlyArray<{ headline: string; url?: string }>;
}

/** The story a doc belongs to and how strongly (the adjusted similarity, roughly 0–1). */
export interface StoryMatch {
  storyId: string;
  score: number;
  /**
   * The story's category, when the doc should take it: a reaction or analysis piece, or a report
   * the classifier found no development in (corporate, other), joining a development's story.
   */
  category?: Category;
}

/** One story considered for a doc, with the verdict: what `explain` reports for diagnostics. */
export interface StoryCandidate {
  storyId: string;
  /** `direct`: a shared entity; `family`: only a parent/child pair of entities; `citation`: the doc names no entity but cites what the story cites; `related`: only related coverage links them. */
  relation: 'direct' | 'family' | 'citation' | 'related';
  /** Adjusted similarity; undefined when the story was ruled out before comparing text. */
  score?: number;
  /** The score this story needed. */
  required?: number;
  accepted: boolean;
  /** Why it was rejected, or which adjustments applied. */
  notes: string[];
  /** When accepted: the story's category, which the doc takes (see StoryMatch.category). */
  category?: Category;
}

export const HOUR = 3_600_000;

// Score adjustments, in units of cosine similarity. Chosen on hand-written rewrites and near misses
// (test/unit/stories/story-corpus.ts) and on half of the labeled eval corpus: large enough to tip a
// borderline pair, small enough that two near-copies still meet.
/** Shared official identifier: strong positive evidence. */
const CITATION_BONUS = 0.12;
/** One report lists the other (or both list one report) as related coverage of its development. */
const RELATED_BONUS = 0.3;
/** Two or more unrelated watched companies (or their apps) named on both sides. */
const ENTITY_BONUS = 0.06;
/** Both name order numbers and none agree, though neither is clearly the report's subject (it may be background). */
const BODY_EO_PENALTY = 0.06;
/** Both name dates and none agree ("Sept 20" vs "Nov 12"). */
const DATE_PENALTY = 0.08;
/** Both name periods and none agree ("45 days" vs "90 days"). */
const PERIOD_PENALTY = 0.06;
/** Both cite Federal Register pages or laws and none agree. */
const SOFT_CITATION_PENALTY = 0.06;
/** One headline names an act the other side never does. */
const ACT_PENALTY = 0.15;
/** The headlines open with different actors. */
const SUBJECT_PENALTY = 0.15;
/**
 * Outlets rewrite a development within hours; the next development about the same entity rarely
 * comes that soon. For a report with nothing against it the bar is the threshold scaled by its
 * distance to the story's nearest report over PROXIMITY_MS (full at that distance or more).
 */
const PROXIMITY_MS = 36 * HOUR;
/** Some words in common are always needed, however close in time. */
const MIN_SIMILARITY = 0.06;
/** How long after it is signed an order may appear in the Federal Register (usually within a week). */
export const OFFICIAL_LAG_MS = 7 * 24 * HOUR;
/**
 * Concepts that name what kind of step a report is about. A report of a court blocking an order
 * says so in its headline; one of the order being signed, of a company asking a court, or of a
 * judge refusing, does not, however alike the rest of the vocabulary.
 */
const ACTS = ['court', 'sue', 'deny', 'intent', 'revoke', 'delay'];
/**
 * The act a headline of this category reports when it names none: "TikTok v. Garland: per curiam
 * opinion…" is a court's step, "Commerce drops its TikTok bans" a revocation.
 */
const IMPLIED_ACTS: Partial<Record<Category, string>> = { litigation: 'court', revocation: 'revoke' };
/**
 * Concepts that name who acted. A headline opens with its subject ("Senate…", "Judge…",
 * "Commerce…"): one opening with the Senate is not a rewrite of one opening with the House.
 */
const ACTORS = new Set(['court', 'house', 'senate', 'congress', 'commerce', 'treasury', 'pentagon', 'president', 'justice']);
/** How many opening words of a headline may hold its subject ("US House votes", "Federal judge blocks"). */
const SUBJECT_WORDS = 3;
/** The concept named by "executive order" / 行政令. */
const ORDER_CONCEPT = 'executive-order';
/** Across languages only concepts, facts and Latin words are compared: coarse, so a higher bar (in strong margins). */
const CROSS_LANGUAGE_MARGINS = 1;
/** Share of CJK characters above which a text counts as written in Chinese. */
const CJK_SHARE = 0.3;

/** What the judging needs of a report besides its terms; kept for each member. */
export interface Facts {
  cjk: boolean;
  citations: CitationKey[];
  /** Order numbers the report is about (in the headline, or signed in the text), not background. */
  subjectOrders: string[];
  dates: string[];
  periods: string[];
  /** Whether it names an executive order, by number or not. */
  namesOrder: boolean;
  /** Concepts named in the title, with the act its category implies: what the report is about. */
  titleConcepts: string[];
  /** The acting body the headline opens with, if any. */
  subject?: string;
  /** The date an official text gives its act ("Executive Order 13942 of August 6"), when up to OFFICIAL_LAG_MS before its own time. */
  datedAt?: number;
  /** The kinds of development the report may be: its category and the instruments its headline names. */
  kinds: Category[];
  /** A court's or a prosecutor's step: its category is litigation, or its headline names a court or a case. */
  court: boolean;
  /** A market-reaction or analysis piece: it reports no development of its own. */
  reaction: boolean;
  official: boolean;
  /** Keys of its own link and headline, and of the reports its related list names (see reportKey). */
  ownKeys: string[];
  relatedKeys: string[];
}
/** What the story's retained members say together, rebuilt whenever they change. */
export interface StorySummary {
  categories: Set<Category>;
  /** Every kind its members may be. */
  kinds: Set<Category>;
  /** The document numbers of its official texts. */
  officialFrdocs: string[];
  /** Its members' own link and headline keys, and those of the reports their related lists name. */
  ownKeys: Set<string>;
  relatedKeys: Set<string>;
  /** Its first report is a court's step. */
  court: boolean;
  /** Every member is a reaction or analysis piece. */
  reactionOnly: boolean;
  /** The category its reports of the development itself have most often (reactions and no-signal reports aside). */
  dominant?: Category;
  /** Entity families (an app counts as its parent company). */
  families: Set<string>;
  citations: Map<string, CitationKey>;
  subjectOrders: string[];
  dates: string[];
  periods: string[];
  /** Its citations' keys by kind. */
  keys: KeysByKind;
  namesOrder: boolean;
  titleConcepts: Set<string>;
  /** The acts its first report's headline names. */
  leadActs: string[];
  subjects: Set<string>;
}
export type Relation = StoryCandidate['relation'];

export const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** The share of CJK characters among the letters and numbers, counted in code points. */
const cjkShare = (text: string): number => {
  // Most reports have no CJK character at all: one regex scan says so (the share is then 0).
  if (!HAS_CJK.test(text)) return 0;
  let letters = 0;
  let cjk = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const cls = charClass(cp);
    if (cls & (LETTER | NUMBER)) letters++;
    if (cls & CJK_CHAR) cjk++;
    i += cp > 0xffff ? 2 : 1;
  }
  return letters ? cjk / letters : 0;
};/** Citation kinds that mark different acts when two reports disagree on them. */
type KeyKind = 'eo' | 'fr' | 'frdoc' | 'docket' | 'publaw';
export type KeysByKind = Record<KeyKind, string[]>;
/** Kinds whose disagreement lowers the score a little (a different order number, docket or subject order weighs more). */
const SOFT_KINDS = ['fr', 'frdoc', 'publaw'] as const;
export const keysByKind = (list: Iterable<CitationKey>): KeysByKind => {
  const out: KeysByKind = { eo: [], fr: [], frdoc: [], docket: [], publaw: [] };
  for (const c of list) if (c.kind !== 'other') out[c.kind].push(c.key);
  return out;
};
const keysOf = (list: Iterable<CitationKey>, kind: CitationKey['kind']): string[] => [...list].filter((c) => c.kind === kind).map((c) => c.key);
/** Whether both lists are non-empty and share no key. */
const disjoint = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length === 0 || b.length === 0) return false;
  for (const k of a) if (b.includes(k)) return false;
  return true;
};
/** The latest of the month-and-day dates (`d:8-6`) that falls up to OFFICIAL_LAG_MS before `at`, at noon UTC. */
function datedBefore(dates: readonly string[], at: number): number | undefined {
  const year = new Date(at).getUTCFullYear();
  let latest: number | undefined;
  for (const d of dates) {
    const m = /^d:(\d+)-(\d+)$/.exec(d);
    if (!m) continue;
    // Years are not extracted: a January report may date a December development.
    for (const y of [year, year - 1]) {
      const t = Date.UTC(y, Number(m[1]) - 1, Number(m[2]), 12);
      if (t <= at && at - t <= OFFICIAL_LAG_MS) latest = Math.max(latest ?? t, t);
    }
  }
  return latest;
}

/**
 * The kinds of development a headline's words point to: what a reader would file it under whatever
 * the classifier chose. A story joins on any pair of kinds (categoryCompatibility), so one rewrite
 * the classifier misread does not split the story.
 */
const KINDS_OF_CONCEPT: Readonly<Record<string, readonly Category[]>> = {
  blacklist: ['export-control', 'investment-restriction'],
  export: ['export-control'],
  'executive-order': ['executive-order'],
  sign: ['executive-order', 'legislation'],
  ban: ['ban'],
  store: ['ban'],
  remove: ['ban'],
  delay: ['executive-order', 'ban'],
  revoke: ['revocation'],
  investigate: ['investigation'],
  fine: ['investigation', 'sanctions'],
  summon: ['investigation'],
  antitrust: ['investigation'],
  bill: ['legislation'],
  sanction: ['sanctions'],
  military: ['investment-restriction'],
};
/**
 * A market reaction: a move of shares "after", "as" or "on" a development ("Huawei suppliers slide
 * after U.S. blacklisting"). An analysis: "what the ruling means", an explainer, a guide.
 */
const MARKET_MOVE =
  /\b(?:falls?|fell|slides?|slumps?|plunges?|sinks?|sank|drops?|dropped|tumbles?|slips?|edges (?:lower|higher)|rebounds?|rall(?:y|ies)|jumps?|surges?|soars?|climbs?|gains?|steadies|wipes)\b[^.;]{0,80}\b(?:after|as|on|amid|following)\b/;
const ANALYSIS =
  /\bwhat\b[^.;]{0,80}\bmeans?\b|\b(?:analysis|explainer|explained|read closely|reading the|lessons?|takeaways?|a guide|guide to|what to know|here'?s what|what holders|should do|checklist|can it)\b/;
const CASE_CAPTION = /^[^:：]{1,60}\bv\.?\s[^:：]{1,60}[:：]/;
const REACTION_ZH = /解读|意味着|谁在受伤|为何|为什么|怎么看|回应|股价|[涨跌](?:超|逾|近|幅)/u;

/** What the rules read of a report's text, found by the index's extractors (it normalises once). */
export interface FactsInput {
  /** Title and summary as given. */
  text: string;
  normalized: string;
  normalizedTitle: string;
  citations: CitationKey[];
  dates: string[];
  periods: string[];
  concepts: readonly ConceptMention[];
}

/** The facts of a report: what it cites, dates and names as its act and actor. */
export function factsOf(doc: StoryDoc, x: FactsInput): Facts {
  const title = normalizedTextConcepts(x.normalizedTitle);
  const named = new Set(title.map((c) => c.name));
  // A court's or a prosecutor's step: "sue" only when done, not vowed.
  const court = doc.category === 'litigation' || named.has('court') || (named.has('sue') && !named.has('intent'));
  // Denying and suing are acts of court steps only: a company "losing" access to chips is no
  // court's denial. A court step names the court, if only by its category.
  let titleConcepts = title.map((c) => c.name);
  if (!court) titleConcepts = titleConcepts.filter((c) => c !== 'deny' && c !== 'sue');
  else if (!named.has('court')) titleConcepts.push('court');
  const implied = IMPLIED_ACTS[doc.category];
  if (implied && !titleConcepts.some((c) => ACTS.includes(c))) titleConcepts.push(implied);
  const kinds = new Set<Category>([doc.category]);
  for (const c of named) for (const k of KINDS_OF_CONCEPT[c] ?? []) kinds.add(k);
  if (court) kinds.add('litigation');
  const t = x.normalizedTitle;
  return {
    cjk: cjkShare(x.text) > CJK_SHARE,
    citations: x.citations,
    subjectOrders: [...new Set([...keysOf(citationsInNormalized(x.normalizedTitle), 'eo'), ...signedOrdersInNormalized(x.normalized)])],
    dates: x.dates,
    periods: x.periods,
    namesOrder: x.concepts.some((c) => c.name === ORDER_CONCEPT),
    titleConcepts,
    // A case caption ("Marland v. Trump: …") names parties, not who acted.
    subject: CASE_CAPTION.test(t) ? undefined : title.find((c) => c.word < SUBJECT_WORDS && ACTORS.has(c.name))?.name,
    datedAt: datedBefore(issueDatesInNormalized(x.normalized), doc.at),
    kinds: [...kinds],
    court,
    reaction: MARKET_MOVE.test(t) || ANALYSIS.test(t) || REACTION_ZH.test(t) || named.has('respond'),
    official: doc.official === true,
    ownKeys: [doc.link && linkKey(doc.link), headlineKey(doc.title)].filter((k): k is string => !!k),
    relatedKeys: (doc.related ?? []).flatMap((r) => [r.url && linkKey(r.url), headlineKey(r.headline)]).filter((k): k is string => !!k),
  };
}

/** A link as a key: no scheme, no "www.", no trailing slash, lower case. */
export const linkKey = (url: string): string | undefined => {
  const k = url.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
  return k ? `u:${k}` : undefined;
};

/** A headline as a key: without a " - Outlet" suffix, letters and digits only; none for a short one. */
export const headlineKey = (headline: string): string | undefined => {
  const text = headline.normalize('NFKC').toLowerCase().replace(/\s+[-–—|]\s+[^-–—|]{1,40}$/u, '');
  const k = text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return k.length >= 12 ? `h:${k}` : undefined;
};

/** The acts a report's headline names (for DocContext). */
export const actsOf = (f: Facts): string[] => f.titleConcepts.filter((c) => ACTS.includes(c));

/** The summary of a story's members; `families` is the story's own set, kept up to date by the index. */
export function summarizeStory(members: ReadonlyArray<Facts & { category: Category }>, families: Set<string>): StorySummary {
  // One pass in member order: the sets and lists come out in the order a rebuild from scratch
  // has always given them (explain() prints some of them).
  const categories = new Set<Category>();
  const citations = new Map<string, CitationKey>();
  const subjectOrders: string[] = [];
  const dates: string[] = [];
  const periods: string[] = [];
  let namesOrder = false;
  const titleConcepts = new Set<string>();
  const subjects = new Set<string>();
  const kinds = new Set<Category>();
  const officialFrdocs: string[] = [];
  const ownKeys = new Set<string>();
  const relatedKeys = new Set<string>();
  const counts = new Map<Category, number>();
  for (const m of members) {
    categories.add(m.category);
    for (const k of m.kinds) kinds.add(k);
    for (const k of m.ownKeys) ownKeys.add(k);
    for (const k of m.relatedKeys) relatedKeys.add(k);
    if (!m.reaction && m.category !== 'corporate' && m.category !== 'other') counts.set(m.category, (counts.get(m.category) ?? 0) + 1);
    for (const c of m.citations) citations.set(c.key, c);
    for (const o of m.subjectOrders) subjectOrders.push(o);
    // An official text dates its publication and effect, not the development: its dates are not compared.
    if (!m.official) for (const x of m.dates) dates.push(x);
    if (m.official) for (const c of m.citations) if (c.kind === 'frdoc' && !officialFrdocs.includes(c.key)) officialFrdocs.push(c.key);
    for (const x of m.periods) periods.push(x);
    if (m.namesOrder) namesOrder = true;
    for (const c of m.titleConcepts) titleConcepts.add(c);
    if (m.subject) subjects.add(m.subject);
  }
  let dominant: Category | undefined;
  for (const [c, n] of counts) if (!dominant || n > counts.get(dominant)!) dominant = c;
  return {
    categories,
    kinds,
    officialFrdocs,
    ownKeys,
    relatedKeys,
    court: members[0]?.court ?? false,
    reactionOnly: members.length > 0 && members.every((m) => m.reaction),
    dominant: dominant ?? members.find((m) => !m.reaction)?.category,
    families,
    citations,
    subjectOrders,
    dates,
    periods,
    keys: keysByKind(citations.values()),
    namesOrder,
    titleConcepts,
    leadActs: (members[0]?.titleConcepts ?? []).filter((c) => ACTS.includes(c)),
    subjects,
  };
}

/** What judging needs of the doc beyond its facts, worked out once per lookup. */
export interface DocContext {
  doc: StoryDoc;
  features: Facts;
  keys: KeysByKind;
  /** Its entities' families, each once. */
  families: string[];
  /** The acts its headline names. */
  acts: string[];
  /** Set by findStory: only verdicts and accepted scores matter, not a rejected story's exact score. */
  verdictOnly: boolean;
}

/** What a verdict-only comparison needs: the text score the same-language route must reach, and whether the cross-language route counts. */
export interface VerdictOnly {
  same: number;
  cross: boolean;
}

/** What the rules read of a candidate story (the index keeps it up to date). */
export interface StoryView {
  id: string;
  /** The first member's category. */
  category: Category;
  summary: StorySummary;
  lastAt: number;
  /** The earliest time or date a member gives the development. */
  firstDated: number;
  memberAts: readonly number[];
  /** Whether each member is an official text, in member order. */
  memberOfficial: readonly boolean[];
}

/** How far apart two reports are in time; an official text is no distance from news of up to OFFICIAL_LAG_MS before it. */
function distance(a: number, aOfficial: boolean, b: number, bOfficial: boolean): number {
  const [news, official] = aOfficial && !bOfficial ? [b, a] : bOfficial && !aOfficial ? [a, b] : [undefined, undefined];
  if (news === undefined || official === undefined) return Math.abs(a - b);
  return news > official ? news - official : Math.max(0, official - OFFICIAL_LAG_MS - news);
}

/** The text similarity of the doc to the story, by language route (see story-index.ts). */
export interface TextScores {
  same?: number;
  cross?: number;
}

/** The index's knobs the rules read. */
export interface Bars {
  windowMs: number;
  threshold: number;
  strongMargin: number;
}

/**
 * The verdict on one candidate story. `compareText` measures text similarity (counted as one
 * comparison); with a VerdictOnly it may stop early when the bar cannot be reached.
 */
export function judgeStory(d: DocContext, story: StoryView, relation: Relation, compareText: (verdictOnly?: VerdictOnly) => TextScores, bars: Bars): StoryCandidate {
  const { windowMs, threshold, strongMargin } = bars;
  const { doc, features } = d;
  const result: StoryCandidate = { storyId: story.id, relation, accepted: false, notes: [] };
  // Notes are for explain(); findStory() reads only verdicts and scores, so it builds none (the
  // optional call skips building the note's text too).
  const notes = d.verdictOnly ? undefined : result.notes;
  const s = story.summary;
  // An official text is placed at the date it gives its act, or up to OFFICIAL_LAG_MS earlier.
  const docStart = Math.min(doc.at - (features.official ? OFFICIAL_LAG_MS : 0), features.datedAt ?? doc.at);
  const gap = doc.at < story.firstDated ? story.firstDated - doc.at : docStart > story.lastAt ? docStart - story.lastAt : 0;
  if (gap > windowMs) {
    notes?.push(`outside window (${Math.round(gap / HOUR)} h)`);
    return result;
  }
  // A court's step is never a rewrite of the act it rules on, however alike the words: the court
  // boundary is read from the headline as well as the category, so a misread rewrite stays on its side.
  if (features.court !== s.court) {
    notes?.push(features.court ? 'a court step never joins the act it is about' : 'the story is a court step; this report is not');
    return result;
  }
  // Kinds: any of the doc's against any of the story's; a reaction or analysis piece joins the
  // development it reacts to, whatever its words were classified as.
  const open = features.reaction || s.reactionOnly;
  const rule = open || s.categories.has(doc.category) ? 'none' : kindRule(features.kinds, s.kinds);
  if (!rule) {
    notes?.push(`kind ${features.kinds.join('/')} never joins ${[...s.kinds].join('/')}`);
    return result;
  }
  if (open) notes?.push(features.reaction ? 'reaction or analysis piece' : 'the story holds only reactions');

  // Reports about different order numbers, or from different dockets, report different acts
  // however alike the wording.
  if (disjoint(features.subjectOrders, s.subjectOrders)) {
    notes?.push(`different order (${features.subjectOrders.join(',')} vs ${[...new Set(s.subjectOrders)].join(',')})`);
    return result;
  }
  // Two official documents with different numbers are two documents, however alike their titles.
  if (features.official && s.officialFrdocs.length && disjoint(d.keys.frdoc, s.officialFrdocs)) {
    notes?.push(`different official document (${d.keys.frdoc.join(',')} vs ${s.officialFrdocs.join(',')})`);
    return result;
  }
  if (disjoint(d.keys.docket, s.keys.docket)) {
    notes?.push(`different docket (${d.keys.docket.join(',')} vs ${s.keys.docket.join(',')})`);
    return result;
  }
  const shared = features.citations.some((c) => s.citations.has(c.key));
  if (rule === 'citation-and-strong-text' && !shared) {
    notes?.push(`${doc.category} joins ${story.category} only on a shared citation`);
    return result;
  }
  // "Signed an executive order" next to "Executive Order 13971": both name an order and their
  // numbers do not conflict (ruled out above), so they may well mean the same one.
  const sameOrder = shared || (features.namesOrder && s.namesOrder);

  let adjust = 0;
  // Related coverage: a news aggregator's cluster lists the other's report, or both list one report.
  const linked = features.relatedKeys.some((k) => s.ownKeys.has(k) || s.relatedKeys.has(k)) || features.ownKeys.some((k) => s.relatedKeys.has(k));
  if (linked) {
    adjust += RELATED_BONUS;
    notes?.push('listed together as related coverage');
  } else if (relation === 'related') {
    notes?.push('no shared entity');
    return result;
  }
  if (shared) {
    adjust += CITATION_BONUS;
    notes?.push('shared citation');
  }
  // Two unrelated watched companies named together (SMIC and CNOOC; eight apps of five owners)
  // mark one announcement better than most words do.
  let sharedFamilies = 0;
  for (const f of d.families) if (s.families.has(f)) sharedFamilies++;
  if (sharedFamilies >= 2) {
    adjust += ENTITY_BONUS;
    notes?.push(`${sharedFamilies} companies shared`);
  }
  // Evidence against: a report that disagrees gets no credit for being close in time. Each
  // penalty is subtracted in this order (the sum's rounding depends on it).
  let against = 0;
  if (disjoint(d.keys.eo, s.keys.eo)) {
    adjust -= BODY_EO_PENALTY;
    against++;
    notes?.push('different order numbers');
  }
  for (const kind of SOFT_KINDS) {
    if (!disjoint(d.keys[kind], s.keys[kind])) continue;
    adjust -= SOFT_CITATION_PENALTY;
    against++;
    notes?.push(`different ${kind}`);
  }
  if (!features.official && disjoint(features.dates, s.dates)) {
    adjust -= DATE_PENALTY;
    against++;
    notes?.push('different dates');
  }
  if (disjoint(features.periods, s.periods)) {
    adjust -= PERIOD_PENALTY;
    against++;
    notes?.push('different periods');
  }
  // Each act the doc's headline names must appear in one of the story's headlines, and each act
  // the story's first headline names must appear in the doc's.
  // A ruling against a request names the request: "Judge tosses DJI's bid", "大疆起诉…败诉". Beside a
  // denial, asking and suing are what was refused, not the act reported.
  const decisive = (acts: readonly string[]) => (acts.includes('deny') ? acts.filter((a) => a !== 'intent' && a !== 'sue') : acts);
  // A reaction or analysis piece names the reaction's acts ("pledges to comply"), or none: its
  // acts are not compared (the court boundary above still holds).
  const docActs = features.reaction ? [] : decisive(d.acts);
  const leadActs = features.reaction ? [] : decisive(s.leadActs);
  // Upholding a law is denying the challenge to it: "TikTok loses" rewrites "Court upholds the law".
  const storyHas = (c: string) => s.titleConcepts.has(c) || (c === 'deny' && s.titleConcepts.has('uphold'));
  const missing: string[] = [];
  for (const c of docActs) if (!storyHas(c)) missing.push(c);
  for (const c of leadActs) if (!docActs.includes(c) && !d.acts.includes(c) && !missing.includes(c)) missing.push(c);
  if (missing.length) {
    adjust -= ACT_PENALTY;
    against++;
    notes?.push(`act not shared (${missing.join(',')})`);
  }
  const otherSubject = !!features.subject && s.subjects.size > 0 && !s.subjects.has(features.subject) && !s.titleConcepts.has(features.subject);
  if (otherSubject) {
    adjust -= SUBJECT_PENALTY;
    against++;
    notes?.push(`different subject (${features.subject} vs ${[...s.subjects].join(',')})`);
  }
  // Asking, promising or planning is not the act: "TikTok asks a judge to halt the ban" and
  // "judge halts the ban" share nearly every word, and are still the request and the ruling. The
  // headlines then name the same thing (court, halt), one as asked and one as done; a headline
  // about a plan that names nothing the other's do ("Alibaba jumps on breakup plan") is only
  // worded differently.
  if (missing.includes('intent') && features.titleConcepts.some((c) => c !== 'intent' && s.titleConcepts.has(c))) {
    notes?.push('rejected: the act differs');
    if (d.verdictOnly) return result;
    const text = compareText();
    result.score = Math.max(text.same ?? -Infinity, text.cross ?? -Infinity) + adjust;
    return result;
  }

  const strong = relation === 'family' || rule === 'strong-text' || rule === 'citation-and-strong-text' || (rule === 'citation-or-strong-text' && !sameOrder);
  let nearest = Infinity;
  story.memberAts.forEach((at, i) => {
    nearest = Math.min(nearest, distance(doc.at, features.official, at, story.memberOfficial[i] === true));
  });
  // A reaction follows its development by a day or two (markets open, analysts write): closeness counts over twice as long.
  const proximity = features.reaction ? 2 * PROXIMITY_MS : PROXIMITY_MS;
  const bar = against ? threshold : Math.min(threshold, Math.max(MIN_SIMILARITY, (threshold * nearest) / proximity));
  const sameRequired = bar + (strong ? strongMargin : 0);
  const crossRequired = bar + Math.max(CROSS_LANGUAGE_MARGINS * strongMargin, strong ? strongMargin : 0);
  // A Chinese headline's verb maps to a concept less surely (暂缓: halt or delay?): across
  // languages, only acts that contradict each other are decisive, not an act one side leaves out.
  const storyActs = [...s.titleConcepts].filter((c) => ACTS.includes(c));
  // A court granting and a court denying contradict each other, in any language.
  const actsConflict = (docActs.length > 0 && storyActs.length > 0 && docActs.every((a) => !storyActs.includes(a))) || docActs.includes('deny') !== storyActs.includes('deny');
  const crossAllowed = !actsConflict && !otherSubject;
  const text = compareText(d.verdictOnly ? { same: sameRequired - adjust, cross: crossAllowed } : undefined);
  const crossOk = text.cross !== undefined && crossAllowed;
  const sameMargin = text.same === undefined ? -Infinity : text.same + adjust - sameRequired;
  const crossMargin = crossOk ? text.cross! + adjust - crossRequired : -Infinity;
  if (sameMargin === -Infinity && crossMargin === -Infinity) {
    notes?.push('compared across languages', 'rejected: the act differs');
    result.score = (text.cross ?? 0) + adjust;
    return result;
  }
  const cross = crossMargin > sameMargin;
  if (cross) notes?.push('compared across languages');
  result.score = (cross ? text.cross! : text.same!) + adjust;
  result.required = cross ? crossRequired : sameRequired;
  result.accepted = result.score >= result.required;
  // A reaction, or a report with no development signal, takes the category of the development.
  if (result.accepted && s.dominant && s.dominant !== doc.category && (features.reaction || doc.category === 'corporate' || doc.category === 'other')) {
    result.category = s.dominant;
    notes?.push(`takes the story's category ${s.dominant}`);
  }
  return result;
}

/** How strict each rule is, least first. */
const STRICTNESS: readonly CompatibilityRule[] = ['none', 'citation-or-strong-text', 'strong-text', 'citation-and-strong-text'];

/** The least strict rule over every pair of the doc's and the story's kinds; undefined when no pair may join. */
function kindRule(doc: readonly Category[], story: ReadonlySet<Category>): CompatibilityRule | undefined {
  let best: CompatibilityRule | undefined;
  for (const a of doc) {
    for (const b of story) {
      const r = categoryCompatibility(a, b);
      if (r && (!best || STRICTNESS.indexOf(r) < STRICTNESS.indexOf(best))) best = r;
      if (best === 'none') return best;
    }
  }
  return best;
}
