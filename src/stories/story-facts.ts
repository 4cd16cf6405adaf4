// What the story rules read of a report, worked out once when it is analysed: its official
// identifiers, dates, the acts and the acting body its headline names, the kinds of development it
// may be, whether it is a court's step, a reaction piece or an official text, and the keys of its
// related coverage. story-rules.ts judges with these facts; story-index.ts keeps them per member.
import type { Category } from '../model.ts';
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

export const HOUR = 3_600_000;
/** How long after it is signed an order may appear in the Federal Register (usually within a week). */
export const OFFICIAL_LAG_MS = 7 * 24 * HOUR;
/**
 * Concepts that name what kind of step a report is about. A report of a court blocking an order
 * says so in its headline; one of the order being signed, of a company asking a court, or of a
 * judge refusing, does not, however alike the rest of the vocabulary. Regulators summoning a
 * company's executives is a step of its own too, not the listing halted the next day.
 */
export const ACTS = ['court', 'sue', 'deny', 'intent', 'revoke', 'delay', 'summon'];
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
export const keysByKind = (list: Iterable<CitationKey>): KeysByKind => {
  const out: KeysByKind = { eo: [], fr: [], frdoc: [], docket: [], publaw: [] };
  for (const c of list) if (c.kind !== 'other') out[c.kind].push(c.key);
  return out;
};
const keysOf = (list: Iterable<CitationKey>, kind: CitationKey['kind']): string[] => [...list].filter((c) => c.kind === kind).map((c) => c.key);
/**
 * What a report cites as its own. An official text cites earlier orders as its authority ("the
 * national emergency declared in Executive Order 13873"): only the orders it is about count.
 */
export const ownCitations = (f: Pick<Facts, 'official' | 'citations' | 'subjectOrders'>): CitationKey[] =>
  f.official ? f.citations.filter((c) => c.kind !== 'eo' || f.subjectOrders.includes(c.key)) : f.citations;
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
  /\b(?:falls?|fell|slides?|slumps?|plunges?|sinks?|sank|drops?|dropped|tumbles?|slips?|dips?|sags?|skids?|retreats?|edged?s? (?:lower|higher|up|down)|rises?|rose|rebounds?|rall(?:y|ies)|jumps?|surges?|soars?|climbs?|gains?|pops?|steadies|wipes)\b[^.;]{0,80}\b(?:after|as|on|amid|following)\b/;
/** Markets answering a development in their own words: "investors cheer", "shares jump 9%". */
const MARKET_MOOD = /\b(?:investors?|traders?|markets?)\s+(?:\w+\s+)?(?:cheer|cheers|welcome|welcomes|shrug|shrugs|fret|frets|flee|flees|dump|dumps)\b|\b(?:shares|stocks?|adrs?)\s+(?:\w+\s+)?(?:jump|jumps|surge|surges|soar|soars|slump|slumps|sink|sinks|tumble|tumbles|plunge|plunges|rally|rallies)\s+\d/;
const ANALYSIS =
  /\bwhat\b[^.;]{0,80}\bmeans?\b|\b(?:analysis|explainer|explained|read closely|reading the|lessons?|takeaways?|a guide|guide to|what to know|here'?s what|what holders|should (?:do|know|take|watch|expect|ask)|checklist|can it)\b/;
const INFORMATION_REQUEST = /\b(?:ask|asks|asked|asking|seek|seeks|seeking|sought|request|requests|requested|requesting|demand|demands|demanded)\b[^.;]{0,30}\b(?:information|documents|records|details)\b|(?:要求|寻求)\S{0,6}(?:信息|资料|说明)/u;
const CASE_CAPTION = /^[^:：]{1,60}\bv\.?\s[^:：]{1,60}[:：]/;
/** "<someone's response> after <a development>": "Beijing vows to protect its firms after Huawei blacklisting". */
const AFTER = /^(.+?)\b(?:after|following|in response to)\b(.+)$/;
/** Nouns for a step that no concept names on its own: "after U.S. chip rule", "after WeChat order". */
const STEP_WORDS = /\b(?:order|orders|rule|rules|ruling|curbs|listing|blacklisting|designation|crackdown|penalty)\b/;
/** Concepts of a government's or a court's step: named after "after", they are what a headline reacts to. */
const STEPS = new Set(['ban', 'blacklist', 'halt', 'revoke', 'delay', 'sign', 'fine', 'sanction', 'list', 'export', 'court', 'sue', 'deny', 'executive-order', 'remove', 'store', 'investigate', 'summon', 'bill', 'uphold']);
/**
 * A response to a development: the headline's main clause names no government or court step, nor
 * a government actor as its subject, and what it follows does.
 */
function respondsTo(t: string, subject: string | undefined): boolean {
  const m = AFTER.exec(t);
  if (!m || (subject && ACTORS.has(subject))) return false;
  const names = (x: string) => normalizedTextConcepts(x).map((c) => c.name);
  return (STEP_WORDS.test(m[2]!) || names(m[2]!).some((c) => STEPS.has(c))) && !names(m[1]!).some((c) => STEPS.has(c));
}
/** A party winning or losing in court, told without naming the court: "DJI loses Pentagon list case". */
const LITIGANT_OUTCOME = /\b(?:wins?|won|loses?|lost)\b[^.;:]{0,40}\b(?:case|lawsuit|suit|appeal|challenge|bid (?:to (?:block|halt|stop|pause|shed|overturn|get off)|for (?:an? )?(?:emergency|injunction|restraining|stay|rehearing)))\b/;
/** Refusing to halt: "won't block", "declines to pause", "refuses to stop". */
const NEGATED_HALT = /\b(?:won['’]?t|will not|declines? to|declined to|refuses? to|refused to|did not|didn['’]?t|does not|doesn['’]?t|not to)\s+(?:\w+\s+)?(?:block|halt|stop|pause|enjoin|freeze|suspend)/;
/** Official sites that post an act the day it is done. */
const POSTED_AS_SIGNED = /^https?:\/\/(?:www\.)?whitehouse\.gov\//i;
/** A headline's first clause, when a semicolon or a dash sets off a second one. */
const MAIN_CLAUSE = /^(.+?)(?:;|\s[—–]\s)/u;
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
  const t = x.normalizedTitle;
  // A case caption ("Marland v. Trump: …") names parties, not who acted.
  const subject = CASE_CAPTION.test(t) ? undefined : title.find((c) => c.word < SUBJECT_WORDS && ACTORS.has(c.name))?.name;
  // A court's or a prosecutor's step: "sue" only when done, not vowed. A headline opening with
  // another actor ("Biden's app order…") is not one, whatever the classifier read in its words.
  const misread = doc.category === 'litigation' && !!subject && subject !== 'court' && subject !== 'justice';
  // Read in the headline's first clause: "Biden signs law forcing sale of TikTok; company says it
  // will fight in court" reports a signing, whatever the second clause foresees.
  const clause = MAIN_CLAUSE.exec(t)?.[1];
  const inMain = clause ? new Set(normalizedTextConcepts(clause).map((c) => c.name)) : named;
  const court = (doc.category === 'litigation' && !misread) || inMain.has('court') || (inMain.has('sue') && !inMain.has('intent')) || LITIGANT_OUTCOME.test(clause ?? t);
  // Denying and suing are acts of court steps only: a company "losing" access to chips is no
  // court's denial. A court step names the court, if only by its category.
  let titleConcepts = title.map((c) => c.name);
  // Asking for information is an inquiry's own step, not a plan to act ("Commerce seeking
  // information on chip in Huawei phone" is the inquiry "US looks into Huawei's chip" reports).
  if (INFORMATION_REQUEST.test(x.normalizedTitle)) titleConcepts = titleConcepts.filter((c) => c !== 'intent');
  // A court that "won't block" an order denies the request to block it.
  if (NEGATED_HALT.test(t)) titleConcepts = [...new Set(titleConcepts.map((c) => (c === 'halt' ? 'deny' : c)))];
  if (!court) titleConcepts = titleConcepts.filter((c) => c !== 'deny' && c !== 'sue');
  else {
    // A court pausing an order, or giving its target a reprieve, halts it.
    titleConcepts = [...new Set(titleConcepts.map((c) => (c === 'delay' ? 'halt' : c)))];
    if (!named.has('court')) titleConcepts.push('court');
  }
  const implied = court || doc.category !== 'litigation' ? IMPLIED_ACTS[doc.category] : undefined;
  if (implied && !titleConcepts.some((c) => ACTS.includes(c))) titleConcepts.push(implied);
  const kinds = new Set<Category>([court || doc.category !== 'litigation' ? doc.category : 'other']);
  for (const c of named) for (const k of KINDS_OF_CONCEPT[c] ?? []) kinds.add(k);
  if (court) kinds.add('litigation');
  return {
    cjk: cjkShare(x.text) > CJK_SHARE,
    citations: x.citations,
    subjectOrders: [...new Set([...keysOf(citationsInNormalized(x.normalizedTitle), 'eo'), ...signedOrdersInNormalized(x.normalized)])],
    dates: x.dates,
    periods: x.periods,
    namesOrder: x.concepts.some((c) => c.name === ORDER_CONCEPT),
    titleConcepts,
    subject,
    // The White House posts an order the day it is signed (the Federal Register prints it days later).
    datedAt: datedBefore(issueDatesInNormalized(x.normalized), doc.at) ?? (doc.official && POSTED_AS_SIGNED.test(doc.link ?? '') ? doc.at : undefined),
    kinds: [...kinds],
    court,
    reaction: MARKET_MOVE.test(t) || MARKET_MOOD.test(t) || ANALYSIS.test(t) || REACTION_ZH.test(t) || named.has('respond') || respondsTo(t, subject),
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

/**
 * An aggregator shows a report under the headline its outlet gave it, which the outlet's own feed
 * may word a little differently ("…整改基本完成" for "…支付宝整改基本完成"): headline keys this alike
 * (Dice coefficient of character pairs) name one report. Unrelated headlines about one entity and
 * one kind of step score below 0.5.
 */
const SAME_HEADLINE = 0.7;
const pairsOf = (k: string): Set<string> => {
  const out = new Set<string>();
  for (let i = 2; i < k.length - 1; i++) out.add(k.slice(i, i + 2));
  return out;
};
/** Whether some headline key (`h:`) of one list is nearly the same as one of the other. */
export function nearlySameHeadline(a: Iterable<string>, b: Iterable<string>): boolean {
  const bs: Array<Set<string>> = [];
  for (const k of b) if (k.startsWith('h:')) bs.push(pairsOf(k));
  if (!bs.length) return false;
  for (const k of a) {
    if (!k.startsWith('h:')) continue;
    const x = pairsOf(k);
    for (const y of bs) {
      let shared = 0;
      for (const p of x) if (y.has(p)) shared++;
      if ((2 * shared) / (x.size + y.size) >= SAME_HEADLINE) return true;
    }
  }
  return false;
}

/**
 * A report of an order or a law being signed (by its category, its headline or the order it names):
 * its official text often names no watched entity and cites nothing the news cites.
 */
export const signedAct = (f: Facts): boolean => f.namesOrder || f.kinds.some((k) => GOVERNMENT_ACTS.has(k));
const GOVERNMENT_ACTS: ReadonlySet<Category> = new Set(['executive-order', 'legislation', 'export-control', 'investment-restriction', 'sanctions', 'ban']);
