import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';
import { buildCustomEntity } from '../../../src/catalog/build-custom-entity.ts';
import { createMatcher } from '../../../src/match/matcher.ts';
import type { Entity } from '../../../src/model.ts';

const catalog = loadCatalog(fileURLToPath(new URL('../../../data/entities.json', import.meta.url)));
const matcher = createMatcher(catalog.entities());

/** The entity ids an item names, in order of first appearance. */
function ids(title: string, description = '', content?: string): string[] {
  return matcher.match({ title, description, content }).map((m) => m.entityId);
}

describe('hard negatives: look-alike words never produce a mention', () => {
  it('an insect "ant" (colony, fire ants, species) is not Ant Group, even capitalised in a headline', () => {
    expect(ids('Ant Colony Survives the Flood', 'Biologists counted fire ants and one rare Ant species in the nest.')).toEqual([]);
    expect(ids('Why the Ant Matters to Farmers', 'The ant colony moved its queen twice this spring.')).toEqual([]);
  });

  it('lower-case "ant" never counts, even beside Ant Group context words', () => {
    expect(ids('An ant walked past Jack Ma during the fintech IPO roadshow')).toEqual([]);
  });

  it('"Ant" inside a longer word (Antler, Antarctica) is not Ant Group', () => {
    expect(ids('Antler backs Antarctica startup', 'The fintech fund is based in Hangzhou.')).toEqual([]);
  });

  it('QQ typed as a crying emoticon in gaming chat is not Tencent QQ', () => {
    expect(ids('Player typed QQ after the loss', 'Fans answered with the crying emoticon and lol in the gaming chat.')).toEqual([]);
    expect(ids('qq more, said the streamer')).toEqual([]);
  });

  it('a crying-face QQ stays out even when Tencent is named elsewhere in the item', () => {
    const found = matcher.match({
      title: 'Tencent reports record game revenue',
      description: 'Streamers still type QQ as a crying emoticon when they lose.',
    });
    expect(found.map((m) => m.entityId)).toEqual(['tencent']);
  });

  it('WPS on a Wi-Fi router (push button, PIN) is not WPS Office', () => {
    expect(ids('Turn off WPS on your router', 'The WPS PIN can be brute forced; use the push button only when pairing.')).toEqual([]);
    expect(ids('Wireless guide: what the WPS button does')).toEqual([]);
  });

  it('DJI as the Dow Jones ticker (^DJI, points, index) is not the drone maker', () => {
    expect(ids('DJI sheds 300 points as the Dow slides', 'Stocks closed lower and the Nasdaq fell too.')).toEqual([]);
    expect(ids('Markets: ^DJI and .DJI both lower at the open')).toEqual([]);
  });

  it('"share it" is a phrase, not SHAREit, in any case', () => {
    expect(ids('Found a great recipe? Share it with us', 'SHARE IT NOW and share-it with a friend.')).toEqual([]);
  });

  it('UC as a University of California campus is not UCWeb', () => {
    expect(ids('UC Berkeley professors win grant', 'UC Davis students and faculty joined the campus rally.')).toEqual([]);
    expect(ids('UC raises tuition again')).toEqual([]);
  });

  it('中兴 meaning "resurgence" is not ZTE', () => {
    expect(ids('实现民族中兴的历史使命', '这个王朝迎来了中兴。')).toEqual([]);
  });

  it('everyday Chinese words that double as short names (蚂蚁 ant, 阿里山 Alishan, 字节 byte) do not count', () => {
    expect(ids('科学家发现蚂蚁的蚁群会分工', '阿里山的日出很美')).toEqual([]);
    expect(ids('一个千字节等于一千个字节', '数据存储')).toEqual([]);
  });

  it('Ant as in the TV duo Ant and Dec is not Ant Group', () => {
    expect(ids('Ant and Dec return to Saturday night TV', 'The show has a new payments sponsor.')).toEqual([]);
  });

  it('Douyin (抖音) alone is not TikTok', () => {
    expect(ids('抖音上线新功能', 'Douyin rolls out a shopping feature for users in China.')).toEqual([]);
  });

  it('WeeChat, the IRC client, is not WeChat', () => {
    expect(ids('WeeChat 4.2 released', 'The WeeChat chat client adds new plugins.')).toEqual([]);
  });

  it('other payment apps (PayPal, Venmo, UnionPay, Paytm) are not Alipay or WeChat Pay', () => {
    expect(ids('PayPal, Venmo, UnionPay and Paytm report growth', 'Mobile payment volumes rose in every market.')).toEqual([]);
  });

  it('other Chinese companies (Xiaomi, Baidu, Lenovo, Hikvision) are not watched entities', () => {
    expect(ids('Xiaomi, Baidu, Lenovo and Hikvision shares move', 'Analysts looked at Chinese technology firms.')).toEqual([]);
  });

  it('a name that appears only inside URLs, domains or e-mail addresses does not count', () => {
    expect(
      ids('Links for today', 'See https://www.tiktok.com/@news, www.wechat.com/en, qq.com and alipay.com/about or write to press@bytedance.com.'),
    ).toEqual([]);
  });

  it('"ten cents" / "Ten Cent" is not Tencent', () => {
    expect(ids('Ten Cents a Dance', 'The stamp cost ten cents, or ten cent in old shops.')).toEqual([]);
  });

  it('"Ali Baba" of the folk tale is not Alibaba', () => {
    expect(ids('Ali Baba and the Forty Thieves returns to the stage', 'Open sesame, says the hero at the cave.')).toEqual([]);
  });

  it("Huawei's former brand Honor alone is not Huawei", () => {
    expect(ids('Honor launches a new phone', 'Honor said sales in Europe doubled.')).toEqual([]);
  });

  it('lower-case "tik tok" is a clock sound, not TikTok', () => {
    expect(ids('The clock went tik tok all night')).toEqual([]);
  });

  it('acronyms written in lower case (qq, uc, zte, wps, dji) never count', () => {
    expect(ids('qq uc zte wps dji smic cnooc', 'Tencent drones office suite browser')).toEqual(['tencent']);
  });
});

describe('weak aliases count only with corroboration', () => {
  it('a weak alias alone, with no supporting words, never produces a mention', () => {
    for (const title of ['Ant plans', 'QQ update', 'WPS update', 'DJI update', 'UC update', 'Weixin update', 'Kingsoft update']) {
      expect(ids(title), title).toEqual([]);
    }
  });

  it.each([
    ['Ant', 'Ant plans to revive its IPO, Jack Ma allies say', 'ant-group'],
    ['QQ', 'QQ remains a popular instant messaging service among students', 'tencent-qq'],
    ['WPS', 'WPS adds AI features to its office suite', 'wps-office'],
    ['DJI', 'DJI unveils a foldable drone', 'dji'],
    ['UC', 'UC tops mobile browser rankings in India', 'ucweb'],
    ['Weixin', 'Weixin adds new mini programs for merchants', 'wechat'],
    ['Kingsoft', 'Kingsoft expands its office software line', 'kingsoft-office'],
    ['Ali Baba', 'Jack Ma turned Ali Baba into an e-commerce empire', 'alibaba'],
    ['中兴', '中兴手机在海外市场销量上升', 'zte'],
    ['蚂蚁', '蚂蚁重启上市计划', 'ant-group'],
    ['阿里', '阿里旗下电商平台调整', 'alibaba'],
  ])('weak alias %s with a context word nearby names the entity, flagged weak', (alias, title, id) => {
    const [mention, ...rest] = matcher.match({ title, description: '' });
    expect(rest).toEqual([]);
    expect(mention).toEqual({ entityId: id, matched: alias, field: 'title', weak: true });
  });

  it('a weak alias is confirmed by a strong name of its parent or child elsewhere in the item', () => {
    expect(ids('Ant-owned Alipay faces new rules')).toEqual(['ant-group', 'alipay']);
    expect(ids('Tencent weighs changes', 'Its QQ service keeps 500 million users.')).toEqual(['tencent', 'tencent-qq']);
    expect(ids('Kingsoft Office posts profit', 'WPS saw strong growth.')).toEqual(['kingsoft-office', 'wps-office']);
  });

  it('字节 with 抖音 nearby names ByteDance, and Douyin still does not add TikTok', () => {
    expect(matcher.match({ title: '字节旗下的抖音推出新功能', description: '' })).toEqual([
      { entityId: 'bytedance', matched: '字节', field: 'title', weak: true },
    ]);
  });

  it('a weak alias near negative context is dropped even when positive context is also near', () => {
    expect(ids('DJI drone makers watch as the Dow Jones index falls 200 points')).toEqual([]);
  });

  it('a weak match reports weak: false once the same entity is also named strongly', () => {
    const found = matcher.match({ title: 'DJI drones grounded', description: 'SZ DJI Technology was added to the Entity List.' });
    expect(found).toEqual([{ entityId: 'dji', matched: 'SZ DJI', field: 'description', weak: false }]);
  });
});

describe('positives: the ways real items write the names', () => {
  it('possessives with straight and curly apostrophes', () => {
    expect(ids("Alipay's growth slows", 'ByteDance’s board met; Tencent’s shares rose.')).toEqual(['alipay', 'bytedance', 'tencent']);
  });

  it('hyphenated compounds (TikTok-style, WeChat-related, Huawei-made)', () => {
    expect(ids('TikTok-style feeds spread', 'WeChat-related rules and Huawei-made gear')).toEqual(['tiktok', 'wechat', 'huawei']);
  });

  it('hashtags match the name at the start of the tag, joined or not', () => {
    expect(ids('#TikTokBan trends again', '#WeChat users and #huaweiban posts; #QQWallet too')).toEqual([
      'tiktok',
      'wechat',
      'huawei',
      'qq-wallet',
    ]);
  });

  it('CamelCase joins such as BanTikTok count', () => {
    expect(ids('Protesters chant BanTikTok')).toEqual(['tiktok']);
  });

  it('full-width letters (ＷｅＣｈａｔ, ＱＱ) are read as ordinary letters and quoted as written', () => {
    const found = matcher.match({ title: 'ＷｅＣｈａｔ and ＱＱ', description: '腾讯旗下的产品' });
    expect(found).toEqual([
      { entityId: 'wechat', matched: 'ＷｅＣｈａｔ', field: 'title', weak: false },
      { entityId: 'tencent-qq', matched: 'ＱＱ', field: 'title', weak: true },
      { entityId: 'tencent', matched: '腾讯', field: 'description', weak: false },
    ]);
  });

  it('HTML tags inside a name and character references are read as rendered', () => {
    const found = matcher.match({
      title: 'Payments update',
      description: '<p><b>We</b>Chat&nbsp;Pay and Tencent &amp; Ali<i>pay</i></p>',
    });
    expect(found.map((m) => [m.entityId, m.matched])).toEqual([
      ['wechat-pay', 'WeChat Pay'],
      ['tencent', 'Tencent'],
      ['alipay', 'Alipay'],
    ]);
  });

  it('a name at the very end of a 3 KB description is found', () => {
    const filler = 'Officials described the review in general terms and gave no dates for next steps. '.repeat(40);
    expect(filler.length).toBeGreaterThan(3000);
    expect(ids('Review continues', `<p>${filler}</p><p>The apps named were CamScanner and SHAREit</p>`)).toEqual(['camscanner', 'shareit']);
  });

  it('an item naming many entities lists each once, in order of appearance', () => {
    const found = ids(
      'Order covers eight apps',
      'The order names Alipay, CamScanner, QQ Wallet, SHAREit, Tencent QQ, VMate, WeChat Pay and WPS Office; Alipay again.',
    );
    expect(found).toEqual(['alipay', 'camscanner', 'qq-wallet', 'shareit', 'tencent-qq', 'vmate', 'wechat-pay', 'wps-office']);
  });

  it.each([
    ['支付宝', 'alipay'],
    ['蚂蚁集团', 'ant-group'],
    ['蚂蚁金服', 'ant-group'],
    ['阿里巴巴', 'alibaba'],
    ['微信支付', 'wechat-pay'],
    ['微信', 'wechat'],
    ['腾讯', 'tencent'],
    ['腾讯QQ', 'tencent-qq'],
    ['QQ钱包', 'qq-wallet'],
    ['扫描全能王', 'camscanner'],
    ['合合信息', 'intsig'],
    ['茄子快传', 'shareit'],
    ['UC浏览器', 'ucweb'],
    ['金山办公', 'kingsoft-office'],
    ['字节跳动', 'bytedance'],
    ['大疆', 'dji'],
    ['中芯国际', 'smic'],
    ['中国海洋石油', 'cnooc'],
    ['华为', 'huawei'],
    ['中兴通讯', 'zte'],
  ])('the Chinese name %s inside a Chinese sentence names %s (and nothing else)', (name, id) => {
    expect(ids(`美国政府宣布对${name}采取新的限制措施`)).toEqual([id]);
  });

  it('spacing variants in their usual capitals: Cam Scanner, Byte Dance, Tik Tok', () => {
    expect(ids('Cam Scanner and Byte Dance', 'Tik Tok is still available')).toEqual(['camscanner', 'bytedance', 'tiktok']);
  });

  it('SHAREit counts however it is capitalised as one word', () => {
    for (const spelling of ['SHAREit', 'ShareIt', 'SHAREIT', 'Shareit']) expect(ids(`${spelling} removed from store`), spelling).toEqual(['shareit']);
  });

  it('pinyin with tone marks matches the folded alias (Zìjié Tiàodòng, Zhīfùbǎo)', () => {
    expect(ids('Zìjié Tiàodòng named in order', 'Zhīfùbǎo too')).toEqual(['bytedance', 'alipay']);
  });

  it('quotes the name exactly as written when accents arrive as separate combining marks', () => {
    const written = 'Zi\u0300jie\u0301 Tia\u0300odo\u0300ng';
    const [mention] = matcher.match({ title: `Update… ${written} named`, description: '' });
    expect(mention?.matched).toBe(written);
  });

  it('text that only the full content carries is found and reported as the description field', () => {
    const found = matcher.match({ title: 'Brief', description: 'Short summary.', content: '<p>Full text naming ZTE.</p>' });
    expect(found).toEqual([{ entityId: 'zte', matched: 'ZTE', field: 'description', weak: false }]);
  });

  it('the title is the reported field when the name is in both title and description', () => {
    const found = matcher.match({ title: 'Huawei added', description: 'Huawei and its affiliates.' });
    expect(found).toEqual([{ entityId: 'huawei', matched: 'Huawei', field: 'title', weak: false }]);
  });
});

describe('longest match wins where names overlap', () => {
  it.each([
    ['WeChat Pay suspended', ['wechat-pay']],
    ['QQ Wallet suspended', ['qq-wallet']],
    ['Tencent QQ suspended', ['tencent-qq']],
    ['Ant Group suspended', ['ant-group']],
    ['UC Browser suspended', ['ucweb']],
    ['WPS Office suspended', ['wps-office']],
    ['中兴通讯 suspended', ['zte']],
    ['微信支付 suspended', ['wechat-pay']],
  ])('"%s" names only the longer name', (title, expected) => {
    expect(ids(title)).toEqual(expected);
  });

  it('an entity also named on its own elsewhere still counts (WeChat Pay … and WeChat)', () => {
    expect(ids('WeChat Pay limits', 'Users of WeChat were told to wait.')).toEqual(['wechat-pay', 'wechat']);
  });

  it('"Tencent\'s QQ Wallet" names Tencent and QQ Wallet but not Tencent QQ', () => {
    expect(ids("Tencent's QQ Wallet faces review")).toEqual(['tencent', 'qq-wallet']);
  });
});

describe('entities outside the catalog', () => {
  it('a custom entity from /sanctions track is matched by its name and aliases', () => {
    const custom = buildCustomEntity({ name: 'Xiaomi', aliases: ['小米'] });
    const withCustom = createMatcher([...catalog.entities(), custom]);
    expect(withCustom.match({ title: 'Xiaomi and Huawei phones', description: '小米发布新机' }).map((m) => m.entityId)).toEqual([
      custom.id,
      'huawei',
    ]);
  });

  it('an all-capitals custom alias must be written in capitals', () => {
    const byd: Entity = { id: 'byd', name: 'BYD', kind: 'company', aliases: ['BYD'], weakAliases: [], timeline: [], custom: true };
    const only = createMatcher([byd]);
    expect(only.match({ title: 'BYD exports rise', description: 'byd' }).map((m) => m.matched)).toEqual(['BYD']);
    expect(only.match({ title: 'byd', description: '' })).toEqual([]);
  });
});
