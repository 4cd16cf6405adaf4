// The windowed story index: the mechanics of grouping reports into developments. It finds the
// candidate stories of a report (entity postings), keeps the vocabulary and document frequencies of
// the live stories, measures text similarity, and forgets what leaves the window. Whether a report
// joins a story is story-rules.ts's decision. Pure and in memory; the pipeline keeps one per
// process and rebuilds it from the store's recent story items at start-up, so a restart changes no
// decision.
//
// Longer than most modules on purpose: the vocabulary, the cached member vectors and the per-lookup
// scratch arrays share term ids, and keeping them in one closure keeps lookups allocation-free.
//
// Invariants:
// - Candidates come only from the entity postings (entity id → live stories naming it); nothing
//   ever scans all stories, so a lookup costs what the doc's own entities cost in the window.
// - Every structure holds live stories only: prune() removes a story from the postings, the
//   vocabulary and its document frequencies, and the story map together, so memory is bounded by
//   the window.
// - A story keeps at most `maxMembers` member vectors (the first report and the latest ones);
//   document frequencies count stories, not items, so a story reprinted by fifty outlets does not
//   make its own words look common.
// - A member's text is analysed once, when it is added, into term ids and weights; a lookup
//   only multiplies numbers (the IDF changes with every story, so weights are applied per lookup;
//   a member keeps its weighted vector until the IDF of one of its terms changes).
// - Every sum is taken in the same order however much is cached, so scores do not depend on
//   what was cached: replaying the same docs gives bit-identical scores.
import type { Category, Entity } from '../model.ts';
import { normalizeCitations, citationsInNormalized, type CitationKey } from './extract-citations.ts';
import { datesInNormalized } from './extract-dates.ts';
import { analyzeNormalizedText, CONCEPT_PREFIX, extractTerms, normalizeText } from './extract-terms.ts';
import { actsOf, factsOf, HAS_CJK, HOUR, keysByKind, OFFICIAL_LAG_MS, ownCitations, signedAct, type Facts, type StoryDoc } from './story-facts.ts';
import { judgeStory, summarizeStory, type DocContext, type Relation, type StoryCandidate, type StoryMatch, type StorySummary, type VerdictOnly } from './story-rules.ts';

export type { StoryDoc } from './story-facts.ts';
export type { StoryCandidate, StoryMatch } from './story-rules.ts';

export interface StoryIndex {
  /** The story this doc belongs to, or undefined when it starts a new one. Does not modify the index. */
  findStory(doc: StoryDoc): StoryMatch | undefined;
  /** Every candidate story with its score and verdict, widest margin over its bar first (for logs and the eval tool). */
  explain(doc: StoryDoc): StoryCandidate[];
  /** Records that doc joined storyId (new or existing). Re-adding an item key replaces that member. */
  add(storyId: string, doc: StoryDoc): void;
  /** Forgets one story (its members moved to another). */
  remove(storyId: string): void;
  /** Forgets stories whose last item is older than now − window. */
  prune(now: number): void;
  /** Stories held. */
  readonly size: number;
  /** Story text comparisons made so far (cost observable: it must not grow with history). */
  readonly comparisons: number;
}

/** What the index needs to know about a watched entity (a catalog `Entity` fits). */
export type StoryEntityInfo = Pick<Entity, 'name' | 'aliases'> & Partial<Pick<Entity, 'parent' | 'weakAliases' | 'variants' | 'weakVariants'>>;

export interface StoryIndexOptions {
  /** How far apart in time two reports of one development may be. @default 72 h */
  windowMs?: number;
  /** Minimum adjusted similarity for a same-category, shared-entity join of reports 36 h or more apart (closer ones need less). @default 0.14 */
  threshold?: number;
  /**
   * Added to the threshold when the evidence is weaker: categories a classifier may confuse, or
   * entities related only as parent and child. @default 0.08
   */
  strongMargin?: number;
  /** Member vectors kept per story. @default 12 */
  maxMembers?: number;
  /**
   * Catalog lookup (pass it: grouping is markedly less precise without). With it, the entities'
   * own names weigh less, since every report names them, and an item about a parent company may
   * join a story about its app on strong text agreement. Names are read once per entity id.
   */
  entity?: (id: string) => StoryEntityInfo | undefined;
}
/** Text that may cite an order, a document or a docket: the digits every such citation has. */
const CITATION_HINT = /\d{4}/;
const RELATION_RANK: Record<Relation, number> = { direct: 0, family: 1, citation: 2, related: 3, official: 4, signed: 5 };
/** Official identifiers a story is listed under, for reports that name no watched entity. */
/** Postings of stories holding news of a signed act, and of those holding an official text of one that names no watched entity. */
const OFFICIAL_ACT_NEWS = 'o:news';
const OFFICIAL_ACT_TEXT = 'o:text';
/**
 * Postings of stories holding an official text of an order signed on a day (or, when the text
 * gives no date, printed on it): orders signed together ("twin executive orders") are one
 * development, though each names its own entity, and the Federal Register prints them together.
 */
const signedOnKey = (at: number, f: Facts): string | undefined => {
  if (!f.official || !f.kinds.includes('executive-order')) return undefined;
  return f.datedAt !== undefined ? `s:signed:${Math.floor(f.datedAt / (24 * HOUR))}` : `s:printed:${Math.floor(at / (24 * HOUR))}`;
};
const CITED_KINDS: ReadonlySet<CitationKey['kind']> = new Set(['eo', 'frdoc', 'docket', 'publaw']);
/** Weight of the watched entities' own names in the text vectors: every report names them. */
const ENTITY_NAME_WEIGHT = 0.5;
/** Dates, periods and citations join the text vector too: every rewrite repeats them. */
const FACT_WEIGHT = 1;
/** A doc's analysis: its facts and its terms. */
interface Features extends Facts {
  /** Word, bigram, concept, date and citation terms in analysis order, and their weights. */
  terms: string[];
  weights: number[];
  /**
   * 1 for the terms compared across languages: concepts, dates, periods, numbers and citations,
   * and in a Chinese report also its Latin words ("1260H", "OFAC"), which English writes the same way.
   */
  cross: Uint8Array;
  /**
   * Each term's id when loadDoc() last looked it up, -1 if it had none: add() after findStory()
   * reuses those still naming the same term rather than look each up again.
   */
  ids: Int32Array;
}
interface Member extends Facts {
  itemKey: string;
  at: number;
  category: Category;
  /** Term ids, their weights, and 1 where the term is compared across languages. */
  ids: Int32Array;
  weights: Float32Array;
  cross: Uint8Array;
  /** weights × IDF and its length, as of idfEpoch `valuesEpoch` and dfClock tick `valuesStamp` (see memberDot). */
  values: Float64Array;
  norm: number;
  valuesEpoch: number;
  valuesStamp: number;
}
interface StoryRecord {
  id: string;
  /** Creation order, for deterministic candidate order and ties. */
  seq: number;
  /** The first member's category. */
  category: Category;
  /** The postings it is listed under (`e:` its entities, `p:` their parents), removed on prune. */
  postingKeys: Set<string>;
  /** The families of its `e:` postings, in their order (the summary's). */
  families: Set<string>;
  firstAt: number;
  lastAt: number;
  /** firstAt, or an earlier date a member names for the development. */
  firstDated: number;
  /** The story counts in a term's frequency while one of these holds it (see countMember). */
  members: Member[];
  /** The members' times, in member order: read for every comparison, kept apart to be read cheaply. */
  memberAts: number[];
  memberOfficial: boolean[];
  memberDated: Array<number | undefined>;
  summary: StorySummary;
  /** Every member is an official text naming no watched entity: a story no channel has heard of. */
  officialOnly: boolean;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** Whether two docs have the same fields (the features depend on nothing else). */
const sameDoc = (a: StoryDoc, b: StoryDoc): boolean =>
  a.itemKey === b.itemKey && a.category === b.category && a.title === b.title && a.summary === b.summary && a.at === b.at && a.official === b.official && a.link === b.link && a.related === b.related && sameList(a.entityIds, b.entityIds) && sameList(a.citations, b.citations);

/** A doc's time is computed by the pipeline; a non-number would silently void every time check. */
function assertTime(doc: StoryDoc): void {
  if (!Number.isFinite(doc.at)) {
    throw new TypeError(`story index: doc ${JSON.stringify(doc.itemKey)} has at=${String(doc.at)}; expected ms since the epoch (publishedAt or first-seen time)`);
  }
}
const NEUTRAL = /^(?:[dp]:|eo:|fr:|frdoc:|docket:|publaw:|\d+$)/;
const isNeutral = (term: string): boolean => term.startsWith(CONCEPT_PREFIX) || NEUTRAL.test(term);
/**
 * Creates an empty story index. Decisions depend only on the docs added and their order, so
 * replaying the same docs in the same order rebuilds the same index.
 */
export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const windowMs = options.windowMs ?? 72 * HOUR;
  const threshold = options.threshold ?? 0.14;
  const strongMargin = options.strongMargin ?? 0.08;
  const maxMembers = Math.max(2, options.maxMembers ?? 12);
  const lookup = options.entity;

  const stories = new Map<string, StoryRecord>();
  /** `e:<entity>` → stories naming it; `p:<parent>` → stories naming a child of that parent. */
  const postings = new Map<string, Set<StoryRecord>>();
  /** entity id → its posting keys (bounded by the catalog): built once, not per lookup. */
  const entityKeys = new Map<string, { named: string; parentOf: string }>();
  const keysOfEntity = (id: string) => {
    let keys = entityKeys.get(id);
    if (!keys) entityKeys.set(id, (keys = { named: `e:${id}`, parentOf: `p:${id}` }));
    return keys;
  };
  /** entity id → the terms of its names (bounded by the catalog). */
  const nameTerms = new Map<string, Set<string>>();
  let seq = 0;
  let comparisons = 0;

  // The vocabulary of the live stories' retained members: term → id, and per id the number of live
  // stories holding it (document frequency) with ln(df + 1) for the IDF. An id whose frequency
  // falls to 0 is forgotten and reused.
  const termIds = new Map<string, number>();
  let termOf: string[] = [];
  let df = new Int32Array(1024);
  let lnDf = new Float64Array(1024);
  const freeIds: number[] = [];
  // Per-lookup scratch, indexed by term id and cleared after each lookup: the doc's weighted
  // vector, which of its terms are compared across languages, and a story's centroid.
  let docWeight = new Float64Array(1024);
  let docCross = new Uint8Array(1024);
  let centroid = new Float64Array(1024);
  /** The ids a centroid holds, listed while it is summed (each id once, so the vocabulary's size is enough). */
  let touched = new Int32Array(1024);
  // A member's weighted vector (weights × IDF) changes only when the IDF of one of its terms does:
  // when the number of stories changes (idfEpoch counts those) or the term's document frequency
  // does (dfStamp holds the dfClock tick of its last change). Members keep theirs between lookups.
  let idfEpoch = 0;
  let dfClock = 0;
  let dfStamp = new Float64Array(1024);
  /** Scratch for countMember: per term id, the heldClock tick of the last call that found it held. */
  let heldMark = new Float64Array(1024);
  let heldClock = 0;

  const grow = (capacity: number) => {
    if (capacity <= df.length) return;
    let size = df.length;
    while (size < capacity) size *= 2;
    const widen = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    df = widen(df, (n) => new Int32Array(n));
    lnDf = widen(lnDf, (n) => new Float64Array(n));
    docWeight = widen(docWeight, (n) => new Float64Array(n));
    docCross = widen(docCross, (n) => new Uint8Array(n));
    centroid = widen(centroid, (n) => new Float64Array(n));
    touched = widen(touched, (n) => new Int32Array(n));
    dfStamp = widen(dfStamp, (n) => new Float64Array(n));
    heldMark = widen(heldMark, (n) => new Float64Array(n));
  };
  const internTerm = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = freeIds.pop() ?? termOf.length;
      grow(id + 1);
      termIds.set(term, id);
      termOf[id] = term;
    }
    return id;
  };
  const countStory = (id: number, delta: 1 | -1) => {
    const n = (df[id] = df[id]! + delta);
    lnDf[id] = Math.log(n + 1);
    dfStamp[id] = ++dfClock;
    if (n === 0) {
      termIds.delete(termOf[id]!);
      termOf[id] = '';
      freeIds.push(id);
    }
  };
  /** IDF of a term id held by `df` stories: ln((N + 1) / (df + 1)) + 1. */
  let idfBase = 1;
  const idf = (id: number): number => idfBase - lnDf[id]!;

  const parentOf = (id: string): string | undefined => lookup?.(id)?.parent;
  const familyOf = (id: string): string => parentOf(id) ?? id;

  const namesOf = (id: string): Set<string> => {
    let terms = nameTerms.get(id);
    if (!terms) {
      terms = new Set();
      const info = lookup?.(id);
      for (const name of info ? [info.name, ...info.aliases, ...(info.weakAliases ?? []), ...(info.variants ?? []), ...(info.weakVariants ?? [])] : []) {
        // Concepts stay at full weight: a name like "… Trading Co." must not mute a whole concept.
        for (const t of extractTerms(name).keys()) if (!t.startsWith(CONCEPT_PREFIX)) terms.add(t);
      }
      nameTerms.set(id, terms);
    }
    return terms;
  };

  /**
   * The pipeline asks findStory() about a doc, then add()s the same doc: its features are computed
   * once. Only the last doc is remembered, and only while its fields are unchanged.
   */
  let lastFeatures: { doc: StoryDoc; copy: StoryDoc; features: Features } | undefined;
  const featuresOf = (doc: StoryDoc): Features => {
    if (lastFeatures?.doc === doc && sameDoc(doc, lastFeatures.copy)) return lastFeatures.features;
    const features = computeFeatures(doc);
    lastFeatures = { doc, copy: { ...doc, entityIds: [...doc.entityIds], citations: [...doc.citations] }, features };
    return features;
  };
  const computeFeatures = (doc: StoryDoc): Features => {
    const names = new Set<string>();
    for (const id of doc.entityIds) {
      for (const t of namesOf(id)) names.add(t);
      const parent = parentOf(id);
      if (parent) for (const t of namesOf(parent)) names.add(t);
    }
    const text = `${doc.title}\n${doc.summary}`;
    // Every extractor normalises its text first: done once here for all of them.
    const normalized = normalizeText(text);
    const normalizedTitle = normalizeText(doc.title);
    const citations = new Map<string, CitationKey>();
    for (const c of [...normalizeCitations(doc.citations), ...citationsInNormalized(normalized)]) citations.set(c.key, c);
    const { dates, periods } = datesInNormalized(normalized);
    const { terms, concepts } = analyzeNormalizedText(normalized, names.size ? (t) => (names.has(t) ? ENTITY_NAME_WEIGHT : 1) : undefined);
    for (const fact of [...dates, ...periods, ...citations.keys()]) terms.set(fact, FACT_WEIGHT);
    const facts = factsOf(doc, { text, normalized, normalizedTitle, citations: [...citations.values()], dates, periods, concepts });
    const termList = [...terms.keys()];
    const cross = new Uint8Array(termList.length);
    termList.forEach((t, i) => {
      if (isNeutral(t) || (facts.cjk && !names.has(t) && !HAS_CJK.test(t))) cross[i] = 1;
    });
    return { terms: termList, weights: [...terms.values()], cross, ids: new Int32Array(termList.length).fill(-1), ...facts };
  };

  /** The member kept for a doc: its facts and its terms as ids (interned here). */
  const toMember = (doc: StoryDoc, f: Features): Member => {
    // In the analysis order, not by id: ids depend on what the index held before, and sums taken in
    // another order could differ in the last bit between a long-running and a rebuilt index.
    const ids = new Int32Array(f.terms.length);
    for (let i = 0; i < ids.length; i++) {
      const t = f.terms[i]!;
      const known = f.ids[i]!;
      ids[i] = known >= 0 && termOf[known] === t ? known : internTerm(t);
    }
    const weights = new Float32Array(f.weights);
    const cross = f.cross.slice();
    // Every field written out, in one order: members then share one shape, which keeps the
    // property reads in the scoring loops fast (an object spread gave them several).
    return {
      cjk: f.cjk,
      citations: f.citations,
      subjectOrders: f.subjectOrders,
      dates: f.dates,
      periods: f.periods,
      namesOrder: f.namesOrder,
      titleConcepts: f.titleConcepts,
      subject: f.subject,
      datedAt: f.datedAt,
      kinds: f.kinds,
      court: f.court,
      reaction: f.reaction,
      official: f.official,
      ownKeys: f.ownKeys,
      relatedKeys: f.relatedKeys,
      itemKey: doc.itemKey,
      at: doc.at,
      category: doc.category,
      ids,
      weights,
      cross,
      values: new Float64Array(ids.length),
      norm: 0,
      valuesEpoch: -1,
      valuesStamp: 0,
    };
  };

  /** The doc being judged, weighted once: its vector sits in docWeight/docCross until cleared. */
  interface DocVectors {
    /** Ids of its terms already in the vocabulary (the only ones a member can share). */
    ids: number[];
    norm: number;
    /** Length of its cross-language part. */
    crossNorm: number;
  }
  const loadDoc = (f: Features): DocVectors => {
    const ids: number[] = [];
    let sum = 0;
    let crossSum = 0;
    for (let i = 0; i < f.terms.length; i++) {
      const id = termIds.get(f.terms[i]!);
      f.ids[i] = id ?? -1;
      const v = f.weights[i]! * (id === undefined ? idfBase : idf(id));
      sum += v * v;
      const isCross = f.cross[i] === 1;
      if (isCross) crossSum += v * v;
      if (id === undefined) continue;
      ids.push(id);
      docWeight[id] = v;
      docCross[id] = isCross ? 1 : 0;
    }
    return { ids, norm: Math.sqrt(sum), crossNorm: Math.sqrt(crossSum) };
  };
  const clearDoc = (doc: DocVectors) => {
    for (const id of doc.ids) {
      docWeight[id] = 0;
      docCross[id] = 0;
    }
  };

  /**
   * The dot product of the doc's vector (docWeight) with the member's, after bringing the member's
   * weighted vector and norm up to date. Sums run in the member's term order either way, so a
   * cached vector gives the very numbers a fresh one would.
   */
  const memberDot = (m: Member): number => {
    // Locals for the loops (the arrays may be replaced by grow(), never during a lookup).
    const { ids, values, weights } = m;
    const docWeights = docWeight;
    let dot = 0;
    let k = 0;
    if (m.valuesEpoch === idfEpoch) {
      // Still valid unless a term's frequency changed since: checked on the way.
      const stamps = dfStamp;
      const since = m.valuesStamp;
      for (; k < ids.length; k++) {
        const id = ids[k]!;
        if (stamps[id]! > since) break;
        dot += docWeights[id]! * values[k]!;
      }
      if (k === ids.length) return dot;
    }
    // Recomputed from the first stale term on (from the start after the IDF base changed): the
    // values before it are still right, so the dot product goes on; the norm is summed again from
    // the start, in the same order.
    let sum = 0;
    for (let j = 0; j < k; j++) sum += values[j]! * values[j]!;
    const base = idfBase;
    const ln = lnDf;
    for (; k < ids.length; k++) {
      const id = ids[k]!;
      // idf(id), spelt out.
      const v = weights[k]! * (base - ln[id]!);
      values[k] = v;
      sum += v * v;
      dot += docWeights[id]! * v;
    }
    m.norm = Math.sqrt(sum);
    m.valuesEpoch = idfEpoch;
    m.valuesStamp = dfClock;
    return dot;
  };

  /**
   * Similarity of a Chinese and an English report over what both languages can say: the Chinese
   * side's cross-language terms, against the English side's cross-language terms and those of the
   * Chinese side's Latin words it uses too.
   */
  const crossCosine = (docCjk: boolean, doc: DocVectors, m: Member): number => {
    let dot = 0;
    let zhSum = 0;
    let enSum = 0;
    if (docCjk) {
      for (let k = 0; k < m.ids.length; k++) {
        const id = m.ids[k]!;
        const v = m.weights[k]! * idf(id);
        const inZh = docCross[id] === 1;
        if (inZh) dot += docWeight[id]! * v;
        if (m.cross[k] === 1 || inZh) enSum += v * v;
      }
      zhSum = doc.crossNorm * doc.crossNorm;
    } else {
      enSum = doc.crossNorm * doc.crossNorm;
      for (let k = 0; k < m.ids.length; k++) {
        if (m.cross[k] !== 1) continue;
        const id = m.ids[k]!;
        const v = m.weights[k]! * idf(id);
        zhSum += v * v;
        const u = docWeight[id]!;
        if (u === 0) continue;
        dot += u * v;
        if (docCross[id] !== 1) enSum += u * u;
      }
    }
    return zhSum && enSum ? dot / Math.sqrt(zhSum * enSum) : 0;
  };

  /**
   * Text similarity of a doc to a story, by two routes. Against members in the doc's language:
   * the better of the best single member (a near-copy of one outlet) and the centroid (the words
   * its reports share). Against members in the other language: the cross-language terms only.
   */
  const textScore = (docCjk: boolean, doc: DocVectors, story: StoryRecord, verdictOnly?: VerdictOnly): { same?: number; cross?: number } => {
    let cross: number | undefined;
    let same: number | undefined;
    let sameCount = 0;
    let centroidDot = 0;
    let unitMembers = 0;
    for (const m of story.members) {
      if (m.cjk !== docCjk) {
        if (verdictOnly && !verdictOnly.cross) continue;
        cross = Math.max(cross ?? 0, crossCosine(docCjk, doc, m));
        continue;
      }
      sameCount++;
      same ??= 0;
      const dot = memberDot(m);
      if (m.norm === 0 || doc.norm === 0) continue;
      same = Math.max(same, dot / (doc.norm * m.norm));
      centroidDot += dot / m.norm;
      unitMembers++;
    }
    // The centroid of one report is that report.
    if (sameCount < 2 || same === undefined || doc.norm === 0) return { same, cross };
    // Every weight is positive, so the centroid of n unit vectors is at least √n long and its
    // cosine at most centroidDot / (|doc|·√n). When that bound cannot beat the best member, or
    // (for a verdict only) cannot reach the bar, the centroid changes nothing. The small factor
    // covers rounding.
    const bound = (centroidDot / (doc.norm * Math.sqrt(unitMembers))) * (1 + 1e-9);
    if (bound <= same || (verdictOnly && bound < verdictOnly.same)) return { same, cross };
    // The ids the centroid holds, in the order first met, in the `touched` scratch.
    let touchedCount = 0;
    for (const m of story.members) {
      // memberDot() above has brought every member in the doc's language up to date.
      if (m.cjk !== docCjk || m.norm === 0) continue;
      const { ids, values, norm } = m;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (centroid[id] === 0) touched[touchedCount++] = id;
        centroid[id] = centroid[id]! + values[k]! / norm;
      }
    }
    let sum = 0;
    for (let i = 0; i < touchedCount; i++) {
      const id = touched[i]!;
      sum += centroid[id]! * centroid[id]!;
      centroid[id] = 0;
    }
    if (sum) same = Math.max(same, centroidDot / (doc.norm * Math.sqrt(sum)));
    return { same, cross };
  };

  const addPosting = (key: string, story: StoryRecord) => {
    let set = postings.get(key);
    if (!set) postings.set(key, (set = new Set()));
    set.add(story);
  };
  const removePosting = (key: string, story: StoryRecord) => {
    const set = postings.get(key);
    if (!set) return;
    set.delete(story);
    if (set.size === 0) postings.delete(key);
  };

  /**
   * Counts the story in (delta 1, the member has joined) or out of (-1, it is leaving) the
   * frequency of each of the member's terms no other member of the story holds. `member` is in
   * story.members either way. The other members' terms are marked in `heldMark` with a fresh
   * number, so nothing needs clearing after.
   */
  const countMember = (story: StoryRecord, member: Member, delta: 1 | -1) => {
    const mark = ++heldClock;
    for (const m of story.members) {
      if (m === member) continue;
      for (let k = 0; k < m.ids.length; k++) heldMark[m.ids[k]!] = mark;
    }
    for (let k = 0; k < member.ids.length; k++) {
      const id = member.ids[k]!;
      if (heldMark[id] !== mark) countStory(id, delta);
    }
  };

  const candidatesOf = (doc: StoryDoc, features: Features): Array<{ story: StoryRecord; relation: Relation }> => {
    const relation = new Map<StoryRecord, Relation>();
    const collect = (key: string, rel: Relation) => {
      const set = postings.get(key);
      if (!set) return;
      // The closest relation wins: a shared entity, then a family one, then a citation, then related coverage.
      for (const story of set) {
        const had = relation.get(story);
        if (had === undefined || RELATION_RANK[rel] < RELATION_RANK[had]) relation.set(story, rel);
      }
    };
    // A report naming no watched entity (the official text of an order, say) finds the stories that
    // cite what it cites.
    if (doc.entityIds.length === 0) for (const c of features.citations) if (CITED_KINDS.has(c.kind)) collect(`c:${c.key}`, 'citation');
    // Reports that list each other as related coverage (or list the same report) are candidates
    // whatever entities they name.
    for (const k of features.relatedKeys) collect(`r:${k}`, 'related');
    for (const k of features.ownKeys) collect(`r:${k}`, 'related');
    // The official text of a signed act that names no watched entity ("Addressing the Threat From
    // Securities Investments…") and the news of that signing meet on the act alone; judgeStory
    // then asks for the dates to agree and the words to meet.
    if (signedAct(features)) collect(doc.entityIds.length === 0 && features.official ? OFFICIAL_ACT_NEWS : OFFICIAL_ACT_TEXT, 'official');
    const signedOn = signedOnKey(doc.at, features);
    if (signedOn) collect(signedOn, 'signed');
    for (const e of new Set(doc.entityIds)) {
      const keys = keysOfEntity(e);
      collect(keys.named, 'direct');
      collect(keys.parentOf, 'family');
      const parent = parentOf(e);
      if (parent) collect(keysOfEntity(parent).named, 'family');
    }
    const out: Array<{ story: StoryRecord; relation: Relation }> = [];
    for (const [story, rel] of relation) out.push({ story, relation: rel });
    return out.sort((a, b) => a.story.seq - b.story.seq);
  };

  /** Every candidate judged, best first; `verdictOnly` skips work that changes only rejected stories' scores. */
  const judgeAll = (doc: StoryDoc, verdictOnly: boolean): StoryCandidate[] => {
    assertTime(doc);
    // A report naming no entity is placed only by what it cites or lists (its text may cite more than doc.citations, so it is read when it lists nothing).
    if (doc.entityIds.length === 0 && !doc.official && doc.citations.length === 0 && !doc.related?.length && !CITATION_HINT.test(doc.title + doc.summary)) return [];
    const features = featuresOf(doc);
    const candidates = candidatesOf(doc, features);
    if (candidates.length === 0) return [];
    const base = Math.log(stories.size + 1) + 1;
    if (base !== idfBase) {
      idfBase = base;
      idfEpoch++;
    }
    let loaded: DocVectors | undefined;
    const context: DocContext = {
      doc,
      features,
      keys: keysByKind(ownCitations(features)),
      families: [...new Set(doc.entityIds.map(familyOf))],
      acts: actsOf(features),
      verdictOnly,
      // Only an order's own text: a notice citing an order ("…To Implement Executive Order 13943") is no signing.
      ...(doc.category === 'executive-order' ? { signedOn: signedOnKey(doc.at, features) } : {}),
    };
    const bars = { windowMs, threshold, strongMargin };
    try {
      const judged = candidates.map(({ story, relation }) => {
        const compareText = (verdict?: VerdictOnly) => {
          comparisons++;
          return textScore(features.cjk, (loaded ??= loadDoc(features)), story, verdict);
        };
        return { story, c: judgeStory(context, story, relation, compareText, bars) };
      });
      // Widest margin over the bar first (stories with different bars compare fairly), then the
      // higher score, the most recently active story, the older one: deterministic.
      const margin = (c: StoryCandidate) => (c.required === undefined || c.score === undefined ? -Infinity : c.score - c.required);
      // A story the doc joins on more than an official text's act alone comes first: news of the act
      // joins the other news of it, which the official text may join too.
      const onActAlone = (c: StoryCandidate) => (c.accepted && c.relation === 'official' ? 1 : 0);
      judged.sort(
        (a, b) => onActAlone(a.c) - onActAlone(b.c) || margin(b.c) - margin(a.c) || (b.c.score ?? -Infinity) - (a.c.score ?? -Infinity) || b.story.lastAt - a.story.lastAt || a.story.seq - b.story.seq,
      );
      return judged.map((j) => j.c);
    } finally {
      if (loaded) clearDoc(loaded);
    }
  };

  /** Forgets a story: its postings and its share of the terms' story counts. */
  const drop = (story: StoryRecord) => {
    for (const key of story.postingKeys) removePosting(key, story);
    const ids = new Set<number>();
    for (const m of story.members) for (const id of m.ids) ids.add(id);
    for (const id of ids) countStory(id, -1);
    stories.delete(story.id);
  };

  return {
    findStory(doc) {
      // explain() lists the widest margin first, so the first accepted candidate is the match.
      const judged = judgeAll(doc, true);
      const best = judged.find((c) => c.accepted);
      if (best?.score === undefined) return undefined;
      // An official text that came before the news of its act waits in a story of its own; news
      // that joins another report of the act and would have joined that text too brings it along.
      const absorbs = judged.filter((c) => c.accepted && c !== best && stories.get(c.storyId)?.officialOnly).map((c) => c.storyId);
      return { storyId: best.storyId, score: best.score, ...(best.category ? { category: best.category } : {}), ...(absorbs.length ? { absorbs } : {}) };
    },

    explain: (doc) => judgeAll(doc, false),

    add(storyId, doc) {
      assertTime(doc);
      const features = featuresOf(doc);
      let story = stories.get(storyId);
      if (!story) {
        story = { id: storyId, seq: seq++, category: doc.category, postingKeys: new Set(), families: new Set(), firstAt: doc.at, lastAt: doc.at, firstDated: doc.at, members: [], memberAts: [], memberOfficial: [], memberDated: [], summary: summarizeStory([], new Set()), officialOnly: true };
        stories.set(storyId, story);
      }
      if (!doc.official || doc.entityIds.length > 0) story.officialOnly = false;
      const existing = story.members.findIndex((m) => m.itemKey === doc.itemKey);
      if (existing >= 0) {
        // Uncount the old version first: its terms may be freed before the new one interns them.
        countMember(story, story.members[existing]!, -1);
        const member = toMember(doc, features);
        story.members[existing] = member;
        countMember(story, member, 1);
      } else {
        const member = toMember(doc, features);
        story.members.push(member);
        countMember(story, member, 1);
        if (story.members.length > maxMembers) {
          // Keep the first report (it defined the story) and the latest ones.
          const evicted = story.members[1]!;
          countMember(story, evicted, -1);
          story.members.splice(1, 1);
        }
      }
      story.firstAt = Math.min(story.firstAt, doc.at);
      // An official text vouches for reports up to OFFICIAL_LAG_MS before it (see judgeStory).
      story.firstDated = Math.min(story.firstDated, doc.at - (features.official ? OFFICIAL_LAG_MS : 0), features.datedAt ?? doc.at);
      story.lastAt = Math.max(story.lastAt, doc.at);
      for (const e of doc.entityIds) {
        const parent = parentOf(e);
        const named = keysOfEntity(e).named;
        for (const key of parent ? [named, keysOfEntity(parent).parentOf] : [named]) {
          if (story.postingKeys.has(key)) continue;
          story.postingKeys.add(key);
          addPosting(key, story);
          if (key === named) story.families.add(familyOf(e));
        }
      }
      for (const k of [...features.ownKeys, ...features.relatedKeys]) {
        const key = `r:${k}`;
        if (story.postingKeys.has(key)) continue;
        story.postingKeys.add(key);
        addPosting(key, story);
      }
      if (signedAct(features)) {
        const key = doc.entityIds.length === 0 && features.official ? OFFICIAL_ACT_TEXT : features.official ? undefined : OFFICIAL_ACT_NEWS;
        if (key && !story.postingKeys.has(key)) {
          story.postingKeys.add(key);
          addPosting(key, story);
        }
      }
      const signedOn = signedOnKey(doc.at, features);
      if (signedOn && !story.postingKeys.has(signedOn)) {
        story.postingKeys.add(signedOn);
        addPosting(signedOn, story);
      }
      for (const c of features.citations) {
        const key = `c:${c.key}`;
        if (!CITED_KINDS.has(c.kind) || story.postingKeys.has(key)) continue;
        story.postingKeys.add(key);
        addPosting(key, story);
      }
      story.memberAts = story.members.map((m) => m.at);
      story.memberOfficial = story.members.map((m) => m.official);
      story.memberDated = story.members.map((m) => m.datedAt);
      story.summary = summarizeStory(story.members, story.families);
    },

    remove(storyId) {
      const story = stories.get(storyId);
      if (story) drop(story);
    },

    prune(now) {
      const cutoff = now - windowMs;
      for (const story of [...stories.values()]) if (story.lastAt < cutoff) drop(story);
      if (stories.size === 0) {
        // Nothing is live: start the vocabulary afresh rather than keep a long free list.
        termIds.clear();
        termOf = [];
        freeIds.length = 0;
      }
    },

    get size() {
      return stories.size;
    },
    get comparisons() {
      return comparisons;
    },
  };
}
