// Whole cycles of the watcher on a real SQLite file with feeds served over real HTTP on
// 127.0.0.1: diffing across restarts, conditional GET, broken feeds, first-poll suppression,
// routing by watchlist and severity, and the outbox's exactly-once delivery.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import iconv from 'iconv-lite';
import type { ChannelRef } from '../../src/model.ts';
import { freePort } from '../fakes/bot-process.ts';
import { createFakeChatAdapter, type FakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildAtom, buildRss, type BuildItem } from '../fixtures/build-feed.ts';

let dir: string;
let feeds: FakeFeedServer;
const apps: App[] = [];
let clock = Date.parse('2021-01-06T12:00:00Z');
const now = () => clock;

const ORDER: BuildItem = {
  guid: 'order-1',
  title: 'President signs executive order barring transactions with Alipay and WeChat Pay',
  link: 'https://wire.example/order-1',
  description: 'Executive Order 13971 prohibits, after 45 days, transactions with the developers of Alipay, WeChat Pay and six other apps.',
  date: '2021-01-06T02:00:00Z',
};
const QUIET: BuildItem = { guid: 'quiet-1', title: 'Port volumes rise in December', link: 'https://wire.example/quiet-1', description: 'Container traffic grew 4%.', date: '2021-01-06T01:00:00Z' };
const EARNINGS: BuildItem = {
  guid: 'earn-1',
  title: 'Alipay parent reports higher quarterly revenue',
  link: 'https://wire.example/earn-1',
  description: 'Ant Group said revenue from Alipay merchant services grew in the quarter.',
  date: '2021-01-06T03:00:00Z',
};
const TIKTOK: BuildItem = {
  guid: 'tt-1',
  title: 'Judge blocks Commerce ban on TikTok downloads',
  link: 'https://wire.example/tt-1',
  description: 'A federal judge granted TikTok a preliminary injunction against the app store ban.',
  date: '2021-01-06T04:00:00Z',
};

function boot(env: Record<string, string> = {}, adapter: FakeChatAdapter = createFakeChatAdapter(), log = silentLogger) {
  const config = loadConfig({ DATABASE_PATH: join(dir, 'watch.db'), ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent', FEED_TIMEOUT_MS: '400', ...env });
  const app = createApp({ config, adapters: [adapter], log, now });
  apps.push(app);
  return { app, adapter };
}

async function stop(app: App) {
  apps.splice(apps.indexOf(app), 1);
  await app.stop();
}

function watch(app: App, id: string, entities: string[], minSeverity?: 'low' | 'medium' | 'high'): ChannelRef {
  const ref: ChannelRef = { platform: 'console', id };
  const channel = app.store.ensureChannel(ref, now());
  app.store.addWatches(channel.key, entities);
  if (minSeverity) app.store.setMinSeverity(channel.key, minSeverity);
  return ref;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-cycle-'));
  feeds = await createFakeFeedServer();
  clock = Date.parse('2021-01-06T12:00:00Z');
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the watcher cycle', () => {
  it('sees items as new, then updated when edited, then seen, and remembers them across a restart', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER, QUIET]) });
    const first = boot({ FEED_URLS: feeds.url('/wire.xml') });
    const r1 = await first.app.runCycle();
    expect(r1.feeds[0]).toMatchObject({ status: 'ok', newItems: 2, updatedItems: 0, seenItems: 0 });

    const edited = { ...QUIET, description: 'Container traffic grew 5% (corrected).' };
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER, edited, EARNINGS]) });
    const r2 = await first.app.runCycle();
    expect(r2.feeds[0]).toMatchObject({ newItems: 1, updatedItems: 1, seenItems: 1 });
    await stop(first.app);

    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [TIKTOK, ORDER, edited, EARNINGS]) });
    const second = boot({ FEED_URLS: feeds.url('/wire.xml') });
    const r3 = await second.app.runCycle();
    expect(r3.feeds[0]).toMatchObject({ newItems: 1, updatedItems: 0, seenItems: 3 });
    expect(second.app.store.countItems()).toBe(4);
  });

  it('sends the stored validators, and a 304 costs no parsing and changes nothing', async () => {
    feeds.setRoute('/etag.xml', { body: buildRss('Wire', [ORDER]), etag: '"v1"' });
    feeds.setRoute('/lm.xml', { body: buildAtom('Atom wire', [TIKTOK]), lastModified: 'Wed, 06 Jan 2021 10:00:00 GMT' });
    const { app } = boot({ FEED_URLS: [feeds.url('/etag.xml'), feeds.url('/lm.xml')].join(',') });
    await app.runCycle();
    const again = await app.runCycle();
    expect(again.feeds.map((f) => f.status)).toEqual(['not-modified', 'not-modified']);
    expect(feeds.requestsFor('/etag.xml')[1]?.headers['if-none-match']).toBe('"v1"');
    expect(feeds.requestsFor('/lm.xml')[1]?.headers['if-modified-since']).toBe('Wed, 06 Jan 2021 10:00:00 GMT');
    expect(app.store.getFeed(feeds.url('/etag.xml'))).toMatchObject({ etag: '"v1"', lastError: undefined, itemCount: 1 });
  });

  it('skips parsing a 200 whose body is byte-for-byte the last one', async () => {
    feeds.setRoute('/plain.xml', { body: buildRss('Wire', [ORDER]) });
    const { app } = boot({ FEED_URLS: feeds.url('/plain.xml') });
    await app.runCycle();
    expect((await app.runCycle()).feeds[0]?.status).toBe('unchanged-body');
  });

  it('records each broken feed with its error and backs off, while the good feed is read in the same cycle', async () => {
    const port = await freePort();
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>`;
    feeds.setRoute('/good.xml', { body: buildRss('Good', [ORDER]) });
    feeds.setRoute('/missing.xml', { status: 404, body: 'not here', contentType: 'text/plain' });
    feeds.setRoute('/error.xml', { status: 500, body: 'boom', contentType: 'text/plain' });
    feeds.setRoute('/html.xml', { body: '<!doctype html><html><head><title>Login</title></head><body><p>Please sign in</p></body></html>', contentType: 'text/html' });
    feeds.setRoute('/truncated.xml', { body: buildRss('Cut', [ORDER, TIKTOK]).slice(0, 300) });
    feeds.setRoute('/bomb.xml', { body: bomb });
    feeds.setRoute('/huge.xml', { stream: { chunk: '<!-- padding padding padding padding -->'.repeat(100), count: 2000 } });
    feeds.setRoute('/slow.xml', { hang: 'before-headers' });
    const broken = ['/missing.xml', '/error.xml', '/html.xml', '/truncated.xml', '/bomb.xml', '/huge.xml', '/slow.xml'].map((p) => feeds.url(p));
    const refused = `http://127.0.0.1:${port}/feed.xml`;
    const { app } = boot({ FEED_URLS: [feeds.url('/good.xml'), ...broken, refused].join(','), FEED_MAX_BYTES: '100000' });

    const report = await app.runCycle();
    const byUrl = Object.fromEntries(report.feeds.map((f) => [f.url, f]));
    expect(byUrl[feeds.url('/good.xml')]).toMatchObject({ status: 'ok', newItems: 1 });
    for (const url of [...broken, refused]) {
      expect(byUrl[url]?.status, url).toBe('failed');
      const stored = app.store.getFeed(url);
      expect(stored?.lastError, url).toBeTruthy();
      expect(stored?.consecutiveFailures).toBe(1);
      expect(stored?.nextAttemptAt).toBeGreaterThan(now());
    }
    expect(byUrl[feeds.url('/missing.xml')]?.error).toMatch(/404/);
    expect(byUrl[feeds.url('/error.xml')]?.error).toMatch(/500/);
    expect(byUrl[feeds.url('/huge.xml')]?.error).toMatch(/100000/);
    expect(byUrl[feeds.url('/slow.xml')]?.error).toMatch(/time/i);
    expect(byUrl[refused]?.error).toMatch(/refused|ECONNREFUSED/i);

    // While backing off, a failing feed is not fetched again; the next due time passes, it is.
    const before = feeds.requestsFor('/error.xml').length;
    expect((await app.runCycle()).feeds.find((f) => f.url === feeds.url('/error.xml'))?.status).toBe('backing-off');
    expect(feeds.requestsFor('/error.xml').length).toBe(before);
    clock += 24 * 3_600_000;
    await app.runCycle();
    expect(feeds.requestsFor('/error.xml').length).toBe(before + 1);
    expect(app.store.getFeed(feeds.url('/error.xml'))?.consecutiveFailures).toBe(2);

    // The health shows up where users look for it.
    const reply = await app.handleCommand({ platform: 'console', channel: { platform: 'console', id: 'ops' }, user: { id: 'u' }, text: 'feeds' });
    const text = reply.sections.flatMap((s) => s.lines).join('\n');
    // By title, or by a short URL for feeds that never gave one; with when the next try is.
    expect(text).toMatch(new RegExp(`\\d+\\. ${feeds.url('/error.xml').replace('http://', '').replace(/[.:/]/g, '\\$&')}: FAILING \\(2×\\): HTTP 500 .*; next check 2021-01-07 .*; 0 items`));
    expect(text).toMatch(/\d+\. Good: ok; last success/);
  });

  it('records a new feed’s existing items without alerting, then alerts on what comes after', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml') });
    watch(app, 'desk', ['alipay', 'tiktok']);
    await app.runCycle();
    expect(adapter.sent).toHaveLength(0);
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [TIKTOK, ORDER]) });
    await app.runCycle();
    expect(adapter.sent.map((s) => s.alert.title)).toEqual([TIKTOK.title]);
  });

  it('alerts on the first poll too when FIRST_POLL_ALERTS is on', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml'), FIRST_POLL_ALERTS: 'true' });
    watch(app, 'desk', ['alipay']);
    await app.runCycle();
    expect(adapter.sent.map((s) => s.alert.title)).toEqual([ORDER.title]);
  });

  it('sends a channel only what it watches, at or above its minimum severity', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [QUIET]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml') });
    watch(app, 'payments', ['alipay']);
    watch(app, 'payments-urgent', ['alipay'], 'high');
    watch(app, 'video', ['tiktok']);
    watch(app, 'nothing', []);
    await app.runCycle(); // first poll: recorded only
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER, EARNINGS, TIKTOK, QUIET]) });
    await app.runCycle();
    const got = (id: string) => adapter.sent.filter((s) => s.channel.id === id).map((s) => s.alert.title).sort();
    expect(got('payments')).toEqual([EARNINGS.title, ORDER.title].sort());
    expect(got('payments-urgent')).toEqual([ORDER.title]);
    expect(got('video')).toEqual([TIKTOK.title]);
    expect(got('nothing')).toEqual([]);
    const order = adapter.sent.find((s) => s.alert.title === ORDER.title)?.alert;
    expect(order).toMatchObject({ severity: 'high', source: 'Wire', link: ORDER.link });
    expect(order?.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['alipay', 'wechat-pay']));
    expect(order?.matches.find((m) => m.entityId === 'alipay')).toMatchObject({ matched: 'Alipay', field: 'title' });
  });

  it('sends Ant Group news to the channels watching Ant Group, not to those watching Alibaba, its minority shareholder', async () => {
    const ANT: BuildItem = {
      guid: 'ant-1',
      title: 'Regulators summon Ant Group executives before listing',
      link: 'https://wire.example/ant-1',
      description: 'Ant Group was told to overhaul its lending business before its STAR Market debut.',
      date: '2021-01-06T05:00:00Z',
    };
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [QUIET]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml') });
    watch(app, 'alibaba-desk', ['alibaba']);
    watch(app, 'ant-desk', ['ant-group']);
    await app.runCycle();
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ANT, EARNINGS, QUIET]) });
    await app.runCycle();
    const got = (id: string) => adapter.sent.filter((s) => s.channel.id === id).map((s) => s.alert.title).sort();
    expect(got('ant-desk')).toEqual([ANT.title, EARNINGS.title].sort());
    expect(got('alibaba-desk')).toEqual([]);
  });

  it('delivers an outbox row once across a failed send, a crash in the adapter and a restart', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [QUIET]) });
    const flaky = createFakeChatAdapter();
    const first = boot({ FEED_URLS: feeds.url('/wire.xml') }, flaky);
    watch(first.app, 'desk', ['alipay']);
    await first.app.runCycle();
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER, QUIET]) });
    flaky.answerNext({ kind: 'retry', reason: 'HTTP 503', afterMs: 60_000 });
    await first.app.runCycle();
    expect(first.app.store.outboxCounts()).toMatchObject({ pending: 1, delivered: 0 });
    clock += 120_000;
    flaky.answerNext(() => {
      throw new Error('adapter bug');
    });
    await first.app.dispatch();
    expect(first.app.store.outboxCounts()).toMatchObject({ pending: 1, delivered: 0 });
    await stop(first.app);

    const healthy = createFakeChatAdapter();
    const second = boot({ FEED_URLS: feeds.url('/wire.xml') }, healthy);
    clock += 3_600_000;
    await second.app.runCycle();
    await second.app.runCycle();
    expect(healthy.sent.map((s) => s.alert.title)).toEqual([ORDER.title]);
    expect(healthy.sent[0]?.alert.previousAttempts).toBe(2);
    expect(second.app.store.outboxCounts()).toMatchObject({ pending: 0, delivered: 1 });
  });

  it('holds alerts for a channel whose platform says it is gone, shows it, and resumes when someone uses the bot there', async () => {
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [QUIET]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml') });
    const ref = watch(app, 'gone', ['alipay']);
    await app.runCycle();
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [ORDER, QUIET]) });
    adapter.answerNext({ kind: 'channel-failed', reason: 'not_in_channel' });
    await app.runCycle();
    clock += 3_600_000;
    await app.runCycle();
    expect(adapter.sent).toHaveLength(1); // not retried while failing
    const list = await app.handleCommand({ platform: 'console', channel: { platform: 'console', id: 'other' }, user: { id: 'u' }, text: 'feeds' });
    expect(list.sections.flatMap((s) => s.lines).join('\n')).toContain('not_in_channel');
    await app.handleCommand({ platform: 'console', channel: ref, user: { id: 'u' }, text: 'watch add tiktok' });
    await app.dispatch();
    expect(adapter.sent.map((s) => s.result.kind)).toEqual(['channel-failed', 'delivered']);
  });

  it('survives hostile item text: a 200 KB title, control characters and markup', async () => {
    const hostile: BuildItem = { guid: 'h1', title: `Alipay \u0007\u001b[2J<script>alert(1)</script> ${'x'.repeat(200_000)}`, description: '<img src=x onerror=alert(1)>WeChat Pay', date: '2021-01-06T05:00:00Z' };
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [QUIET]) });
    const { app, adapter } = boot({ FEED_URLS: feeds.url('/wire.xml') });
    watch(app, 'desk', ['alipay', 'wechat-pay']);
    await app.runCycle();
    feeds.setRoute('/wire.xml', { body: buildRss('Wire', [hostile, QUIET]) });
    const report = await app.runCycle();
    expect(report.feeds[0]?.status).toBe('ok');
    const alert = adapter.sent[0]?.alert;
    expect(alert?.title.length).toBeLessThanOrEqual(1000);
    expect(alert?.summary.length).toBeLessThanOrEqual(400);
    expect(alert?.summary).not.toMatch(/[\u0000-\u001f]/);
  });

  describe('items that odd feeds used to lose without a word', () => {
    const CN_OLD: BuildItem = { guid: 'cn-1', title: '港口吞吐量继续增长', link: 'https://cn.example/1', description: '十二月集装箱吞吐量增长百分之四。', date: '2021-01-06T01:00:00Z' };
    const CN_NEW: BuildItem = {
      guid: 'cn-2',
      title: '美国总统签署行政令 禁止与支付宝和微信支付交易',
      link: 'https://cn.example/2',
      description: '行政令要求四十五天后禁止与支付宝、微信支付等八款应用的开发者进行交易。',
      date: '2021-01-06T05:00:00Z',
    };

    it('reads a GBK feed that declares no charset, alerts on its Chinese item, and logs the guess', async () => {
      // Tried: GBK bytes, no charset in the Content-Type, no encoding in the XML declaration.
      // Must hold: the titles decode, the entity matches, the alert goes out, and a warning says so.
      const gbk = (items: BuildItem[]) => iconv.encode(buildRss('南岸快讯', items).replace(/^<\?xml[^?]*\?>\s*/, ''), 'gbk');
      const lines: string[] = [];
      feeds.setRoute('/gbk.xml', { body: gbk([CN_OLD]), contentType: 'application/rss+xml' });
      const { app, adapter } = boot({ FEED_URLS: feeds.url('/gbk.xml') }, createFakeChatAdapter(), createLogger('warn', (l) => lines.push(l)));
      watch(app, 'desk', ['alipay', 'wechat-pay']);
      await app.runCycle();
      feeds.setRoute('/gbk.xml', { body: gbk([CN_NEW, CN_OLD]), contentType: 'application/rss+xml' });
      await app.runCycle();
      expect(adapter.sent.map((s) => s.alert.title)).toEqual([CN_NEW.title]);
      expect(adapter.sent[0]?.alert.entities.map((e) => e.id).sort()).toEqual(['alipay', 'wechat-pay']);
      expect(lines.some((l) => /no charset declared.*decoded as gb18030/i.test(l))).toBe(true);
    });

    it('keeps distinct items that share a guid, and alerts on a new item under a reused guid', async () => {
      // Tried: two different items with one <guid> in one body; later a third item under that guid.
      // Must hold: all three are stored, the new ones alert, and one warning names the feed.
      const lines: string[] = [];
      const first = { ...QUIET, guid: 'latest' };
      const second = { ...EARNINGS, guid: 'latest' };
      feeds.setRoute('/reuse.xml', { body: buildRss('Reuse', [first, second]) });
      const { app, adapter } = boot({ FEED_URLS: feeds.url('/reuse.xml') }, createFakeChatAdapter(), createLogger('warn', (l) => lines.push(l)));
      watch(app, 'desk', ['alipay', 'tiktok']);
      const r1 = await app.runCycle();
      expect(r1.feeds[0]).toMatchObject({ newItems: 2 });
      feeds.setRoute('/reuse.xml', { body: buildRss('Reuse', [{ ...TIKTOK, guid: 'latest' }, first, second]) });
      const r2 = await app.runCycle();
      expect(r2.feeds[0]).toMatchObject({ newItems: 1, seenItems: 2, updatedItems: 0 });
      expect(adapter.sent.map((s) => s.alert.title)).toEqual([TIKTOK.title]);
      // A feed with one item whose guid never changes still alerts on each new story.
      feeds.setRoute('/reuse.xml', { body: buildRss('Reuse', [{ ...ORDER, guid: 'latest' }]) });
      await app.runCycle();
      expect(adapter.sent.map((s) => s.alert.title)).toEqual([TIKTOK.title, ORDER.title]);
      expect(app.store.countItems()).toBe(4);
      expect(lines.filter((l) => l.includes(feeds.url('/reuse.xml')) && /guid/.test(l))).toHaveLength(1);
    });

    it('still treats an edited item (same guid and link, corrected title) as an edit', async () => {
      feeds.setRoute('/edit.xml', { body: buildRss('Wire', [ORDER]) });
      const { app, adapter } = boot({ FEED_URLS: feeds.url('/edit.xml') });
      watch(app, 'desk', ['alipay']);
      await app.runCycle();
      const fixed = { ...ORDER, title: ORDER.title.replace('barring', 'banning'), description: ORDER.description + ' (updated)' };
      feeds.setRoute('/edit.xml', { body: buildRss('Wire', [fixed]) });
      const r = await app.runCycle();
      expect(r.feeds[0]).toMatchObject({ newItems: 0, updatedItems: 1 });
      expect(adapter.sent).toHaveLength(0);
    });
  });
});
