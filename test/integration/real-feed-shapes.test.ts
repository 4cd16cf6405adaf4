// Whole cycles over feeds in the shapes real sources publish, served over HTTP on 127.0.0.1 into a
// real SQLite file: a Chinese outlet whose every item ends with a footer naming WeChat and Alipay,
// and a Google News search whose items carry their outlet and other outlets' headlines.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderAlert } from '../../adapters/console/render.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeChatAdapter, type FakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

let dir: string;
let feeds: FakeFeedServer;
const apps: App[] = [];
const clock = Date.parse('2020-12-12T12:00:00Z');
const now = () => clock;

function boot(feedUrl: string, env: Record<string, string> = {}) {
  const adapter: FakeChatAdapter = createFakeChatAdapter();
  const config = loadConfig({ DATABASE_PATH: join(dir, 'watch.db'), FEED_URLS: feedUrl, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent', ...env });
  const app = createApp({ config, adapters: [adapter], log: silentLogger, now });
  apps.push(app);
  const channel = app.store.ensureChannel({ platform: 'console', id: 'compliance' }, now());
  app.store.addWatches(channel.key, ['wechat', 'wechat-pay', 'alipay', 'huawei', 'tencent', 'camscanner', 'qq-wallet']);
  return { app, adapter };
}

async function stop(app: App) {
  apps.splice(apps.indexOf(app), 1);
  await app.stop();
}

/** The Chinese outlet's feed with other items in it, each ending with the outlet's footer. */
function chineseFeed(items: Array<{ guid: string; title: string; body: string }>): string {
  const footer = '<p>——</p><p>关注江畔财经微信公众号，每天获取一手财经资讯。下载江畔财经App，使用支付宝或微信支付即可订阅全文。</p>';
  const xml = items
    .map((i) => `<item><title>${i.title}</title><link>https://jiangpan-caijing.example.test/news/${i.guid}.html</link><guid>${i.guid}</guid><pubDate>Sat, 12 Dec 2020 09:00:00 +0800</pubDate><description><![CDATA[<p>${i.body}</p>${footer}]]></description></item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>江畔财经</title><link>https://jiangpan-caijing.example.test/</link>${xml}</channel></rss>`;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-shapes-'));
  feeds = await createFakeFeedServer();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a feed whose every item ends with a footer naming WeChat', () => {
  it('alerts on nothing for the footer from the first poll, remembers it across a restart, and still alerts on an article about WeChat', async () => {
    feeds.setRoute('/jiangpan.xml', { body: fixture('chinese-outlet-footer.xml') });
    const first = boot(feeds.url('/jiangpan.xml'), { FIRST_POLL_ALERTS: 'true' });
    const r1 = await first.app.runCycle();
    expect(r1.feeds[0]).toMatchObject({ status: 'ok', newItems: 4 });
    // Only the Huawei launch names a watched entity in its own text; the footer names none.
    expect(first.adapter.sent.map((s) => s.alert.entities.map((e) => e.id))).toEqual([['huawei']]);
    expect(first.adapter.sent[0]?.alert.summary).not.toMatch(/微信|公众号|支付宝/);
    await stop(first.app);

    // Two new items: too few to learn the footer from this body alone, so it must come from the store.
    feeds.setRoute('/jiangpan.xml', {
      body: chineseFeed([
        { guid: 'jp-20201212-05', title: '美国商务部拟禁止微信在美下载', body: '美国商务部表示，将从下周起禁止在美国应用商店提供微信下载，并禁止为其提供网络托管服务。' },
        { guid: 'jp-20201212-06', title: '周末多地迎来降雪', body: '气象部门预计，周末北方多地将迎来今冬首场明显降雪。' },
      ]),
    });
    const second = boot(feeds.url('/jiangpan.xml'));
    const r2 = await second.app.runCycle();
    expect(r2.feeds[0]).toMatchObject({ status: 'ok', newItems: 2 });
    expect(second.adapter.sent.map((s) => [s.alert.title, s.alert.entities.map((e) => e.id)])).toEqual([['美国商务部拟禁止微信在美下载', ['wechat']]]);
    expect(second.adapter.sent[0]?.alert.summary).toContain('禁止在美国应用商店提供微信下载');
    expect(second.adapter.sent[0]?.alert.summary).not.toMatch(/公众号|支付宝/);
  });
});

describe('a Google News search feed', () => {
  it('alerts with the headline without " - Outlet", names the outlet, and neither matches nor summarises the related headlines', async () => {
    feeds.setRoute('/gn.xml', { body: fixture('google-news-search.xml') });
    const { app, adapter } = boot(feeds.url('/gn.xml'), { FIRST_POLL_ALERTS: 'true' });
    await app.runCycle();
    const alerts = adapter.sent.map((s) => s.alert);
    const order = alerts.find((a) => a.title === 'Trump order targets Alipay, WeChat Pay and six other Chinese apps');
    expect(order).toBeDefined();
    expect(order?.outlet).toBe('Harbor Ledger');
    // CamScanner and QQ Wallet appear only in other outlets' related headlines.
    expect(order?.entities.map((e) => e.id).sort()).toEqual(['alipay', 'wechat-pay']);
    expect(order?.summary).not.toMatch(/CamScanner|Commerce 45 days/);
    expect(renderAlert(order!)).toMatch(/^Source: {3}Harbor Ledger \(via /m);
    // "Tencent Watch Weekly" is an outlet name, not a report about Tencent.
    expect(alerts.some((a) => a.entities.some((e) => e.id === 'tencent'))).toBe(false);
    expect(alerts.every((a) => !/ - (Harbor Ledger|Tencent Watch Weekly|环球财讯)$/.test(a.title))).toBe(true);
  });
});
