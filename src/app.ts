// The watcher as one object: store, catalog, cycle, dispatcher and commands wired together.
// main.ts adds the adapters and the process lifecycle; tests build it directly.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCatalog, type Catalog } from './catalog/catalog.ts';
import { createCommandHandler, suggestCompletions } from './commands/handle-command.ts';
import type { Config } from './config.ts';
import { CodedError, isStoreFailure } from './errors.ts';
import { createDispatcher, type DispatchReport } from './dispatch/dispatch-outbox.ts';
import type { LookupFn } from './feeds/address-guard.ts';
import { createHostGate } from './feeds/host-gate.ts';
import { cronCeilingMs, parseInterval } from './feeds/poll-schedule.ts';
import { createWebSub, type WebSub } from './feeds/websub.ts';
import { createDigestScheduler, makeDueDigests } from './digest/make-digests.ts';
import { createLogger, type Logger } from './log.ts';
import type { Matcher } from './match/matcher.ts';
import type { CommandInput, Reply } from './model.ts';
import type { ChatAdapter } from './platform.ts';
import { createCycleRunner, rebuildStoryIndex, type CycleReport } from './pipeline/run-cycle.ts';
import type { Health } from './ops/health.ts';
import type { Metrics } from './ops/metrics.ts';
import { createRetention } from './ops/retention.ts';
import { createStoryIndex } from './stories/story-index.ts';
import { createSqliteStore, type Store } from './store/index.ts';
import { plural } from './text/plural.ts';
import { createSourceReaders } from './feeds/source-reader.ts';
import { freshFederalRegisterUrl, isSourceKind, SOURCE_KINDS, sourceKindOf, type SourceKind } from './feeds/source-kind.ts';
import { createListMatcher, learnedActionLines, recordOfficialAction } from './pipeline/official-actions.ts';

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
  /** Told when a story's items are filed under another (scan). */
  onStoryMoved?: Parameters<typeof createCycleRunner>[0]['onStoryMoved'];
  /** Counts cycles and sends for GET /metrics (the running bot). */
  metrics?: Pick<Metrics, 'recordCycle' | 'recordDelivery'>;
  /** Told whether each cycle succeeded, for GET /healthz (the running bot). */
  health?: Pick<Health, 'recordCycle'>;
  /**
   * Apply RETENTION_DAYS: prune after each cycle, and do not store new items already older than
   * that. Off for scan, the demo and tests, whose sample items are years old. @default false
   */
  retain?: boolean;
  /** Record the candidate stories each item was judged against (explain). */
  explainStories?: boolean;
  /**
   * Told once when the database fails after start (a later tick, a digest, a WebSub push), where no
   * caller is left to throw to: the app has already stopped polling; the running bot exits (main.ts).
   */
  onFatal?: (error: CodedError) => void;
  /** Timers for the watcher's tick and the host gate's waits (tests pass a virtual clock's). @default the real ones */
  timers?: { setInterval: (fn: () => void, ms: number) => unknown; clearInterval: (handle: unknown) => void; waitUntil?: (at: number) => Promise<void> };
}

/** A feed as the operator lists it: `kind` and `interval` sit side by side. */
export interface ConfiguredFeed {
  url: string;
  title?: string;
  /** Source kind: rss, federal-register, public-inspection, csl; the official kinds are polled as official sources. */
  kind?: SourceKind;
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
  /** Makes the digests due now (by the app's clock) and sends them; what each channel's cron task runs. */
  runDigests(): Promise<DispatchReport>;
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
export function configuredFeeds(config: Pick<Config, 'FEED_URLS' | 'FEEDS_FILE'>): ConfiguredFeed[] {
  if (config.FEED_URLS.length) return config.FEED_URLS.map((url) => ({ url }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config.FEEDS_FILE, 'utf8'));
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CodedError('config/feeds-file', `FEEDS_FILE: cannot read ${resolve(config.FEEDS_FILE)} (${reason}); fix the path or the JSON, or set FEED_URLS`, { cause: error });
  }
  const feeds = (parsed as { feeds?: unknown }).feeds;
  if (!Array.isArray(feeds) || feeds.some((f) => typeof f?.url !== 'string')) {
    throw new CodedError('config/feeds-file', `FEEDS_FILE: ${resolve(config.FEEDS_FILE)} must look like {"feeds":[{"url":"https://…","title":"…","kind":"rss","interval":"2m"}]}`);
  }
  const badKinds = feeds.filter((f) => f.kind !== undefined && !isSourceKind(f.kind));
  if (badKinds.length) {
    const list = badKinds.map((f) => `${JSON.stringify(f.kind)} for ${f.url}`).join(', ');
    throw new Error(`FEEDS_FILE ${config.FEEDS_FILE}: "kind" must be one of ${SOURCE_KINDS.join(', ')} (or left out for rss), got ${list}`);
  }
  return (feeds as Array<{ url: string; title?: string; kind?: SourceKind; interval?: unknown }>).map((f, i) => {
    let intervalMs: number | undefined;
    if (f.interval !== undefined) {
      try {
        intervalMs = parseInterval(f.interval);
      } catch (error) {
        throw new Error(`FEEDS_FILE ${config.FEEDS_FILE}, feed ${i + 1} (${f.url.slice(0, 80)}): ${(error as Error).message}`, { cause: error });
      }
    }
    return { url: f.url, ...(f.title ? { title: f.title } : {}), ...(f.kind ? { kind: f.kind } : {}), ...(intervalMs !== undefined ? { intervalMs } : {}) };
  });
}

/** Builds the watcher. Opens (and migrates) the database at once. */
export function createApp(options: AppOptions): App {
  const { config, adapters } = options;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const now = options.now ?? Date.now;
  const store = options.store ?? createSqliteStore(config.DATABASE_PATH);
  const baseCatalog = options.catalog ?? loadCatalog(config.CATALOG_FILE);

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
  // Official sources: each feed is read by its kind's reader; lists keep their state and
  // official documents become the entities' official actions.
  const declaredKinds = new Map(feeds.flatMap((f) => (f.kind ? [[f.url, f.kind] as const] : [])));
  const officialStore = store.official;
  const readers = createSourceReaders(officialStore, { matchNames: createListMatcher(() => current.catalog) });
  for (const f of feeds) {
    // A URL a workspace added in chat that the operator now lists becomes everyone's.
    if (!store.ensureFeed(f.url, { title: f.title, addedBy: 'config' }, now())) store.markOperatorFeed(f.url);
  }
  // `kind` and `interval` side by side: the kind picks the reader and (official kinds) the default interval.
  const feedSettings = new Map(feeds.map((f) => [f.url, { ...(f.intervalMs !== undefined ? { intervalMs: f.intervalMs } : {}), ...(f.kind ? { kind: f.kind } : {}) }]));

  const windowMs = config.STORY_WINDOW_HOURS * 3_600_000;
  // The index reads entity names and parents to tell a parent-only mention from a direct one.
  const storyIndex = createStoryIndex({ windowMs, entity: (id) => current.catalog.get(id) });
  rebuildStoryIndex(storyIndex, store, now() - windowMs);

  const retentionMs = options.retain ? config.RETENTION_DAYS * 86_400_000 : 0;
  const retention = retentionMs ? createRetention({ store, days: config.RETENTION_DAYS, log, now }) : undefined;
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
      // The kind a URL implies counts too (a screening-list API URL added in chat is still a list).
      feedSettings: (url) => ({ ...feedSettings.get(url), kind: sourceKindOf(url, declaredKinds.get(url)) }),
      ...(webSub ? { pushed: (url: string) => webSub.isPushed(url) } : {}),
    },
    ...(webSub ? { onBody: (feed: Parameters<WebSub['noticeBody']>[0], body: string) => webSub.noticeBody(feed, body) } : {}),
    firstPollAlerts: config.FIRST_POLL_ALERTS,
    followUpMs: config.FOLLOW_UP_MINUTES * 60_000,
    ...(options.random ? { random: options.random } : {}),
    // Feeds from an older configuration stay stored (with their items) but are no longer polled.
    feedFilter: (f) => f.addedBy !== 'config' || configured.has(f.url),
    ...(options.onItem ? { onItem: options.onItem } : {}),
    ...(options.onStoryMoved ? { onStoryMoved: options.onStoryMoved } : {}),
    // A feed backing off is tried at the first tick once its backoff has passed (within a tick).
    // Without start() (scan, the demo) there is no next poll at all; tests (an injected clock)
    // read the backoff's end.
    ...(options.now ? {} : { nextPollAt: (notBefore: number) => (polling ? notBefore : null) }),
    ...(retentionMs ? { retentionMs } : {}),
    readerFor: (feed) => {
      const kind = sourceKindOf(feed.url, declaredKinds.get(feed.url));
      // Tens of MB: a larger cap, and at least two minutes to download it on a slow link.
      if (kind === 'csl') return { ...readers.csl, maxBytes: Math.max(config.FEED_MAX_BYTES, config.SCREENING_LIST_MAX_BYTES), timeoutMs: Math.max(config.FEED_TIMEOUT_MS, 120_000) };
      if (kind === 'federal-register') return { ...readers[kind], fetchUrl: freshFederalRegisterUrl(feed.url, now()) };
      return readers[kind];
    },
    onStoredItem: (analyzed, v) => recordOfficialAction(officialStore, analyzed, { feedUrl: v.feed.url, source: v.source, now: v.now }),
    ...(options.explainStories ? { explainStories: true } : {}),
  });
  const dispatcher = createDispatcher({ store, adapters, log, now, ...(options.metrics ? { onResult: options.metrics.recordDelivery } : {}) });
  const runDigests = () => {
    const made = makeDueDigests(store, now());
    if (made) log.info(`digest: ${made === 1 ? '1 digest' : `${made} digests`} queued`);
    return dispatcher.dispatch();
  };
  const digests = createDigestScheduler({ store, log, onDue: runDigests, onStoreFailure: (error) => fatal(error) });
  const handleCommand = createCommandHandler({
    store,
    catalog: () => current.catalog,
    onCustomEntitiesChanged: refreshEntities,
    onDigestChanged: () => {
      if (polling) digests.sync();
    },
    now,
    allowPrivateFeeds: config.ALLOW_PRIVATE_FEEDS,
    officialActions: (entity) => learnedActionLines(entity, officialStore.actionsOf(entity.id)),
    storyWindowMs: windowMs,
  });

  const timers = options.timers ?? { setInterval: (fn: () => void, ms: number) => setInterval(fn, ms), clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout) };
  let ticker: unknown;
  let polling = false;
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  async function acceptPush(feedUrl: string, body: string): Promise<boolean> {
    const outcome = await cycle.acceptPush(feedUrl, body).catch((error: unknown) => {
      if (isStoreFailure(error)) fatal(error);
      throw error;
    });
    if (!outcome) return false;
    log.info(`feed ${feedUrl}: pushed by its hub: ${plural(outcome.newItems, 'new item')}`);
    await dispatcher.dispatch();
    return true;
  }

  async function runCycle(runOptions: { dueOnly?: boolean } = {}) {
    const started = now();
    const report = await cycle.runCycle(runOptions);
    // Also catches a digest missed while the bot was down (once: the slot advances with it).
    makeDueDigests(store, now());
    const dispatch = await dispatcher.dispatch();
    // A tick that found no feed due is not a cycle: nothing to log or count.
    if (runOptions.dueOnly && report.feeds.length === 0) return { ...report, dispatch };
    const failed = report.feeds.filter((f) => f.status === 'failed').length;
    // Feeds still backing off were not tried this cycle: they are neither fine nor failing again.
    const skipped = report.feeds.filter((f) => f.status === 'backing-off').length;
    const quiet = !failed && !report.newItems && !report.updatedItems && !report.alerts && !dispatch.delivered && !dispatch.retried && !dispatch.failed;
    (quiet ? log.debug : log.info)(
      `cycle: ${plural(report.feeds.length, 'feed')} (${report.feeds.length - failed - skipped} polled, ${failed} failed, ${skipped} skipped while backing off), ${plural(report.newItems, 'new item')}, ${report.updatedItems} updated, ${plural(report.alerts, 'alert')} queued, ${dispatch.delivered} delivered in ${report.ms} ms`,
    );
    options.metrics?.recordCycle({
      itemsFetched: report.feeds.reduce((n, f) => n + f.newItems + f.updatedItems + f.seenItems, 0),
      newItems: report.newItems,
      alertsQueued: report.alerts,
      alertsDelivered: dispatch.delivered,
      feedFailures: failed,
      seconds: (now() - started) / 1000,
    });
    return { ...report, dispatch };
  }

  /**
   * A storage failure after start: stop polling and tell onFatal, once. A bot that cannot record
   * what it polled would fetch and alert the same items again on every tick.
   */
  let fatalSeen = false;
  function fatal(error: unknown): void {
    if (fatalSeen || !isStoreFailure(error)) return;
    fatalSeen = true;
    log.error(`the bot stops: ${error.message}`);
    stopped = true;
    if (ticker !== undefined) timers.clearInterval(ticker);
    options.onFatal?.(error);
  }

  /** One tick: a failing cycle is logged, never fatal (except storage errors, which stop the bot). */
  async function tick(dueOnly: boolean) {
    if (stopped) return;
    const run = runCycle({ dueOnly }).then(
      () => options.health?.recordCycle(true),
      (error: Error & { code?: string }) => {
        options.health?.recordCycle(false);
        log.error(`cycle failed: ${error.message}`);
        if (isStoreFailure(error)) throw error;
      },
    );
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
    }
    // Between cycles, in small batches. A failed prune is logged; one the database refused stops the
    // bot like a failed cycle (it is the same database the next cycle would write).
    if (retention && !stopped) {
      void retention.run().catch((error: Error) => {
        log.error(`retention failed: ${error.message}`);
        fatal(error);
      });
    }
  }

  return {
    store,
    runCycle,
    acceptPush,
    ...(webSub ? { webSub } : {}),
    dispatch: () => dispatcher.dispatch(),
    activity: () => cycle.activity(),
    runDigests,
    handleCommand,
    catalog: () => current.catalog,
    async start() {
      polling = true;
      for (const adapter of adapters) {
        // A command that throws is caught, logged and apologised for by the adapter (answerCommand).
        await adapter.start(handleCommand, { complete: (typed) => suggestCompletions(current.catalog, typed) });
        log.info(`adapter ${adapter.platform} started`);
      }
      // Only due feeds, also at start-up: a restart keeps each feed's planned poll (new feeds are due at once).
      await tick(true);
      // Each tick polls only the feeds whose time has come; a slow feed does not hold up the others.
      // Never slower than POLL_SCHEDULE itself (a schedule every few seconds keeps its pace).
      ticker = timers.setInterval(() => void tick(true).catch(fatal), Math.min(config.POLL_TICK_SECONDS * 1000, cronCeilingMs(config.POLL_SCHEDULE)));
      digests.sync();
      log.info(`polling ${plural(feeds.length, 'configured feed')}, each on its own schedule (no feed waits more than ${Math.round(cronCeilingMs(config.POLL_SCHEDULE) / 1000)} s, from POLL_SCHEDULE "${config.POLL_SCHEDULE}")`);
    },
    async stop() {
      stopped = true;
      if (ticker !== undefined) timers.clearInterval(ticker);
      // Polls waiting for their host's turn are dropped (they stay due); those under way finish.
      gate.close();
      await digests.stop();
      await Promise.allSettled([...running]);
      await retention?.stop();
      for (const adapter of adapters) {
        await adapter.stop().catch((error: Error) => log.warn(`adapter ${adapter.platform} did not stop cleanly: ${error.message}`));
      }
      store.close();
    },
  };
}
