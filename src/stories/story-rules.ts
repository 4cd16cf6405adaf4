// The story rules: whether a report joins a development already seen, read as a list of signals.
// story-facts.ts reads each report's facts once; story-index.ts finds the candidate stories (by
// shared entity, official identifier or related coverage) and measures text similarity; this
// module decides. A report joins the live story with the widest margin over its bar that passes:
//
// - time: within the window of the story's reports; an official text is placed up to a week
//   before it is printed (or at the date it gives its act);
// - court boundary: a court's step (by category or headline) never joins the act it rules on; a
//   headline opening with another actor ("Biden's order…") is no court's step whatever its category;
// - kind: any of the report's kinds (category, instruments its headline names) against any of the
//   story's, by category-compatibility.ts; reaction and analysis pieces join any kind;
// - disagreement that rules out: a different subject order number, court docket, or official
//   document number between two official texts; a headline asking for what the story reports done;
// - evidence for: a shared citation, related coverage (a listed headline nearly the story's own
//   counts), two unrelated companies named together, an official text of the same entity and kind
//   printed within a week after the news of it;
//   against: different dates, periods, acts (granted vs denied) or acting bodies;
// - an official text that names no watched entity and cites nothing the news cites meets news of
//   the same kind of act only on dates that agree, with nothing against, at the full text bar;
// - text similarity, which settles the rest: its bar falls for a report close in time to one of the
//   story's when nothing disagrees (reactions: over twice as long), and rises for weaker evidence
//   (kinds a classifier may confuse, parent/child entities, comparison across languages, where only
//   contradicting acts are decisive).
// A reaction, or a report with no development signal of its own, takes the story's category.
//
// Over 400 lines on purpose: one small function per signal above, kept beside the list so the
// decision reads in one place.
import type { Category } from '../model.ts';
import { categoryCompatibility, type CompatibilityRule } from './category-compatibility.ts';
import type { CitationKey } from './extract-citations.ts';
import { ACTS, HOUR, keysByKind, nearlySameHeadline, OFFICIAL_LAG_MS, ownCitations, type Facts, type KeysByKind, type StoryDoc } from './story-facts.ts';

export type { StoryDoc } from './story-facts.ts';

/** The story a doc belongs to and how strongly (the adjusted similarity, roughly 0–1). */
export interface StoryMatch {
  storyId: string;
  score: number;
  /**
   * The story's category, when the doc should take it: a reaction or analysis piece, or a report
   * the classifier found no development in (corporate, other), joining a development's story.
   */
  category?: Category;
  /**
   * Stories holding only official texts that name no watched entity (no channel has heard of
   * them) which the doc would have joined too: they are one development with the story it joins.
   */
  absorbs?: string[];
}

/** One story considered for a doc, with the verdict: what `explain` reports for diagnostics. */
export interface StoryCandidate {
  storyId: string;
  /** `direct`: a shared entity; `family`: only a parent/child pair of entities; `citation`: the doc names no entity but cites what the story cites; `related`: only related coverage links them; `official`: an official text naming no entity and news of the signing it records; `signed`: official texts of orders signed the same day. */
  relation: 'direct' | 'family' | 'citation' | 'related' | 'official' | 'signed';
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


// Score adjustments, in units of cosine similarity. Chosen on hand-written rewrites and near misses
// (test/unit/stories/story-corpus.ts) and on half of the labeled eval corpus: large enough to tip a
// borderline pair, small enough that two near-copies still meet.
/** Shared official identifier: strong positive evidence. */
const CITATION_BONUS = 0.12;
/** One report lists the other (or both list one report) as related coverage of its development. */
const RELATED_BONUS = 0.3;
/** An official text and news of its act shortly before it, about the same entity and kind (see officialOfNews). */
const OFFICIAL_BONUS = 0.12;
/** An official text of an order naming no watched entity and news of an order signed on its dates (see bothOrders). */
const ORDER_TEXT_BONUS = 0.06;
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
/** Across languages only concepts, facts and Latin words are compared: coarse, so a higher bar (in strong margins). */
const CROSS_LANGUAGE_MARGINS = 1;
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
  /** Whether its first report's headline halts something, or denies or upholds (a court's answer). */
  leadHalts: boolean;
  leadDenies: boolean;
  /** Its first report is in Chinese (its headline's verbs map to acts less surely). */
  leadCjk: boolean;
  subjects: Set<string>;
}
export type Relation = StoryCandidate['relation'];

/** Kinds whose disagreement lowers the score a little (a different order number, docket or subject order weighs more). */
const SOFT_KINDS = ['fr', 'frdoc', 'publaw'] as const;
/** Whether both lists are non-empty and share no key. */
const disjoint = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length === 0 || b.length === 0) return false;
  for (const k of a) if (b.includes(k)) return false;
  return true;
};
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
    for (const c of ownCitations(m)) citations.set(c.key, c);
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
    leadHalts: members[0]?.titleConcepts.includes('halt') ?? false,
    leadDenies: members[0] ? refuses(members[0].titleConcepts) : false,
    leadCjk: members[0]?.cjk ?? false,
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
  /** The posting of the day an official text of an order was signed or printed, when the doc is one. */
  signedOn?: string;
}

/** What a verdict-only comparison needs: the text score the same-language route must reach, and whether the cross-language route counts. */
export interface VerdictOnly {
  same: number;
  cross: boolean;
}

/** What the rules read of a candidate story (the index keeps it up to date). */
export interface StoryView {
  id: string;
  /** The postings it is listed under (a signing day among them: see story-index.ts). */
  postingKeys: ReadonlySet<string>;
  /** The first member's category. */
  category: Category;
  summary: StorySummary;
  lastAt: number;
  /** The earliest time or date a member gives the development. */
  firstDated: number;
  memberAts: readonly number[];
  /** Whether each member is an official text, in member order. */
  memberOfficial: readonly boolean[];
  /** The date each member gives its act, when an official text gives one (Facts.datedAt). */
  memberDated: readonly (number | undefined)[];
}

/**
 * Whether news and an official text naming no watched entity tell of one signing: the news comes
 * within a day before or two after the date the text gives its act, or (a text giving none) up to
 * OFFICIAL_LAG_MS before it is printed and no later than a day and a half after.
 */
function signedTogether(d: DocContext, story: StoryView): boolean {
  const fits = (news: number, text: number, dated: number | undefined) =>
    dated !== undefined ? news >= dated - 24 * HOUR && news <= dated + 48 * HOUR : news >= text - OFFICIAL_LAG_MS && news <= text + 36 * HOUR;
  const { doc, features } = d;
  for (let i = 0; i < story.memberAts.length; i++) {
    const official = story.memberOfficial[i] === true;
    if (official === features.official) continue;
    if (features.official ? fits(story.memberAts[i]!, doc.at, features.datedAt) : fits(doc.at, story.memberAts[i]!, story.memberDated[i])) return true;
  }
  return false;
}

/** Whether one side is an official text and the other has news of up to OFFICIAL_LAG_MS before it. */
function officialOfNews(at: number, official: boolean, story: StoryView): boolean {
  for (let i = 0; i < story.memberAts.length; i++) {
    if (story.memberOfficial[i] === official) continue;
    const [news, text] = official ? [story.memberAts[i]!, at] : [at, story.memberAts[i]!];
    if (news <= text && text - news <= OFFICIAL_LAG_MS) return true;
  }
  return false;
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
  // A market reaction or analysis piece reports no step of its own: it may follow a ruling as
  // well as an act, and its words say which.
  if (features.court !== s.court && !features.reaction) {
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

  // Orders signed the same day, whose official texts read alike, were signed together: one
  // development under two numbers (checked below at the full text bar).
  // The story may share an entity with the doc as well: the signing day still marks them.
  const together = relation === 'signed' || (d.signedOn !== undefined && story.postingKeys.has(d.signedOn));
  if (together) notes?.push('official texts of orders signed the same day');
  // Reports about different order numbers, or from different dockets, report different acts
  // however alike the wording.
  if (!together && disjoint(features.subjectOrders, s.subjectOrders)) {
    notes?.push(`different order (${features.subjectOrders.join(',')} vs ${[...new Set(s.subjectOrders)].join(',')})`);
    return result;
  }
  // Two official documents with different numbers are two documents, however alike their titles.
  if (!together && features.official && s.officialFrdocs.length && disjoint(d.keys.frdoc, s.officialFrdocs)) {
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
  // The same report may be listed under a slightly different headline than its own feed gives it.
  const linked =
    features.relatedKeys.some((k) => s.ownKeys.has(k) || s.relatedKeys.has(k)) ||
    features.ownKeys.some((k) => s.relatedKeys.has(k)) ||
    (s.relatedKeys.size > 0 && nearlySameHeadline(features.ownKeys, s.relatedKeys)) ||
    (features.relatedKeys.length > 0 && nearlySameHeadline(features.relatedKeys, s.ownKeys));
  if (linked) {
    adjust += RELATED_BONUS;
    notes?.push('listed together as related coverage');
  } else if (relation === 'related') {
    notes?.push('no shared entity');
    return result;
  } else if (relation === 'official') {
    // Only the act links them: it must be the same kind, and the dates must agree.
    // A presidential document and news of an order's act (a revocation, say) its title never names.
    const orderOfNews = features.kinds.includes('executive-order') && s.namesOrder;
    if ((rule !== 'none' && !orderOfNews) || !signedTogether(d, story)) {
      notes?.push(rule !== 'none' ? 'an official text joins only news of its own kind' : 'the official text and the news give different dates');
      return result;
    }
    notes?.push('official text and news of a signing on the same dates');
  }
  // A presidential document and news of an order signed on the dates it gives: most of what they
  // share is the act, whose words the official title rarely repeats.
  const bothOrders = relation === 'official' && (features.namesOrder || features.kinds.includes('executive-order')) && (s.namesOrder || s.kinds.has('executive-order'));
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
  // Across languages a verb maps to an act less surely (暂缓: halt or delay?): the first report's
  // acts are required only of a report in its language.
  // An official text's title is the instrument's formal name, which rarely repeats the verb news
  // uses for its act ("Protecting Americans' Sensitive Data…" revokes three orders).
  const leadActs = features.reaction || features.official || features.cjk !== s.leadCjk ? [] : decisive(s.leadActs);
  // Upholding a law is denying the challenge to it: "TikTok loses" rewrites "Court upholds the law".
  const storyHas = (c: string) => s.titleConcepts.has(c) || (c === 'deny' && s.titleConcepts.has('uphold'));
  const missing: string[] = [];
  for (const c of docActs) if (!storyHas(c)) missing.push(c);
  const docHas = (c: string) => docActs.includes(c) || d.acts.includes(c) || (c === 'deny' && features.titleConcepts.includes('uphold'));
  for (const c of leadActs) if (!docHas(c) && !missing.includes(c)) missing.push(c);
  // An official text records an act done: never the promise or request a story began with.
  if (features.official && s.leadActs.includes('intent') && !linked && !shared) {
    notes?.push('rejected: an official text of the act, and a story of its promise or request');
    return result;
  }
  // A court granting what another refused: one headline halts, the other denies ("denies a
  // restraining order" names the halt it refused).
  const docDenies = refuses(features.titleConcepts);
  const docGrants = features.titleConcepts.includes('halt') && !docDenies;
  const leadGrants = s.leadHalts && !s.leadDenies;
  if (features.court && !features.reaction && leadActs.length > 0 && ((docGrants && s.leadDenies) || (docDenies && leadGrants))) {
    notes?.push('rejected: a court granting and a court refusing');
    return result;
  }
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
  // An official text and the news of its act: the Federal Register prints an order days after the
  // news of its signing, under a title the news rarely repeats ("Addressing the Threat Posed by
  // TikTok…"). The same entity, the same kind and that order in time are evidence of their own,
  // when nothing disagrees.
  if (!against && bothOrders) {
    adjust += ORDER_TEXT_BONUS;
    notes?.push('an order and news of its signing');
  }
  if (!against && relation === 'direct' && rule === 'none' && officialOfNews(doc.at, features.official, story)) {
    adjust += OFFICIAL_BONUS;
    notes?.push('official text of the reported act');
  }
  // Asking, promising or planning is not the act: "TikTok asks a judge to halt the ban" and
  // "judge halts the ban" share nearly every word, and are still the request and the ruling. The
  // headlines then name the same thing (court, halt), one as asked and one as done; a headline
  // about a plan that names nothing the other's do ("Alibaba jumps on breakup plan") is only
  // worded differently.
  // An aggregator listing the two together has read both articles: its grouping outweighs a verb.
  if (!linked && missing.includes('intent') && features.titleConcepts.some((c) => c !== 'intent' && s.titleConcepts.has(c))) {
    notes?.push('rejected: the act differs');
    if (d.verdictOnly) return result;
    const text = compareText();
    result.score = Math.max(text.same ?? -Infinity, text.cross ?? -Infinity) + adjust;
    return result;
  }

  // Orders of one day share the date and the form of every presidential document: only words
  // that meet well beyond those mark orders signed together.
  const strong = together || relation === 'family' || rule === 'strong-text' || rule === 'citation-and-strong-text' || (rule === 'citation-or-strong-text' && !sameOrder);
  let nearest = Infinity;
  // An official text that dates its act is placed at that date, as news of it would be.
  const docDated = features.official && features.datedAt !== undefined;
  story.memberAts.forEach((at, i) => {
    const dated = story.memberOfficial[i] === true ? story.memberDated[i] : undefined;
    nearest = Math.min(nearest, distance(docDated ? features.datedAt! : doc.at, features.official && !docDated, dated ?? at, story.memberOfficial[i] === true && dated === undefined));
  });
  // A reaction follows its development by a day or two (markets open, analysts write): closeness counts over twice as long.
  const proximity = features.reaction ? 2 * PROXIMITY_MS : PROXIMITY_MS;
  // Nearness in time is what an official text and the news of its signing have anyway: their words must meet in full.
  if (relation === 'official' && against) {
    notes?.push('rejected: evidence against an official text joining on its act alone');
    return result;
  }
  const bar = against || relation === 'official' || together ? threshold : Math.min(threshold, Math.max(MIN_SIMILARITY, (threshold * nearest) / proximity));
  const sameRequired = bar + (strong ? strongMargin : 0);
  const crossRequired = bar + Math.max(CROSS_LANGUAGE_MARGINS * strongMargin, strong ? strongMargin : 0);
  // A Chinese headline's verb maps to a concept less surely (暂缓: halt or delay?): across
  // languages, only acts that contradict each other are decisive, not an act one side leaves out.
  const storyActs = [...s.titleConcepts].filter((c) => ACTS.includes(c));
  // A court granting and a court denying contradict each other, in any language.
  const actsConflict = (docActs.length > 0 && storyActs.length > 0 && docActs.every((a) => !storyActs.includes(a))) || docActs.includes('deny') !== storyActs.includes('deny');
  // Across languages the words are coarse: two disagreements (dates and acts, say) rule it out.
  const crossAllowed = !actsConflict && !otherSubject && (against < 2 || linked || shared);
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

/** A court's answer refusing a request: a denial, or upholding what was challenged. */
function refuses(concepts: readonly string[]): boolean {
  return concepts.includes('deny') || concepts.includes('uphold');
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
