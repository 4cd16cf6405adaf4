// The composition root: the only module that imports adapters/. Builds the adapters the
// configuration enables (console when none) and runs the watcher until a signal stops it.
import { createConsoleAdapter, CONSOLE_CHANNEL } from '../adapters/console/index.ts';
import { configuredFeeds, createApp, type App } from './app.ts';
import { enabledPlatforms, type Config } from './config.ts';
import type { CodedError } from './errors.ts';
import type { Logger } from './log.ts';
import type { ChatAdapter } from './platform.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lockDatabase } from './store/db-lock.ts';
import type { Store } from './store/index.ts';

/** The adapters this configuration enables. Console only when no platform credentials are set. */
export async function buildAdapters(
  config: Config,
  deps: { log: Logger; store: Store; suggest: (typed: string) => Array<{ name: string; value: string }>; routes?: Array<{ path: string; method?: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }> },
): Promise<ChatAdapter[]> {
  const enabled = enabledPlatforms(config);
  const adapters: ChatAdapter[] = [];
  if (enabled.slack) {
    const { createSlackAdapter } = await import('../adapters/slack/index.ts');
    adapters.push(
      createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        port: config.PORT,
        adminUserIds: config.SLACK_ADMIN_USER_IDS,
        log: deps.log,
        ...(deps.routes ? { routes: deps.routes } : {}),
        ...(config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET
          ? { oauth: { clientId: config.SLACK_CLIENT_ID, clientSecret: config.SLACK_CLIENT_SECRET, stateSecret: config.SLACK_STATE_SECRET, store: deps.store.kv } }
          : {}),
      }),
    );
  }
  if (enabled.discord) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.ts');
    adapters.push(
      createDiscordAdapter({
        token: config.DISCORD_TOKEN as string,
        applicationId: config.DISCORD_APPLICATION_ID as string,
        guildId: config.DISCORD_GUILD_ID,
        apiUrl: config.DISCORD_API_URL,
        managePermission: config.DISCORD_MANAGE_PERMISSION,
        log: deps.log,
        autocomplete: deps.suggest,
      }),
    );
  }
  return adapters;
}

/** The console has one channel, and it watches every entity unless someone changed that. */
export function watchAllOnConsole(app: Pick<App, 'store' | 'catalog'>): void {
  const channel = app.store.ensureChannel(CONSOLE_CHANNEL, Date.now());
  if (channel.watches.length === 0) app.store.addWatches(channel.key, app.catalog().preset('all')?.entityIds ?? []);
}

/**
 * Runs the bot: one bot per database (a lock beside it), adapters, the operator's /healthz and
 * /metrics, one cycle at once, then polling on schedule; SIGINT/SIGTERM stop it.
 * @returns the running app (tests stop it themselves)
 */
export async function runBot(config: Config, log: Logger, options: { handleSignals?: boolean } = {}): Promise<App> {
  const { createSqliteStore } = await import('./store/index.ts');
  const { suggestCompletions } = await import('./commands/handle-command.ts');
  const { createHealth } = await import('./ops/health.ts');
  const { createMetrics } = await import('./ops/metrics.ts');
  const { serveOps, startOpsServer } = await import('./ops/ops-routes.ts');
  const { createPollClock } = await import('./ops/poll-clock.ts');
  // Before the database is opened: a second bot must not even migrate it.
  const lock = lockDatabase(config.DATABASE_PATH);
  const cleanup: Array<() => Promise<void> | void> = [() => lock.release()];
  // A crash (an uncaught error) must not leave the lock behind either; a kill -9 does, and the
  // next start sees that its pid is gone.
  process.once('exit', () => lock.release());
  const closeAll = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const store = createSqliteStore(config.DATABASE_PATH);
    cleanup.push(() => store.close());
    const clock = createPollClock(config.POLL_SCHEDULE);
    cleanup.push(() => clock.close());
    // The feeds the bot polls: a feed dropped from the configuration stays stored but is not counted.
    const configured = new Set(configuredFeeds(config).map((f) => f.url));
    const health = createHealth({ store, now: Date.now, intervalMs: () => clock.intervalMs(), feedFilter: (f) => f.addedBy !== 'config' || configured.has(f.url) });
    const metrics = createMetrics({ backlog: () => store.outboxHealth().pending });
    const ops = { health, metrics };
    const opsHandler = (req: IncomingMessage, res: ServerResponse) => void serveOps(ops, req, res);
    // Autocomplete needs the app's catalog, and the app needs the adapters: resolve the cycle late.
    const late: { app?: App } = {};
    // WebSub callbacks (PUBLIC_URL/websub/…): served by the Slack HTTP server and the HEALTH_PORT server.
    const webSubHandler = (req: IncomingMessage, res: ServerResponse) => {
      const webSub = late.app?.webSub;
      if (!webSub) return void res.writeHead(404).end();
      webSub.handle(req, res).then(
        (handled) => void (handled || res.writeHead(404).end()),
        (error: Error) => {
          log.error(`websub: ${error.message}`);
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
    };
    const slackHttp = enabledPlatforms(config).slack && !config.SLACK_APP_TOKEN;
    if (config.PUBLIC_URL && !slackHttp && config.HEALTH_PORT === undefined) {
      log.warn('PUBLIC_URL is set but nothing can receive WebSub pushes: run Slack over HTTP or set HEALTH_PORT; polling only');
    }
    const adapters = await buildAdapters(config, {
      log,
      store,
      suggest: (typed) => (late.app ? suggestCompletions(late.app.catalog(), typed) : []),
      routes: [
        { path: '/healthz', handler: opsHandler },
        { path: '/metrics', handler: opsHandler },
        ...(config.PUBLIC_URL ? [{ path: '/websub/:id', method: ['GET', 'POST'], handler: webSubHandler }] : []),
      ],
    });
    const onConsole = adapters.length === 0;
    if (onConsole) {
      adapters.push(createConsoleAdapter(process.stdin.isTTY ? { input: process.stdin } : {}));
    }
    // A database that fails after start stops the bot: the app has logged why; the process exits non-zero.
    const onFatal = (error: CodedError) =>
      void closeAll()
        .catch(() => undefined)
        .finally(() => {
          if (options.handleSignals !== false) process.exit(error.exitCode);
        });
    const app = createApp({ config, adapters, log, store, metrics, health, retain: true, onFatal });
    cleanup.pop(); // the app closes the store
    const stopApp = app.stop;
    cleanup.push(() => stopApp());
    late.app = app;
    if (onConsole) {
      watchAllOnConsole(app);
      log.info('No Slack or Discord credentials set: running on the console adapter (alerts print here, watching all entities).');
    }
    if (config.HEALTH_PORT !== undefined) {
      const server = await startOpsServer(ops, config.HEALTH_PORT, undefined, config.PUBLIC_URL ? webSubHandler : undefined);
      cleanup.push(() => new Promise<void>((ok) => server.close(() => ok())));
      const address = server.address();
      log.info(`serving /healthz and /metrics on port ${typeof address === 'object' && address ? address.port : config.HEALTH_PORT}`);
    }
    if (options.handleSignals !== false) {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info(`${signal}: stopping`);
        void closeAll()
          .then(() => process.exit(0))
          .catch((error: Error) => {
            log.error(`stop failed: ${error.message}`);
            process.exit(1);
          });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    }
    // Whoever stops the app (a test, a signal) also frees the port and the lock.
    app.stop = closeAll;
    await app.start();
    return app;
  } catch (error) {
    // A start that fails half-way (a port in use, Discord unreachable) leaves nothing running.
    await closeAll().catch(() => undefined);
    throw error;
  }
}
