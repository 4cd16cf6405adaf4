// `sanctions-watch <command>`: start, scan, lookup, demo, discord-register, help.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConsoleAdapter, CONSOLE_CHANNEL } from '../adapters/console/index.ts';
import { renderReply } from '../adapters/console/render.ts';
import { createApp } from './app.ts';
import { learnedActionLines } from './pipeline/official-actions.ts';
import { createOfficialStore } from './store/official-store.ts';
import { loadCatalog } from './catalog/catalog.ts';
import { createCommandHandler } from './commands/handle-command.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import type { ItemResult } from './pipeline/run-cycle.ts';
import { createSqliteStore } from './store/sqlite-store.ts';

const USAGE = `Usage: sanctions-watch <command>

  start                       run the bot (Slack/Discord when configured, else the console)
  scan <file|url>… [--json]   analyse feeds once, against a throwaway in-memory store
  lookup <name> [--json]      an entity's profile, official actions and latest stored developments
  demo                        serve sample feeds on 127.0.0.1, run one cycle, print the alerts (offline)
  discord-register            register the /sanctions command with Discord, then exit
  help                        this text

Configuration comes from the environment (see .env.example).`;

type Exit = number;

async function main(argv: string[]): Promise<Exit> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const args = rest.filter((a) => a !== '--json');
  switch (command) {
    case 'start':
      return start();
    case 'scan':
      return scan(args, json);
    case 'lookup':
      return lookup(args.join(' '), json);
    case 'demo':
      return demo();
    case 'discord-register':
      return discordRegister();
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

/** Reads the configuration, or prints every problem and fails. */
function config(overrides: Record<string, string> = {}) {
  return loadConfig({ ...process.env, ...overrides });
}

async function start(): Promise<Exit> {
  const c = config();
  const { runBot } = await import('./main.ts');
  await runBot(c, createLogger(c.LOG_LEVEL));
  return -1; // keep running until a signal
}

async function scan(sources: string[], json: boolean): Promise<Exit> {
  if (!sources.length) {
    process.stderr.write('Usage: sanctions-watch scan <file|url>… [--json]\n');
    return 2;
  }
  // Local paths become absolute so the feed keys do not depend on the working directory.
  const feeds = sources.map((s) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : resolve(s)));
  // Feeds named on the command line are fetched even on private addresses: the user chose them.
  const c = config({ FEED_URLS: feeds.join(','), ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', FEED_CONCURRENCY: '1' });
  const log = createLogger(c.LOG_LEVEL);
  const byFeed = new Map<string, ItemResult[]>();
  const app = createApp({ config: c, adapters: [], log, store: createSqliteStore(':memory:'), onItem: (r) => byFeed.set(r.analyzed.item.feedUrl, [...(byFeed.get(r.analyzed.item.feedUrl) ?? []), r]) });
  const report = await app.runCycle();
  for (const feed of feeds) {
    for (const { analyzed, storyId } of byFeed.get(feed) ?? []) {
      const out = {
        guid: analyzed.item.guid ?? null,
        link: analyzed.item.link ?? null,
        title: analyzed.item.title,
        entities: analyzed.mentions.map((m) => m.entityId),
        category: analyzed.classification.category,
        severity: analyzed.classification.severity,
        story: storyId,
        summary: analyzed.summary,
      };
      if (json) process.stdout.write(JSON.stringify(out) + '\n');
      else process.stdout.write(`[${out.severity}] ${out.category.padEnd(22)} ${(out.entities.join(',') || '-').padEnd(24)} ${out.title}\n`);
    }
  }
  await app.stop();
  const failed = report.feeds.filter((f) => f.status === 'failed');
  for (const f of failed) process.stderr.write(`scan: ${f.url}: ${f.error}\n`);
  return failed.length ? 1 : 0;
}

async function lookup(name: string, json: boolean): Promise<Exit> {
  if (!name.trim()) {
    process.stderr.write('Usage: sanctions-watch lookup <name> [--json]\n');
    return 2;
  }
  const c = config();
  // Latest developments come from the bot's database when there is one; a lookup never creates it.
  const store = createSqliteStore(existsSync(c.DATABASE_PATH) ? c.DATABASE_PATH : ':memory:');
  try {
    const custom = store.customEntities();
    const official = createOfficialStore(store.db);
    const base = loadCatalog();
    const catalog = custom.length ? base.withCustom(custom) : base;
    if (json) {
      const r = catalog.resolve(name);
      if (r.kind === 'unknown') {
        process.stdout.write(JSON.stringify({ error: `unknown entity "${name}"`, suggestions: r.suggestions.map((e) => ({ id: e.id, name: e.name })) }) + '\n');
        return 1;
      }
      if (r.kind === 'preset') {
        process.stdout.write(JSON.stringify({ preset: r.preset }) + '\n');
        return 0;
      }
      process.stdout.write(JSON.stringify({ ...r.entity, latest: store.latestStoriesForEntity(r.entity.id, 5), learnedActions: official.actionsOf(r.entity.id) }) + '\n');
      return 0;
    }
    const handle = createCommandHandler({
      store,
      catalog: () => catalog,
      onCustomEntitiesChanged: () => undefined,
      now: Date.now,
      allowPrivateFeeds: false,
      officialActions: (e) => learnedActionLines(e, official.actionsOf(e.id)),
    });
    const reply = await handle({ platform: 'console', channel: CONSOLE_CHANNEL, user: { id: 'cli' }, text: `lookup ${name}` });
    process.stdout.write(renderReply(reply) + '\n');
    return reply.error ? 1 : 0;
  } finally {
    store.close();
  }
}

/** Serves data/demo/*.xml on 127.0.0.1 and runs one alerting cycle against them. */
async function demo(): Promise<Exit> {
  const dir = resolve('data/demo');
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    if (!files.includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(readFileSync(join(dir, name)));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const urls = files.map((f) => `http://127.0.0.1:${port}/${encodeURIComponent(f)}`);
  const c = config({ FEED_URLS: urls.join(','), ALLOW_PRIVATE_FEEDS: 'true', FIRST_POLL_ALERTS: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const consoleAdapter = createConsoleAdapter();
  const app = createApp({ config: c, adapters: [consoleAdapter], log: createLogger(c.LOG_LEVEL), store: createSqliteStore(':memory:') });
  const { watchAllOnConsole } = await import('./main.ts');
  watchAllOnConsole(app);
  process.stdout.write(`Demo: ${files.length} sample feeds served from http://127.0.0.1:${port}/, first-poll alerts on, console channel watching all.\n\n`);
  const report = await app.runCycle();
  process.stdout.write(`\n${report.newItems} items read, ${report.dispatch.delivered} alerts posted (rewrites of one story are grouped into one alert).\n\n`);
  const reply = await app.handleCommand({ platform: 'console', channel: CONSOLE_CHANNEL, user: { id: 'demo' }, text: 'alipay' });
  process.stdout.write(renderReply(reply) + '\n');
  await app.stop();
  await new Promise<void>((ok) => server.close(() => ok()));
  return 0;
}

async function discordRegister(): Promise<Exit> {
  const c = config();
  if (!c.DISCORD_TOKEN || !c.DISCORD_APPLICATION_ID) {
    process.stderr.write('discord-register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for one guild).\n');
    return 2;
  }
  const { registerDiscordCommands } = await import('../adapters/discord/commands.ts');
  await registerDiscordCommands({ token: c.DISCORD_TOKEN, applicationId: c.DISCORD_APPLICATION_ID, guildId: c.DISCORD_GUILD_ID, apiUrl: c.DISCORD_API_URL });
  process.stdout.write(`Registered /sanctions ${c.DISCORD_GUILD_ID ? `in guild ${c.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.\n`);
  return 0;
}

// Expected failures (bad configuration, unreadable database) print one clear message, no stack.
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: Error & { code?: string }) => {
    if (error instanceof ConfigError || error.code === 'STORE_UNAVAILABLE') process.stderr.write(`sanctions-watch: ${error.message}\n`);
    else process.stderr.write(`sanctions-watch: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  },
);
