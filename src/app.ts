// The watcher as one object: store, catalog, cycle, dispatcher and commands wired together.
// main.ts adds the adapters and the process lifecycle; tests build it directly.
import { readFileSync } from 'node:fs';
import { loadCatalog, type Catalog } from './catalog/catalog.ts';
import { createCommandHandler } from './commands/handle-command.ts';
import type { Config } from './config.ts';
import { createDispatcher, type DispatchReport } from './dispatch/dispatch-outbox.ts';
import type { LookupFn } from './feeds/address-guard.ts';
import { createHostGate } from './feeds/host-gate.ts';
import { cronCeilingMs, parseInterval } from './feeds/poll-schedule.ts';
import { createWebSub, type WebSub } from './feeds/websub.ts';
import { createLogger, type Logger } from './log.ts';
import type { Matcher } from './match/matcher.ts';
import type { CommandInput, Reply } from './model.ts';
import type { ChatAdapter } from './platform.ts';
import { createCycleRunner, rebuildStoryIndex, type CycleReport } from './pipeline/run-cycle.ts';
import { createStoryIndex } from './stories/story-index.ts';
import { createSqliteStore, type Store } from './store/sqlite-store.ts';

export interface AppOptions {
  config: Config;
  adapters: ChatAdapter[];
  log?: Logger;
  /** The clock. @default Date.now */
  now?: () => number;
  /** The network edge for feeds. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** DNS for the feed address guard (the benchmark's simulated hosts). @default the system's */
  lookup?: LookupFn;
  /** Randomness for schedule and backoff jitter (the benchmark seeds it). @default Math.random */
  random?: () => number;
  /** A store to use instead of opening config.DATABASE_PATH (scan uses `:memory:`). */
  store?: Store;
  /** The base catalog. @default loaded from data/entities.json */
  catalog?: Catalog;
  /** Called for each new or updated item (scan). */
  onItem?: Parameters<typeof createCycleRunner>[0]['onItem'];
  /** Timers for the watcher's tick and the host gate's waits (tests pass a virtual clock's). @default the real ones */
  timers?: { setInterval: (fn: () => void, ms: number) => unknown; clearInterval: (handle: unknown) => void; waitUntil?: (at: number) => Promise<void> };
}

/** A feed as the operator lists it: `kind` (issue 16) and `interval` sit side by side. */
export interface ConfiguredFeed {
  url: string;
  title?: string;
  /** Source kind, e.g. rss, federal-register (official kinds are polled as official sources). */
  kind?: string;
  /** The feed's own longest wait between polls, in ms (from `interval`: seconds or "2m"). */
  intervalMs?: number;
}

export interface App {
  store: Store;
  /** Polls every feed once (only those due with `dueOnly`: the watcher's tick), then sends what is due. */
  runCycle(options?: { dueOnly?: boolean }): Promise<CycleReport & { dispatch: DispatchReport }>;
  /** Takes a body a WebSub hub pushed for a feed as a poll of it, then sends what is due. */
  acceptPush(feedUrl: string, body: string): Promise<boolean>;
  /** Sends due outbox rows. */
  dispatch(): Promise<DispatchReport>;
  /** WebSub, when PUBLIC_URL is set: mount `handle` where PUBLIC_URL's /websub/ path arrives. */
  webSub?: WebSub;
  /** Feed polls under way, and how many wait on the host gate (the benchmark's virtual clock reads these). */
  activity(): { polls: number; waiting: number };
  handleCommand(input: CommandInput): Promise<Reply>;
  /** The catalog as it is now (with custom entities). */
  catalog(): Catalog;
  /** Starts the adapters, runs one cycle, then polls each feed when it is due (checked every POLL_TICK_SECONDS). */
  start(): Promise<void>;
  /** Stops polling and the adapters, waits for a running cycle, closes the store. */
  stop(): Promise<void>;
}

/** The feeds the configuration names: FEED_URLS when set, else the feeds file. */
export function configuredFeeds(config: Config): ConfiguredFeed[] {
  if (config.FEED_URLS.length) return config.FEED_URLS.map((url) => ({ url }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config.FEEDS_FILE, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read FEEDS_FILE ${config.FEEDS_FILE}: ${(error as Error).message}`, { cause: error });
  }
  const feeds = (parsed as { feeds?: unknown }).feeds;
  if (!Array.isArray(feeds) || feeds.some((f) => typeof f?.url !== 'string')) {
    throw new Error(`FEEDS_FILE ${config.FEEDS_FILE} must look like {"feeds":[{"url":"https://…","title":"…","kind":"rss","interval":"2m"}]}`);
  }
  return (feeds as Array<{ url: string; title?: string; kind?: unknown; interval?: unknown }>).map((f, i) => {
    let intervalMs: number | undefined;
    if (f.interval !== undefined) {
      try {
        intervalMs = parseInterval(f.interval);
      } catch (error) {
        throw new Error(`FEEDS_FILE ${config.FEEDS_FILE}, feed ${i + 1} (${f.url.slice(0, 80)}): ${(error as Error).message}`, { cause: error });
      }
    }
    return { url: f.url, ...(f.title ? { title: f.title } : {}), ...(typeof f.kind === 'string' ? { kind: f.kind } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}) };
  });
}

/** Builds the watcher. Opens (and migrates) the database at once. */
export function createApp(options: AppOptions): App {
  const { config, adapters } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const now = options.now ?? Date.now;
  const store = options.store ?? createSqliteStore(config.DATABASE_PATH);
  const baseCatalog = options.catalog ?? loadCatalog();

  // The catalog and matcher are rebuilt only when a channel tracks or untracks a custom entity.
  let current: { catalog: Catalog; matcher: Matcher; names: Record<string, string> };
  const refreshEntities = () => {
    const custom = store.customEntities();
    const catalog = custom.length ? baseCatalog.withCustom(custom) : baseCatalog;
    current = { catalog, matcher: catalog.matcher(), names: Object.fromEntries(catalog.entities().map((e) => [e.id, e.name])) };
  };
  refreshEntities();

  const feeds = configuredFeeds(config);
  const configured = new Set(feeds.map((f) => f.url));
  for (const f of feeds) {
    // A URL a workspace added in chat that the operator now lists becomes everyone's.
    if (!store.ensureFeed(f.url, { title: f.title, addedBy: 'config' }, now())) store.markOperatorFeed(f.url);
  }
  const feedSettings = new Map(feeds.map((f) => [f.url, { ...(f.intervalMs !== undefined ? { intervalMs: f.intervalMs } : {}), ...(f.kind ? { kind: f.kind } : {}) }]));

  const windowMs = config.STORY_WINDOW_HOURS * 3_600_000;
  // The index reads entity names and parents to tell a parent-only mention from a direct one.
  const storyIndex = createStoryIndex({ windowMs, entity: (id) => current.catalog.get(id) });
  rebuildStoryIndex(storyIndex, store, now() - windowMs);

  const gate = createHostGate({
    total: config.FEED_CONCURRENCY,
    perHost: config.FEED_HOST_CONCURRENCY,
    minGapMs: config.FEED_HOST_MIN_GAP_MS,
    now,
    // Loopback feeds are the operator's own machine (demo, tests, a local bridge): no gap.
    exempt: (host) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host),
    ...(options.timers?.waitUntil ? { waitUntil: options.timers.waitUntil } : {}),
  });

  // Pushes from WebSub hubs, for feeds that advertise one, when the bot can be reached.
  const webSub = config.PUBLIC_URL
    ? createWebSub({
        store,
        publicUrl: config.PUBLIC_URL,
        now,
        log,
        onPush: (feedUrl, body) => acceptPush(feedUrl, body),
        allowPrivate: config.ALLOW_PRIVATE_FEEDS,
        maxBytes: config.FEED_MAX_BYTES,
        ...(options.lookup ? { lookup: options.lookup } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : undefined;

  const cycle = createCycleRunner({
    store,
    entities: () => current,
    storyIndex,
    log,
    now,
    fetchOptions: { timeoutMs: config.FEED_TIMEOUT_MS, maxBytes: config.FEED_MAX_BYTES, allowPrivate: config.ALLOW_PRIVATE_FEEDS, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.lookup ? { lookup: options.lookup } : {}) },
    concurrency: config.FEED_CONCURRENCY,
    gate,
    schedule: {
      policy: { officialMs: 120_000, newsMs: 300_000, ceilingMs: cronCeilingMs(config.POLL_SCHEDULE), jitter: 0.15 },
      feedSettings: (url) => feedSettings.get(url),
      ...(webSub ? { pushed: (url: string) => webSub.isPushed(url) } : {}),
    },
    ...(webSub ? { onBody: (feed: Parameters<WebSub['noticeBody']>[0], body: string) => webSub.noticeBody(feed, body) } : {}),
    firstPollAlerts: config.FIRST_POLL_ALERTS,
    followUpMs: config.FOLLOW_UP_MINUTES * 60_000,
    ...(options.random ? { random: options.random } : {}),
    // Feeds from an older configuration stay stored (with their items) but are no longer polled.
    feedFilter: (f) => f.addedBy !== 'config' || configured.has(f.url),
    ...(options.onItem ? { onItem: options.onItem } : {}),
  });
  const dispatcher = createDispatcher({ store, adapters, log, now });
  const handleCommand = createCommandHandler({
    store,
    catalog: () => current.catalog,
    onCustomEntitiesChanged: refreshEntities,
    now,
    allowPrivateFeeds: config.ALLOW_PRIVATE_FEEDS,
  });

  const timers = options.timers ?? { setInterval: (fn: () => void, ms: number) => setInterval(fn, ms), clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout) };
  let ticker: unknown;
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  async function acceptPush(feedUrl: string, body: string): Promise<boolean> {
    const outcome = await cycle.acceptPush(feedUrl, body);
    if (!outcome) return false;
    log.info(`feed ${feedUrl}: pushed by its hub: ${outcome.newItems} new items`);
    await dispatcher.dispatch();
    return true;
  }

  async function runCycle(runOptions: { dueOnly?: boolean } = {}) {
    const report = await cycle.runCycle(runOptions);
    const dispatch = await dispatcher.dispatch();
    const failed = report.feeds.filter((f) => f.status === 'failed').length;
    // A tick that polled nothing is not news; one that did is logged as before.
    if (runOptions.dueOnly && report.feeds.length === 0) return { ...report, dispatch };
    log.info(
      `cycle: ${report.feeds.length} feeds (${failed} failed), ${report.newItems} new items, ${report.updatedItems} updated, ${report.alerts} alerts queued, ${dispatch.delivered} delivered in ${report.ms} ms`,
    );
    return { ...report, dispatch };
  }

  /** One tick: a failing cycle is logged, never fatal (except storage errors, which stop the bot). */
  async function tick(dueOnly: boolean) {
    if (stopped) return;
    const run = runCycle({ dueOnly }).catch((error: Error & { code?: string }) => {
      log.error(`cycle failed: ${error.message}`);
      if (error.code?.startsWith('SQLITE')) throw error;
    });
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
    }
  }

  return {
    store,
    runCycle,
    acceptPush,
    ...(webSub ? { webSub } : {}),
    dispatch: () => dispatcher.dispatch(),
    activity: () => cycle.activity(),
    handleCommand,
    catalog: () => current.catalog,
    async start() {
      for (const adapter of adapters) {
        await adapter.start(async (input) => {
          try {
            return await handleCommand(input);
          } catch (error) {
            log.error(`command "${input.text}" from ${input.platform} failed: ${(error as Error).message}`);
            return { visibility: 'ephemeral', title: 'Something went wrong', sections: [{ lines: ['The command failed on our side; it has been logged. Please try again.'] }], error: true };
          }
        });
        log.info(`adapter ${adapter.platform} started`);
      }
      // Only due feeds, also at start-up: a restart keeps each feed's planned poll (new feeds are due at once).
      await tick(true);
      // Each tick polls only the feeds whose time has come; a slow feed does not hold up the others.
      ticker = timers.setInterval(() => void tick(true).catch(() => undefined), config.POLL_TICK_SECONDS * 1000);
      log.info(`polling ${feeds.length} configured feeds, each on its own schedule (at most every ${Math.round(cronCeilingMs(config.POLL_SCHEDULE) / 1000)} s apart, from POLL_SCHEDULE "${config.POLL_SCHEDULE}")`);
    },
    async stop() {
      stopped = true;
      if (ticker !== undefined) timers.clearInterval(ticker);
      // Polls waiting for their host's turn are dropped (they stay due); those under way finish.
      gate.close();
      await Promise.allSettled([...running]);
      for (const adapter of adapters) {
        await adapter.stop().catch((error: Error) => log.warn(`adapter ${adapter.platform} did not stop cleanly: ${error.message}`));
      }
      store.close();
    },
  };
}
