// The composition root: the only module that imports adapters/. Builds the adapters the
// configuration enables (console when none) and runs the watcher until a signal stops it.
import { createServer, type RequestListener } from 'node:http';
import { createConsoleAdapter, CONSOLE_CHANNEL } from '../adapters/console/index.ts';
import { createApp, type App } from './app.ts';
import { enabledPlatforms, type Config } from './config.ts';
import type { Logger } from './log.ts';
import type { ChatAdapter } from './platform.ts';
import type { Store } from './store/sqlite-store.ts';

/** The adapters this configuration enables. Console only when no platform credentials are set. */
export async function buildAdapters(
  config: Config,
  deps: { log: Logger; store: Store; suggest: (typed: string) => Array<{ name: string; value: string }>; httpRoutes?: Array<{ path: string; method: string[]; handler: RequestListener }> },
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
        ...(deps.httpRoutes && !config.SLACK_APP_TOKEN ? { httpRoutes: deps.httpRoutes } : {}),
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
 * Runs the bot: adapters, one cycle at once, then polling on schedule; SIGINT/SIGTERM stop it.
 * @returns the running app (tests stop it themselves)
 */
export async function runBot(config: Config, log: Logger, options: { handleSignals?: boolean } = {}): Promise<App> {
  const { createSqliteStore } = await import('./store/sqlite-store.ts');
  const { suggestCompletions } = await import('./commands/handle-command.ts');
  const store = createSqliteStore(config.DATABASE_PATH);
  // Autocomplete needs the app's catalog, and the app needs the adapters: resolve the cycle late.
  const late: { app?: App } = {};
  // WebSub callbacks (PUBLIC_URL): served by the Slack HTTP server when there is one, else on PORT.
  const webSubListener: RequestListener = (req, res) => {
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
  const httpRoutes = config.PUBLIC_URL && slackHttp ? [{ path: '/websub/:id', method: ['GET', 'POST'], handler: webSubListener }] : undefined;
  const adapters = await buildAdapters(config, { log, store, suggest: (typed) => (late.app ? suggestCompletions(late.app.catalog(), typed) : []), ...(httpRoutes ? { httpRoutes } : {}) });
  if (config.PUBLIC_URL && !slackHttp) {
    const server = createServer(webSubListener).listen(config.PORT);
    server.unref();
    log.info(`websub: callbacks served on port ${config.PORT} at /websub/ (PUBLIC_URL ${config.PUBLIC_URL})`);
  }
  const onConsole = adapters.length === 0;
  if (onConsole) {
    adapters.push(createConsoleAdapter(process.stdin.isTTY ? { input: process.stdin } : {}));
  }
  const app = createApp({ config, adapters, log, store });
  late.app = app;
  if (onConsole) {
    watchAllOnConsole(app);
    log.info('No Slack or Discord credentials set: running on the console adapter (alerts print here, watching all entities).');
  }
  if (options.handleSignals !== false) {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping`);
      void app
        .stop()
        .then(() => process.exit(0))
        .catch((error: Error) => {
          log.error(`stop failed: ${error.message}`);
          process.exit(1);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  }
  await app.start();
  return app;
}
