// Text → weighted terms for story similarity. Outlets reword, reorder and lead differently, so the
// terms are stemmed word unigrams, bigrams of neighbouring content words (bigrams bridge removed
// stop words, so "ban on TikTok" and "TikTok ban" share "ban" and "tiktok"), and concept terms: a
// small domain lexicon maps the words outlets use interchangeably ("halts", "enjoins", "blocks";
// "prohibits", "bars", "bans", 禁止) to one term. Concepts are written the same in English and
// Chinese, so a translated report still shares them. Chinese and other CJK scripts have no spaces:
// their runs are cut into overlapping character bigrams.

/** Function words and newsroom filler that say nothing about which development is reported. */
const STOP_WORDS = new Set(
  (
    'a about above across after again against all almost along already also although am among an and another any are ' +
    'around as at be became because been before being below between both but by can could did do does doing done down ' +
    'during each either else even ever every few for from further had has have having he her here hers him his how ' +
    'however i if in including into is it its itself just last late least less like made make makes many may me might ' +
    'more most much must my near new next no nor not now of off often on once one only onto or other others our out over ' +
    'own per rather said same say saying says she should since so some still such than that the their them then there ' +
    'these they this those though through thus to too toward under until up upon us via was we were what when where ' +
    'whether which while who whom whose why will with within without would yet you your ' +
    // newsroom filler and reporting verbs
    'according added adds amid announce announced announcement announces told tell tells statement report reported ' +
    'reporting reports reuters ap afp bloomberg update updated news week weeks today yesterday tomorrow day days ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun ' +
    'morning afternoon evening night tonight hours hour ' +
    // months are read by extract-dates; as words they would only reward sharing a month
    'january february march april june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'mr ms mrs dr inc ltd co corp llc plc'
  ).split(' '),
);

/**
 * Words every item in this domain uses: they still count, at half weight, so two items do not look
 * alike merely for being about the US and China.
 */
const COMMON_WORDS = new Set([
  'china', 'chinese', 'beijing', 'american', 'americans', 'america', 'united', 'states', 'washington', 'government',
  'administration', 'official', 'officials', 'company', 'companies', 'app', 'apps', 'trump', 'biden', 'president',
  '中国', '美国', '公司', '表示', '政府', '报道', '消息',
]);
const COMMON_WEIGHT = 0.5;
/** Bigrams add word order evidence but are rarely shared across rewrites: half weight. */
const BIGRAM_WEIGHT = 0.5;

/**
 * Domain concepts: each English entry is a word or two-word phrase (matched after stemming), each
 * Chinese entry a pattern. Chosen for words news outlets swap for one another, not for any story.
 */
const CONCEPTS: ReadonlyArray<{ concept: string; en: string[]; zh?: RegExp }> = [
  // What happened
  { concept: 'court', en: ['judge', 'court', 'magistrate', 'ruling', 'justices'], zh: /法院|法官|裁定|裁决|一审|二审|终审|胜诉|败诉|上诉/u },
  // A court or agency saying no: "denies", "rejects", "tosses" (the opposite of a block). "Loses"
  // and 败诉 too: the story rules read this concept in court steps only (a company "loses access"
  // to chips is no denial), where the challenger losing is the court refusing its challenge.
  { concept: 'deny', en: ['deny', 'denies', 'denied', 'refuse', 'refuses', 'refused', 'reject', 'rejects', 'rejected', 'decline', 'declines', 'declined', 'dismiss', 'dismisses', 'dismissed', 'toss', 'tosses', 'tossed', 'throw out', 'throws out', 'threw out', 'lose', 'loses', 'lost'], zh: /驳回|拒绝|败诉/u },
  // Taking someone to court: a suit, a petition to a court, a prosecution.
  { concept: 'sue', en: ['lawsuit', 'suit', 'sue', 'sues', 'sued', 'suing', 'plaintiff', 'complaint', 'petition', 'petitions', 'petitioned', 'prosecute', 'prosecutes', 'prosecuted', 'prosecution', 'prosecutor', 'prosecutors', 'indict', 'indicts', 'indicted', 'indictment', 'charge', 'charges', 'charged', 'plead guilty', 'pleads guilty', 'pleaded guilty', 'guilty plea'], zh: /起诉|诉讼|原告|检方|检察官|认罪/u },
  { concept: 'halt', en: ['halt', 'block', 'enjoin', 'injunction', 'restraining order', 'stop', 'freeze', 'suspend'], zh: /叫停|暂停|阻止|冻结|禁制令|初步禁令/u },
  {
    concept: 'ban',
    en: ['ban', 'banned', 'banning', 'prohibit', 'prohibition', 'prohibited', 'bar', 'barred', 'barring', 'outlaw', 'forbid'],
    zh: /禁止|(?<!初步)禁令|封禁|禁用/u,
  },
  // Asking, promising or planning: not yet the act itself ("TikTok asks court to block ban")
  {
    concept: 'intent',
    en: ['ask', 'asks', 'asked', 'seek', 'seeks', 'sought', 'request', 'requests', 'requested', 'urge', 'urges', 'bid', 'bids', 'promise', 'promises', 'promised', 'vow', 'vows', 'pledge', 'plan', 'plans', 'threaten', 'threatens', 'consider', 'considering', 'weigh', 'weighs', 'mull', 'mulls', 'propose', 'proposes', 'proposed'],
    zh: /请求|申请|承诺|计划|拟将|考虑|威胁|寻求|敦促/u,
  },
  { concept: 'delay', en: ['delay', 'reprieve', 'more days', 'more time', 'extra time', 'postpone', 'push back', 'pushed back', 'extend', 'extension', 'pause', 'grace period', 'defer', 'deferred', 'deferral', 'suspend', 'suspends', 'suspended', 'suspension'], zh: /延期|推迟|暂缓|延长|宽限/u },
  { concept: 'revoke', en: ['revoke', 'revocation', 'rescind', 'rescission', 'withdraw', 'withdrew', 'withdrawn', 'lift', 'lifted', 'repeal', 'reverse', 'reversed', 'cancel', 'cancels', 'cancelled', 'canceled', 'cancellation', 'terminate', 'terminates', 'terminated', 'termination'], zh: /撤销|撤回|废除|取消|终止|解除/u },
  { concept: 'sign', en: ['sign', 'signed', 'signing'], zh: /签署|颁布/u },
  { concept: 'store', en: ['app store', 'google play', 'play store', 'download', 'downloads', 'downloaded', 'downloading'], zh: /应用商店|应用市场|下载/u },
  { concept: 'remove', en: ['remove', 'removed', 'removal', 'pull', 'pulled', 'take down', 'delist', 'delisted', 'delisting'], zh: /下架|移除|删除/u },
  { concept: 'pay', en: ['payment', 'payments', 'transfer', 'transfers', 'money transfer'], zh: /转账|(?<!微信)支付(?!宝)/u },
  { concept: 'blacklist', en: ['entity list', 'blacklist', 'blacklists', 'blacklisted', 'trade blacklist'], zh: /实体清单|黑名单/u },
  { concept: 'export', en: ['export', 'exports', 'exporter'], zh: /出口/u },
  { concept: 'invest', en: ['investment', 'investor', 'investors', 'securities', 'stock', 'stocks', 'shares', 'shareholder'], zh: /投资|证券|股票/u },
  { concept: 'divest', en: ['divest', 'divestiture', 'divestment', 'sale', 'sell', 'buyer'], zh: /剥离|出售/u },
  { concept: 'effect', en: ['take effect', 'takes effect', 'took effect', 'taken effect', 'effective', 'go into effect', 'deadline'], zh: /生效|截止|最后期限/u },
  { concept: 'bill', en: ['bill', 'legislation', 'measure'], zh: /法案|立法/u },
  { concept: 'sanction', en: ['sanction', 'sanctions', 'sanctioned'], zh: /制裁/u },
  { concept: 'affiliate', en: ['affiliate', 'affiliates', 'subsidiary', 'subsidiaries', 'unit', 'units', 'arm'], zh: /子公司|关联公司|附属/u },
  { concept: 'investigate', en: ['investigation', 'investigate', 'investigates', 'probe', 'probes', 'inquiry'], zh: /调查|立案|审查/u },
  { concept: 'antitrust', en: ['antitrust', 'monopoly', 'monopolistic'], zh: /垄断/u },
  { concept: 'fine', en: ['fine', 'fined', 'fines', 'penalty', 'penalties', 'penalize'], zh: /罚款|罚没|被罚|处罚/u },
  { concept: 'summon', en: ['summon', 'summoned', 'summons'], zh: /约谈|召见/u },
  { concept: 'ipo', en: ['ipo', 'listing', 'debut', 'flotation'], zh: /上市|首次公开募股/u },
  { concept: 'list', en: ['list', 'lists', 'designation', 'designated', 'designates'], zh: /清单|名单|列入/u },
  { concept: 'military', en: ['military', 'army'], zh: /军方|军事|军工/u },
  { concept: 'fall', en: ['fall', 'falls', 'fell', 'slide', 'slides', 'slump', 'slumps', 'plunge', 'plunges', 'sink', 'sinks', 'drop', 'drops', 'tumble', 'tumbles'], zh: /下跌|大跌|暴跌|跌超|跌逾/u },
  { concept: 'rise', en: ['rise', 'rises', 'rally', 'rallies', 'jump', 'jumps', 'surge', 'surges', 'soar', 'soars', 'grow', 'grows', 'growth', 'raise', 'raises'], zh: /上涨|大涨|走高|涨超|飙升|增长|高开|上调/u },
  // Company results, the commonest corporate news, in the words both languages use for them
  { concept: 'earnings', en: ['earnings', 'results', 'profit', 'profits', 'revenue', 'revenues', 'quarterly', 'annual report', 'dividend', 'dividends'], zh: /业绩|利润|净利|营收|收入|财报|年报|季报|股息|分红/u },
  { concept: 'record', en: ['record', 'all-time high', 'record high'], zh: /新高|纪录|记录/u },
  { concept: 'regulator', en: ['regulator', 'regulators', 'regulatory'], zh: /监管/u },
  { concept: 'card', en: ['card', 'cards', 'credit card', 'bank card'], zh: /银行卡|信用卡/u },
  { concept: 'foreign', en: ['foreign', 'overseas', 'international'], zh: /境外|外国|海外|国际/u },
  { concept: 'respond', en: ['respond', 'responds', 'response', 'reply', 'replies'], zh: /回应|回复/u },
  { concept: 'data', en: ['data', 'personal data'], zh: /数据/u },
  { concept: 'settle', en: ['settle', 'settles', 'settled', 'settlement', 'deal', 'agreement', 'plea'], zh: /和解|协议|认罪/u },
  // A court finding the government "did not err" upholds what it did (phrases are two words).
  { concept: 'uphold', en: ['uphold', 'upholds', 'upheld', 'affirm', 'affirms', 'affirmed', 'not err'], zh: /维持/u },
  // Where: places a report names are written differently in each language but mean one thing
  { concept: 'india', en: ['india', 'indian'], zh: /印度/u },
  { concept: 'iran', en: ['iran', 'iranian'], zh: /伊朗/u },
  { concept: 'russia', en: ['russia', 'russian'], zh: /俄罗斯/u },
  { concept: 'canada', en: ['canada', 'canadian'], zh: /加拿大/u },
  { concept: 'taiwan', en: ['taiwan', 'taiwanese'], zh: /台湾/u },
  { concept: 'japan', en: ['japan', 'japanese'], zh: /日本/u },
  { concept: 'netherlands', en: ['netherlands', 'dutch'], zh: /荷兰/u },
  { concept: 'europe', en: ['europe', 'european', 'eu'], zh: /欧盟|欧洲/u },
  { concept: 'britain', en: ['britain', 'british', 'uk'], zh: /英国/u },
  { concept: 'hong-kong', en: ['hong kong'], zh: /香港|港股/u },
  // Who acted: the same body in English and Chinese
  { concept: 'executive-order', en: ['executive order'], zh: /行政令|行政命令/u },
  { concept: 'president', en: ['president', 'trump', 'biden', 'white house'], zh: /总统|特朗普|川普|拜登|白宫/u },
  { concept: 'foreign-ministry', en: ['foreign ministry', 'ministry of foreign affairs'], zh: /外交部/u },
  { concept: 'justice', en: ['justice department', 'department of justice', 'attorney general', 'doj'], zh: /司法部/u },
  { concept: 'commerce', en: ['commerce'], zh: /商务部/u },
  { concept: 'treasury', en: ['treasury', 'ofac'], zh: /财政部/u },
  { concept: 'pentagon', en: ['pentagon', 'defense department', 'department of defense'], zh: /国防部|五角大楼/u },
  { concept: 'house', en: ['house', 'house of representatives'], zh: /众议院/u },
  { concept: 'senate', en: ['senate'], zh: /参议院/u },
  { concept: 'congress', en: ['congress'], zh: /国会/u },
];
/** Concept terms carry a prefix no word can have. */
export const CONCEPT_PREFIX = '#';

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** Chinese particles and connectives that split a CJK run, so bigrams do not straddle them. */
const CJK_BREAKS = /[的了和与及并被于之将已也都对在是为等其该这从向]/u;

/** Character classes as bits: a letter (\p{L}), a number (\p{N}), a character of a CJK script. */
export const LETTER = 1;
export const NUMBER = 2;
export const CJK_CHAR = 4;
const CLASSIFIED = 8;
const LETTER_RE = /\p{L}/u;
const NUMBER_RE = /\p{N}/u;
const CJK_RE = new RegExp(`[${CJK}]`, 'u');
const classify = (codePoint: number): number => {
  const c = String.fromCodePoint(codePoint);
  return (LETTER_RE.test(c) ? LETTER : 0) | (NUMBER_RE.test(c) ? NUMBER : 0) | (CJK_RE.test(c) ? CJK_CHAR : 0);
};
/** Classes of the BMP code points seen so far: the Unicode regexes are slow per character. */
const bmpClasses = new Uint8Array(0x10000);

/** The class bits (LETTER | NUMBER | CJK_CHAR) of a code point; a lone surrogate has none. */
export function charClass(codePoint: number): number {
  if (codePoint > 0xffff) return classify(codePoint);
  let c = bmpClasses[codePoint]!;
  if (c === 0) bmpClasses[codePoint] = c = classify(codePoint) | CLASSIFIED;
  return c & ~CLASSIFIED;
}

const isApostrophe = (ch: number): boolean => ch === 0x27 || ch === 0x2019;
const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
const isDigits = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) if (!isDigit(w.charCodeAt(i))) return false;
  return w.length > 0;
};

/**
 * Where the run of code points from `at` with one of the `wanted` class bits ends. CJK and other
 * characters never share a run: a Latin/digit token never swallows a neighbouring CJK character
 * ("13942号" → "13942").
 */
function runEnd(text: string, at: number, wanted: number): number {
  let i = at;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const cls = charClass(cp);
    if (!(cls & wanted) || (cls & CJK_CHAR) !== (wanted & CJK_CHAR)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Stems of the words seen lately: news repeats a small vocabulary, and a lookup costs less than stemming. */
const stems = new Map<string, string>();
const STEM_CACHE_SIZE = 20_000;

/**
 * Light suffix stripping, enough that "blocks/blocked/blocking", "bans/banned/banning" and
 * "prohibits/prohibited/prohibition" meet. Not a full Porter stemmer: over-merging a few unrelated
 * words costs little here, because a story match also needs shared entities, category and time.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let s = stems.get(word);
  if (s === undefined) {
    // Emptied when full, so rare words and numbers cannot grow it without bound.
    if (stems.size >= STEM_CACHE_SIZE) stems.clear();
    s = stripSuffixes(word);
    stems.set(word, s);
  }
  return s;
}

/** stem() without the cache. */
function stripSuffixes(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const strip = (suffix: string, minRest: number): boolean => {
    if (w.endsWith(suffix) && w.length - suffix.length >= minRest) {
      w = w.slice(0, -suffix.length);
      return true;
    }
    return false;
  };
  if (strip('ing', 3) || strip('ed', 3)) {
    // "banning" → "bann" → "ban"; "blocked" → "block"
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  } else if (!strip('ation', 4) && !strip('ion', 4)) {
    strip('ly', 4);
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Normalises text for every feature extractor: NFKC (full-width digits), lower case, "U.S." → "us". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\bu\.\s?s\.(?:\s?a\.)?/g, 'us ');
}

const MONTH_WORD = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/;

/**
 * The weight of one word's term (its stem `s`; for a number, the number), or 0 when the word
 * carries no meaning.
 * @param w the word after normalisation, without apostrophes
 * @param previousToken the token before it (a month name makes a number the day of a date)
 * @param next the character after it ("9月20日": the day of a date)
 */
function wordWeight(w: string, s: string, previousToken: string, next: string): number {
  if (isDigits(w)) {
    // Counts and vote tallies ("46 affiliates", "352-65") and identifiers are worth sharing; single
    // digits and the days of dates (extract-dates reads those) are not.
    if (w.length >= 3) return 1;
    const dateDay = MONTH_WORD.test(previousToken) || next === '月' || next === '日' || next === '号';
    return w.length === 2 && !dateDay ? 1 : 0;
  }
  if (w.length < 2 || STOP_WORDS.has(w) || STOP_WORDS.has(s)) return 0;
  return COMMON_WORDS.has(w) || COMMON_WORDS.has(s) ? COMMON_WEIGHT : 1;
}

/** Stemmed concept phrases: "restraining order" → "restrain order" → court. */
const CONCEPT_BY_STEM = new Map<string, string[]>();
for (const { concept, en } of CONCEPTS) {
  for (const phrase of en) {
    const key = phrase
      .split(' ')
      .map((w) => stem(w))
      .join(' ');
    const list = CONCEPT_BY_STEM.get(key) ?? [];
    if (!list.includes(concept)) list.push(concept);
    CONCEPT_BY_STEM.set(key, list);
  }
}

/** The first words of the two-word phrases: only after one of them is a phrase looked up. */
const PHRASE_STARTS = new Set([...CONCEPT_BY_STEM.keys()].filter((k) => k.includes(' ')).map((k) => k.slice(0, k.indexOf(' '))));

/** Words that name a concept except after a given word: "House" is not the White House. */
const NOT_AFTER = new Map<string, string>([[stem('house'), stem('white')]]);

/** A concept named in a text, and at which word it is first named (0 = the first word). */
export interface ConceptMention {
  /** Concept name without prefix: `court`, `ban`, `house`… */
  name: string;
  word: number;
}

/** A text's terms and the concepts it names, in order of first appearance. */
export interface TextAnalysis {
  terms: Map<string, number>;
  concepts: ConceptMention[];
}

/**
 * The text's terms with their weights: stemmed unigrams, bigrams of neighbouring content words,
 * concept terms (`#ban`, `#court`…) and CJK character bigrams. Repeated words are damped
 * (1 + ln count), so a summary that repeats "TikTok" five times does not drown the rest; concepts
 * count once, so a summary saying "ban" three ways is still about one ban.
 * @param extraWeight per-term multiplier (e.g. to play down the watched entity's own name)
 */
export function analyzeText(text: string, extraWeight?: (term: string) => number): TextAnalysis {
  return analyze(normalizeText(text), true, extraWeight);
}

/** analyzeText of a text normalizeText() has already normalised (a caller running several extractors normalises once). */
export function analyzeNormalizedText(normalized: string, extraWeight?: (term: string) => number): TextAnalysis {
  return analyze(normalized, true, extraWeight);
}

/** The concepts a text normalizeText() has already normalised names, in order of first appearance: analysis without the work of the terms. */
export function normalizedTextConcepts(normalized: string): ConceptMention[] {
  return analyze(normalized, false).concepts;
}

function analyze(normalized: string, withTerms: boolean, extraWeight?: (term: string) => number): TextAnalysis {
  /** term → its weight at its first occurrence; damped for repeats at the end. */
  const terms = new Map<string, number>();
  /** term → how often it occurs, for the terms that occur more than once */
  const repeats = new Map<string, number>();
  const bump = (term: string, weight: number) => {
    if (!terms.has(term)) terms.set(term, weight * (extraWeight?.(term) ?? 1));
    else repeats.set(term, (repeats.get(term) ?? 1) + 1);
  };
  /** concept → the word where it is first named */
  const concepts = new Map<string, number>();
  const concept = (key: string, word: number) => {
    for (const c of CONCEPT_BY_STEM.get(key) ?? []) if (!concepts.has(c)) concepts.set(c, word);
  };
  /** Where each CJK run starts, and its word number: CJK text counts one word per two characters. */
  const cjkRuns: Array<{ at: number; word: number }> = [];
  let words = 0;
  let previous: string | undefined;
  let previousWeight = 1;
  // Concept phrases are matched on the stems of neighbouring words, stop words included
  // ("take effect", "push back"), so they are tracked apart from the content-word bigrams.
  let previousStem: string | undefined;
  let previousToken = '';
  for (let at = 0; at < normalized.length; ) {
    const cp = normalized.codePointAt(at)!;
    const cls = charClass(cp);
    if (!(cls & (LETTER | NUMBER | CJK_CHAR))) {
      at += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (cls & CJK_CHAR) {
      const end = runEnd(normalized, at, CJK_CHAR);
      const token = normalized.slice(at, end);
      cjkRuns.push({ at, word: words });
      words += Math.ceil(token.length / 2);
      previous = previousStem = undefined;
      previousToken = '';
      at = end;
      if (!withTerms) continue;
      for (const piece of token.split(CJK_BREAKS)) {
        for (let i = 0; i + 1 < piece.length; i++) {
          const gram = piece.slice(i, i + 2);
          bump(gram, COMMON_WORDS.has(gram) ? COMMON_WEIGHT : 1);
        }
      }
      continue;
    }
    // A run of letters and numbers, with an apostrophe and letters ("it's", "o’neil"). Only a token
    // with an apostrophe differs from its word: "tiktok's" → "tiktok", "o’neil" → "oneil".
    let end = runEnd(normalized, at, LETTER | NUMBER);
    const apostrophe = isApostrophe(normalized.charCodeAt(end)) && runEnd(normalized, end + 1, LETTER) > end + 1;
    if (apostrophe) end = runEnd(normalized, end + 1, LETTER);
    const token = normalized.slice(at, end);
    const word = words++;
    const wordStem = stem(apostrophe ? token.replace(/['’]s$/u, '') : token);
    if (CONCEPT_BY_STEM.has(wordStem) && (!previousStem || NOT_AFTER.get(wordStem) !== previousStem)) concept(wordStem, word);
    if (previousStem && PHRASE_STARTS.has(previousStem)) concept(`${previousStem} ${wordStem}`, word - 1);
    previousStem = wordStem;
    at = end;
    if (!withTerms) continue;
    const w = apostrophe ? token.replace(/['’]s$/u, '').replace(/['’]/gu, '') : token;
    const s = apostrophe ? stem(w) : wordStem;
    const weight = wordWeight(w, s, previousToken, normalized.charAt(end));
    previousToken = token;
    if (!weight) continue;
    bump(s, weight);
    // join() builds a flat string; `${previous} ${s}` would be a rope, slower to hash and compare
    // in each map the term is looked up in (here and in the story index).
    if (previous && previous !== s) bump([previous, s].join(' '), Math.min(previousWeight, weight) * BIGRAM_WEIGHT);
    previous = s;
    previousWeight = weight;
  }
  // Every Chinese pattern needs a CJK character, so it matches inside a CJK run: English text skips them all.
  for (const { concept: c, zh } of cjkRuns.length ? CONCEPTS : []) {
    const m = zh?.exec(normalized);
    if (!m) continue;
    const run = cjkRuns.findLast((r) => r.at <= m.index);
    const word = run ? run.word + Math.floor((m.index - run.at) / 2) : 0;
    if ((concepts.get(c) ?? Infinity) > word) concepts.set(c, word);
  }
  for (const [term, count] of repeats) terms.set(term, (1 + Math.log(count)) * terms.get(term)!);
  const ordered = [...concepts].map(([name, word]) => ({ name, word })).sort((a, b) => a.word - b.word);
  for (const c of ordered) terms.set(CONCEPT_PREFIX + c.name, 1);
  return { terms, concepts: ordered };
}

/** The weighted terms of `text` (see analyzeText). */
export function extractTerms(text: string, extraWeight?: (term: string) => number): Map<string, number> {
  return analyzeText(text, extraWeight).terms;
}
