// What the cycle tells an operator, and what RETENTION_DAYS keeps out: a real SQLite file and
// feeds over real HTTP on 127.0.0.1, with the app's clock injected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createFakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss } from '../fixtures/build-feed.ts';

let dir: string;
let feeds: FakeFeedServer;
let app: App | undefined;
let clock = Date.parse('2026-06-01T12:00:00Z');
const lines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-cyclelog-'));
  feeds = await createFakeFeedServer();
  lines.length = 0;
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

function boot(env: Record<string, string>, retain = false): App {
  const config = loadConfig({ DATABASE_PATH: join(dir, 'w.db'), ALLOW_PRIVATE_FEEDS: 'true', FEED_TIMEOUT_MS: '400', ...env });
  app = createApp({ config, adapters: [createFakeChatAdapter()], log: createLogger('debug', (l) => lines.push(l)), now: () => clock, retain });
  return app;
}

describe('the per-cycle line', () => {
  it('counts feeds skipped while backing off apart from failed ones, and goes to debug when nothing happened', async () => {
    feeds.setRoute('/ok.xml', { body: buildRss('Wire', [{ guid: 'a', title: 'Port volumes rise', description: 'Container traffic grew.' }]), etag: '"v1"' });
    feeds.setRoute('/down.xml', { status: 500 });
    const a = boot({ FEED_URLS: `${feeds.url('/ok.xml')},${feeds.url('/down.xml')}` });
    await a.runCycle();
    expect(lines.filter((l) => l.includes(' cycle: '))).toEqual([expect.stringMatching(/ info {2}cycle: 2 feeds \(1 polled, 1 failed, 0 skipped while backing off\), 1 new item,/)]);
    expect(lines.find((l) => l.includes('down.xml'))).toMatch(/HTTP 500 Internal Server Error \(failure 1, next try at \d\d:\d\d:\d\d UTC \(in \d+ s\)\)/);
    lines.length = 0;
    clock += 10_000; // within the backoff: the failing feed is skipped, the other answers 304
    await a.runCycle();
    // Nothing at info; the cycle line (and each feed's next poll) at debug.
    expect(lines.filter((l) => !l.includes(' debug '))).toEqual([]);
    expect(lines.filter((l) => l.includes(' cycle: '))).toEqual([expect.stringMatching(/ debug cycle: 2 feeds \(1 polled, 0 failed, 1 skipped while backing off\), 0 new items/)]);
  });
});

describe('RETENTION_DAYS in the cycle', () => {
  it('does not store a new item published before the retention window, so a pruned item never comes back as news', async () => {
    feeds.setRoute('/wire.xml', {
      body: buildRss('Wire', [
        { guid: 'old', title: 'Commerce adds SMIC to the Entity List', description: 'SMIC was added.', date: '2025-01-01T00:00:00Z' },
        { guid: 'new', title: 'Commerce adds Huawei units to the Entity List', description: 'Huawei was added.', date: '2026-05-30T00:00:00Z' },
      ]),
    });
    const a = boot({ FEED_URLS: feeds.url('/wire.xml'), RETENTION_DAYS: '180' }, true);
    const report = await a.runCycle();
    expect(report.newItems).toBe(1);
    expect(a.store.countItems()).toBe(1);
  });
});
