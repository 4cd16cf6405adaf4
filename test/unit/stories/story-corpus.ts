// Hand-written reports for the story index tests: each `story` is one development told by several
// outlets in their own words; neighbouring stories share entities, days and vocabulary on purpose.
import type { StoryDoc, StoryEntityInfo } from '../../../src/stories/story-index.ts';

export const HOUR = 3_600_000;
export const at = (iso: string): number => Date.parse(iso);

/** A doc with defaults for the fields a test does not care about. */
export function buildDoc(d: Partial<StoryDoc> & Pick<StoryDoc, 'itemKey' | 'title'>): StoryDoc {
  return { entityIds: ['tiktok'], category: 'other', summary: '', citations: [], at: at('2020-09-18T12:00:00Z'), ...d };
}

/** The slice of the catalog these reports need: names, and which company owns which app. */
export const CATALOG: Record<string, StoryEntityInfo> = {
  tiktok: { name: 'TikTok', aliases: ['TikTok', 'Musical.ly'], parent: 'bytedance' },
  bytedance: { name: 'ByteDance', aliases: ['ByteDance', '字节跳动'] },
  wechat: { name: 'WeChat', aliases: ['WeChat', '微信'], weakAliases: ['Weixin'], parent: 'tencent' },
  'wechat-pay': { name: 'WeChat Pay', aliases: ['WeChat Pay', '微信支付'], parent: 'tencent' },
  'tencent-qq': { name: 'Tencent QQ', aliases: ['Tencent QQ'], weakAliases: ['QQ'], parent: 'tencent' },
  'qq-wallet': { name: 'QQ Wallet', aliases: ['QQ Wallet'], parent: 'tencent' },
  tencent: { name: 'Tencent', aliases: ['Tencent', 'Tencent Holdings', '腾讯'] },
  alipay: { name: 'Alipay', aliases: ['Alipay', '支付宝'], parent: 'ant-group' },
  'ant-group': { name: 'Ant Group', aliases: ['Ant Group', 'Ant Financial', '蚂蚁集团'] },
  camscanner: { name: 'CamScanner', aliases: ['CamScanner'] },
  shareit: { name: 'SHAREit', aliases: ['SHAREit'] },
  vmate: { name: 'VMate', aliases: ['VMate'] },
  'wps-office': { name: 'WPS Office', aliases: ['WPS Office', 'Kingsoft Office'], weakAliases: ['WPS'] },
  smic: { name: 'SMIC', aliases: ['Semiconductor Manufacturing International', 'SMIC', '中芯国际'] },
  dji: { name: 'DJI', aliases: ['DJI', 'SZ DJI Technology', '大疆'] },
  xiaomi: { name: 'Xiaomi', aliases: ['Xiaomi', '小米'] },
  cnooc: { name: 'CNOOC', aliases: ['CNOOC', 'China National Offshore Oil Corporation', '中海油'] },
  huawei: { name: 'Huawei', aliases: ['Huawei', '华为'] },
};

const EO_APPS = ['alipay', 'camscanner', 'qq-wallet', 'shareit', 'tencent-qq', 'vmate', 'wechat-pay', 'wps-office'];

export interface CorpusStory {
  /** What happened; stories with the same name are one development told in two languages. */
  name: string;
  docs: StoryDoc[];
}

/** Eight-app order signed Jan 5, 2021: three outlets, one classifier calls it a ban. */
export const EO_13971_SIGNED: CorpusStory = {
  name: 'EO 13971 signed',
  docs: [
    buildDoc({
      itemKey: 'eo13971-wire',
      entityIds: EO_APPS,
      category: 'executive-order',
      title: 'Trump signs order banning transactions with Alipay, WeChat Pay and six other Chinese apps',
      summary:
        'President Donald Trump on Tuesday signed an executive order prohibiting transactions with eight Chinese-connected software applications, including Ant Group’s Alipay, Tencent’s WeChat Pay and QQ Wallet, CamScanner, SHAREit, VMate and WPS Office. The prohibitions begin in 45 days.',
      at: at('2021-01-05T23:10:00Z'),
    }),
    buildDoc({
      itemKey: 'eo13971-law-firm',
      entityIds: EO_APPS,
      category: 'executive-order',
      title: 'Executive Order 13971 targets Chinese payment and productivity apps',
      summary:
        'The order, titled Addressing the Threat Posed by Applications and Other Software Developed or Controlled by Chinese Companies, directs Commerce to identify prohibited transactions with Alipay, CamScanner, QQ Wallet, SHAREit, Tencent QQ, VMate, WeChat Pay and WPS Office within 45 days. It is published at 86 FR 1249.',
      citations: ['EO 13971', '86 FR 1249'],
      at: at('2021-01-06T15:00:00Z'),
    }),
    buildDoc({
      itemKey: 'eo13971-business-daily',
      entityIds: ['alipay', 'ant-group', 'tencent'],
      category: 'executive-order',
      title: 'Ant and Tencent shares slide after White House order on Chinese payment apps',
      summary:
        'An executive order signed late Tuesday will bar US persons from transactions with Alipay, WeChat Pay and six other Chinese applications after 45 days, the White House said, adding to tensions days before the inauguration.',
      at: at('2021-01-06T03:00:00Z'),
    }),
    buildDoc({
      itemKey: 'eo13971-tech-site',
      entityIds: ['alipay', 'wechat-pay', 'camscanner', 'wps-office'],
      category: 'ban',
      title: 'Alipay and WeChat Pay among eight apps hit by new US executive order',
      summary:
        'Weeks before leaving office, the outgoing president issued Executive Order 13971, which bars Americans from dealing with the makers of Alipay, WeChat Pay, CamScanner, WPS Office and four more apps once a 45-day period runs out. Commerce must spell out which transactions are prohibited.',
      at: at('2021-01-06T09:30:00Z'),
    }),
  ],
};

/** Commerce's WeChat prohibitions announced Sept 18, 2020, to start Sept 20. */
export const WECHAT_BAN_ANNOUNCED: CorpusStory = {
  name: 'WeChat prohibitions announced',
  docs: [
    buildDoc({
      itemKey: 'wechat-ban-1',
      entityIds: ['wechat'],
      category: 'ban',
      title: 'Commerce Department to bar WeChat transfers and downloads from Sunday',
      summary:
        'The Commerce Department on Friday said it will prohibit app stores from offering WeChat and bar US companies from processing payments through the messaging app starting Sept. 20, carrying out the order Trump signed in August.',
      at: at('2020-09-18T13:00:00Z'),
    }),
    buildDoc({
      itemKey: 'wechat-ban-2',
      entityIds: ['wechat', 'tencent'],
      category: 'ban',
      title: 'US moves to shut down WeChat in America starting September 20',
      summary:
        'Tencent’s WeChat will be pulled from US app stores and cut off from American payment processing and internet hosting on Sept 20 under prohibitions Commerce Secretary Wilbur Ross announced Friday.',
      at: at('2020-09-18T15:30:00Z'),
    }),
    buildDoc({
      itemKey: 'wechat-ban-3',
      entityIds: ['wechat'],
      category: 'ban',
      title: 'WeChat ban: what the Commerce prohibitions mean for US users',
      summary:
        'Starting September 20 it becomes illegal to distribute WeChat through app stores in the United States, and money transfers through the app will be blocked, according to the list of prohibited transactions Commerce published on Friday.',
      at: at('2020-09-19T08:00:00Z'),
    }),
  ],
};

/** Magistrate judge enjoins the WeChat prohibitions, Sept 19–20, 2020. */
export const WECHAT_INJUNCTION: CorpusStory = {
  name: 'judge blocks WeChat ban',
  docs: [
    buildDoc({
      itemKey: 'wechat-pi-1',
      entityIds: ['wechat'],
      category: 'litigation',
      title: 'Judge blocks US government’s WeChat ban hours before it takes effect',
      summary:
        'A federal magistrate judge in San Francisco issued a preliminary injunction late Saturday halting the Commerce Department’s WeChat prohibitions, finding that users who sued had raised serious First Amendment questions.',
      at: at('2020-09-20T06:00:00Z'),
    }),
    buildDoc({
      itemKey: 'wechat-pi-2',
      entityIds: ['wechat'],
      category: 'litigation',
      title: 'Court halts Trump administration order against WeChat',
      summary:
        'U.S. Magistrate Judge Laurel Beeler granted the WeChat users’ request for a preliminary injunction, saying the government’s ban on the app would burden free speech of Chinese-American users who rely on it.',
      at: at('2020-09-20T09:00:00Z'),
    }),
    buildDoc({
      itemKey: 'wechat-pi-3',
      entityIds: ['wechat'],
      category: 'litigation',
      title: 'WeChat users win injunction against Commerce prohibitions',
      summary:
        'In U.S. WeChat Users Alliance v. Trump, No. 3:20-cv-05910, the court enjoined the prohibitions identified by Commerce, which were due to take effect Sunday, on First Amendment grounds.',
      at: at('2020-09-20T14:00:00Z'),
    }),
    buildDoc({
      itemKey: 'wechat-pi-4',
      entityIds: ['wechat'],
      category: 'litigation',
      title: 'WeChat stays in US app stores after court ruling',
      summary:
        'Chinese-American users can keep downloading and updating WeChat after a San Francisco court issued a nationwide preliminary injunction against the Commerce prohibitions late on Saturday.',
      at: at('2020-09-20T16:00:00Z'),
    }),
  ],
};

/** TikTok app-store ban scheduled to take effect Sept 27, 2020. */
export const TIKTOK_STORE_BAN: CorpusStory = {
  name: 'TikTok app-store ban takes effect',
  docs: [
    buildDoc({
      itemKey: 'tiktok-store-1',
      entityIds: ['tiktok'],
      category: 'ban',
      title: 'TikTok downloads to be banned in US app stores from Sunday night',
      summary:
        'Apple and Google must remove TikTok from their US app stores by 11:59 p.m. on Sept. 27 under the Commerce Department’s prohibitions, unless a deal with Oracle is approved first.',
      at: at('2020-09-26T18:00:00Z'),
    }),
    buildDoc({
      itemKey: 'tiktok-store-2',
      entityIds: ['tiktok', 'bytedance'],
      category: 'ban',
      title: 'ByteDance’s TikTok faces app store removal in the US on September 27',
      summary:
        'The prohibition on offering TikTok for download in US app stores is set to take effect at midnight on Sept. 27, as Commerce declined to delay it further.',
      at: at('2020-09-27T02:00:00Z'),
    }),
  ],
};

/** Judge Nichols enjoins the TikTok app-store ban, Sept 27, 2020. */
export const TIKTOK_STORE_INJUNCTION: CorpusStory = {
  name: 'judge blocks TikTok app-store ban',
  docs: [
    buildDoc({
      itemKey: 'tiktok-pi-1',
      entityIds: ['tiktok'],
      category: 'litigation',
      title: 'Federal judge temporarily blocks TikTok app store ban',
      summary:
        'Judge Carl Nichols of the US District Court in Washington granted TikTok a preliminary injunction against the Commerce prohibition on app store downloads that was to start at 11:59 p.m. Sunday, Sept. 27.',
      at: at('2020-09-27T23:30:00Z'),
    }),
    buildDoc({
      itemKey: 'tiktok-pi-2',
      entityIds: ['tiktok'],
      category: 'litigation',
      title: 'TikTok wins reprieve as court halts download ban',
      summary:
        'A judge in Washington sided with TikTok on Sunday evening and enjoined the government’s plan to remove the app from US app stores, hours before it would have taken effect.',
      at: at('2020-09-28T01:00:00Z'),
    }),
    buildDoc({
      itemKey: 'tiktok-pi-3',
      entityIds: ['tiktok', 'bytedance'],
      category: 'litigation',
      title: 'TikTok can stay in app stores for now, court rules',
      summary:
        'In TikTok Inc. v. Trump, No. 1:20-cv-02658, Judge Nichols enjoined the first of the Commerce prohibitions, the ban on new downloads, but declined for now to block the November 12 measures.',
      at: at('2020-09-28T04:00:00Z'),
    }),
  ],
};

/** Commerce's TikTok prohibitions announced Sept 18, 2020: downloads from Sept 20, the rest Nov 12. */
export const TIKTOK_BAN_ANNOUNCED: CorpusStory = {
  name: 'TikTok prohibitions announced',
  docs: [
    buildDoc({
      itemKey: 'tt-ann-1',
      entityIds: ['tiktok'],
      category: 'ban',
      title: 'US to block TikTok downloads from Sunday, full shutdown set for Nov. 12',
      summary:
        'Commerce said on Friday that app stores must stop offering TikTok on Sept. 20 and that hosting, content delivery and other technical services for the app will be prohibited from Nov. 12 unless security concerns are resolved.',
      at: at('2020-09-18T12:30:00Z'),
    }),
    buildDoc({
      itemKey: 'tt-ann-2',
      entityIds: ['tiktok', 'bytedance'],
      category: 'ban',
      title: 'Commerce unveils TikTok prohibitions: app store removal Sunday, internet services cut in November',
      summary:
        'Under rules published Friday, new downloads of ByteDance’s TikTok are barred in the US from September 20, while the ban on hosting and content delivery services starts November 12.',
      at: at('2020-09-18T14:45:00Z'),
    }),
    buildDoc({
      itemKey: 'tt-ann-3',
      entityIds: ['tiktok'],
      category: 'ban',
      title: 'What the TikTok ban means: no new downloads after Sept. 20',
      summary:
        'Existing users can keep the app for now, but updates and new downloads stop on September 20, and by November 12 the hosting and delivery services TikTok depends on in the US will be prohibited, according to the Commerce order.',
      at: at('2020-09-19T10:00:00Z'),
    }),
  ],
};

/** Commerce pushes the TikTok download ban back a week, Sept 19, 2020 (same entity and category). */
export const TIKTOK_BAN_DELAYED: CorpusStory = {
  name: 'TikTok download ban postponed a week',
  docs: [
    buildDoc({
      itemKey: 'tt-delay-1',
      entityIds: ['tiktok'],
      category: 'ban',
      title: 'Commerce postpones TikTok app store ban by one week to Sept. 27',
      summary:
        'The Commerce Department delayed the prohibition on new TikTok downloads until Sept. 27, citing recent positive developments after the president backed a deal involving Oracle and Walmart.',
      at: at('2020-09-19T23:00:00Z'),
    }),
    buildDoc({
      itemKey: 'tt-delay-2',
      entityIds: ['tiktok'],
      category: 'ban',
      title: 'TikTok download ban pushed back as Oracle deal wins Trump’s blessing',
      summary:
        'Hours after Trump said he approved the outline of an Oracle-Walmart agreement, Commerce delayed the app store ban on TikTok by a week, to September 27.',
      at: at('2020-09-20T03:00:00Z'),
    }),
  ],
};

/** A TikTok creator's request to block the ban is denied, Sept 26, 2020 (same entity and category as the injunction). */
export const MARLAND_TRO_DENIED: CorpusStory = {
  name: 'judge denies creators’ bid to block TikTok ban',
  docs: [
    buildDoc({
      itemKey: 'marland-1',
      entityIds: ['tiktok'],
      category: 'litigation',
      title: 'Judge denies TikTok creators’ request to halt the November ban',
      summary:
        'A federal judge in Pennsylvania refused to issue a temporary restraining order sought by three TikTok creators against the Commerce prohibitions that take effect Nov. 12, saying they had not shown the harm was imminent.',
      citations: ['2:20-cv-04597'],
      at: at('2020-09-26T20:00:00Z'),
    }),
    buildDoc({
      itemKey: 'marland-2',
      entityIds: ['tiktok'],
      category: 'litigation',
      title: 'TikTok influencers lose first court bid against US shutdown order',
      summary:
        'Judge Wendy Beetlestone denied a temporary restraining order in Marland v. Trump, leaving in place the Nov. 12 prohibitions on services TikTok needs to run in the US.',
      at: at('2020-09-27T02:00:00Z'),
    }),
  ],
};

/** Aug 19, 2019, one announcement, two developments: more Huawei affiliates listed… */
export const HUAWEI_AFFILIATES_ADDED: CorpusStory = {
  name: 'Huawei affiliates added (Aug 2019)',
  docs: [
    buildDoc({
      itemKey: 'hw-aff-1',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'Commerce adds 46 more Huawei affiliates to the Entity List',
      summary:
        'The Commerce Department on Monday placed 46 additional Huawei affiliates on the Entity List, bringing the number of listed Huawei entities to more than 100, and warned companies to review their supply chains.',
      at: at('2019-08-19T14:00:00Z'),
    }),
    buildDoc({
      itemKey: 'hw-aff-2',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'US blacklists dozens more Huawei units',
      summary:
        'Washington expanded its trade blacklist on Monday to cover another 46 Huawei subsidiaries around the world, which now need a US export license to receive American technology.',
      at: at('2019-08-19T17:00:00Z'),
    }),
  ],
};

/** …and the temporary general license extended another 90 days (same day, entity and category). */
export const HUAWEI_LICENSE_EXTENDED: CorpusStory = {
  name: 'Huawei temporary license extended (Aug 2019)',
  docs: [
    buildDoc({
      itemKey: 'hw-tgl-1',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'US extends Huawei temporary general license by 90 days',
      summary:
        'Commerce granted another 90-day extension of the temporary general license that lets US companies keep supplying Huawei to maintain existing networks and phones, Secretary Wilbur Ross said on Monday.',
      at: at('2019-08-19T13:30:00Z'),
    }),
    buildDoc({
      itemKey: 'hw-tgl-2',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'Huawei reprieve for rural carriers extended another three months',
      summary:
        'Rural wireless carriers that depend on Huawei gear can keep buying US parts for servicing under a 90-day extension of the temporary general license announced by the Commerce Department.',
      at: at('2019-08-19T18:00:00Z'),
    }),
  ],
};

/** House passes the divest-or-ban bill, Mar 13, 2024. */
export const HOUSE_PASSES_TIKTOK_BILL: CorpusStory = {
  name: 'House passes TikTok bill',
  docs: [
    buildDoc({
      itemKey: 'house-1',
      entityIds: ['tiktok', 'bytedance'],
      category: 'legislation',
      title: 'House passes bill that could ban TikTok unless ByteDance sells it',
      summary:
        'The House of Representatives voted 352 to 65 on Wednesday for legislation that would force ByteDance to divest TikTok within about six months or see the app barred from US app stores.',
      at: at('2024-03-13T16:00:00Z'),
    }),
    buildDoc({
      itemKey: 'house-2',
      entityIds: ['tiktok'],
      category: 'legislation',
      title: 'TikTok divest-or-ban measure clears the House in lopsided vote',
      summary:
        'Lawmakers approved the Protecting Americans from Foreign Adversary Controlled Applications Act by 352-65, sending the bill that targets TikTok’s Chinese ownership to the Senate.',
      at: at('2024-03-13T18:30:00Z'),
    }),
    buildDoc({
      itemKey: 'house-3',
      entityIds: ['tiktok', 'bytedance'],
      category: 'ban',
      title: 'US House votes to force sale of TikTok or ban the app',
      summary:
        'A bill approved 352-65 by the House would make it illegal to distribute TikTok through app stores or host it in the US unless ByteDance gives up control.',
      at: at('2024-03-13T20:00:00Z'),
    }),
  ],
};

/** The next day: the Senate's plans (same entity and category, different development). */
export const SENATE_WEIGHS_TIKTOK_BILL: CorpusStory = {
  name: 'Senate weighs TikTok bill',
  docs: [
    buildDoc({
      itemKey: 'senate-1',
      entityIds: ['tiktok'],
      category: 'legislation',
      title: 'Senate in no rush to take up House TikTok bill',
      summary:
        'Senate Majority Leader Chuck Schumer said the chamber will review the House-passed TikTok legislation but set no timetable for a vote, and several senators want hearings first.',
      at: at('2024-03-14T19:00:00Z'),
    }),
  ],
};

/** Entity List additions of SMIC and DJI, Dec 18, 2020; one classifier says sanctions. */
export const ENTITY_LIST_SMIC_DJI: CorpusStory = {
  name: 'SMIC and DJI added to Entity List',
  docs: [
    buildDoc({
      itemKey: 'el-1',
      entityIds: ['smic', 'dji'],
      category: 'export-control',
      title: 'US adds SMIC and DJI to trade blacklist',
      summary:
        'The Commerce Department added Semiconductor Manufacturing International Corp and drone maker DJI to the Entity List on Friday, among dozens of Chinese companies, restricting US exports to them.',
      at: at('2020-12-18T17:00:00Z'),
    }),
    buildDoc({
      itemKey: 'el-2',
      entityIds: ['smic', 'dji'],
      category: 'export-control',
      title: 'Commerce puts China’s top chipmaker and drone giant on Entity List',
      summary:
        'More than 60 Chinese entities, including chipmaker SMIC and drone company DJI, were added to the Entity List, meaning US suppliers now need a license to export to them, the Commerce Department said.',
      at: at('2020-12-18T19:00:00Z'),
    }),
    buildDoc({
      itemKey: 'el-3',
      entityIds: ['dji'],
      category: 'sanctions',
      title: 'Drone maker DJI blacklisted by US Commerce Department',
      summary:
        'DJI, the world’s largest maker of consumer drones, was added to the Entity List on Friday along with chipmaker SMIC, cutting it off from US exports without a license.',
      at: at('2020-12-19T07:00:00Z'),
    }),
  ],
};

/** Same category, same day as the SMIC/DJI listing, other entity (Huawei affiliates, invented). */
export const ENTITY_LIST_HUAWEI: CorpusStory = {
  name: 'Huawei affiliates added to Entity List',
  docs: [
    buildDoc({
      itemKey: 'el-huawei-1',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'US adds more Huawei units to trade blacklist',
      summary:
        'The Commerce Department added more Huawei affiliates to the Entity List on Friday, restricting US exports to them and requiring a license for shipments.',
      at: at('2020-12-18T18:00:00Z'),
    }),
  ],
};

/** Two TikTok enforcement delays in one window (dates invented for the test): different EO, days. */
export const TIKTOK_DELAY_A: CorpusStory = {
  name: 'TikTok enforcement delayed 75 days (EO 14166)',
  docs: [
    buildDoc({
      itemKey: 'delay-a-1',
      entityIds: ['tiktok'],
      category: 'executive-order',
      title: 'Trump signs order delaying TikTok ban enforcement by 75 days',
      summary:
        'President Trump signed Executive Order 14166 directing the attorney general not to enforce the divest-or-ban law against TikTok for 75 days.',
      at: at('2025-01-20T22:00:00Z'),
    }),
    buildDoc({
      itemKey: 'delay-a-2',
      entityIds: ['tiktok'],
      category: 'executive-order',
      title: 'TikTok gets 75-day reprieve from ban under new executive order',
      summary:
        'The order pauses enforcement of the law against TikTok for 75 days while the administration seeks a deal, and tells the Justice Department to take no action against app stores.',
      at: at('2025-01-21T10:00:00Z'),
    }),
  ],
};
export const TIKTOK_DELAY_B: CorpusStory = {
  name: 'TikTok enforcement delayed 90 days (EO 14258)',
  docs: [
    buildDoc({
      itemKey: 'delay-b-1',
      entityIds: ['tiktok'],
      category: 'executive-order',
      title: 'Trump signs order extending TikTok ban enforcement delay by 90 days',
      summary:
        'President Trump signed Executive Order 14258, telling the attorney general not to enforce the law against TikTok for another 90 days.',
      at: at('2025-01-22T22:00:00Z'),
    }),
  ],
};

/** Chinese-language rewrites of the WeChat prohibitions (the same development as WECHAT_BAN_ANNOUNCED). */
export const WECHAT_BAN_ZH: CorpusStory = {
  name: 'WeChat prohibitions announced',
  docs: [
    buildDoc({
      itemKey: 'zh-ban-1',
      entityIds: ['wechat'],
      category: 'ban',
      title: '美国商务部宣布9月20日起禁止微信相关交易',
      summary: '美国商务部周五公布禁令细则，自9月20日起禁止在美国应用商店提供微信下载，并禁止通过微信进行资金转账和支付。',
      at: at('2020-09-18T14:00:00Z'),
    }),
    buildDoc({
      itemKey: 'zh-ban-2',
      entityIds: ['wechat', 'tencent'],
      category: 'ban',
      title: '美商务部：9月20日起微信将从美国应用商店下架',
      summary: '根据美国商务部周五发布的禁令，腾讯旗下微信将于9月20日起从美国应用商店下架，美国境内通过微信的转账支付也将被禁止。',
      at: at('2020-09-18T16:00:00Z'),
    }),
    buildDoc({
      itemKey: 'zh-ban-3',
      entityIds: ['wechat'],
      category: 'ban',
      title: '微信禁令细则出台 美国应用商店9月20日起停止提供下载',
      summary: '美国商务部公布针对微信的禁止交易清单，应用商店下载和转账支付服务自9月20日起被禁止。',
      at: at('2020-09-19T01:00:00Z'),
    }),
  ],
};
/** The injunction in Chinese (the same development as WECHAT_INJUNCTION). */
export const WECHAT_INJUNCTION_ZH: CorpusStory = {
  name: 'judge blocks WeChat ban',
  docs: [
    buildDoc({
      itemKey: 'zh-pi-1',
      entityIds: ['wechat'],
      category: 'litigation',
      title: '美国法官裁定暂停执行微信禁令',
      summary: '美国加州联邦法官周六晚间发布初步禁制令，叫停商务部针对微信的禁止交易措施，认为禁令可能侵犯用户的言论自由。',
      at: at('2020-09-20T05:00:00Z'),
    }),
  ],
};

/** All stories, in an order where neighbours in time interleave (as feeds deliver them). */
export const ALL_STORIES: CorpusStory[] = [
  EO_13971_SIGNED,
  WECHAT_BAN_ANNOUNCED,
  WECHAT_INJUNCTION,
  TIKTOK_BAN_ANNOUNCED,
  TIKTOK_BAN_DELAYED,
  MARLAND_TRO_DENIED,
  TIKTOK_STORE_BAN,
  TIKTOK_STORE_INJUNCTION,
  ENTITY_LIST_SMIC_DJI,
  ENTITY_LIST_HUAWEI,
  HUAWEI_AFFILIATES_ADDED,
  HUAWEI_LICENSE_EXTENDED,
  HOUSE_PASSES_TIKTOK_BILL,
  SENATE_WEIGHS_TIKTOK_BILL,
  TIKTOK_DELAY_A,
  TIKTOK_DELAY_B,
  WECHAT_BAN_ZH,
  WECHAT_INJUNCTION_ZH,
];
