// Each feed on its own schedule, on a real SQLite file and a real HTTP server on 127.0.0.1, with a
// virtual clock: the watcher's tick polls only feeds whose time has come, the planned time survives
// a restart, and a server's Retry-After is obeyed and told truthfully in the log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createFakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { createVirtualClock, type VirtualClock } from '../fakes/virtual-clock.ts';
import { buildRss } from '../fixtures/build-feed.ts';

let dir: string;
let feeds: FakeFeedServer;
let clock: VirtualClock;
const apps: App[] = [];
const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const OFFICIAL_HOST = 'www.federalregister.gov';
/** The feed server's path under an official host name (the lookup sends it to 127.0.0.1). */
const official = (path: string) => feeds.url(path).replace('127.0.0.1', OFFICIAL_HOST);

function boot(feedList: unknown[], lines: string[] = []) {
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: feedList }));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'watch.db'), FEEDS_FILE: join(dir, 'feeds.json'), ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'silent' });
  // An official host name that leads to the local feed server (official sources are told by host).
  const lookup = async () => [{ address: '127.0.0.1', family: 4 }];
  const app = createApp({ config, adapters: [createFakeChatAdapter()], log: createLogger('debug', (l) => lines.push(l)), now: clock.now, timers: clock, lookup });
  apps.push(app);
  return app;
}
const polls = (path: string) => feeds.requestsFor(path).length;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-schedule-'));
  feeds = await createFakeFeedServer();
  clock = createVirtualClock(T0);
  feeds.setRoute('/official.xml', { body: buildRss('Official', [{ guid: 'o1', title: 'Notice', link: 'https://gov.example/1' }]), etag: '"o1"' });
  feeds.setRoute('/outlet.xml', { body: buildRss('Outlet', [{ guid: 'n1', title: 'Story', link: 'https://outlet.example/1' }]), etag: '"n1"' });
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('per-feed scheduling', () => {
  it('polls an official source every 2 minutes and another feed on POLL_SCHEDULE, and keeps the plan across a restart', async () => {
    const list = [
      { url: official('/official.xml'), title: 'Official notices' },
      { url: feeds.url('/outlet.xml'), title: 'Outlet', kind: 'rss' },
    ];
    const first = boot(list);
    await first.start();
    expect([polls('/official.xml'), polls('/outlet.xml')]).toEqual([1, 1]);

    clock.set(T0 + 1 * MIN);
    expect((await first.runCycle({ dueOnly: true })).feeds).toEqual([]);
    clock.set(T0 + 2 * MIN + 1);
    await first.runCycle({ dueOnly: true });
    expect([polls('/official.xml'), polls('/outlet.xml')]).toEqual([2, 1]);
    await first.stop();
    apps.length = 0;

    // A restart 4 minutes in: the outlet is still not due; the official feed is.
    clock.set(T0 + 4 * MIN + 1);
    const second = boot(list);
    await second.start();
    expect([polls('/official.xml'), polls('/outlet.xml')]).toEqual([3, 1]);
    clock.set(T0 + 10 * MIN + 1);
    await second.runCycle({ dueOnly: true });
    expect(polls('/outlet.xml')).toBe(2);
  });

  it('takes the interval from the feeds file, and refuses a bad one naming the feed', async () => {
    const app = boot([{ url: feeds.url('/outlet.xml'), interval: '1m' }]);
    await app.start();
    clock.set(T0 + MIN + 1);
    await app.runCycle({ dueOnly: true });
    expect(polls('/outlet.xml')).toBe(2);
    expect(() => boot([{ url: feeds.url('/outlet.xml'), interval: 'often' }])).toThrow(/feed 1 .*outlet\.xml.*got "often"/);
  });

  it('waits as long as a 429 Retry-After asks, and says so in the log', async () => {
    feeds.setRoute('/outlet.xml', { status: 429, headers: { 'retry-after': '1200' } });
    const lines: string[] = [];
    const app = boot([{ url: feeds.url('/outlet.xml'), interval: '1m' }], lines);
    await app.start();
    expect(lines.join('\n')).toMatch(/HTTP 429 .*next try at 09:20:00 UTC \(in 20 min\)/);
    clock.set(T0 + 19 * MIN);
    expect((await app.runCycle({ dueOnly: true })).feeds).toEqual([]);
    clock.set(T0 + 20 * MIN + 1);
    await app.runCycle({ dueOnly: true });
    expect(polls('/outlet.xml')).toBe(2);
  });

  it('waits out Cache-Control max-age even when the feed’s interval is shorter', async () => {
    feeds.setRoute('/official.xml', { body: buildRss('Official', []), headers: { 'cache-control': 'public, max-age=600' } });
    const app = boot([{ url: official('/official.xml') }]);
    await app.start();
    clock.set(T0 + 9 * MIN);
    await app.runCycle({ dueOnly: true });
    expect(polls('/official.xml')).toBe(1);
    clock.set(T0 + 10 * MIN + 1);
    await app.runCycle({ dueOnly: true });
    expect(polls('/official.xml')).toBe(2);
  });
});
