// The watcher as one object: store, catalog, cycle, dispatcher and commands wired together.
// main.ts adds the adapters and the process lifecycle; tests build it directly.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { schedule, type ScheduledTask } from 'node-cron';
import { loadCatalog, type Catalog } from './catalog/catalog.ts';
import { createCommandHandler } from './commands/handle-command.ts';
import type { Config } from './config.ts';
import { CodedError } from './errors.ts';
import { createDispatcher, type DispatchReport } from './dispatch/dispatch-outbox.ts';
import { createDigestScheduler, makeDueDigests } from './digest/make-digests.ts';
import { createLogger, type Logger } from './log.ts';
import type { Matcher } from './match/matcher.ts';
import type { CommandInput, Reply } from './model.ts';
import type { ChatAdapter } from './platform.ts';
import { createCycleRunner, rebuildStoryIndex, type CycleReport } from './pipeline/run-cycle.ts';
import type { Health } from './ops/health.ts';
import type { Metrics } from './ops/metrics.ts';
import { createPollClock } from './ops/poll-clock.ts';
import { createRetention } from './ops/retention.ts';
import { createStoryIndex } from './stories/story-index.ts';
import { createSqliteStore, type Store } from './store/sqlite-store.ts';
import { plural } from './text/plural.ts';
import { createOfficialStore } from './store/official-store.ts';
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
  /** A store to use instead of opening config.DATABASE_PATH (scan uses `:memory:`). */
  store?: Store;
  /** The base catalog. @default loaded from data/entities.json */
  catalog?: Catalog;
  /** Called for each new or updated item (scan). */
  onItem?: Parameters<typeof createCycleRunner>[0]['onItem'];
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
}

export interface App {
  store: Store;
  /** Polls every due feed once, then sends what is due. */
  runCycle(): Promise<CycleReport & { dispatch: DispatchReport }>;
  /** Sends due outbox rows. */
  dispatch(): Promise<DispatchReport>;
  /** Makes the digests due now (by the app's clock) and sends them; what each channel's cron task runs. */
  runDigests(): Promise<DispatchReport>;
  handleCommand(input: CommandInput): Promise<Reply>;
  /** The catalog as it is now (with custom entities). */
  catalog(): Catalog;
  /** Starts the adapters, runs one cycle, then polls on POLL_SCHEDULE. */
  start(): Promise<void>;
  /** Stops polling and the adapters, waits for a running cycle, closes the store. */
  stop(): Promise<void>;
}

/** The feeds the configuration names: FEED_URLS when set, else the feeds file. */
export function configuredFeeds(config: Pick<Config, 'FEED_URLS' | 'FEEDS_FILE'>): Array<{ url: string; title?: string; kind?: SourceKind }> {
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
    throw new CodedError('config/feeds-file', `FEEDS_FILE: ${resolve(config.FEEDS_FILE)} must look like {"feeds":[{"url":"https://…","title":"…"}]}`);
  }
  const badKinds = feeds.filter((f) => f.kind !== undefined && !isSourceKind(f.kind));
  if (badKinds.length) {
    const list = badKinds.map((f) => `${JSON.stringify(f.kind)} for ${f.url}`).join(', ');
    throw new Error(`FEEDS_FILE ${config.FEEDS_FILE}: "kind" must be one of ${SOURCE_KINDS.join(', ')} (or left out for rss), got ${list}`);
  }
  return feeds as Array<{ url: string; title?: string; kind?: SourceKind }>;
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
  // Official sources (issue 16): each feed is read by its kind's reader; lists keep their state and
  // official documents become the entities' official actions.
  const declaredKinds = new Map(feeds.flatMap((f) => (f.kind ? [[f.url, f.kind] as const] : [])));
  const officialStore = createOfficialStore(store.db);
  const readers = createSourceReaders(officialStore, { matchNames: createListMatcher(() => current.catalog) });
  for (const f of feeds) store.ensureFeed(f.url, { title: f.title, addedBy: 'config' }, now());

  const windowMs = config.STORY_WINDOW_HOURS * 3_600_000;
  // The index reads entity names and parents to tell a parent-only mention from a direct one.
  const storyIndex = createStoryIndex({ windowMs, entity: (id) => current.catalog.get(id) });
  rebuildStoryIndex(storyIndex, store, now() - windowMs);

  const pollClock = createPollClock(config.POLL_SCHEDULE);
  const retentionMs = options.retain ? config.RETENTION_DAYS * 86_400_000 : 0;
  const retention = retentionMs ? createRetention({ store, days: config.RETENTION_DAYS, log, now }) : undefined;
  const cycle = createCycleRunner({
    store,
    entities: () => current,
    storyIndex,
    log,
    now,
    fetchOptions: { timeoutMs: config.FEED_TIMEOUT_MS, maxBytes: config.FEED_MAX_BYTES, allowPrivate: config.ALLOW_PRIVATE_FEEDS, ...(options.fetch ? { fetch: options.fetch } : {}) },
    concurrency: config.FEED_CONCURRENCY,
    firstPollAlerts: config.FIRST_POLL_ALERTS,
    followUpMs: config.FOLLOW_UP_MINUTES * 60_000,
    // Feeds from an older configuration stay stored (with their items) but are no longer polled.
    feedFilter: (f) => f.addedBy !== 'config' || configured.has(f.url),
    ...(options.onItem ? { onItem: options.onItem } : {}),
    // node-cron reads the real clock: with an injected one (tests) the poll times would not match it.
    // Without start() (scan, the demo) there is no next poll at all.
    ...(options.now ? {} : { nextPollAt: (notBefore: number) => (polling ? pollClock.nextPollAt(notBefore) : null) }),
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
  const digests = createDigestScheduler({ store, log, onDue: runDigests });
  const handleCommand = createCommandHandler({
    store,
    catalog: () => current.catalog,
    onCustomEntitiesChanged: refreshEntities,
    onDigestChanged: () => {
      if (task) digests.sync();
    },
    now,
    allowPrivateFeeds: config.ALLOW_PRIVATE_FEEDS,
    officialActions: (entity) => learnedActionLines(entity, officialStore.actionsOf(entity.id)),
    storyWindowMs: windowMs,
  });

  let task: ScheduledTask | undefined;
  let polling = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function runCycle() {
    const started = now();
    const report = await cycle.runCycle();
    // Also catches a digest missed while the bot was down (once: the slot advances with it).
    makeDueDigests(store, now());
    const dispatch = await dispatcher.dispatch();
    const failed = report.feeds.filter((f) => f.status === 'failed').length;
    // Feeds still backing off were not tried this cycle: they are neither fine nor failing again.
    const skipped = report.feeds.filter((f) => f.status === 'backing-off').length;
    const quiet = !failed && !report.newItems && !report.updatedItems && !report.alerts && !dispatch.delivered && !dispatch.retried && !dispatch.failed;
    (quiet ? log.debug : log.info)(
      `cycle: ${report.feeds.length} feeds (${report.feeds.length - failed - skipped} polled, ${failed} failed, ${skipped} skipped while backing off), ${report.newItems} new items, ${report.updatedItems} updated, ${report.alerts} alerts queued, ${dispatch.delivered} delivered in ${report.ms} ms`,
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

  /** One tick: a failing cycle is logged, never fatal (except storage errors, which stop the bot). */
  async function tick() {
    if (stopped) return;
    const run = runCycle().then(
      () => options.health?.recordCycle(true),
      (error: Error & { code?: string }) => {
        options.health?.recordCycle(false);
        log.error(`cycle failed: ${error.message}`);
        if (error.code?.startsWith('SQLITE')) throw error;
      },
    );
    inFlight = run;
    await run;
    // Between cycles, in small batches. A failed prune is logged; a database that is really broken
    // fails the next cycle too, and that stops the bot.
    if (retention && !stopped) void retention.run().catch((error: Error) => log.error(`retention failed: ${error.message}`));
  }

  return {
    store,
    runCycle,
    dispatch: () => dispatcher.dispatch(),
    runDigests,
    handleCommand,
    catalog: () => current.catalog,
    async start() {
      polling = true;
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
      await tick();
      task = schedule(config.POLL_SCHEDULE, () => tick(), { noOverlap: true, name: 'poll' });
      digests.sync();
      log.info(`polling ${plural(feeds.length, 'configured feed')} on "${config.POLL_SCHEDULE}"`);
    },
    async stop() {
      stopped = true;
      await task?.stop();
      await task?.destroy();
      await digests.stop();
      await inFlight.catch(() => undefined);
      await retention?.stop();
      await pollClock.close();
      for (const adapter of adapters) {
        await adapter.stop().catch((error: Error) => log.warn(`adapter ${adapter.platform} did not stop cleanly: ${error.message}`));
      }
      store.close();
    },
  };
}
