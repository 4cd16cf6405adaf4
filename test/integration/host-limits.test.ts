// Per-host politeness against a real HTTP server on 127.0.0.1: twenty news searches on one host are
// never more than FEED_HOST_CONCURRENCY at once and start FEED_HOST_MIN_GAP_MS apart. Time is a
// virtual clock the test moves; the server holds each response until the test releases it, so
// the test sees exactly how many requests the bot has open at every step.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { createHostGate } from '../../src/feeds/host-gate.ts';
import { silentLogger } from '../../src/log.ts';
import { createCycleRunner } from '../../src/pipeline/run-cycle.ts';
import { createStoryIndex } from '../../src/stories/story-index.ts';
import { createSqliteStore } from '../../src/store/test-helpers.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { createVirtualClock } from '../fakes/virtual-clock.ts';
import { buildRss } from '../fixtures/build-feed.ts';

let server: FakeFeedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('per-host limits', () => {
  it('keeps 20 feeds on one host to 2 requests in flight, started at least the minimum gap apart', async () => {
    server = await createFakeFeedServer();
    const clock = createVirtualClock(Date.parse('2026-03-02T09:00:00Z'));
    const held: Array<{ res: ServerResponse; path: string }> = [];
    const arrivals: number[] = [];
    let maxOpen = 0;
    for (let i = 0; i < 20; i++) {
      server.setRoute(`/search/${i}.xml`, (req, res) => {
        arrivals.push(clock.now());
        held.push({ res, path: req.url ?? '' });
        maxOpen = Math.max(maxOpen, held.length);
      });
    }
    const store = createSqliteStore(':memory:');
    for (let i = 0; i < 20; i++) store.ensureFeed(server.url(`/search/${i}.xml`), { title: `News search ${i}` }, clock.now());
    const catalog = loadCatalog();
    const entities = { matcher: catalog.matcher(), names: {} };
    const gate = createHostGate({ total: 8, perHost: 2, minGapMs: 5_000, now: clock.now, waitUntil: clock.waitUntil });
    const runner = createCycleRunner({
      store,
      entities: () => entities,
      storyIndex: createStoryIndex({ windowMs: 3_600_000, entity: (id) => catalog.get(id) }),
      log: silentLogger,
      now: clock.now,
      fetchOptions: { timeoutMs: 20_000, maxBytes: 1_000_000, allowPrivate: true },
      followUpMs: 0,
      gate,
    });

    let finished = false;
    const cycle = runner.runCycle().finally(() => (finished = true));
    // Let the bot run until every poll is either held by the server or waiting on the gate; then
    // move the clock (a gap has passed) or, when nothing waits on time, answer the oldest request.
    const settled = () => finished || runner.activity().polls - runner.activity().waiting === held.length;
    while (!finished) {
      do await new Promise((resolve) => setImmediate(resolve));
      while (!settled());
      if (finished || runner.activity().polls === 0) break;
      if (clock.fireNext()) continue;
      const next = held.shift();
      expect(next, 'the bot is stuck: nothing held, nothing waiting on time').toBeDefined();
      next!.res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(buildRss('Search', [{ guid: next!.path, title: 'Port volumes rise', link: 'https://wire.example/a', description: 'Container traffic grew.' }]));
    }
    const report = await cycle;

    expect(report.feeds.map((f) => f.status)).toEqual(Array(20).fill('ok'));
    expect(arrivals).toHaveLength(20);
    expect(maxOpen).toBe(2);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
    store.close();
  });
});
