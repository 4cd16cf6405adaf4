// `sanctions-watch <command>`: start, scan, lookup, demo, discord-register, help.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConsoleAdapter, CONSOLE_CHANNEL } from '../adapters/console/index.ts';
import { renderReply } from '../adapters/console/render.ts';
import { createApp } from './app.ts';
import { loadCatalog } from './catalog/catalog.ts';
import { createCommandHandler } from './commands/handle-command.ts';
import { ConfigError, loadConfig } from './config.ts';
import { explainItem, explanationSections } from './explain/explain-item.ts';
import { createLogger } from './log.ts';
import type { ItemResult } from './pipeline/run-cycle.ts';
import { createSqliteStore } from './store/sqlite-store.ts';

const USAGE = `Usage: sanctions-watch <command>

  start                       run the bot (Slack/Discord when configured, else the console)
  scan <file|url>… [--json]   analyse feeds once, against a throwaway in-memory store
  explain <file|url>… --item <guid|link> [--json]
                              scan, then say why one item got its entities, category and story
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
    case 'explain':
      return explain(args, json);
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

/** Runs one cycle over the feeds against a throwaway in-memory store; results in feed order. */
async function scanFeeds(sources: string[], explainStories: boolean) {
  // Local paths become absolute so the feed keys do not depend on the working directory.
  const feeds = sources.map((s) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : resolve(s)));
  // Feeds named on the command line are fetched even on private addresses: the user chose them.
  const c = config({ FEED_URLS: feeds.join(','), ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', FEED_CONCURRENCY: '1' });
  const log = createLogger(c.LOG_LEVEL);
  const byFeed = new Map<string, ItemResult[]>();
  const catalog = loadCatalog();
  const app = createApp({
    config: c,
    adapters: [],
    log,
    catalog,
    store: createSqliteStore(':memory:'),
    explainStories,
    onItem: (r) => byFeed.set(r.analyzed.item.feedUrl, [...(byFeed.get(r.analyzed.item.feedUrl) ?? []), r]),
  });
  const report = await app.runCycle();
  await app.stop();
  const results = feeds.flatMap((feed) => byFeed.get(feed) ?? []);
  const failed = report.feeds.filter((f) => f.status === 'failed');
  for (const f of failed) process.stderr.write(`scan: ${f.url}: ${f.error}\n`);
  return { results, failed: failed.length > 0, name: (id: string) => catalog.get(id)?.name ?? id };
}

/** `zh` when most of the headline's letters are Chinese characters, else `en`. */
const languageOf = (title: string) => {
  const letters = title.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const han = title.match(/\p{Script=Han}/gu)?.length ?? 0;
  return letters && han / letters > 0.3 ? 'zh' : 'en';
};

async function scan(sources: string[], json: boolean): Promise<Exit> {
  if (!sources.length) {
    process.stderr.write('Usage: sanctions-watch scan <file|url>… [--json]\n');
    return 2;
  }
  const { results, failed } = await scanFeeds(sources, false);
  for (const { analyzed, storyId } of results) {
    const out = {
      guid: analyzed.item.guid ?? null,
      link: analyzed.item.link ?? null,
      title: analyzed.item.title,
      entities: analyzed.mentions.map((m) => m.entityId),
      category: analyzed.classification.category,
      severity: analyzed.classification.severity,
      story: storyId,
      summary: analyzed.summary,
      categoryScores: analyzed.classification.categoryScores ?? {},
      language: languageOf(analyzed.item.title),
    };
    if (json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(`[${out.severity}] ${out.category.padEnd(22)} ${(out.entities.join(',') || '-').padEnd(24)} ${out.title}\n`);
  }
  return failed ? 1 : 0;
}

async function explain(args: string[], json: boolean): Promise<Exit> {
  const at = args.indexOf('--item');
  const wanted = at >= 0 ? args[at + 1] : undefined;
  const sources = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  if (!wanted || !sources.length) {
    process.stderr.write('Usage: sanctions-watch explain <file|url>… --item <guid|link> [--json]\n');
    return 2;
  }
  const { results, failed, name } = await scanFeeds(sources, true);
  const found = results.find((r) => r.analyzed.item.guid === wanted) ?? results.find((r) => r.analyzed.item.link === wanted);
  if (!found) {
    process.stderr.write(`explain: no item with guid or link "${wanted}" in ${sources.join(', ')} (${results.length} items read)\n`);
    return failed ? 1 : 2;
  }
  const { analyzed } = found;
  const explanation = explainItem(
    { guid: analyzed.item.guid, link: analyzed.item.link, title: analyzed.item.title, mentions: analyzed.mentions, classification: analyzed.classification, storyId: found.storyId, candidates: found.storyCandidates ?? [] },
    name,
  );
  if (json) process.stdout.write(JSON.stringify(explanation) + '\n');
  else process.stdout.write(renderReply({ visibility: 'ephemeral', title: 'Why', sections: explanationSections(explanation) }) + '\n');
  return 0;
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
      process.stdout.write(JSON.stringify({ ...r.entity, latest: store.latestStoriesForEntity(r.entity.id, 5) }) + '\n');
      return 0;
    }
    const handle = createCommandHandler({ store, catalog: () => catalog, onCustomEntitiesChanged: () => undefined, now: Date.now, allowPrivateFeeds: false });
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
