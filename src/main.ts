// The composition root: the only module that imports adapters/. Builds, in order, the store, the
// catalog (inside the app), the adapters the configuration enables (console when none) and the app,
// for the running bot and for the CLI's one-shot commands (scan, explain, lookup, demo,
// discord-register); cli.ts parses arguments and calls these. Everything is imported when a
// function runs, so `lookup` loads neither the feed fetcher nor a chat SDK.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, AppOptions } from './app.ts';
import type { Catalog } from './catalog/catalog.ts';
import type { Config } from './config.ts';
import type { CodedError } from './errors.ts';
import type { Logger } from './log.ts';
import type { Entity, Reply } from './model.ts';
import type { ChatAdapter, CommandHandler } from './platform.ts';
import type { Store } from './store/index.ts';

/** The adapters this configuration enables. Console only when no platform credentials are set. */
async function buildAdapters(
  config: Config,
  deps: { log: Logger; store: Store; routes?: Array<{ path: string; method?: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }> },
): Promise<ChatAdapter[]> {
  const { enabledPlatforms } = await import('./config.ts');
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
      }),
    );
  }
  return adapters;
}

/** The console has one channel, and it watches every entity unless someone changed that. */
async function watchAllOnConsole(app: Pick<App, 'store' | 'catalog'>): Promise<void> {
  const { CONSOLE_CHANNEL } = await import('../adapters/console/index.ts');
  const channel = app.store.ensureChannel(CONSOLE_CHANNEL, Date.now());
  if (channel.watches.length === 0) app.store.addWatches(channel.key, app.catalog().preset('all')?.entityIds ?? []);
}

/**
 * Runs the bot: one bot per database (a lock beside it), adapters, the operator's /healthz and
 * /metrics, one cycle at once, then polling on schedule; SIGINT/SIGTERM stop it.
 * @returns the running app (tests stop it themselves)
 */
export async function runBot(config: Config, log: Logger, options: { handleSignals?: boolean } = {}): Promise<App> {
  const [{ createSqliteStore }, { lockDatabase }, { enabledPlatforms }, { configuredFeeds, createApp }, { createConsoleAdapter }, { createHealth }, { createMetrics }, { serveOps, startOpsServer }, { createPollClock }] = await Promise.all([
    import('./store/index.ts'),
    import('./store/db-lock.ts'),
    import('./config.ts'),
    import('./app.ts'),
    import('../adapters/console/index.ts'),
    import('./ops/health.ts'),
    import('./ops/metrics.ts'),
    import('./ops/ops-routes.ts'),
    import('./ops/poll-clock.ts'),
  ]);
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
    // WebSub callbacks (PUBLIC_URL/websub/…): served by the Slack HTTP server and the HEALTH_PORT server.
    // Both listen only once the app starts its adapters, so `app` below exists by the first request.
    const webSubHandler = (req: IncomingMessage, res: ServerResponse) => {
      const webSub = app.webSub;
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
    if (onConsole) {
      await watchAllOnConsole(app);
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

/** The app for `scan` and `explain`: no adapters, a throwaway in-memory store. */
export async function createScanApp(config: Config, log: Logger, options: Pick<AppOptions, 'explainStories' | 'onItem' | 'onStoryMoved'>): Promise<App> {
  const [{ createApp }, { createSqliteStore }] = await Promise.all([import('./app.ts'), import('./store/index.ts')]);
  return createApp({ config, adapters: [], log, store: createSqliteStore(':memory:'), ...options });
}

/** A reply as the console prints it. */
export async function renderOnConsole(reply: Reply): Promise<string> {
  const { renderReply } = await import('../adapters/console/render.ts');
  return renderReply(reply);
}

/**
 * `lookup <name>` as the console's channel asks it, against a store and catalog the caller opened.
 * @returns the printed reply, and whether it was a refusal
 */
export async function lookupOnConsole(deps: { store: Store; catalog: Catalog; officialActions: (entity: Entity) => string[] }, name: string): Promise<{ text: string; error: boolean }> {
  const [{ createCommandHandler }, { CONSOLE_CHANNEL }, { renderReply }] = await Promise.all([import('./commands/handle-command.ts'), import('../adapters/console/index.ts'), import('../adapters/console/render.ts')]);
  const handle: CommandHandler = createCommandHandler({ store: deps.store, catalog: () => deps.catalog, onCustomEntitiesChanged: () => undefined, now: Date.now, allowPrivateFeeds: false, officialActions: deps.officialActions });
  const reply = await handle({ platform: 'console', channel: CONSOLE_CHANNEL, user: { id: 'cli' }, text: `lookup ${name}` });
  return { text: renderReply(reply), error: reply.error === true };
}

/**
 * One alerting cycle on the console adapter (the demo): alerts print as they are sent, the console
 * channel watches everything, then `alipay` is looked up.
 */
export async function runDemoCycle(config: Config, log: Logger): Promise<{ newItems: number; delivered: number; lookup: string }> {
  const [{ createApp }, { createSqliteStore }, { createConsoleAdapter, CONSOLE_CHANNEL }] = await Promise.all([import('./app.ts'), import('./store/index.ts'), import('../adapters/console/index.ts')]);
  const app = createApp({ config, adapters: [createConsoleAdapter()], log, store: createSqliteStore(':memory:') });
  try {
    await watchAllOnConsole(app);
    const report = await app.runCycle();
    const reply = await app.handleCommand({ platform: 'console', channel: CONSOLE_CHANNEL, user: { id: 'demo' }, text: 'alipay' });
    return { newItems: report.newItems, delivered: report.dispatch.delivered, lookup: await renderOnConsole(reply) };
  } finally {
    await app.stop();
  }
}

/** Registers `/sanctions` with Discord (discord-register). */
export async function registerDiscord(options: { token: string; applicationId: string; guildId?: string | undefined; apiUrl?: string | undefined }): Promise<void> {
  const { registerDiscordCommands } = await import('../adapters/discord/commands.ts');
  await registerDiscordCommands(options);
}
