// WebSub against a fake hub on 127.0.0.1: a polled feed that names a hub gets a subscription
// request; the test then acts as the hub, as a real one would: it verifies the callback (which must
// echo hub.challenge) and pushes new versions of the feed, signed or forged. A signed push alerts at
// once, like a poll of that feed; a forged one is ignored. Real SQLite, real HTTP both ways.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeChatAdapter, type FakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildAtom, type BuildItem } from '../fixtures/build-feed.ts';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const QUIET: BuildItem = { guid: 'q1', title: 'Port traffic rises in March', link: 'https://news.example/q1', description: 'Container volumes grew.' };
const ALIPAY: BuildItem = {
  guid: 'a1',
  title: 'Commerce prohibits transactions with Alipay under EO 13971',
  link: 'https://news.example/a1',
  description: 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.',
};
const TIKTOK: BuildItem = { guid: 't1', title: 'Judge blocks Commerce ban on TikTok downloads', link: 'https://news.example/t1', description: 'A federal judge granted TikTok a preliminary injunction against the app store ban.' };

let dir: string;
let feeds: FakeFeedServer;
let hub: Server;
let callbacks: Server;
let app: App | undefined;
const hubRequests: URLSearchParams[] = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
/** An Atom feed that names the hub and itself, as WebSub publishers do. */
const withHub = (xml: string, hubUrl: string, self: string) => xml.replace('<title>', `<link rel="hub" href="${hubUrl}"/><link rel="self" href="${self}"/><title>`);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-websub-'));
  feeds = await createFakeFeedServer();
  hubRequests.length = 0;
  hub = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hubRequests.push(new URLSearchParams(body));
      res.writeHead(202).end();
    });
  });
  callbacks = createServer((req, res) => void app?.webSub?.handle(req, res).then((handled) => void (handled || res.writeHead(404).end())));
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await feeds.close();
  await new Promise((resolve) => hub.close(resolve));
  await new Promise((resolve) => callbacks.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('WebSub', () => {
  it('subscribes at the hub a feed names, answers the verification, and takes a signed push as a poll', async () => {
    const hubUrl = `${await listen(hub)}/hub`;
    const publicUrl = await listen(callbacks);
    const feedUrl = feeds.url('/atom.xml');
    const self = 'https://publisher.example/atom.xml';
    feeds.setRoute('/atom.xml', { body: withHub(buildAtom('Wire', [QUIET]), hubUrl, self) });
    const adapter: FakeChatAdapter = createFakeChatAdapter();
    const config = loadConfig({ DATABASE_PATH: join(dir, 'w.db'), FEED_URLS: feedUrl, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent', PUBLIC_URL: publicUrl });
    app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => NOW });
    const channel = app.store.ensureChannel({ platform: 'console', id: 'ops' }, NOW);
    app.store.addWatches(channel.key, ['alipay', 'tiktok']);

    await app.runCycle(); // the first poll records the feed and finds its hub
    await app.webSub!.settled();
    expect(hubRequests).toHaveLength(1);
    const asked = hubRequests[0]!;
    expect(asked.get('hub.mode')).toBe('subscribe');
    expect(asked.get('hub.topic')).toBe(self);
    const callback = asked.get('hub.callback')!;
    expect(callback.startsWith(`${publicUrl}/websub/`)).toBe(true);
    const secret = asked.get('hub.secret')!;
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // Verification: a wrong topic is refused; the right one gets its challenge back.
    expect((await fetch(`${callback}?hub.mode=subscribe&hub.topic=${encodeURIComponent('https://other.example/')}&hub.challenge=x`)).status).toBe(404);
    const verify = await fetch(`${callback}?hub.mode=subscribe&hub.topic=${encodeURIComponent(self)}&hub.challenge=c-81723&hub.lease_seconds=86400`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toBe('c-81723');
    expect(app.store.webSub(feedUrl)?.verifiedAt).toBe(NOW);

    // A forged push (wrong secret) is acknowledged but ignored.
    const forged = withHub(buildAtom('Wire', [QUIET, ALIPAY]), hubUrl, self);
    const bad = await fetch(callback, { method: 'POST', body: forged, headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': `sha256=${createHmac('sha256', 'not-the-secret').update(forged).digest('hex')}` } });
    expect(bad.status).toBe(202);
    expect(adapter.sent).toEqual([]);

    // A signed push alerts at once, without waiting for a poll (sha256, then sha1).
    const signed = await fetch(callback, { method: 'POST', body: forged, headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(forged).digest('hex')}` } });
    expect(signed.status).toBe(204);
    expect(adapter.sent.map((s) => s.alert.title)).toEqual([ALIPAY.title]);
    const next = withHub(buildAtom('Wire', [QUIET, ALIPAY, TIKTOK]), hubUrl, self);
    const sha1 = await fetch(callback, { method: 'POST', body: next, headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': `sha1=${createHmac('sha1', secret).update(next).digest('hex')}` } });
    expect(sha1.status).toBe(204);
    expect(adapter.sent.map((s) => s.alert.title)).toEqual([ALIPAY.title, TIKTOK.title]);

    // Polling stays as the fallback, and finds nothing new that a push already brought.
    feeds.setRoute('/atom.xml', { body: next });
    const polled = await app.runCycle();
    expect(polled.feeds[0]).toMatchObject({ status: 'ok', newItems: 0 });
    expect(feeds.requestsFor('/atom.xml')).toHaveLength(2);
    expect(hubRequests).toHaveLength(1); // a live subscription is not asked for again
  });

  it('is served by the Slack HTTP server (GET verification and POST pushes), as the running bot mounts it', async () => {
    const hubUrl = `${await listen(hub)}/hub`;
    const feedUrl = feeds.url('/atom.xml');
    feeds.setRoute('/atom.xml', { body: withHub(buildAtom('Wire', [QUIET]), hubUrl, feedUrl) });
    const slack = createSlackAdapter({
      botToken: 'xoxb-test',
      botId: 'B1',
      botUserId: 'U1',
      signingSecret: 'secret',
      port: 0,
      host: '127.0.0.1',
      adminUserIds: [],
      log: silentLogger,
      routes: [{ path: '/websub/:id', method: ['GET', 'POST'], handler: (req, res) => void app?.webSub?.handle(req, res) }],
    });
    await slack.start(async () => ({ visibility: 'ephemeral', title: 'x', sections: [] }));
    try {
      const publicUrl = `http://127.0.0.1:${slack.port}`;
      const config = loadConfig({ DATABASE_PATH: join(dir, 's.db'), FEED_URLS: feedUrl, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent', PUBLIC_URL: publicUrl });
      app = createApp({ config, adapters: [], log: silentLogger, now: () => NOW });
      await app.runCycle();
      await app.webSub!.settled();
      const callback = hubRequests[0]!.get('hub.callback')!;
      expect(callback.startsWith(`${publicUrl}/websub/`)).toBe(true);
      const verify = await fetch(`${callback}?hub.mode=subscribe&hub.topic=${encodeURIComponent(feedUrl)}&hub.challenge=via-slack`);
      expect(await verify.text()).toBe('via-slack');
      const body = withHub(buildAtom('Wire', [QUIET, ALIPAY]), hubUrl, feedUrl);
      const secret = hubRequests[0]!.get('hub.secret')!;
      const pushed = await fetch(callback, { method: 'POST', body, headers: { 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } });
      expect(pushed.status).toBe(204);
      expect(app.store.countItems()).toBe(2);
    } finally {
      await slack.stop();
    }
  });
});
