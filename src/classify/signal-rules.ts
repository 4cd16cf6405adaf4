// The signal phrases, per category, with their weights. The rules each category stands for are
// written at the top of classify.ts; this table is their vocabulary. Phrases use the language of
// phrase-pattern.ts (`word*` inflects, `a|b` alternates, `~N` skips up to N words).
import type { Category, Severity } from '../model.ts';
import { phraseKeys, phrasePattern, WORD_END, WORD_START } from './phrase-pattern.ts';
import type { PhraseKeys } from './phrase-pattern.ts';

/** Weights: a phrase that decides the category on its own, one that points to it, one that hints. */
const S = 3;
const M = 2;
const W = 1;

/** A category that signal phrases can point to (`other` is what is left when none do). */
export type SignalCategory = Exclude<Category, 'other'>;

export interface SignalRule {
  category: SignalCategory;
  /**
   * Phrases (see phrase-pattern.ts; an array means any of them) or, where they cannot say it, a
   * global lower-case regex (it runs on lower-cased text).
   */
  phrase: string | readonly string[] | RegExp;
  weight: number;
  /** The severity this phrase implies for its category; default: the category's default. */
  severity?: Severity;
  /**
   * `denial`: a court refused to block something. `ruling`: a court decided something (weighed
   * against denials). `delay`: enforcement paused, extended or licensed. `act`: the President acting
   * (signing, issuing or extending an order), which outranks the agency categories below it.
   * `background`: a law or bill named without a development on it; it ranks below `act`.
   */
  flag?: 'denial' | 'ruling' | 'delay' | 'act' | 'background';
  /** Hits of these categories overlapping this phrase are dropped: the phrase says what they mean here. */
  masks?: readonly SignalCategory[];
}

export interface CompiledRule extends SignalRule {
  /** Global, lower-case. */
  pattern: RegExp;
  /**
   * For a pattern without keys, which scans the whole text: a quicker test every text it matches
   * passes, so it runs on few texts (see rule-index.ts).
   */
  needs?: RegExp;
  /** A text must contain one of these words or Han characters to match (see phraseKeys); absent: any text may. */
  keys?: readonly string[];
  /** Per phrase, the keys of each of its required tokens: one phrase must have all (see phraseKeys). */
  requires?: readonly (readonly (readonly string[])[])[];
  /** `pattern` made sticky, when every match starts at one of the `keys` words: tried only there. */
  sticky?: RegExp;
}

type Phrase = string | readonly string[] | RegExp;
/** `keys` (for a RegExp phrase): words every match starts with, as whole words (see phraseKeys); `needs`: see CompiledRule. */
type Entry = [phrase: Phrase, weight: number, extra?: Pick<SignalRule, 'severity' | 'flag' | 'masks'> & Pick<CompiledRule, 'keys' | 'needs'>];

const medium = { severity: 'medium' } as const;
const highSev = { severity: 'high' } as const;
const delay = { flag: 'delay', severity: 'medium' } as const;
const denial = { flag: 'denial', severity: 'medium' } as const;
const ruling = { flag: 'ruling' } as const;
const act = { flag: 'act' } as const;
const background = { flag: 'background' } as const;

/** Who signs presidential orders. */
const PRESIDENT = ['president|trump|biden|obama', 'white house'];
/** What the President does when acting by order (not "gives", "sets": a deadline said aloud is a threat). */
const PRESIDENT_VERBS = 'order*|direct*|instruct*|extend*|sign*|issue*|prohibit*|declare*';
/** What an order does to its targets. */
const ORDER_VERBS = `${PRESIDENT_VERBS}|tell*|give*|gives|require*|bar*|ban*|target*|reach*|expand*|block*|move*|set*|buy*|suspend*|pause*|delay*`;

/**
 * An order to divest or sell: under CFIUS only the President can order one. Not "in order to sell",
 * which is a company's plan.
 */
const ORDER_TO_DIVEST = new RegExp(
  `${WORD_START}(?<!in\\s)(?:order(?:s|ed|ing)?|divestiture\\s+orders?|divestment\\s+orders?)${WORD_END}(?:[^\\s;!?]*[\\s,:"“”‘’()\\-–—/]+){1,6}?(?:divest\\w*|sell|sale)(?![0-9a-z])`,
  'g',
);
const ORDER_TO_DIVEST_KEYS = ['order', 'orders', 'ordered', 'ordering', 'divestiture', 'divestment'];
/** Bill numbers: "SB 419", "H.R. 7521", "HB 1234", "AB 5". */
const BILL_NUMBER = /(?<![0-9a-z.])(?:s\.?\s?b|h\.?\s?b|a\.?\s?b|h\.?\s?r)\.?\s?\d{1,5}(?![0-9])/g;
/** "… is law", "now law", but not "is law enforcement" or "is law school". */
const IS_LAW = new RegExp(
  `${WORD_START}(?:is|now)\\s+(?:the\\s+)?law(?![0-9a-z])(?!\\s+(?:enforcement|firm|firms|school|professor|student|students|clerk|and\\s+order))`,
  'g',
);

const TABLE: Record<SignalCategory, Entry[]> = {
  'executive-order': [
    // The President acting: these outrank ban, sanctions and investment-restriction (see classify.ts).
    ['sign* ~3 order|orders', S + 1, act],
    ['order|orders ~2 signed', S, act],
    [PRESIDENT.map((who) => `${who} ~2 ${PRESIDENT_VERBS}`), S, act],
    [[`executive|presidential order|orders ~2 ${ORDER_VERBS}`, `eo ~2 ${ORDER_VERBS}`], S, act],
    [ORDER_TO_DIVEST, S, { ...act, keys: ORDER_TO_DIVEST_KEYS }],
    ['presidential order*|document*|memorandum|memoranda|proclamation*', S, act],
    ['addressing the threat posed by', S, act],
    ['hereby order*', S, act],
    ['by the authority vested in me', S, act],
    ['签署 ~3 行政命令|行政令', S + 1, act],
    ['总统|特朗普|拜登|白宫 ~2 签署|下令|命令|延长', S, act],
    // Mentions: an order named in passing, as background of an agency's action.
    ['executive order*', M],
    // Needs an order number: five digits (spelled out: the engine scans that much faster than 1\d{4}).
    [/(?<![0-9a-z])(?:e\.\s?o\.|eo)\s*(?:no\.?\s*)?1\d{4}(?![0-9])/g, M, { needs: /1\d\d\d\d/ }],
    ['presidential action*', M],
    ['national emergency', M],
    [['ieepa', 'international emergency economic powers act'], M],
    ['行政命令|行政令|总统令', M],
    // Hints that an enforcement delay came from an order rather than from an agency.
    ['new|latest|another|second|third|fourth|fifth order|orders', W],
  ],
  ban: [
    ['identification of prohibited transactions', S + 1],
    ['identify* ~3 prohibited transactions', S + 1],
    ['prohibited transactions', M],
    ['ban|bans|prohibition*|restriction* ~3 take*|go* into? effect', S + 1],
    ['ban|bans|prohibition*|restriction* ~3 kick* in', S + 1],
    ['ban|bans|prohibition* ~3 start*|begin|begins|began', M],
    ['take*|go* into? effect', W],
    ['went|go|goes|gone dark', S],
    [['shut* down', 'shutdown'], W],
    ['remove* ~3 from ~3 app|apple|play|google store*|play', S],
    ['pull* ~3 from ~3 app|play store*', S],
    ['remove*|pull*|drop*|delete*|kick*|yank*|disappear*|vanish* ~3 from ~5 store|stores|play', S],
    ['remove*|delete*|uninstall*|ban*|bar* ~4 from ~4 device|devices|phones|networks', S],
    [['app store*', 'play store*', 'google play'], W],
    ['no longer available', M],
    ['bans|banned|banning', M],
    ['to ban', M],
    ['ban', 1.5],
    ['prohibit*', M],
    ['outlaw*', M],
    ['block* ~2 app|apps|downloads|download|transactions|access', M],
    ['bar* ~3 downloads|transactions|app|apps', M],
    ['bars|barred|barring', M],
    ['bar*|ban*|prohibit* ~4 gear|equipment|subsidy|subsidies|funds|money', M],
    ['designate* ~4 national security threat*', S],
    ['covered list', M],
    ['no longer ~2 use|buy|spend|sell|approve|authorize|offer|download', M],
    [['fcc', 'federal communications commission'], W],
    ['blocked in', M],
    [['internet hosting', 'content delivery network*', 'peering'], W],
    ['封禁|下架|禁止下载|全面禁止', S],
    ['禁令|禁止|禁用|停止服务', M],
    // Delays pause a ban that stays on the books: the ban's category, one step lower.
    ['enforcement delay*', S + 1, delay],
    ['ban|enforcement|deadline ~2 delay*|postpone*|pause*', S, delay],
    // Not "ban extended": that widens a ban.
    ['enforcement|deadline ~2 extend*', S, delay],
    ['push* ~3 deadline*', S, delay],
    ['not ~2 enforce', S + 1, delay],
    ['delay* ~3 enforcement|ban', S + 1, delay],
    ['extend* ~4 deadline*', S, delay],
    ['deadline extension*', S, delay],
    ['shall not take any action to enforce', S + 1, delay],
    ['non-enforcement|nonenforcement', S, delay],
    ['pause* ~3 enforcement|ban', S, delay],
    ['postpone* ~3 ban|prohibitions|enforcement', S, delay],
    // "wind-down" too: a hyphen separates words like a space.
    ['wind down', M, delay],
    ['reprieve', M, delay],
    ['暂缓执行|宽限期', S, delay],
    ['延期|推迟', M, delay],
  ],
  sanctions: [
    ['sanction*', M],
    ['specially designated national*', S],
    ['sdn', S],
    [['ofac', 'office of foreign assets control'], M],
    ['general license*|licence*', M, delay],
    [['blocking sanctions', 'blocked person*'], S],
    ['property and interests in property', S],
    ['block* ~3 property|assets', S],
    ['freeze* ~3 assets', S],
    ['asset freeze*', S],
    ['designation*|designate*', W],
    ['treasury', W],
    [['magnitsky', 'hong kong autonomy act'], S],
    ['visa restriction*|ban*', M],
    ['制裁|特别指定国民', S],
    ['签证限制|签证禁令', M],
    ['冻结 ~2 资产', S],
  ],
  'export-control': [
    ['entity|entities list', S],
    ['add* ~6 entity|entities list', S],
    [['military end user list', 'meu list'], S],
    ['unverified list', S],
    ['denial order*', S],
    ['foreign direct product', S],
    ['export administration regulations', S],
    ['export control*|restriction*|ban*|curb*', S],
    [['export license*|licence*', 'license requirement*'], M],
    ['need*|require* ~3 license*|licence*', M],
    // Revoking licences to sell to a company tightens export controls: not a revocation.
    ['revoke*|revocation|suspend*|cancel*|pull* ~3 license*|licence*', S + 1, { masks: ['revocation'] }],
    ['tighten* ~4 export*|chip|chips|semiconductor*', M],
    // Licences that let business continue: an export control delayed, one step lower.
    ['temporary general license*|licence*', S, delay],
    [['extend* ~4 license*|licence*', 'license|licence extension*'], S, delay],
    ['presumption of denial', S],
    [['bureau of industry and security', 'bis'], M],
    ['trade blacklist*', S],
    ['blacklist*', W],
    ['chip|chips|semiconductor|semiconductors ~2 curb*|restriction*|export*', M],
    ['cut* off ~4 supply|supplies|suppliers|access|chips', M],
    // A ban on selling to a company is an export control (a denial order), not a ban of its product.
    ['ban*|bar*|prohibit*|forbid* ~4 from ~2 selling|supplying|exporting|shipping', S],
    [['commerce department', 'department of commerce'], W],
    ['实体清单|出口管制|出口禁令|禁止出口', S],
    ['禁止 ~6 出口', S],
    ['出口限制', M],
    ['黑名单', W],
  ],
  'investment-restriction': [
    ['communist chinese military company*', S + 1],
    ['chinese military company*', S],
    ['military industrial complex', S],
    [['ns cmic', 'non-sdn', 'cmic', 'ccmc'], S],
    [['section 1237', 'section 1260h', '1260h'], S],
    ['publicly traded securities', S],
    [['investment ban*|blacklist*|restriction*', 'outbound investment*'], S],
    ['bar*|ban*|prohibit*|restrict* ~4 investment*|investing|investors', S],
    [['cfius', 'committee on foreign investment'], S],
    // A company selling a stake is business; a government forcing the sale is not (an order to
    // divest is the President's: executive-order).
    ['divest*|divestiture|divestment', W],
    ['force*|forcing|require*|requiring|compel* ~4 divest*|sell|sale', S],
    ['forced sale', M],
    ['national security agreement', M],
    ['pentagon|dod ~6 blacklist*|list', M],
    ['投资禁令|投资黑名单|中国军工企业|军工复合体|外国投资委员会', S],
    // Listed companies answer that they have no ties to the military.
    ['军方|军事公司|军事企业|军工企业', M],
    ['列入|纳入 ~4 清单|名单', W],
    ['剥离|强制出售', M],
  ],
  legislation: [
    ['sign* ~4 into law', S + 1, highSev],
    ['sign* ~2 bill|bills|legislation|law|measure', S, highSev],
    ['public law', S, highSev],
    [/(?<![a-z])(?:pub(?:lic)?\.?\s*l(?:aw)?\.?)\s*(?:no\.?\s*)?\d{2,3}[-–]\d{1,3}(?![0-9])/g, S, { ...highSev, needs: /\d[-–]\d/ }],
    ['enact*|enactment', S, highSev],
    ['become*|became law', S, highSev],
    [IS_LAW, S, { ...highSev, keys: ['is', 'now'] }],
    // Needs a digit right after the "b" or "r" of "sb", "h.r." (looked for digit first: much faster).
    [BILL_NUMBER, S, { needs: /\d(?<=[br]\.?\s?\d)/ }],
    [['senate|house|assembly bill', 'state law|laws', 'new law|laws'], M, background],
    ['congress|lawmakers|legislators|legislature|representatives ~2 vote*|pass*|approve*', S],
    ['pass* ~3 house|senate|congress|chamber|chambers', S],
    // "House approves", but never "White House approves".
    [
      new RegExp(`(?<!white\\s)${WORD_START}(?:house|senate)(?:\\s+\\S+){0,3}?\\s+(?:pass(?:es|ed)?|approv(?:es|ed)|vot(?:es|ed))(?![0-9a-z])`, 'g'),
      S,
      { keys: ['house', 'senate'] },
    ],
    ['bill|bills|ndaa|legislation|measure ~4 advance*|clear*|approve*|pass*|signed', S],
    ['introduce* ~5 bill|bills|legislation|measure|act', S],
    // "bill" alone is weak: lower-cased, it is also Bill the first name.
    ['legislation|legislative', M, background],
    ['bill|bills', W],
    // A bill named by what it does is the development ("the ban bill", "the defense bill gives…").
    ['ban|defense|defence|spending|funding|appropriations|divestiture|divest bill|bills', M],
    // A state's ban is its legislature's law ("Montana becomes first state to ban TikTok").
    ['first|second|third|another|latest state|states ~2 to ban|bar|outlaw|prohibit', S],
    [['ndaa', 'national defense authorization act'], M, background],
    // A law's name alone is background: an order delaying its enforcement is not legislation.
    [['foreign adversary controlled applications', 'pafaca', 'restrict act'], 1.5, background],
    ['divest or ban', M, background],
    ['lawmakers|legislators|congressman|congresswoman|senator|senators|congress|congressional', W],
    ['签署成为法律|签署为法律|成为法律', S + 1, highSev],
    ['法案', S],
    ['立法|众议院|参议院', M, background],
    ['国会', W],
  ],
  litigation: [
    [['preliminary injunction*', 'temporary restraining order*', 'restraining order*'], S],
    ['enjoin*', S, ruling],
    ['injunction*', M],
    [
      'judge|judges|court|courts|justices|panel ~4 block*|halt*|stop*|strike*|uphold*|ruled|dismiss*|overturn*|reverse*|affirm*|grant*|pause*|freeze*|suspend*|vacate*|toss*|side*|defer*',
      S,
      ruling,
    ],
    // "Court rules …" is a ruling; "the judge read the rules" is not.
    ['judge|judges|court|courts|justices|panel rules', S, ruling],
    [['arbitrary and capricious', 'per curiam'], S, ruling],
    // Courts named without a decision: a case in progress.
    [['supreme court', 'appeals court', 'court of appeals', 'appellate', 'circuit court'], M, medium],
    [['district|federal|magistrate court|judge', 'judge|judges'], M, medium],
    ['court|courts', W, medium],
    ['ruling|ruled|verdict', M, ruling],
    ['vacate*', M, ruling],
    ['tro', M],
    // Not "sue*": lower-cased, that is also Sue the first name.
    [['lawsuit*|sues|sued|suing', 'to sue', 'sue to|over'], M, medium],
    ['file* ~3 suit|lawsuit*|complaint*|petition*|challenge*', M, medium],
    [['legal challenge*', 'oral argument*', 'file* ~3 appeal*', 'appealed'], M, medium],
    ['appeal|appeals', W, medium],
    ['plaintiff*|complaint|hearing', W, medium],
    [/(?<![0-9])\d{1,2}:\d{2}-(?:cv|cr|mc)-\d{3,5}(?![0-9])/g, M],
    // Criminal cases are court cases: indictments, pleas, deferred prosecution, probation.
    [['indict*', 'arraign*', 'convict*', 'plead* guilty', 'plea agreement|deal', 'deferred prosecution'], S],
    [['criminal charges', 'charge* ~4 with', 'probation', 'unseal*'], M],
    ['prosecutor*', W],
    [['first amendment', 'docket'], W],
    // A court that refuses to block is still news, but nothing was blocked.
    ['deny*|reject*|refuse*|decline* ~4 injunction*|restraining|stay', S + 1, denial],
    ['deny*|reject*|refuse*|decline* ~3 request*|bid*|motion*|effort*|attempt* ~3 block*|halt*|stop*|pause*|enjoin*', S + 1, denial],
    ['decline*|refuse* to block|halt|stop|pause|enjoin', S + 1, denial],
    ["not|won't|won’t|wouldn't|wouldn’t ~1 block|halt|enjoin", S, denial],
    ['injunction*|request*|motion*|bid* ~3 denied|rejected|refused', S + 1, denial],
    // A party losing or winning its fight in court is a ruling told from the party's side ("DJI
    // loses its fight to get off the Pentagon list"); not "bid", which is as often a takeover's.
    ['lose*|lost ~3 fight|battle|challenge|case|lawsuit|suit|appeal', S + 1, denial],
    ['win*|won ~3 fight|battle|challenge|case|lawsuit|suit|appeal', S + 1, ruling],
    // A bid to shed a listing or block an order is a case's ("DJI loses bid to shed label").
    ['lose*|lost ~3 bid*|attempt*|effort* ~3 shed|block*|halt*|overturn*|remove*|stay|injunction*', S + 1, denial],
    ['驳回', S + 1, denial],
    ['初步禁令|禁制令|临时限制令|最高法院', S],
    ['裁决|裁定|判决|叫停|败诉|胜诉', S, ruling],
    ['法院|法官', M, medium],
    ['诉讼|起诉|上诉', M, medium],
  ],
  revocation: [
    ['revoke*|revocation|rescind*|rescission', S],
    ['repeal*', M],
    ['lift* ~3 ban|bans|restriction*|sanction*|prohibition*|order*|curbs', S],
    // Only the government's lists: "removed from the list of top apps" is not a revocation.
    ['remove*|drop* ~6 from ~6 entity|entities|sdn|sanctions|investment|pentagon|military|cmic|ccmc|unverified|blacklist*', S],
    ['take* ~4 off ~6 entity|entities|sdn|sanctions|investment|pentagon|military|cmic|ccmc|unverified|blacklist*', S],
    ['terminate* ~4 order*|designation*|restriction*', S],
    ['reverse* ~3 ban|bans|order|decision|designation', M],
    ['scrap* ~3 ban|bans|order*|rule*', M],
    ['end* ~3 ban|bans|restrictions|designation', M],
    // Dropping a ban is lifting it, as strong a sign as "lifts".
    ['drop* ~3 designation*|ban|bans', S],
    ['vacate* ~3 designation', M],
    ['no longer subject to', M],
    ['unblock*', M],
    ['withdraw*|delist*', W],
    ['撤销|废除|移出|除名', S],
    ['撤回|解除', M],
    ['取消 ~3 禁令|制裁|限制', S],
  ],
  investigation: [
    ['open*|launch*|start*|begin|begins|began ~4 investigation*|probe*|inquiry|inquiries|review', S],
    ['investigation*|investigate*|probe*|inquiry', M],
    [['antitrust|antimonopoly', 'anti monopoly'], M],
    ['summon*', M],
    ['look* into', M],
    ['examin*', M],
    [['seek*|sought|request*|ask*|demand* ~3 information|documents|records', 'information request*'], S],
    // Oversight hearings (a court hearing is litigation's hint).
    ['congressional|senate|house|committee|oversight hearing*', S],
    ['hearing ~6 committee|congress|lawmakers|senators|senate|house', M],
    ['testif*|testimony|grill*', M],
    ['听证会', M],
    ['subpoena*', S],
    ['icts review', S],
    [['national security review', 'security review', 'section 232'], M],
    ['scrutiny', W],
    // "Fine" alone is also "fine print": an amount before it makes it a penalty ("$985 million fine").
    [['fined|fines', 'fine of', 'record fine', 'million|billion|yuan fine'], M],
    ['civil penalty|penalties', S],
    ['penalty|penalties', M],
    ['settle* ~4 charges|allegations|violations', S],
    [['racketeering', 'money laundering', 'bank|wire fraud', 'trade secret*'], M],
    // 调查 is also "survey": only opening one, or an antitrust word, decides.
    ['反垄断|约谈|立案|展开调查|启动调查|发起调查', S],
    ['被调查|接受调查|涉嫌|罚款|处罚|罚金', M],
    ['调查', W],
    ['审查', W],
  ],
  corporate: [
    [['earnings|revenue*|profit*|valuation', 'net income'], M],
    ['quarterly|quarter|results|sales', W],
    [['ipo', 'initial public offering'], M],
    ['listing|shares|stock', W],
    ['shares ~2 rose|rise*|fell|fall*|jump*|slump*|drop*|climb*|tumble*|surge*|plunge*|soar*', M],
    [['launch*|unveil*|debut*|rollout', 'new feature*', 'roll* out'], M],
    ['product*|smartphone*', W],
    [['ceo', 'chief executive'], W],
    [['step* down', 'appoint*|resign*'], M],
    [['lay* off', 'laid off', 'layoff*', 'job cuts', 'cut* ~3 jobs|staff', 'let* go ~3 staff|employees|workers'], M],
    [['shut* down ~3 operations|business|businesses|offices|unit|units', 'close* ~3 operations|offices'], M],
    ['million|billion ~1 users|people|customers', M],
    [['partnership*|acquire*|acquisition*|merger', 'partner* with', 'funding round'], M],
    ['deal|stake', W],
    [['said in a statement', 'spokesperson|spokesman|spokeswoman'], W],
    ['delist* ~4 from ~3 nyse|nasdaq|exchange|index|indices|indexes', S],
    ['nyse|nasdaq|exchange ~3 delist*', S],
    ['remove* ~4 from ~4 index|indices|indexes|msci|ftse', S],
    ['suspend*|halt*|postpone*|pull* ~3 ipo|listing|offering', S],
    ['ipo ~3 suspend*|halt*|postpone*|delay*', S],
    ['财报|营收|首次公开募股|退市|暂缓上市', S],
    ['利润|上市|推出|收购|股价|试点|上线|交易额|交易峰值|创新高', M],
    ['发布|合作', W],
  ],
};

/** Every rule, compiled once. */
export const SIGNAL_RULES: readonly CompiledRule[] = Object.entries(TABLE).flatMap(([category, entries]) =>
  entries.map(([phrase, weight, extra]): CompiledRule => {
    const { keys: regexKeys, ...rest } = extra ?? {};
    const pattern = phrase instanceof RegExp ? phrase : phrasePattern(phrase);
    const keyed = phrase instanceof RegExp ? (regexKeys ? { keys: [...regexKeys], anchored: true, requires: [[[...regexKeys]]] } : undefined) : phraseKeys(phrase);
    return { category: category as SignalCategory, phrase, weight, ...rest, pattern, ...keyedScan(pattern, keyed) };
  }),
);

/** The keys of a rule, and its sticky pattern when matches start at them. */
export function keyedScan(pattern: RegExp, keyed: PhraseKeys | undefined): Pick<CompiledRule, 'keys' | 'requires' | 'sticky'> {
  if (!keyed) return {};
  const sticky = keyed.anchored ? { sticky: new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y') } : {};
  return { keys: keyed.keys, requires: keyed.requires, ...sticky };
}
