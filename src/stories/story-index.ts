// The windowed story index: decides whether an item is one more report of a development already
// seen (a rewrite by another outlet, a wire copy, a translation) or a new development. Pure and in
// memory; the pipeline keeps one per process and rebuilds it from the store's recent story items at
// start-up, so a restart changes no decision.
//
// A doc joins the best-scoring live story that passes every gate:
// - entities: at least one watched entity shared (a parent/child pair only on strong text);
// - time: within the window of the story's span of reports;
// - category: the same, or a pair from category-compatibility.ts on its extra evidence;
// - no conflicting subject order number or court docket;
// - similarity ≥ threshold: TF-IDF cosine over stemmed words, bigrams, domain concepts, dates and
//   citations (a Chinese report against English ones: over the language-neutral terms only), plus a
//   shared-citation bonus, minus penalties for different dates, periods, acts and actors.
//
// Invariants:
// - Candidates come only from the entity postings (entity id → live stories naming it); nothing
//   ever scans all stories, so a lookup costs what the doc's own entities cost in the window.
// - Every structure holds live stories only: prune() removes a story from the postings, the
//   document frequencies and the story map together, so memory is bounded by the window.
// - A story keeps at most `maxMembers` member vectors (the first report and the latest ones);
//   document frequencies count stories, not items, so a story reprinted by fifty outlets does not
//   make its own words look common.
import type { Category, Entity } from '../model.ts';
import { categoryCompatibility } from './category-compatibility.ts';
import { extractCitations, extractSignedOrders, normalizeCitations, type CitationKey } from './extract-citations.ts';
import { extractDates } from './extract-dates.ts';
import { analyzeText, CONCEPT_PREFIX, extractTerms } from './extract-terms.ts';

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
}

/** The story a doc belongs to and how strongly (the adjusted similarity, roughly 0–1). */
export interface StoryMatch {
  storyId: string;
  score: number;
}

/** One story considered for a doc, with the verdict: what `explain` reports for diagnostics. */
export interface StoryCandidate {
  storyId: string;
  /** `direct`: a shared entity; `family`: only a parent/child pair of entities. */
  relation: 'direct' | 'family';
  /** Adjusted similarity; undefined when the story was ruled out before comparing text. */
  score?: number;
  /** The score this story needed. */
  required?: number;
  accepted: boolean;
  /** Why it was rejected, or which adjustments applied. */
  notes: string[];
}

export interface StoryIndex {
  /** The story this doc belongs to, or undefined when it starts a new one. Does not modify the index. */
  findStory(doc: StoryDoc): StoryMatch | undefined;
  /** Every candidate story with its score and verdict, best first (for logs and the eval tool). */
  explain(doc: StoryDoc): StoryCandidate[];
  /** Records that doc joined storyId (new or existing). Re-adding an item key replaces that member. */
  add(storyId: string, doc: StoryDoc): void;
  /** Forgets stories whose last item is older than now − window. */
  prune(now: number): void;
  /** Stories held. */
  readonly size: number;
  /** Story text comparisons made so far (cost observable: it must not grow with history). */
  readonly comparisons: number;
}

/** What the index needs to know about a watched entity (a catalog `Entity` fits). */
export type StoryEntityInfo = Pick<Entity, 'name' | 'aliases'> & Partial<Pick<Entity, 'parent' | 'weakAliases'>>;

export interface StoryIndexOptions {
  /** How far apart in time two reports of one development may be. @default 72 h */
  windowMs?: number;
  /** Minimum adjusted similarity for a same-category, shared-entity join. @default 0.16 */
  threshold?: number;
  /**
   * Added to the threshold when the evidence is weaker: categories a classifier may confuse, or
   * entities related only as parent and child. @default 0.12
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

const HOUR = 3_600_000;

// Score adjustments, in units of cosine similarity. Chosen on hand-written rewrites and near misses
// (test/unit/stories/story-corpus.ts): large enough to tip a borderline pair, small enough that
// two near-copies still meet.
/** Shared official identifier: strong positive evidence. */
const CITATION_BONUS = 0.12;
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
/** Weight of the watched entities' own names in the text vectors: every report names them. */
const ENTITY_NAME_WEIGHT = 0.5;
/** Dates, periods and citations join the text vector too: every rewrite repeats them. */
const FACT_WEIGHT = 1;

/**
 * Concepts that name what kind of step a report is about. A report of a court blocking an order
 * says so in its headline; one of the order being signed, of a company asking a court, or of a
 * judge refusing, does not, however alike the rest of the vocabulary.
 */
const ACTS = ['court', 'sue', 'deny', 'intent', 'revoke', 'delay'];
/**
 * Concepts that name who acted. A headline opens with its subject ("Senate…", "Judge…",
 * "Commerce…"): one opening with the Senate is not a rewrite of one opening with the House.
 */
const ACTORS = new Set(['court', 'house', 'senate', 'congress', 'commerce', 'treasury', 'pentagon', 'president', 'justice']);
/** How many opening words of a headline may hold its subject ("US House votes", "Federal judge blocks"). */
const SUBJECT_WORDS = 3;
/** The concept named by "executive order" / 行政令. */
const ORDER_CONCEPT = 'executive-order';
/** Across languages only concepts, dates and numbers are compared: coarse, so a higher bar (in strong margins). */
const CROSS_LANGUAGE_MARGINS = 2;
/** Share of CJK characters above which a text counts as written in Chinese. */
const CJK_SHARE = 0.3;

interface Features {
  /** Word, bigram, concept, date and citation terms with their weights. */
  terms: Map<string, number>;
  /**
   * The terms any language shares (concepts, dates, periods, numbers, citations): what a Chinese
   * report and an English one about the same act have in common.
   */
  neutral: Map<string, number>;
  cjk: boolean;
  citations: CitationKey[];
  /** Order numbers the report is about (in the headline, or signed in the text), not background. */
  subjectOrders: string[];
  dates: string[];
  periods: string[];
  /** Concepts named anywhere in title or summary. */
  concepts: Set<string>;
  /** Concepts named in the title: what the report is about. */
  titleConcepts: string[];
  /** The acting body the headline opens with, if any. */
  subject?: string;
}

/** A term vector weighted by the current IDF, with its length. */
interface Weighted {
  vector: Map<string, number>;
  norm: number;
}

/** The doc being judged, weighted once (the IDF does not change while one doc is judged). */
interface DocVectors {
  features: Features;
  full: Weighted;
  neutral: Weighted;
}

interface Member {
  itemKey: string;
  at: number;
  category: Category;
  features: Features;
}

interface StoryRecord {
  id: string;
  /** Creation order, for deterministic candidate order and ties. */
  seq: number;
  /** The first member's category. */
  category: Category;
  /** The postings it is listed under (`e:` its entities, `p:` their parents), removed on prune. */
  postingKeys: Set<string>;
  firstAt: number;
  lastAt: number;
  members: Member[];
  /** term → how many retained members contain it (the story counts once in the document frequency). */
  termMembers: Map<string, number>;
}

type Relation = StoryCandidate['relation'];

/** A doc's time is computed by the pipeline; a non-number would silently void every time check. */
function assertTime(doc: StoryDoc): void {
  if (!Number.isFinite(doc.at)) {
    throw new TypeError(`story index: doc ${JSON.stringify(doc.itemKey)} has at=${String(doc.at)}; expected ms since the epoch (publishedAt or first-seen time)`);
  }
}

const isNeutral = (term: string): boolean => term.startsWith(CONCEPT_PREFIX) || /^(?:[dp]:|eo:|fr:|frdoc:|docket:|publaw:|\d+$)/.test(term);
const cjkShare = (text: string): number => {
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  return letters ? cjk / letters : 0;
};
const keysOf = (list: Iterable<CitationKey>, kind: CitationKey['kind']): string[] => [...list].filter((c) => c.kind === kind).map((c) => c.key);
const disjoint = (a: readonly string[], b: readonly string[]): boolean => a.length > 0 && b.length > 0 && !a.some((k) => b.includes(k));

/**
 * Creates an empty story index. Decisions depend only on the docs added and their order, so
 * replaying the same docs in the same order rebuilds the same index.
 */
export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const windowMs = options.windowMs ?? 72 * HOUR;
  const threshold = options.threshold ?? 0.16;
  const strongMargin = options.strongMargin ?? 0.12;
  const maxMembers = Math.max(2, options.maxMembers ?? 12);
  const lookup = options.entity;

  const stories = new Map<string, StoryRecord>();
  /** `e:<entity>` → stories naming it; `p:<parent>` → stories naming a child of that parent. */
  const postings = new Map<string, Set<string>>();
  /** term → number of live stories whose retained members contain it. */
  const storyFrequency = new Map<string, number>();
  /** entity id → the terms of its names (bounded by the catalog). */
  const nameTerms = new Map<string, Set<string>>();
  let seq = 0;
  let comparisons = 0;

  const parentOf = (id: string): string | undefined => lookup?.(id)?.parent;

  const namesOf = (id: string): Set<string> => {
    let terms = nameTerms.get(id);
    if (!terms) {
      terms = new Set();
      const info = lookup?.(id);
      for (const name of info ? [info.name, ...info.aliases, ...(info.weakAliases ?? [])] : []) {
        // Concepts stay at full weight: a name like "… Trading Co." must not mute a whole concept.
        for (const t of extractTerms(name).keys()) if (!t.startsWith(CONCEPT_PREFIX)) terms.add(t);
      }
      nameTerms.set(id, terms);
    }
    return terms;
  };

  const featuresOf = (doc: StoryDoc): Features => {
    const names = new Set<string>();
    for (const id of doc.entityIds) {
      for (const t of namesOf(id)) names.add(t);
      const parent = parentOf(id);
      if (parent) for (const t of namesOf(parent)) names.add(t);
    }
    const text = `${doc.title}\n${doc.summary}`;
    const citations = new Map<string, CitationKey>();
    for (const c of [...normalizeCitations(doc.citations), ...extractCitations(text)]) citations.set(c.key, c);
    const { dates, periods } = extractDates(text);
    const { terms, concepts } = analyzeText(text, names.size ? (t) => (names.has(t) ? ENTITY_NAME_WEIGHT : 1) : undefined);
    for (const fact of [...dates, ...periods, ...citations.keys()]) terms.set(fact, FACT_WEIGHT);
    const title = analyzeText(doc.title).concepts;
    return {
      terms,
      neutral: new Map([...terms].filter(([t]) => isNeutral(t))),
      cjk: cjkShare(text) > CJK_SHARE,
      citations: [...citations.values()],
      subjectOrders: [...new Set([...keysOf(extractCitations(doc.title), 'eo'), ...extractSignedOrders(text)])],
      dates,
      periods,
      concepts: new Set(concepts.map((c) => c.name)),
      titleConcepts: title.map((c) => c.name),
      subject: title.find((c) => c.word < SUBJECT_WORDS && ACTORS.has(c.name))?.name,
    };
  };

  const idf = (term: string): number => Math.log((stories.size + 1) / ((storyFrequency.get(term) ?? 0) + 1)) + 1;

  const weighted = (terms: Map<string, number>): Weighted => {
    const vector = new Map<string, number>();
    let sum = 0;
    for (const [t, w] of terms) {
      const v = w * idf(t);
      vector.set(t, v);
      sum += v * v;
    }
    return { vector, norm: Math.sqrt(sum) };
  };

  const cosine = (a: Weighted, b: Weighted): number => {
    if (a.norm === 0 || b.norm === 0) return 0;
    const [small, large] = a.vector.size <= b.vector.size ? [a.vector, b.vector] : [b.vector, a.vector];
    let dot = 0;
    for (const [t, v] of small) {
      const u = large.get(t);
      if (u !== undefined) dot += v * u;
    }
    return dot / (a.norm * b.norm);
  };

  /**
   * Text similarity of a doc to a story. Against members in the doc's language: the better of the
   * best single member (a near-copy of one outlet) and the centroid (the words its reports share).
   * Against members in another language: the language-neutral terms only.
   */
  const textScore = (doc: DocVectors, story: StoryRecord): { score: number; crossLanguage: boolean } => {
    const sameLanguage = story.members.filter((m) => m.features.cjk === doc.features.cjk);
    let cross = 0;
    for (const m of story.members) if (m.features.cjk !== doc.features.cjk) cross = Math.max(cross, cosine(doc.neutral, weighted(m.features.neutral)));
    if (sameLanguage.length === 0) return { score: cross, crossLanguage: true };
    let best = 0;
    const centroid = new Map<string, number>();
    for (const m of sameLanguage) {
      const mv = weighted(m.features.terms);
      best = Math.max(best, cosine(doc.full, mv));
      if (mv.norm === 0) continue;
      for (const [t, v] of mv.vector) centroid.set(t, (centroid.get(t) ?? 0) + v / mv.norm);
    }
    let sum = 0;
    for (const v of centroid.values()) sum += v * v;
    best = Math.max(best, cosine(doc.full, { vector: centroid, norm: Math.sqrt(sum) }));
    // A cross-language score must clear a higher bar (see judge), so it wins only by more than that.
    return cross - CROSS_LANGUAGE_MARGINS * strongMargin > best ? { score: cross, crossLanguage: true } : { score: best, crossLanguage: false };
  };

  const addPosting = (key: string, storyId: string) => {
    let set = postings.get(key);
    if (!set) postings.set(key, (set = new Set()));
    set.add(storyId);
  };
  const removePosting = (key: string, storyId: string) => {
    const set = postings.get(key);
    if (!set) return;
    set.delete(storyId);
    if (set.size === 0) postings.delete(key);
  };

  const dropFrequency = (t: string) => {
    const df = (storyFrequency.get(t) ?? 0) - 1;
    if (df > 0) storyFrequency.set(t, df);
    else storyFrequency.delete(t);
  };

  const countTerms = (story: StoryRecord, terms: Iterable<string>, delta: 1 | -1) => {
    for (const t of terms) {
      const before = story.termMembers.get(t) ?? 0;
      const after = before + delta;
      if (after > 0) story.termMembers.set(t, after);
      else story.termMembers.delete(t);
      // The story enters a term's document frequency with its first member holding the term and
      // leaves it with its last.
      if (before === 0 && after > 0) storyFrequency.set(t, (storyFrequency.get(t) ?? 0) + 1);
      else if (before > 0 && after <= 0) dropFrequency(t);
    }
  };

  const candidatesOf = (doc: StoryDoc): Array<{ story: StoryRecord; relation: Relation }> => {
    const relation = new Map<string, Relation>();
    const collect = (key: string, rel: Relation) => {
      for (const id of postings.get(key) ?? []) if (relation.get(id) !== 'direct') relation.set(id, rel);
    };
    for (const e of new Set(doc.entityIds)) {
      collect(`e:${e}`, 'direct');
      collect(`p:${e}`, 'family');
      const parent = parentOf(e);
      if (parent) collect(`e:${parent}`, 'family');
    }
    const out: Array<{ story: StoryRecord; relation: Relation }> = [];
    for (const [id, rel] of relation) {
      const story = stories.get(id);
      if (story) out.push({ story, relation: rel });
    }
    return out.sort((a, b) => a.story.seq - b.story.seq);
  };

  const judge = (
    doc: StoryDoc,
    features: Features,
    vectors: () => DocVectors,
    story: StoryRecord,
    relation: Relation,
  ): StoryCandidate => {
    const result: StoryCandidate = { storyId: story.id, relation, accepted: false, notes: [] };
    const gap = doc.at < story.firstAt ? story.firstAt - doc.at : doc.at > story.lastAt ? doc.at - story.lastAt : 0;
    if (gap > windowMs) {
      result.notes.push(`outside window (${Math.round(gap / HOUR)} h)`);
      return result;
    }
    const sameCategory = story.members.some((m) => m.category === doc.category);
    const rule = sameCategory ? 'none' : categoryCompatibility(doc.category, story.category);
    if (!rule) {
      result.notes.push(`category ${doc.category} never joins ${story.category}`);
      return result;
    }

    const storyCitations = new Map<string, CitationKey>();
    for (const m of story.members) for (const c of m.features.citations) storyCitations.set(c.key, c);
    // Reports about different order numbers, or from different dockets, report different acts
    // however alike the wording.
    const storyOrders = story.members.flatMap((m) => m.features.subjectOrders);
    if (disjoint(features.subjectOrders, storyOrders)) {
      result.notes.push(`different order (${features.subjectOrders.join(',')} vs ${[...new Set(storyOrders)].join(',')})`);
      return result;
    }
    const dockets = keysOf(features.citations, 'docket');
    const storyDockets = keysOf(storyCitations.values(), 'docket');
    if (disjoint(dockets, storyDockets)) {
      result.notes.push(`different docket (${dockets.join(',')} vs ${storyDockets.join(',')})`);
      return result;
    }
    const shared = features.citations.some((c) => storyCitations.has(c.key));
    if (rule === 'citation-and-strong-text' && !shared) {
      result.notes.push(`${doc.category} joins ${story.category} only on a shared citation`);
      return result;
    }
    // "Signed an executive order" next to "Executive Order 13971": both name an order and their
    // numbers do not conflict (ruled out above), so they may well mean the same one.
    const sameOrder = shared || (features.concepts.has(ORDER_CONCEPT) && story.members.some((m) => m.features.concepts.has(ORDER_CONCEPT)));

    comparisons++;
    const text = textScore(vectors(), story);
    let score = text.score;
    if (text.crossLanguage) result.notes.push('compared across languages');
    if (shared) {
      score += CITATION_BONUS;
      result.notes.push('shared citation');
    }
    if (disjoint(keysOf(features.citations, 'eo'), keysOf(storyCitations.values(), 'eo'))) {
      score -= BODY_EO_PENALTY;
      result.notes.push('different order numbers');
    }
    for (const kind of ['fr', 'frdoc', 'publaw'] as const) {
      if (disjoint(keysOf(features.citations, kind), keysOf(storyCitations.values(), kind))) {
        score -= SOFT_CITATION_PENALTY;
        result.notes.push(`different ${kind}`);
      }
    }
    if (disjoint(features.dates, story.members.flatMap((m) => m.features.dates))) {
      score -= DATE_PENALTY;
      result.notes.push('different dates');
    }
    if (disjoint(features.periods, story.members.flatMap((m) => m.features.periods))) {
      score -= PERIOD_PENALTY;
      result.notes.push('different periods');
    }
    // Each act the doc's headline names must appear in one of the story's headlines, and each act
    // the story's first headline names must appear in the doc's.
    const storyTitleConcepts = new Set(story.members.flatMap((m) => m.features.titleConcepts));
    const lead = story.members[0]?.features.titleConcepts ?? [];
    const missing = new Set([
      ...features.titleConcepts.filter((c) => ACTS.includes(c) && !storyTitleConcepts.has(c)),
      ...lead.filter((c) => ACTS.includes(c) && !features.titleConcepts.includes(c)),
    ]);
    if (missing.size) {
      score -= ACT_PENALTY;
      result.notes.push(`act not shared (${[...missing].join(',')})`);
    }
    const subjects = new Set(story.members.flatMap((m) => (m.features.subject ? [m.features.subject] : [])));
    const otherSubject = features.subject && subjects.size && !subjects.has(features.subject) && !storyTitleConcepts.has(features.subject);
    if (otherSubject) {
      score -= SUBJECT_PENALTY;
      result.notes.push(`different subject (${features.subject} vs ${[...subjects].join(',')})`);
    }
    // Asking, promising or planning is not the act: "TikTok asks a judge to halt the ban" and
    // "judge halts the ban" share nearly every word, and are still the request and the ruling.
    // Across languages only concepts are compared, so any act or actor one side lacks is decisive.
    if (missing.has('intent') || (text.crossLanguage && (missing.size || otherSubject))) {
      result.notes.push('rejected: the act differs');
      result.score = score;
      return result;
    }

    const margin = text.crossLanguage ? CROSS_LANGUAGE_MARGINS * strongMargin : 0;
    const strong =
      relation === 'family' ||
      rule === 'strong-text' ||
      rule === 'citation-and-strong-text' ||
      (rule === 'citation-or-strong-text' && !sameOrder);
    result.score = score;
    result.required = threshold + Math.max(margin, strong ? strongMargin : 0);
    result.accepted = score >= result.required;
    return result;
  };

  const explain = (doc: StoryDoc): StoryCandidate[] => {
    assertTime(doc);
    if (doc.entityIds.length === 0) return [];
    const features = featuresOf(doc);
    let cached: DocVectors | undefined;
    const vectors = () => (cached ??= { features, full: weighted(features.terms), neutral: weighted(features.neutral) });
    const judged = candidatesOf(doc).map(({ story, relation }) => ({ story, c: judge(doc, features, vectors, story, relation) }));
    // Best first; ties go to the most recently active story, then the older one: deterministic.
    judged.sort((a, b) => (b.c.score ?? -Infinity) - (a.c.score ?? -Infinity) || b.story.lastAt - a.story.lastAt || a.story.seq - b.story.seq);
    return judged.map((j) => j.c);
  };

  return {
    findStory(doc) {
      // explain() lists the best score first, so the first accepted candidate is the match.
      const best = explain(doc).find((c) => c.accepted);
      return best?.score !== undefined ? { storyId: best.storyId, score: best.score } : undefined;
    },

    explain,

    add(storyId, doc) {
      assertTime(doc);
      let story = stories.get(storyId);
      if (!story) {
        story = { id: storyId, seq: seq++, category: doc.category, postingKeys: new Set(), firstAt: doc.at, lastAt: doc.at, members: [], termMembers: new Map() };
        stories.set(storyId, story);
      }
      const member: Member = { itemKey: doc.itemKey, at: doc.at, category: doc.category, features: featuresOf(doc) };
      const existing = story.members.findIndex((m) => m.itemKey === doc.itemKey);
      if (existing >= 0) {
        countTerms(story, story.members[existing]!.features.terms.keys(), -1);
        story.members[existing] = member;
      } else {
        story.members.push(member);
        if (story.members.length > maxMembers) {
          // Keep the first report (it defined the story) and the latest ones.
          const [evicted] = story.members.splice(1, 1);
          if (evicted) countTerms(story, evicted.features.terms.keys(), -1);
        }
      }
      countTerms(story, member.features.terms.keys(), 1);
      story.firstAt = Math.min(story.firstAt, doc.at);
      story.lastAt = Math.max(story.lastAt, doc.at);
      for (const e of doc.entityIds) {
        const parent = parentOf(e);
        for (const key of parent ? [`e:${e}`, `p:${parent}`] : [`e:${e}`]) {
          if (story.postingKeys.has(key)) continue;
          story.postingKeys.add(key);
          addPosting(key, storyId);
        }
      }
    },

    prune(now) {
      const cutoff = now - windowMs;
      for (const story of [...stories.values()]) {
        if (story.lastAt >= cutoff) continue;
        for (const key of story.postingKeys) removePosting(key, story.id);
        for (const t of story.termMembers.keys()) dropFrequency(t);
        stories.delete(story.id);
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
