// A database that fails after start stops the bot, whatever the tick: on a real SQLite file, the
// watcher's later ticks (which no caller awaits) and the running process both end on it, with one
// line that says why, instead of polling on without recording anything.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { CodedError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { databaseOf } from '../../src/store/test-helpers.ts';
import { createFakeChatAdapter } from '../fakes/fake-chat-adapter.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { createVirtualClock } from '../fakes/virtual-clock.ts';
import { buildRss } from '../fixtures/build-feed.ts';

let dir: string;
let feeds: FakeFeedServer;
let app: App | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-storefail-'));
  feeds = await createFakeFeedServer();
  feeds.setRoute('/wire.xml', { body: buildRss('Wire', [{ guid: 'a', title: 'Commerce adds SMIC to the Entity List', description: 'SMIC was added.' }]) });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a database that fails after start', () => {
  it('stops polling on a later tick and tells the bot why, once', async () => {
    const clock = createVirtualClock(Date.parse('2026-06-01T12:00:00Z'));
    const lines: string[] = [];
    let told: (error: CodedError) => void = () => undefined;
    const fatal = new Promise<CodedError>((ok) => (told = ok));
    const config = loadConfig({ DATABASE_PATH: join(dir, 'w.db'), FEED_URLS: feeds.url('/wire.xml'), ALLOW_PRIVATE_FEEDS: 'true', POLL_SCHEDULE: '*/10 * * * * *' });
    app = createApp({ config, adapters: [createFakeChatAdapter()], log: createLogger('debug', (l) => lines.push(l)), now: clock.now, timers: clock, onFatal: (error) => told(error) });
    await app.start();
    expect(feeds.requestsFor('/wire.xml')).toHaveLength(1);

    // What a disk remounted read-only looks like to the next write.
    databaseOf(app.store).pragma('query_only = ON');
    clock.set(clock.now() + 60_000);
    clock.fireNext();
    const error = await fatal;
    expect(error.code).toBe('store/sqlite');
    expect(lines.filter((l) => l.includes('the bot stops:'))).toEqual([expect.stringMatching(/the bot stops: Database error \(SQLITE_READONLY\): .*check DATABASE_PATH/)]);
    // Polling has stopped: later ticks poll nothing.
    const polls = feeds.requestsFor('/wire.xml').length;
    clock.set(clock.now() + 60_000);
    while (clock.fireNext(clock.now())) {
      /* fires whatever is still armed */
    }
    expect(feeds.requestsFor('/wire.xml')).toHaveLength(polls);
  });

  it('ends the running bot with a non-zero exit and one line saying why', async () => {
    const feedFile = join(dir, 'wire.xml');
    writeFileSync(feedFile, buildRss('Wire', [{ guid: 'a', title: 'Commerce adds SMIC to the Entity List', description: 'SMIC was added.' }]));
    const path = join(dir, 'bot.db');
    const env = { PATH: process.env.PATH ?? '', ENV_FILE: '', FEED_URLS: feedFile, POLL_SCHEDULE: '*/1 * * * * *', DATABASE_PATH: path, LOG_LEVEL: 'info' };
    const child = spawn('node', [resolve('src/bin.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = once(child, 'exit');
    await new Promise<void>((ok) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/polling 1 configured feed/.test(stderr)) ok();
      }),
    );
    // Another program holds the database's write lock: the bot's next write waits, then fails.
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const [code] = (await exited) as [number | null];
      expect(code).toBe(1);
      expect(stderr.split('\n').filter((l) => l.includes('the bot stops:'))).toEqual([expect.stringMatching(/the bot stops: Database error \(SQLITE_BUSY\): database is locked; check DATABASE_PATH/)]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
