import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boilerplateKey, learnBoilerplate, stripBoilerplate } from '../../../src/feeds/boilerplate.ts';
import { parseFeed } from '../../../src/feeds/parse-feed.ts';
import type { FeedItem } from '../../../src/model.ts';
import { toPlainText } from '../../../src/text/plain-text.ts';

const FOOTER = '关注江畔财经微信公众号，每天获取一手财经资讯。';
const item = (n: number, body: string, footer = `<p>${FOOTER}</p>`): FeedItem => ({
  feedUrl: 'https://jiangpan.example.test/rss',
  guid: `g${n}`,
  title: `第${n}条`,
  description: `<p>${body}</p>${footer}`,
});

describe('learnBoilerplate', () => {
  it('learns the footer of the Chinese outlet fixture from one body, and nothing of its articles', async () => {
    const parsed = await parseFeed(readFileSync(new URL('../../fixtures/feeds/chinese-outlet-footer.xml', import.meta.url), 'utf8'), 'https://jiangpan.example.test/rss');
    if (parsed.kind !== 'ok') throw new Error(parsed.message);
    const learned = learnBoilerplate(parsed.items);
    expect([...learned.keys()].sort()).toEqual(['——', boilerplateKey(FOOTER), boilerplateKey('下载江畔财经App，使用支付宝或微信支付即可订阅全文。')].sort());
    expect(learned.get(boilerplateKey(FOOTER))).toBe(4);
  });

  it('needs the text on more than half of at least three items', () => {
    expect(learnBoilerplate([item(1, '甲。'), item(2, '乙。')]).size).toBe(0);
    const half = [item(1, '甲。'), item(2, '乙。'), item(3, '丙。', ''), item(4, '丁。', '')];
    expect(learnBoilerplate(half).size).toBe(0);
    expect([...learnBoilerplate([...half, item(5, "戊。")]).keys()]).toEqual([boilerplateKey(FOOTER)]);
  });

  it('compares across spacing and case, so a footer re-wrapped by the CMS is still one', () => {
    const english = (n: number, footer: string) => item(n, `Story ${n} about ports.`, `<p>${footer}</p>`);
    const learned = learnBoilerplate([english(1, 'Follow us on WeChat.'), english(2, 'Follow us  on\nWeChat.'), english(3, 'FOLLOW US ON WECHAT.')]);
    expect([...learned.keys()]).toEqual(['follow us on wechat.']);
  });
});

describe('stripBoilerplate', () => {
  it('removes the learned units from description and content, keeps the article, and reports what it found', () => {
    const keys = new Set([boilerplateKey(FOOTER)]);
    const hits = new Set<string>();
    const original = { ...item(1, '美国商务部表示将禁止微信下载。A &amp; B <b>said</b> so.'), content: `<div>全文。</div><p>${FOOTER}</p>` };
    const stripped = stripBoilerplate(original, keys, hits);
    expect(toPlainText(stripped.description)).toBe('美国商务部表示将禁止微信下载。A & B said so.');
    expect(toPlainText(stripped.content)).toBe('全文。');
    expect([...hits]).toEqual([boilerplateKey(FOOTER)]);
  });

  it('returns an item without boilerplate as it was', () => {
    const plain = item(2, 'No footer here.', '');
    expect(stripBoilerplate(plain, new Set([boilerplateKey(FOOTER)]))).toBe(plain);
  });
});
