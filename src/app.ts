// The watcher as one object: store, catalog, cycle, dispatcher and commands wired together.
// main.ts adds the adapters and the process lifecycle; tests build it directly.
import { readFileSync } from 'node:fs';
import { schedule, type ScheduledTask } from 'node-cron';
import { loadCatalog, type Catalog } from './catalog/catalog.ts';
import { createCommandHandler } from './commands/handle-command.ts';
import type { Config } from './config.ts';
import { createDispatcher, type DispatchReport } from './dispatch/dispatch-outbox.ts';
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
  /** A store to use instead of opening config.DATABASE_PATH (scan uses `:memory:`). */
  store?: Store;
  /** The base catalog. @default loaded from data/entities.json */
  catalog?: Catalog;
  /** Called for each new or updated item (scan). */
  onItem?: Parameters<typeof createCycleRunner>[0]['onItem'];
  /** Record the candidate stories each item was judged against (explain). */
  explainStories?: boolean;
}

export interface App {
  store: Store;
  /** Polls every due feed once, then sends what is due. */
  runCycle(): Promise<CycleReport & { dispatch: DispatchReport }>;
  /** Sends due outbox rows. */
  dispatch(): Promise<DispatchReport>;
  handleCommand(input: CommandInput): Promise<Reply>;
  /** The catalog as it is now (with custom entities). */
  catalog(): Catalog;
  /** Starts the adapters, runs one cycle, then polls on POLL_SCHEDULE. */
  start(): Promise<void>;
  /** Stops polling and the adapters, waits for a running cycle, closes the store. */
  stop(): Promise<void>;
}

/** The feeds the configuration names: FEED_URLS when set, else the feeds file. */
export function configuredFeeds(config: Config): Array<{ url: string; title?: string }> {
  if (config.FEED_URLS.length) return config.FEED_URLS.map((url) => ({ url }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config.FEEDS_FILE, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read FEEDS_FILE ${config.FEEDS_FILE}: ${(error as Error).message}`, { cause: error });
  }
  const feeds = (parsed as { feeds?: unknown }).feeds;
  if (!Array.isArray(feeds) || feeds.some((f) => typeof f?.url !== 'string')) {
    throw new Error(`FEEDS_FILE ${config.FEEDS_FILE} must look like {"feeds":[{"url":"https://…","title":"…"}]}`);
  }
  return feeds as Array<{ url: string; title?: string }>;
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
  for (const f of feeds) store.ensureFeed(f.url, { title: f.title, addedBy: 'config' }, now());

  const windowMs = config.STORY_WINDOW_HOURS * 3_600_000;
  // The index reads entity names and parents to tell a parent-only mention from a direct one.
  const storyIndex = createStoryIndex({ windowMs, entity: (id) => current.catalog.get(id) });
  rebuildStoryIndex(storyIndex, store, now() - windowMs);

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
    ...(options.explainStories ? { explainStories: true } : {}),
  });
  const dispatcher = createDispatcher({ store, adapters, log, now });
  const handleCommand = createCommandHandler({
    store,
    catalog: () => current.catalog,
    onCustomEntitiesChanged: refreshEntities,
    now,
    allowPrivateFeeds: config.ALLOW_PRIVATE_FEEDS,
    storyWindowMs: windowMs,
  });

  let task: ScheduledTask | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function runCycle() {
    const report = await cycle.runCycle();
    const dispatch = await dispatcher.dispatch();
    const failed = report.feeds.filter((f) => f.status === 'failed').length;
    log.info(
      `cycle: ${report.feeds.length} feeds (${failed} failed), ${report.newItems} new items, ${report.updatedItems} updated, ${report.alerts} alerts queued, ${dispatch.delivered} delivered in ${report.ms} ms`,
    );
    return { ...report, dispatch };
  }

  /** One tick: a failing cycle is logged, never fatal (except storage errors, which stop the bot). */
  async function tick() {
    if (stopped) return;
    const run = runCycle().catch((error: Error & { code?: string }) => {
      log.error(`cycle failed: ${error.message}`);
      if (error.code?.startsWith('SQLITE')) throw error;
    });
    inFlight = run;
    await run;
  }

  return {
    store,
    runCycle,
    dispatch: () => dispatcher.dispatch(),
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
      await tick();
      task = schedule(config.POLL_SCHEDULE, () => tick(), { noOverlap: true, name: 'poll' });
      log.info(`polling ${feeds.length} configured feeds on "${config.POLL_SCHEDULE}"`);
    },
    async stop() {
      stopped = true;
      await task?.stop();
      await task?.destroy();
      await inFlight.catch(() => undefined);
      for (const adapter of adapters) {
        await adapter.stop().catch((error: Error) => log.warn(`adapter ${adapter.platform} did not stop cleanly: ${error.message}`));
      }
      store.close();
    },
  };
}
