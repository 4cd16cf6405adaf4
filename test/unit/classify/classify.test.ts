import { describe, expect, it } from 'vitest';
import { classify, extractCitations, hasDevelopmentSignal, shareScans } from '../../../src/classify/classify.ts';
import { summarize } from '../../../src/summarize/summarize.ts';
import type { ClassifyInput } from '../../../src/classify/classify.ts';
import type { Category, Mention } from '../../../src/model.ts';

const NEWS_FEED = 'https://news.example.com/world/rss';

function buildMention(matched: string, options: Partial<Mention> = {}): Mention {
  return { entityId: matched.toLowerCase().replace(/\s+/g, '-'), matched, field: 'title', weak: false, ...options };
}

function buildItem(title: string, text: string, names: string[] = [], extra: Partial<ClassifyInput> = {}): ClassifyInput {
  return { title, text, feedUrl: NEWS_FEED, mentions: names.map((n) => buildMention(n)), ...extra };
}

describe('classify: one realistic item per category', () => {
  const cases: Array<[Category, string, string, string[]]> = [
    [
      'executive-order',
      'Trump signs order barring transactions with the makers of Alipay and seven other Chinese apps',
      'The president signed an executive order on Tuesday that takes aim at Alipay, WeChat Pay and other payment and office apps, citing a national emergency declared under IEEPA.',
      ['Alipay'],
    ],
    [
      'ban',
      'WeChat downloads halted as Commerce prohibitions take effect',
      'From Sunday, Apple and Google may no longer distribute WeChat in the United States, after the Commerce Department published its list of prohibited transactions.',
      ['WeChat'],
    ],
    [
      'ban',
      'India bans TikTok, CamScanner and dozens of other Chinese apps',
      'The IT ministry said the apps threaten national security and ordered them blocked nationwide.',
      ['TikTok', 'CamScanner'],
    ],
    [
      'sanctions',
      'Treasury sanctions Hong Kong officials over crackdown',
      'OFAC added the officials to the Specially Designated Nationals list, so any property they hold in the United States is now blocked.',
      [],
    ],
    [
      'export-control',
      'US blacklists drone giant DJI over surveillance concerns',
      'The Commerce Department put DJI on the Entity List, so American suppliers need a licence that will face a presumption of denial.',
      ['DJI'],
    ],
    [
      'investment-restriction',
      'Pentagon names Xiaomi a Communist Chinese military company',
      'The designation under section 1237 will bar American investors from buying Xiaomi shares once the order takes effect in March.',
      ['Xiaomi'],
    ],
    [
      'legislation',
      'Senate passes bill forcing ByteDance to sell TikTok',
      'The measure now goes to the president, who has said he will sign it.',
      ['TikTok', 'ByteDance'],
    ],
    [
      'litigation',
      'Federal judge halts Commerce restrictions on TikTok',
      'Judge Carl Nichols granted a preliminary injunction on Sunday night, hours before new downloads were to be cut off.',
      ['TikTok'],
    ],
    [
      'revocation',
      'Biden revokes Trump orders targeting TikTok and WeChat',
      'The new order replaces the bans with a broader review of apps tied to foreign adversaries.',
      ['TikTok', 'WeChat'],
    ],
    [
      'investigation',
      'Chinese regulator opens antitrust probe into Alibaba',
      'The State Administration for Market Regulation said it is investigating suspected monopoly conduct at Alibaba Group.',
      ['Alibaba'],
    ],
    [
      'corporate',
      'Tencent posts record quarterly revenue as games boom',
      'Tencent said profit rose 29 percent, beating analyst estimates, on strong demand for mobile games.',
      ['Tencent'],
    ],
    ['other', 'Cold snap sends Beijing temperatures below freezing', 'Forecasters expect snow over the weekend in the capital.', []],
  ];

  it.each(cases)('labels as %s: %s', (category, title, text, names) => {
    expect(classify(buildItem(title, text, names)).category).toBe(category);
  });

  it('calls a headline naming a watched company without any government action corporate, not other', () => {
    const c = classify(buildItem('What Xiaomi fans should know about the Mi 11', 'The phone arrives in stores in the spring.', ['Xiaomi']));
    expect(c.category).toBe('corporate');
    expect(c.severity).toBe('low');
  });

  it('tells a government blocking an app (ban) from the app banning something itself (corporate)', () => {
    expect(classify(buildItem('Pakistan blocks TikTok over content', 'The telecom regulator acted on Friday.', ['TikTok'])).category).toBe('ban');
    expect(classify(buildItem('TikTok bans political ads ahead of election', 'The policy starts next week.', ['TikTok'])).category).toBe('corporate');
  });

  it('leaves business news about no watched entity as other', () => {
    expect(classify(buildItem('Five things to watch in markets this week', 'Earnings season and inflation data dominate.', [])).category).toBe('other');
  });

  it('treats an exchange suspending an IPO and an index dropping a stock as corporate', () => {
    expect(classify(buildItem('Shanghai exchange suspends Ant Group IPO', 'The listing was pulled two days before trading.', ['Ant Group'])).category).toBe('corporate');
    expect(classify(buildItem('NYSE to delist China Mobile', 'The exchange said it will remove the shares.', ['China Mobile'])).category).toBe('corporate');
  });
});

describe('classify: the most specific category wins', () => {
  it('calls "revokes Executive Order 13971" revocation, not executive-order, and says what it outranked', () => {
    const c = classify(buildItem('Biden revokes Executive Order 13971 on Chinese apps', 'The order named Alipay among eight apps.', ['Alipay']));
    expect(c.category).toBe('revocation');
    expect(c.signals.join(' ')).toMatch(/more specific than executive-order/);
  });

  it('calls "judge blocks the WeChat ban" litigation, not ban', () => {
    const c = classify(buildItem('Judge blocks the WeChat ban', 'The ban on WeChat would have taken effect on Sunday.', ['WeChat']));
    expect(c.category).toBe('litigation');
    expect(c.severity).toBe('high');
  });

  it('calls an Entity List addition export-control even when the outlet says "sanctions"', () => {
    const c = classify(buildItem('US sanctions SMIC, adds chipmaker to Entity List', 'The Commerce Department rule restricts exports to SMIC.', ['SMIC']));
    expect(c.category).toBe('export-control');
  });

  it('calls "Treasury bars investment in …" investment-restriction, not sanctions', () => {
    const c = classify(buildItem('Treasury bars investment in DJI', 'OFAC added the drone maker to its list of Chinese military-industrial complex companies.', ['DJI']));
    expect(c.category).toBe('investment-restriction');
  });

  it('calls an identification of prohibited transactions and an app-store ban taking effect ban', () => {
    expect(classify(buildItem('Commerce identifies prohibited transactions with TikTok', 'The list covers app stores and hosting.', ['TikTok'])).category).toBe('ban');
    expect(classify(buildItem('App store ban on WeChat takes effect', 'Apple pulled WeChat from its App Store at midnight.', ['WeChat'])).category).toBe('ban');
  });

  it('calls a bill that would ban an app legislation, not ban', () => {
    const c = classify(buildItem('House passes bill that could ban TikTok nationwide', 'The vote was 352 to 65.', ['TikTok']));
    expect(c.category).toBe('legislation');
  });

  it('lets a headline outweigh a passing mention in the body', () => {
    const c = classify(
      buildItem('TikTok ban takes effect as app goes dark', 'Users saw a shutdown notice. A lawsuit filed last year is still pending.', ['TikTok']),
    );
    expect(c.category).toBe('ban');
  });

  it('weighs a signal in the watched entity sentence above the same signal elsewhere', () => {
    const text = 'Commerce put Huawei on the Entity List last year. Separately, regulators opened a probe into SMIC this week.';
    expect(classify(buildItem('Chip industry update', text, ['SMIC'])).category).toBe('investigation');
    expect(classify(buildItem('Chip industry update', text, ['Huawei'])).category).toBe('export-control');
  });
});

describe('classify: polarity', () => {
  it('keeps a denied injunction as litigation but lowers it and says it was denied', () => {
    const denied = classify(
      buildItem('Judge denies TikTok creators request to block ban', 'A federal judge in Pennsylvania refused to issue a temporary restraining order.', ['TikTok']),
    );
    const granted = classify(
      buildItem('Judge grants TikTok creators request to block ban', 'A federal judge in Pennsylvania issued a preliminary injunction.', ['TikTok']),
    );
    expect(denied.category).toBe('litigation');
    expect(denied.severity).toBe('medium');
    expect(denied.signals.join(' ')).toMatch(/denied/);
    expect(granted.category).toBe('litigation');
    expect(granted.severity).toBe('high');
  });

  it('lowers "considering a ban", "threatens to ban" and "may add" by one step', () => {
    const considering = classify(buildItem('US considering a ban on TikTok, Pompeo says', 'Officials are looking at Chinese social apps.', ['TikTok']));
    const threat = classify(buildItem('Trump threatens to ban TikTok', 'He spoke to reporters on Air Force One.', ['TikTok']));
    const may = classify(buildItem('US may add SMIC to the Entity List, sources say', 'No decision has been made.', ['SMIC']));
    expect([considering.category, considering.severity]).toEqual(['ban', 'medium']);
    expect([threat.category, threat.severity]).toEqual(['ban', 'medium']);
    expect([may.category, may.severity]).toEqual(['export-control', 'medium']);
    expect(threat.signals.join(' ')).toMatch(/threatened or proposed/);
  });

  it('lowers a proposed rule', () => {
    const c = classify(
      buildItem('Commerce proposed rule would restrict Chinese connected apps', 'The notice of proposed rulemaking asks for comments on prohibiting transactions with apps such as WeChat.', ['WeChat']),
    );
    expect(c.severity).not.toBe('high');
  });

  it('calls a lifted ban, a removal from the Entity List and a rescission revocation', () => {
    expect(classify(buildItem('Commerce lifts the ban on WeChat downloads', 'Users can install the app again.', ['WeChat'])).category).toBe('revocation');
    expect(classify(buildItem('ZTE removed from the Entity List after settlement', 'Exports may resume.', ['ZTE'])).category).toBe('revocation');
    expect(classify(buildItem('Commerce rescinds TikTok prohibitions', 'The identification is withdrawn.', ['TikTok'])).category).toBe('revocation');
  });

  it('puts an enforcement delay at medium severity: executive-order when the White House grants it, ban when an agency does', () => {
    const byOrder = classify(buildItem('White House extends TikTok enforcement delay by 90 days', 'The extension is the third.', ['TikTok']));
    const byAgency = classify(buildItem('Commerce postpones TikTok app-store ban by a week', 'The department cited progress in talks.', ['TikTok']));
    expect([byOrder.category, byOrder.severity]).toEqual(['executive-order', 'medium']);
    expect([byAgency.category, byAgency.severity]).toEqual(['ban', 'medium']);
  });

  it('keeps an agency’s delay as ban when the item also mentions the order behind the ban', () => {
    const c = classify(buildItem('Commerce delays TikTok app-store ban by a week', 'The ban carries out an executive order signed in August.', ['TikTok']));
    expect([c.category, c.severity]).toEqual(['ban', 'medium']);
  });

  it('keeps a filed lawsuit as litigation at medium severity', () => {
    const c = classify(buildItem('TikTok sues the administration over the ban', 'The complaint was filed in federal court in Washington.', ['TikTok']));
    expect([c.category, c.severity]).toEqual(['litigation', 'medium']);
  });

  it('calls a party losing or winning its court fight over a list litigation, not the list’s category', () => {
    const lost = classify(buildItem('DJI loses its fight to get off the Pentagon list', 'DJI stays on the Chinese military company list.', ['DJI']));
    expect(lost.category).toBe('litigation');
    const won = classify(buildItem('Xiaomi wins its challenge to the Pentagon blacklist', 'US investors may keep holding its shares.', ['Xiaomi']));
    expect(won.category).toBe('litigation');
    // A bid to shed a label is a case's; a court siding with one side has ruled.
    const bid = classify(buildItem("DJI loses bid to shed 'Chinese military company' tag", 'The drone maker stays on the Pentagon list.', ['DJI']));
    expect(bid.category).toBe('litigation');
    const sides = classify(buildItem("Court sides with Pentagon in DJI's military-list challenge", 'The Defense Department may keep DJI on its list of Chinese military companies.', ['DJI']));
    expect(sides.category).toBe('litigation');
  });
});

describe('classify: who acts decides between executive-order and the agency categories', () => {
  it('calls a presidential order that bans something executive-order, not ban', () => {
    const c = classify(
      buildItem('President signs order barring US firms from dealing with CamScanner’s developer', 'The order takes effect in 45 days.', ['CamScanner']),
    );
    expect(c.category).toBe('executive-order');
  });

  it('keeps an agency carrying out an order as ban when the order is only background', () => {
    const c = classify(buildItem('Commerce bans new downloads of WeChat from Sunday', 'The department acted under the orders the president signed in August.', ['WeChat']));
    expect(c.category).toBe('ban');
  });

  it('calls an order to divest executive-order, but not a company selling shares "in order to" raise money', () => {
    expect(classify(buildItem('President orders ByteDance to divest its US TikTok business', 'The company has 90 days.', ['ByteDance', 'TikTok'])).category).toBe(
      'executive-order',
    );
    expect(classify(buildItem('Tencent trims stake in order to sell shares to new investors', 'The deal closes next month.', ['Tencent'])).category).toBe('corporate');
  });

  it('calls an order that pauses enforcement of a named law executive-order, not legislation', () => {
    const c = classify(buildItem('Executive order directs Justice Department not to enforce PAFACA for 90 days', 'Providers will face no liability in that period.', ['PAFACA']));
    expect([c.category, c.severity]).toEqual(['executive-order', 'medium']);
  });

  it('reads an official presidential document with a bare title by its first sentence', () => {
    const item = buildItem(
      'Regarding the Acquisition of Example Ltd. by ByteDance',
      'The President prohibits the acquisition and requires ByteDance to divest the assets within 90 days.',
      ['ByteDance'],
      { link: 'https://www.whitehouse.gov/presidential-actions/2020/08/example/' },
    );
    expect(classify(item).category).toBe('executive-order');
  });

  it('reads a Federal Register presidential document with a bare title and no abstract as an order, and a rule of the same words as not', () => {
    const title = 'Addressing the Threat From Securities Investments That Finance Communist Chinese Military Companies';
    const link = 'https://www.federalregister.gov/documents/2020/11/17/2020-25459/addressing-the-threat';
    expect(classify(buildItem(title, '', [], { link, documentType: 'Presidential Document' })).category).toBe('executive-order');
    expect(classify(buildItem(title, '', [], { link, documentType: 'Rule' })).category).not.toBe('executive-order');
  });

  it('credits a delay published on the White House site to the President, and the same words elsewhere to the ban', () => {
    const title = 'Further extending the TikTok non-enforcement period';
    const text = 'The period is extended until March 1.';
    const fromWhiteHouse = classify(buildItem(title, text, ['TikTok'], { link: 'https://www.whitehouse.gov/presidential-actions/2025/06/x/' }));
    expect(fromWhiteHouse.category).toBe('executive-order');
    expect(classify(buildItem(title, text, ['TikTok'])).category).toBe('ban');
  });
});

describe('classify: category boundaries from the labeling rules', () => {
  const cases: Array<[Category, string, string, string[]]> = [
    ['legislation', 'Governor signs state law banning TikTok on personal phones', 'It starts next year.', ['TikTok']],
    ['legislation', 'Utah SB 101 signed; TikTok ban on school networks starts in July', 'Schools must block the app.', ['TikTok']],
    ['legislation', 'Congress votes to bar TikTok from government phones', 'The provision rides on the spending package.', ['TikTok']],
    ['ban', 'FCC bars carriers from spending subsidies on ZTE gear', 'Rural networks are most affected.', ['ZTE']],
    ['ban', 'Federal staff told to delete TikTok from government phones by March', 'Contractors are covered too.', ['TikTok']],
    ['ban', 'SHAREit pulled from Google Play in a malware sweep', 'The developer promised a fix.', ['SHAREit']],
    ['litigation', 'Prosecutors unseal indictment charging ZTE executives', 'The charges include fraud.', ['ZTE']],
    ['litigation', 'SMIC reaches deferred prosecution agreement over export violations', 'It will pay a penalty.', ['SMIC']],
    ['litigation', '字节跳动在美上诉败诉', '法院维持原判。', ['字节跳动']],
    ['investigation', 'Senate committee hearing grills TikTok chief on data access', 'Members asked about Project Texas.', ['TikTok']],
    ['investigation', 'Commerce asks Huawei suppliers for information on new chip', 'The request covers three firms.', ['Huawei']],
    ['export-control', 'Commerce revokes export licences for chip sales to Huawei', 'Suppliers must stop shipping.', ['Huawei']],
    ['export-control', 'New rule requires a license for any chip sold to Huawei', 'It covers foreign foundries.', ['Huawei']],
    ['export-control', 'Commerce bars U.S. firms from selling components to ZTE for seven years', 'The denial order follows false statements.', ['ZTE']],
    ['revocation', 'Biden drops TikTok and WeChat bans, launches review of foreign apps', 'A new order replaces the two.', ['TikTok', 'WeChat']],
    ['executive-order', 'Five payment apps in the crosshairs: Executive Order 13971', 'Transactions with the apps are prohibited after 45 days.', ['Alipay']],
    ['legislation', 'Texas becomes second state to ban WeChat', 'The governor signed it on Friday.', ['WeChat']],
    ['legislation', 'The spending bill gives ZTE gear a two-year phase-out', 'Carriers get funds to replace it.', ['ZTE']],
    ['executive-order', 'Holders told to sell: amended order extends investment ban to SMIC shares already owned', 'Divestment is due within a year.', ['SMIC']],
    ['investigation', 'Regulator hits Alipay with $1 billion fine', 'The case is closed.', ['Alipay']],
    ['investment-restriction', '华为回应被美国国防部列入清单', '华为表示与军方没有关系。', ['华为']],
    ['corporate', 'Alibaba lays off staff at Indian video unit', 'The cuts follow India’s app ban.', ['Alibaba']],
  ];
  it.each(cases)('labels as %s: %s', (category, title, text, names) => {
    expect(classify(buildItem(title, text, names)).category).toBe(category);
  });
});

describe('classify: the headline leads, and the development must involve the watched entity', () => {
  it('keeps a ban headline as ban when the body only says a judge could still step in', () => {
    const c = classify(buildItem('WeChat app-store ban takes effect Sunday', 'A judge could still intervene; a hearing is set for Saturday.', ['WeChat']));
    expect(c.category).toBe('ban');
  });

  it('does not let the bare noun "ban" in a headline outrank what the body says happened to it', () => {
    const c = classify(buildItem('The WeChat ban is over: what replaces it', 'The new order rescinds the WeChat prohibitions.', ['WeChat']));
    expect(c.category).toBe('revocation');
  });

  it('keeps a product headline corporate when export controls appear only as background in the body', () => {
    const c = classify(buildItem('Huawei unveils new phone with home-grown chip', 'The launch comes a year after Commerce tightened export controls on the company.', ['Huawei']));
    expect(c.category).toBe('corporate');
  });

  it('calls a local story that names an app only in passing other, even when another sentence sounds like a launch', () => {
    const c = classify(
      buildItem('Community garden opens on Elm Street', 'Volunteers rolled out new planters on Saturday. Plot sign-ups are coordinated in a WeChat group.', ['WeChat']),
    );
    expect(c.category).toBe('other');
  });

  it('calls an item whose first sentence is about the company corporate even when its headline does not name it', () => {
    const c = classify(buildItem('Paying by phone in Shanghai: what visitors find', 'Alipay now lets visitors link foreign bank cards. Most cafes accept it.', ['Alipay']));
    expect(c.category).toBe('corporate');
  });
});

describe('classify: Chinese-language items', () => {
  const cases: Array<[Category, string, string, string[]]> = [
    ['export-control', '美国商务部将中芯国际列入实体清单', '美国商务部周五宣布，将中芯国际等数十家中国企业列入实体清单。', ['中芯国际']],
    ['export-control', '美国宣布七年内禁止美企向中兴通讯出口元器件', '美国商务部称中兴通讯违反和解协议。', ['中兴通讯']],
    ['revocation', '拜登撤销针对TikTok和微信的行政命令', '新命令撤销了前任政府的三项行政命令。', ['TikTok', '微信']],
    ['litigation', '美国法院发布初步禁令 暂停微信禁令', '联邦法官认定禁令可能侵犯言论自由。', ['微信']],
    ['executive-order', '特朗普签署行政命令 禁止与支付宝等应用交易', '命令在45天后生效。', ['支付宝']],
    ['investigation', '市场监管总局对阿里巴巴立案调查', '阿里巴巴涉嫌实施垄断行为。', ['阿里巴巴']],
    ['sanctions', '美国财政部制裁多名香港官员', '相关人员在美国的资产将被冻结。', []],
    ['corporate', '蚂蚁集团暂缓上市', '上海证券交易所决定暂缓其科创板上市。', ['蚂蚁集团']],
  ];
  it.each(cases)('labels as %s: %s', (category, title, text, names) => {
    expect(classify(buildItem(title, text, names)).category).toBe(category);
  });

  it('lowers a Chinese "considering a ban" item', () => {
    const c = classify(buildItem('美国考虑禁止TikTok', '美国政府正在考虑禁止多款中国应用。', ['TikTok']));
    expect([c.category, c.severity]).toEqual(['ban', 'medium']);
  });
});

describe('classify: severity and official sources', () => {
  const probe = ['Justice Department opens investigation into ZTE', 'Prosecutors are looking at sales to Iran.'] as const;

  it('raises an official item that names the entity directly by one step', () => {
    const news = classify(buildItem(...probe, ['ZTE']));
    const official = classify(buildItem(...probe, ['ZTE'], { feedUrl: 'https://www.justice.gov/news/rss' }));
    expect(news.severity).toBe('medium');
    expect(news.official).toBe(false);
    expect(official.severity).toBe('high');
    expect(official.official).toBe(true);
    expect(official.signals.join(' ')).toMatch(/official source \(justice\.gov\)/);
  });

  it('counts the item link host as well as the feed host', () => {
    const c = classify(buildItem(...probe, ['ZTE'], { link: 'https://public-inspection.federalregister.gov/2021-00305.pdf' }));
    expect(c.official).toBe(true);
  });

  it('does not trust a look-alike host', () => {
    const c = classify(buildItem(...probe, ['ZTE'], { feedUrl: 'https://federalregister.gov.example.com/rss', link: 'https://notwhitehouse.gov/x' }));
    expect(c.official).toBe(false);
    expect(c.severity).toBe('medium');
  });

  it('does not raise an official item whose entity match is only a weak alias, and lowers it instead', () => {
    const weak = { ...buildItem(...probe), mentions: [buildMention('ZTE', { weak: true })], feedUrl: 'https://www.justice.gov/news/rss' };
    const c = classify(weak);
    expect(c.official).toBe(true);
    expect(c.severity).toBe('low');
    expect(c.signals.join(' ')).toMatch(/weak alias/);
  });

  it('starts high for executive orders, sanctions and export controls, and low for corporate news', () => {
    expect(classify(buildItem('Trump signs executive order on WeChat', 'It takes effect in 45 days.', ['WeChat'])).severity).toBe('high');
    expect(classify(buildItem('Treasury sanctions Chinese shipping firm', 'OFAC blocked its property.', [])).severity).toBe('high');
    expect(classify(buildItem('Commerce adds CNOOC to Entity List', 'Exports now need a licence.', ['CNOOC'])).severity).toBe('high');
    expect(classify(buildItem('Xiaomi unveils new phone', 'It launches next month.', ['Xiaomi'])).severity).toBe('low');
  });

  it('separates an introduced bill (medium) from an enacted law (high)', () => {
    expect(classify(buildItem('Senators introduce bill targeting TikTok', 'The bill has four sponsors.', ['TikTok'])).severity).toBe('medium');
    expect(classify(buildItem('President signs TikTok divest-or-ban bill into law', 'It is now Pub. L. 118-50.', ['TikTok'])).severity).toBe('high');
  });

  it('keeps an item with no development low even from an official host', () => {
    const c = classify(buildItem('Holiday schedule', 'Offices will close on Monday.', [], { feedUrl: 'https://www.whitehouse.gov/feed/' }));
    expect([c.category, c.severity, c.official]).toEqual(['other', 'low', true]);
  });
});

describe('classify: input handling', () => {
  it('reads HTML it is given as rendered text', () => {
    const c = classify(buildItem('Update', '<p>Commerce <b>adds</b> SMIC to the <a href="/x">Entity List</a>.</p>', ['SMIC']));
    expect(c.category).toBe('export-control');
  });

  it('does not let one phrase run across two sentences', () => {
    // "lift … ban" would be revocation if the gap could cross the full stop.
    const c = classify(buildItem('Briefing', 'Workers lift boxes. Ban on parking applies downtown.', []));
    expect(c.category).toBe('other');
  });

  it('classifies a 20 KB article and a pathological one quickly', () => {
    const article = 'WASHINGTON (Reuters) - The Commerce Department added SMIC to the Entity List, a judge said the court would hear arguments. '.repeat(200);
    const hostile = `${'judge '.repeat(3000)}${'x, '.repeat(5000)}ban`;
    classify(buildItem('warm-up', article, ['SMIC']));
    const started = performance.now();
    for (let i = 0; i < 10; i++) classify(buildItem(`US adds SMIC to Entity List ${i}`, article, ['SMIC']));
    classify(buildItem('t', hostile));
    // Generous: about 5 ms per item on a quiet machine; this guards against super-linear patterns.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('extractCitations', () => {
  it('normalises executive orders, Federal Register citations, document numbers, dockets and public laws', () => {
    const text =
      'Executive Order 13942 (85 FR 48637, FR Doc. 2020-17699) and E.O. 13,943 were enjoined in No. 3:20-cv-05910-LB; ' +
      'the TikTok notice is cited as 85 Fed. Reg. 60,061. PAFACA is Pub. L. 118-50 and EO 13971 was never implemented.';
    expect(extractCitations(text)).toEqual([
      'EO 13942',
      '85 FR 48637',
      'FR Doc 2020-17699',
      'EO 13943',
      '3:20-cv-05910',
      '85 FR 60061',
      'Pub. L. 118-50',
      'EO 13971',
    ]);
  });

  it('finds nothing in ordinary numbers and years', () => {
    expect(extractCitations('Revenue rose 13971 percent in 2020-2021, per page 12 of the report, call 202-555-0123.')).toEqual([]);
  });

  it('gives classify the first citation in the item', () => {
    const c = classify(buildItem('Biden revokes EO 13971', 'The revoking order is FR Doc. 2021-12506.', ['Alipay']));
    expect(c.citation).toBe('EO 13971');
    expect(classify(buildItem('TikTok update', 'Nothing official here.', ['TikTok'])).citation).toBeUndefined();
  });
});

describe('hasDevelopmentSignal', () => {
  it('sees government action but not business news', () => {
    expect(hasDevelopmentSignal('The court granted a preliminary injunction.')).toBe(true);
    expect(hasDevelopmentSignal('美国商务部将其列入实体清单。')).toBe(true);
    expect(hasDevelopmentSignal('Quarterly revenue rose 12 percent.')).toBe(false);
  });
});

describe('shareScans', () => {
  it('gives classify and hasDevelopmentSignal the same answers as scanning anew', () => {
    const items = [
      buildItem('Judge blocks WeChat ban', 'A federal judge granted a preliminary injunction. The order was issued under IEEPA.', ['WeChat']),
      buildItem('TikTok revenue rose', 'Quarterly revenue rose 12 percent, the company said in a statement.', ['TikTok']),
      buildItem('美国将中芯国际列入实体清单', '美国商务部周五宣布将中芯国际列入实体清单。', ['中芯国际']),
    ];
    for (const item of items) {
      const shared = shareScans();
      expect(classify(item, shared)).toEqual(classify(item));
      // The body classify scanned (and found matches in) is read from the shared scans.
      expect(shared.texts.some((t) => t.text === item.text)).toBe(true);
      expect(hasDevelopmentSignal(item.text, shared)).toBe(hasDevelopmentSignal(item.text));
    }
  });

  it('gives summarize, after classify, the summary it writes alone; raw HTML is rendered once for both', () => {
    const html = '<p>A federal judge on Friday <b>blocked</b> the Commerce ban on WeChat.</p><p>The order was issued under IEEPA. Tencent said it welcomed the ruling.</p>';
    const input = { title: 'Judge blocks WeChat ban', text: html, mentions: [{ entityId: 'wechat', matched: 'WeChat', field: 'title' as const, weak: false }], entityNames: { wechat: 'WeChat' } };
    const shared = shareScans();
    classify({ ...input, feedUrl: 'https://news.example/feed' }, shared);
    expect(summarize(input, shared)).toBe(summarize(input));
    expect([...shared.plain.keys()]).toEqual([input.title, html]);
    expect(shared.plain.get(html)).not.toContain('<');
  });
});
