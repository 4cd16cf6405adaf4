// The signal phrases, per category, with their weights. The rules each category stands for are
// written at the top of classify.ts; this table is their vocabulary. Phrases use the language of
// phrase-pattern.ts (`word*` inflects, `a|b` alternates, `~N` skips up to N words).
import type { Category, Severity } from '../model.ts';
import { phrasePattern } from './phrase-pattern.ts';

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
   * against denials). `delay`: enforcement paused, extended or licensed.
   */
  flag?: 'denial' | 'ruling' | 'delay';
}

export interface CompiledRule extends SignalRule {
  pattern: RegExp;
}

type Phrase = string | readonly string[] | RegExp;
type Entry = [phrase: Phrase, weight: number, extra?: Pick<SignalRule, 'severity' | 'flag'>];

const medium = { severity: 'medium' } as const;
const highSev = { severity: 'high' } as const;
const delay = { flag: 'delay', severity: 'medium' } as const;
const denial = { flag: 'denial', severity: 'medium' } as const;
const ruling = { flag: 'ruling' } as const;

const TABLE: Record<SignalCategory, Entry[]> = {
  'executive-order': [
    ['sign* ~3 executive order*', S + 1],
    ['executive order*', M],
    [/(?<![0-9a-z])(?:e\.\s?o\.|eo)\s*(?:no\.?\s*)?1\d{4}(?![0-9])/g, M],
    ['presidential order*|action*|memorandum|proclamation*', M],
    ['addressing the threat posed by', S],
    ['hereby order*', S],
    ['by the authority vested in me', S],
    ['national emergency', M],
    [['ieepa', 'international emergency economic powers act'], M],
    ['签署 ~3 行政命令|行政令', S + 1],
    ['行政命令|行政令|总统令', M],
  ],
  ban: [
    ['identification of prohibited transactions', S + 1],
    ['identify* ~3 prohibited transactions', S + 1],
    ['prohibited transactions', M],
    ['ban|bans|prohibition*|restriction* ~3 take*|go* into? effect', S + 1],
    ['take*|go* into? effect', W],
    ['went|go|goes|gone dark', S],
    [['shut* down', 'shutdown'], W],
    ['remove* ~3 from ~3 app|apple|play|google store*|play', S],
    ['pull* ~3 from ~3 app|play store*', S],
    [['app store*', 'play store*', 'google play'], W],
    ['no longer available', M],
    ['bans|banned|banning', M],
    ['to ban', M],
    ['ban', 1.5],
    ['prohibit*', M],
    ['outlaw*', M],
    ['block* ~2 app|apps|downloads|download|transactions|access', M],
    ['bar* ~3 downloads|transactions|app|apps', M],
    ['blocked in', M],
    [['internet hosting', 'content delivery network*', 'peering'], W],
    ['封禁|下架|禁止下载|全面禁止', S],
    ['禁令|禁止|禁用|停止服务', M],
    // Delays pause a ban that stays on the books: the ban's category, one step lower.
    ['enforcement delay*', S + 1, delay],
    ['delay* ~3 enforcement|ban', S + 1, delay],
    ['extend* ~4 deadline*', S, delay],
    ['deadline extension*', S, delay],
    ['shall not take any action to enforce', S + 1, delay],
    ['non-enforcement|nonenforcement', S, delay],
    ['pause* ~3 enforcement|ban', S, delay],
    ['postpone* ~3 ban|prohibitions|enforcement', S, delay],
    ['wind down|wind-down', M, delay],
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
    // Licences that let business continue: an export control delayed, one step lower.
    ['temporary general license*|licence*', S, delay],
    [['extend* ~4 license*|licence*', 'license|licence extension*'], S, delay],
    ['presumption of denial', S],
    [['bureau of industry and security', 'bis'], M],
    ['trade blacklist*', S],
    ['blacklist*', W],
    ['chip|chips|semiconductor|semiconductors ~2 curb*|restriction*|export*', M],
    ['cut* off ~4 supply|supplies|access|chips', M],
    [['commerce department', 'department of commerce'], W],
    ['实体清单|出口管制', S],
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
    // A company selling a stake is business; a government forcing the sale is not.
    ['divest*|divestiture|divestment', W],
    ['order*|force*|forcing|require*|requiring|compel* ~4 divest*|sell|sale', S],
    ['forced sale|divestiture order*', M],
    ['national security agreement', M],
    ['pentagon|dod ~6 blacklist*|list', M],
    ['投资禁令|投资黑名单|中国军工企业|军工复合体|外国投资委员会', S],
    ['剥离|强制出售', M],
  ],
  legislation: [
    ['sign* ~4 into law', S + 1, highSev],
    ['sign* ~2 bill|bills|legislation', S, highSev],
    ['public law', S, highSev],
    [/(?<![a-z])(?:pub(?:lic)?\.?\s*l(?:aw)?\.?)\s*(?:no\.?\s*)?\d{2,3}[-–]\d{1,3}(?![0-9])/g, S, highSev],
    ['enact*|enactment', S, highSev],
    ['become*|became law', S, highSev],
    ['pass* ~3 house|senate|congress|chamber|chambers', S],
    // "House approves", but never "White House approves".
    [/(?<!white\s)(?<![0-9a-z])(?:house|senate)(?:\s+\S+){0,3}?\s+(?:pass(?:es|ed)?|approv(?:es|ed)|vot(?:es|ed))(?![0-9a-z])/g, S],
    ['bill|bills ~4 advance*|clear*|approve*|pass*', S],
    ['introduce* ~5 bill|bills|legislation|measure', S],
    // "bill" alone is weak: lower-cased, it is also Bill the first name.
    ['legislation|legislative', M],
    ['bill|bills', W],
    [['ndaa', 'national defense authorization act'], M],
    [['foreign adversary controlled applications', 'pafaca', 'restrict act'], S],
    ['divest or ban', M],
    ['lawmakers|legislators|congressman|congresswoman|senator|senators|congress|congressional', W],
    ['签署成为法律|签署为法律|成为法律', S + 1, highSev],
    ['法案', S],
    ['立法|众议院|参议院', M],
    ['国会', W],
  ],
  litigation: [
    [['preliminary injunction*', 'temporary restraining order*', 'restraining order*'], S],
    ['enjoin*', S, ruling],
    ['injunction*', M],
    [
      'judge|judges|court|courts|justices|panel ~4 block*|halt*|stop*|strike*|uphold*|ruled|dismiss*|overturn*|reverse*|affirm*|grant*|pause*|freeze*|suspend*|vacate*|toss*',
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
    [['lawsuit*|sues|sued|suing', 'to sue'], M, medium],
    ['file* ~3 suit|lawsuit*|complaint*|petition*|challenge*', M, medium],
    [['legal challenge*', 'oral argument*', 'file* ~3 appeal*', 'appealed'], M, medium],
    ['appeal|appeals', W, medium],
    ['plaintiff*|complaint|hearing', W, medium],
    [/(?<![0-9])\d{1,2}:\d{2}-(?:cv|cr|mc)-\d{3,5}(?![0-9])/g, M],
    [['first amendment', 'docket'], W],
    // A court that refuses to block is still news, but nothing was blocked.
    ['deny*|reject*|refuse*|decline* ~4 injunction*|restraining|stay', S + 1, denial],
    ['deny*|reject*|refuse*|decline* ~3 request*|bid*|motion*|effort*|attempt* ~3 block*|halt*|stop*|pause*|enjoin*', S + 1, denial],
    ['decline*|refuse* to block|halt|stop|pause|enjoin', S + 1, denial],
    ["not|won't|won’t|wouldn't|wouldn’t ~1 block|halt|enjoin", S, denial],
    ['injunction*|request*|motion*|bid* ~3 denied|rejected|refused', S + 1, denial],
    ['驳回', S + 1, denial],
    ['初步禁令|禁制令|临时限制令|最高法院', S],
    ['裁决|裁定|判决|叫停', S, ruling],
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
    ['reverse* ~3 ban|order|decision|designation', M],
    ['scrap* ~3 ban|order*|rule*', M],
    ['end* ~3 ban|restrictions|designation', M],
    ['drop* ~3 designation|ban', M],
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
    ['subpoena*', S],
    ['icts review', S],
    [['national security review', 'security review', 'section 232'], M],
    ['scrutiny', W],
    [['fined|fines', 'fine of', 'record fine'], M],
    ['civil penalty|penalties', S],
    ['penalty|penalties', M],
    ['settle* ~4 charges|allegations|violations', S],
    [['plead* guilty', 'plea agreement|deal'], S],
    [['indict*', 'criminal charges'], S],
    ['charge* ~4 with', M],
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
    [['partnership*|acquire*|acquisition*|merger', 'partner* with', 'funding round'], M],
    ['deal|stake', W],
    [['said in a statement', 'spokesperson|spokesman|spokeswoman'], W],
    ['delist* ~4 from ~3 nyse|nasdaq|exchange|index|indices|indexes', S],
    ['nyse|nasdaq|exchange ~3 delist*', S],
    ['remove* ~4 from ~4 index|indices|indexes|msci|ftse', S],
    ['suspend*|halt*|postpone*|pull* ~3 ipo|listing|offering', S],
    ['ipo ~3 suspend*|halt*|postpone*|delay*', S],
    ['财报|营收|首次公开募股|退市|暂缓上市', S],
    ['利润|上市|推出|收购|股价', M],
    ['发布|合作', W],
  ],
};

/** Every rule, compiled once. */
export const SIGNAL_RULES: readonly CompiledRule[] = Object.entries(TABLE).flatMap(([category, entries]) =>
  entries.map(([phrase, weight, extra]): CompiledRule => ({
    category: category as SignalCategory,
    phrase,
    weight,
    ...extra,
    pattern: phrase instanceof RegExp ? phrase : phrasePattern(phrase),
  })),
);
