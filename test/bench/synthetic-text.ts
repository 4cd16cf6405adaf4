// Text for synthetic news items: ordinary business news that names no watched entity (most of a
// real feed), items that name one to three entities in passing, Chinese-language items, and
// "developments" (an order, a listing, a ruling) that several outlets report in their own words.
// Built from combinable parts so that titles rarely repeat and term statistics look like news.
import type { Entity } from '../../src/model.ts';
import type { SeededRandom } from './seeded-random.ts';

/** A watched entity as the generator uses it: its Latin-script and Chinese names apart. */
export interface BenchEntity {
  id: string;
  name: string;
  latin: string[];
  chinese: string[];
}

export type DevelopmentKind = 'order' | 'entity-list' | 'injunction' | 'investment' | 'revocation' | 'sanctions' | 'bill';

/** One development that several feeds report (the rewrites the story grouping must join). */
export interface Development {
  id: number;
  kind: DevelopmentKind;
  entities: BenchEntity[];
  eo: number;
  /** A Federal Register citation, e.g. "86 FR 1249". */
  fr: string;
  docket: string;
  /** A calendar date as news prose writes it, e.g. "January 5". */
  date: string;
  days: number;
  /** When the first report appeared (ms). */
  at: number;
}

const HAN = /\p{Script=Han}/u;

/** Splits catalog entities into the generator's shape. */
export function toBenchEntities(entities: readonly Entity[]): BenchEntity[] {
  return entities.map((e) => ({
    id: e.id,
    name: e.name,
    latin: [e.name, ...e.aliases.filter((a) => !HAN.test(a) && a !== e.name)],
    chinese: e.aliases.filter((a) => HAN.test(a)),
  }));
}

const SUBJECTS = [
  'Shipping rates', 'Regional lenders', 'Chip equipment makers', 'Retail sales', 'The central bank', 'Farm exports', 'Battery suppliers',
  'Cloud providers', 'Freight carriers', 'Bond investors', 'Steel producers', 'Smartphone shipments', 'Airlines', 'Municipal budgets',
  'Semiconductor inventories', 'Copper prices', 'Home builders', 'Insurance premiums', 'Streaming services', 'Electric vehicle sales',
  'Solar installers', 'Pension funds', 'Crude inventories', 'Hotel bookings', 'Venture funding', 'Payroll growth', 'Grain futures',
  'Container volumes', 'Consumer credit', 'Data center operators', 'Mining output', 'Medical device makers', 'Toy retailers',
];
const VERBS = [
  'rose', 'fell', 'held steady', 'surprised analysts', 'slowed', 'picked up', 'hit a record', 'slipped', 'rebounded', 'stalled',
  'beat forecasts', 'missed estimates', 'edged higher', 'dropped sharply', 'recovered',
];
const TAILS = [
  'in the third quarter', 'after a volatile week', 'according to industry data', 'as demand recovered', 'amid higher borrowing costs',
  'for a second straight month', 'ahead of the holiday season', 'despite weaker orders', 'as inventories piled up',
  'in early trading', 'on stronger exports', 'after the rate decision', 'in a closely watched survey', 'across most regions',
];
const CLAUSES = [
  'analysts at several brokerages said', 'the report showed', 'figures released on Tuesday indicated', 'a trade group said in a statement',
  'executives told investors on a call', 'economists had expected a smaller move', 'people familiar with the matter said',
  'the data suggested', 'officials said at a briefing', 'a survey of purchasing managers found',
];
const PLAIN_EXTRA = [
  'Shares of the largest operators closed little changed.',
  'The figures will be revised next month when fuller data arrive.',
  'Several companies said they would delay hiring until the outlook clears.',
  'Prices in the spot market moved less than futures did.',
  'The agency said the seasonal adjustment had been updated this year.',
  'Smaller firms reported tighter credit conditions than large ones.',
  'A spokesperson declined to comment on the forecast.',
  'Inventories remain above their five-year average.',
  'Analysts cautioned that one month of data is rarely a trend.',
  'The next reading is due in four weeks.',
  'Advisers on M&A deals said activity stayed muted.',
  "The company's chief executive said margins would recover.",
];

/** Headlines about an entity's own business: verb × product × context gives thousands of distinct ones. */
const ACTIONS = [
  'expands', 'trims', 'tests', 'relaunches', 'reprices', 'delays', 'adds', 'drops', 'pilots', 'reorganises', 'bets on',
  'hires for', 'cuts fees for', 'reports growth in', 'sees slowdown in', 'opens waitlist for', 'upgrades', 'spins off',
];
const PRODUCTS = [
  'merchant payments', 'cloud gaming', 'short-video ads', 'cross-border e-commerce', 'ride-hailing tie-up', 'mini-programs',
  'data centres', 'chip design unit', 'smart-home devices', 'drone deliveries', 'music streaming', 'AI assistant', 'loyalty programme',
  'creator fund', 'battery packs', 'satellite imagery', 'office software subscriptions', 'browser extensions', 'file-sharing app',
  'QR-code payments', 'translation tool', 'livestream shopping', 'enterprise messaging', 'microlending', 'wealth management app',
  'photo filters', 'document scanning', 'industrial robots', 'offshore drilling', '5G base stations', 'mapping service', 'gift cards',
];
const CONTEXTS = [
  'in Southeast Asia', 'in Europe', 'for small businesses', 'ahead of Singles Day', 'in Latin America', 'after user complaints',
  'amid slowing growth', 'in the Middle East', 'for students', 'as rivals catch up', 'in Japan', 'in Africa', 'for older users', '',
];
const PAIR_ACTIONS = ['team up on', 'compete for', 'clash over', 'both cut prices for', 'race to launch'];
/** Now and then an item about an entity touches on policy, as business coverage does. */
const POLICY_HEADLINES = [
  '{E} shares slip as investors weigh new US restrictions',
  '{E} faces fresh scrutiny in Washington over data practices',
  'Lawmakers press {E} on user data stored overseas',
  'Suppliers to {E} brace for tighter export licensing',
];
const MENTION_SENTENCES = [
  '{E} said its {P} business {V} {T}.',
  'A spokesperson for {E} declined to comment on plans for {P}.',
  'Rivals of {E} have spent heavily on {P} this year.',
  'People close to {E} said the company had reviewed its {P} contracts.',
  'Analysts said revenue from {P} at {E} {V} {T}.',
  'Customers of {E} were told in an email that {P} would continue as before.',
];

const CN_SUBJECTS = ['人民币汇率', '国内港口吞吐量', '新能源汽车销量', '制造业采购经理指数', '社会消费品零售总额', '跨境电商出口', '半导体设备进口', '光伏组件价格'];
const CN_VERBS = ['小幅走强', '创下新高', '环比回落', '同比增长', '保持平稳', '明显改善'];
const CN_FILLER = [
  '分析人士认为，相关措施可能影响跨境支付业务。',
  '市场人士表示，投资者仍在观望政策的后续走向。',
  '业内预计，第四季度需求将逐步恢复。',
  '有关部门表示，将继续密切关注事态发展。',
  '多家券商在研究报告中下调了全年增长预期。',
  '该公司在声明中表示，将依法维护自身合法权益。',
  '数据显示，出口订单较上月有所增加。',
  '专家指出，企业应提前做好合规准备。',
];
const CN_MENTION_HEADLINES = ['{C}回应美国最新出口管制措施', '外资机构下调{C}评级', '{C}称将继续为海外用户提供服务'];
const CN_ACTIONS = ['扩大', '调整', '测试', '推迟', '升级', '收缩', '重组', '加码'];
const CN_PRODUCTS = ['跨境支付', '云游戏', '短视频广告', '小程序', '数据中心', '智能家居', '无人机配送', '音乐流媒体', '人工智能助手', '直播电商', '企业通讯', '小额贷款', '理财', '文档扫描', '工业机器人', '海上钻井', '5G基站', '地图服务'];
const CN_PLACES = ['东南亚', '欧洲', '拉美', '中东', '日本', '非洲', '国内'];

interface DevelopmentTemplates {
  headlines: string[];
  sentences: string[];
  chineseHeadlines: string[];
  chineseSentences: string[];
}

const DEVELOPMENTS: Record<DevelopmentKind, DevelopmentTemplates> = {
  order: {
    headlines: [
      'President signs executive order banning transactions with {E} and {E2}',
      'White House orders ban on {E}, {E2} within {DAYS} days',
      'New executive order targets {E} and other Chinese apps',
      'US moves to bar dealings with {E} under emergency powers',
    ],
    sentences: [
      'Executive Order {EO}, signed on {DATE}, directs the Commerce Secretary to identify prohibited transactions with {E} within {DAYS} days.',
      'The order, published at {FR}, cites the International Emergency Economic Powers Act and names {E} among the apps of concern.',
      'Under the order signed {DATE}, transactions with the developers of {E} and {E2} will be barred after {DAYS} days.',
    ],
    chineseHeadlines: ['美国总统签署行政令禁止与{C}交易', '美国以行政令针对{C}等中国应用'],
    chineseSentences: ['根据第{EO}号行政令，美国商务部须在{DAYS}天内确定与{C}相关的禁止交易。', '该行政令援引《国际紧急经济权力法》，将{C}列为受关注应用。'],
  },
  'entity-list': {
    headlines: ['Commerce adds {E} to Entity List', 'US blacklists {E} over national security concerns', '{E} among companies added to US trade blacklist'],
    sentences: [
      'The Commerce Department said on {DATE} that it had added {E} to the Entity List, restricting exports of US technology to the company.',
      'A final rule published at {FR} requires suppliers to obtain a license before shipping items to {E}.',
      'The Bureau of Industry and Security said {E} had acted contrary to US national security interests.',
    ],
    chineseHeadlines: ['美国商务部将{C}列入实体清单', '{C}被美方列入出口管制实体清单'],
    chineseSentences: ['美国商务部{DATE}宣布将{C}列入实体清单，限制向其出口美国技术。', '根据联邦公报{FR}公布的规定，向{C}出口须事先获得许可。'],
  },
  injunction: {
    headlines: ['Judge blocks US ban on {E}', 'Federal court halts restrictions on {E} app', '{E} wins preliminary injunction against Commerce order'],
    sentences: [
      'A federal judge granted {E} a preliminary injunction on {DATE}, halting the Commerce Department ban in case {DOCKET}.',
      'The court found that the plaintiffs were likely to succeed on their claim that the order exceeded the emergency powers law.',
      'Lawyers for {E} had argued that the ban would cause irreparable harm to millions of users.',
    ],
    chineseHeadlines: ['美国法官暂停对{C}的禁令', '{C}获得针对美国商务部禁令的初步禁制令'],
    chineseSentences: ['美国联邦法官{DATE}批准了{C}的初步禁制令申请，暂停实施商务部禁令。', '法院认为原告有望在诉讼中胜诉。'],
  },
  investment: {
    headlines: ['Treasury bars US investment in {E}', '{E} added to investment blacklist of military-linked firms', 'US investors must divest {E} shares within {DAYS} days'],
    sentences: [
      'The Treasury Department said on {DATE} that {E} had been added to the list of Chinese military-industrial complex companies.',
      'US persons must divest holdings of {E} securities within {DAYS} days under the order.',
      'Index providers said they would remove {E} from benchmarks tracked by US funds.',
    ],
    chineseHeadlines: ['美国财政部禁止美国投资者投资{C}', '{C}被列入中国军工复合体企业清单'],
    chineseSentences: ['美国财政部{DATE}宣布将{C}列入投资禁令清单。', '美国投资者须在{DAYS}天内出售所持{C}证券。'],
  },
  revocation: {
    headlines: ['President revokes orders targeting {E} and {E2}', 'White House withdraws ban on {E}', 'US drops executive orders against {E}, orders new review'],
    sentences: [
      'The new order, signed on {DATE}, revokes Executive Order {EO} and replaces it with a broader review of apps linked to foreign adversaries.',
      'The revocation ends the ban on {E}, though officials said a security review would continue.',
      'Commerce was given {DAYS} days to recommend options for protecting the data of US users of {E}.',
    ],
    chineseHeadlines: ['美国撤销针对{C}的行政令', '白宫撤回对{C}的禁令'],
    chineseSentences: ['新行政令于{DATE}签署，撤销第{EO}号行政令。', '撤销后对{C}的禁令终止，但安全审查将继续。'],
  },
  sanctions: {
    headlines: ['Treasury sanctions {E} over support for military programs', 'OFAC adds {E} to SDN list', 'US imposes sanctions on {E} and affiliates'],
    sentences: [
      'The Office of Foreign Assets Control designated {E} on {DATE}, freezing any assets it holds under US jurisdiction.',
      'US persons are generally prohibited from dealing with {E} after the designation.',
      'Treasury said {E} had supplied components to sanctioned programs.',
    ],
    chineseHeadlines: ['美国财政部制裁{C}', '{C}被列入特别指定国民清单'],
    chineseSentences: ['美国财政部海外资产控制办公室{DATE}宣布制裁{C}。', '美国人士被禁止与{C}进行交易。'],
  },
  bill: {
    headlines: ['House passes bill that could force sale of {E}', 'Senate bill would ban {E} from government devices', 'Lawmakers advance measure targeting {E}'],
    sentences: [
      'The bill, approved on {DATE}, gives {E} {DAYS} days to find a buyer or face a ban in US app stores.',
      'Sponsors said the measure addresses national security risks posed by {E}.',
      'The legislation now goes to the other chamber, where its prospects are uncertain.',
    ],
    chineseHeadlines: ['美国众议院通过可能迫使{C}出售的法案', '美国参议院法案拟禁止政府设备使用{C}'],
    chineseSentences: ['该法案于{DATE}获得通过，要求{C}在{DAYS}天内出售。', '提案人称该措施旨在应对{C}带来的国家安全风险。'],
  },
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A Latin-script name of the entity: usually its name, sometimes an alias. */
export function latinName(rng: SeededRandom, e: BenchEntity): string {
  return rng.chance(0.8) ? e.name : rng.pick(e.latin);
}

/** A Chinese name of the entity, or its Latin name when it has none. */
export function chineseName(rng: SeededRandom, e: BenchEntity): string {
  return e.chinese.length ? rng.pick(e.chinese) : e.name;
}

/** A headline naming no watched entity. */
export function plainHeadline(rng: SeededRandom): string {
  return `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(TAILS)}`;
}

/** A sentence naming no watched entity. */
export function plainSentence(rng: SeededRandom): string {
  if (rng.chance(0.3)) return rng.pick(PLAIN_EXTRA);
  return `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(TAILS)}, ${rng.pick(CLAUSES)}.`;
}

/** A Chinese headline naming no watched entity. */
export function chinesePlainHeadline(rng: SeededRandom): string {
  return `${rng.pick(CN_SUBJECTS)}${rng.pick(CN_VERBS)}`;
}
/** A Chinese sentence naming no watched entity. */
export function chinesePlainSentence(rng: SeededRandom): string {
  return rng.chance(0.5) ? rng.pick(CN_FILLER) : `${rng.pick(CN_SUBJECTS)}${rng.pick(CN_VERBS)}。${rng.pick(CN_FILLER)}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * A headline and two sentences naming one to three entities in passing (not a development).
 * Sometimes a Chinese name follows the Latin one, as English outlets write it.
 */
export function mentionText(rng: SeededRandom, entities: readonly BenchEntity[]): { title: string; sentences: string[] } {
  const [e1, e2 = e1] = entities as [BenchEntity, BenchEntity?];
  const name = (e: BenchEntity) => {
    const latin = latinName(rng, e);
    return e.chinese.length && rng.chance(0.2) ? `${latin} (${rng.pick(e.chinese)})` : latin;
  };
  const product = () => rng.pick(PRODUCTS);
  let title: string;
  if (rng.chance(0.1)) title = fill(rng.pick(POLICY_HEADLINES), { E: latinName(rng, e1) });
  else if (entities.length > 1 && rng.chance(0.5)) title = `${latinName(rng, e1)} and ${latinName(rng, e2!)} ${rng.pick(PAIR_ACTIONS)} ${product()}`;
  else title = `${latinName(rng, e1)} ${rng.pick(ACTIONS)} ${product()} ${rng.pick(CONTEXTS)}`.trim();
  const sentences = entities.map((e) => fill(rng.pick(MENTION_SENTENCES), { E: name(e), P: product(), V: rng.pick(VERBS), T: rng.pick(TAILS) }));
  return { title, sentences };
}

/** A Chinese headline and sentences about one entity (not a development). */
export function chineseMentionText(rng: SeededRandom, e: BenchEntity): { title: string; sentences: string[] } {
  const values = { C: chineseName(rng, e) };
  const title = rng.chance(0.2) ? fill(rng.pick(CN_MENTION_HEADLINES), values) : `${values.C}在${rng.pick(CN_PLACES)}${rng.pick(CN_ACTIONS)}${rng.pick(CN_PRODUCTS)}业务`;
  return { title, sentences: [fill(`${rng.pick(CN_FILLER)}{C}表示将密切关注政策变化。`, values)] };
}

/** A new development about `entities`, dated `at`. */
export function createDevelopment(rng: SeededRandom, id: number, entities: BenchEntity[], at: number): Development {
  const date = new Date(at);
  return {
    id,
    kind: rng.pick(['order', 'entity-list', 'injunction', 'investment', 'revocation', 'sanctions', 'bill'] as const),
    entities,
    eo: rng.int(13_873, 14_117),
    fr: `${rng.int(85, 89)} FR ${rng.int(1_000, 79_999)}`,
    docket: `1:${rng.int(19, 24)}-cv-${String(rng.int(100, 9_999)).padStart(5, '0')}`,
    date: `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`,
    days: rng.pick([30, 45, 60, 90]),
    at,
  };
}

/** One outlet's report of a development: its own headline and a selection of the facts. */
export function developmentText(rng: SeededRandom, dev: Development, chinese: boolean): { title: string; sentences: string[] } {
  const t = DEVELOPMENTS[dev.kind];
  const [e1, e2 = e1] = dev.entities as [BenchEntity, BenchEntity?];
  const values = {
    E: latinName(rng, e1),
    E2: latinName(rng, e2!),
    C: chineseName(rng, e1),
    EO: String(dev.eo),
    FR: dev.fr,
    DOCKET: dev.docket,
    DATE: chinese ? `${new Date(dev.at).getUTCMonth() + 1}月${new Date(dev.at).getUTCDate()}日` : dev.date,
    DAYS: String(dev.days),
  };
  if (chinese) return { title: fill(rng.pick(t.chineseHeadlines), values), sentences: rng.sample(t.chineseSentences, 2).map((s) => fill(s, values)) };
  const headlines = t.headlines.filter((h) => dev.entities.length > 1 || !h.includes('{E2}'));
  return { title: fill(rng.pick(headlines.length ? headlines : t.headlines), values), sentences: rng.sample(t.sentences, rng.int(2, 3)).map((s) => fill(s, values)) };
}
