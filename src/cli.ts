// `sanctions-watch <command>`: start, scan, explain, lookup, demo, backup, discord-register, help.
// Each command imports what it needs when it runs (a lookup never loads the feed fetcher, the
// chat SDKs or the metrics library), so a short command starts about as fast as Node itself.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readPathSettings } from './config-paths.ts';
import { withEnvFile, type EnvWithSource } from './env-file.ts';
import { CodedError, describeFailure, networkCode, toCoded } from './errors.ts';
import { packagePath, packageVersion } from './paths.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { ItemResult } from './pipeline/run-cycle.ts';
import { plural } from './text/plural.ts';

interface CommandSpec {
  usage: string;
  summary: string;
  /** What the command's --help adds under the usage line. */
  details: string;
  json?: boolean;
  /** Options that take a value (`--item <guid>`), besides --json and --help. */
  values?: string[];
  /** How many positional arguments it takes. */
  args: { min: number; max: number };
  run(args: string[], flags: { json: boolean; values: Record<string, string | undefined> }, env: EnvWithSource): Promise<number>;
}

const CONFIG_NOTE = 'Settings come from the environment and from .env in the working directory (the environment wins); see .env.example.';

const COMMANDS: Record<string, CommandSpec> = {
  start: {
    usage: 'sanctions-watch start',
    summary: 'run the bot (Slack/Discord when configured, else the console)',
    details: 'Polls each feed on its own schedule (none waits longer than POLL_SCHEDULE) and posts alerts until SIGINT or SIGTERM. One bot per database:\na second one on the same DATABASE_PATH refuses to start. HEALTH_PORT serves /healthz and /metrics.',
    args: { min: 0, max: 0 },
    run: (_args, _flags, env) => start(env),
  },
  scan: {
    usage: 'sanctions-watch scan <file|url>… [--json]',
    summary: 'analyse feeds once, against a throwaway in-memory store',
    details:
      'Prints one line per item, or with --json one object per item:\n{"guid","link","title","entities","category","severity","story","summary"} plus "categoryScores", "language" and,\nfor an aggregated item, "outlet". Feeds named here may be on private addresses.',
    json: true,
    args: { min: 1, max: Infinity },
    run: (args, flags, env) => scan(args, flags.json, env),
  },
  explain: {
    usage: 'sanctions-watch explain <file|url>… --item <guid|link> [--json]',
    summary: 'scan, then say why one item got its entities, category and story',
    details: 'Which words matched which entity, the evidence for each category, and the stories the item was judged\nagainst with the signal that decided.',
    json: true,
    values: ['item'],
    args: { min: 1, max: Infinity },
    run: (args, flags, env) => explain(args, flags.values.item, flags.json, env),
  },
  lookup: {
    usage: 'sanctions-watch lookup <name> [--json]',
    summary: "an entity's profile, official actions and latest stored developments",
    details: 'Names resolve by id, name or alias (Chinese too). Latest developments come from DATABASE_PATH when it exists;\na lookup never creates the database.',
    json: true,
    args: { min: 1, max: Infinity },
    run: (args, flags, env) => lookup(args.join(' '), flags.json, env),
  },
  demo: {
    usage: 'sanctions-watch demo',
    summary: 'serve sample feeds on 127.0.0.1, run one cycle, print the alerts (offline)',
    details: 'Uses an in-memory database: nothing is written.',
    args: { min: 0, max: 0 },
    run: (_args, _flags, env) => demo(env),
  },
  backup: {
    usage: 'sanctions-watch backup <file>',
    summary: 'write a consistent copy of the database (safe while the bot runs)',
    details: "Uses SQLite's online backup; the copy is checked before the command succeeds. It never overwrites a file.\nRestore: stop the bot, copy the backup over DATABASE_PATH, delete DATABASE_PATH-wal and -shm, start the bot.",
    args: { min: 1, max: 1 },
    run: (args, _flags, env) => backup(args[0] as string, env),
  },
  'discord-register': {
    usage: 'sanctions-watch discord-register',
    summary: 'register the /sanctions command with Discord, then exit',
    details: 'Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; with DISCORD_GUILD_ID it registers in that server only (instant).',
    args: { min: 0, max: 0 },
    run: (_args, _flags, env) => discordRegister(env),
  },
};

const USAGE = `Usage: sanctions-watch <command> [options]

${Object.values(COMMANDS)
    .map((c) => `  ${c.usage.replace('sanctions-watch ', '').padEnd(28)}${c.summary}`)
  .join('\n')}
  help [command]              this text, or a command's

Options: --help (any command), --version.
${CONFIG_NOTE}`;

const commandHelp = (c: CommandSpec) => `Usage: ${c.usage}\n\n${c.summary[0]?.toUpperCase()}${c.summary.slice(1)}.\n${c.details}\n\n${CONFIG_NOTE}`;
const usageError = (message: string, usage = 'Run `sanctions-watch --help` for the commands.') => new CodedError('config/usage', `${message}\n${usage}`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`sanctions-watch ${packageVersion()}\n`);
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const about = rest[0] && COMMANDS[rest[0]];
    if (rest[0] && !about) throw usageError(`Unknown command "${rest[0]}".`);
    process.stdout.write((about ? commandHelp(about) : USAGE) + '\n');
    return 0;
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) throw usageError(command.startsWith('-') ? `Unknown option "${command}".` : `Unknown command "${command}".`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...(spec.json ? { json: { type: 'boolean' as const } } : {}),
        ...Object.fromEntries((spec.values ?? []).map((name) => [name, { type: 'string' as const }])),
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument starting with a '-', place it at the end of the command after '--'…"
    throw usageError(String((error as Error).message).split('. ')[0] + '.', `Usage: ${spec.usage}`);
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(spec) + '\n');
    return 0;
  }
  const args = parsed.positionals;
  if (args.length < spec.args.min || args.length > spec.args.max) {
    throw usageError(args.length < spec.args.min ? 'Missing argument.' : `Unexpected argument "${args[spec.args.max]}".`, `Usage: ${spec.usage}`);
  }
  const values = Object.fromEntries((spec.values ?? []).map((name) => [name, (parsed.values as Record<string, unknown>)[name] as string | undefined]));
  return spec.run(args, { json: parsed.values.json === true, values }, withEnvFile());
}

/** Reads the configuration, or fails naming every problem. */
async function config(env: EnvWithSource, overrides: Record<string, string> = {}): Promise<Config> {
  const { loadConfig } = await import('./config.ts');
  return loadConfig({ ...env.env, ...overrides });
}

async function logger(c: Config): Promise<Logger> {
  const { createLogger } = await import('./log.ts');
  return createLogger(c.LOG_LEVEL, undefined, c.LOG_FORMAT);
}

async function start(env: EnvWithSource): Promise<number> {
  // Everything that can be wrong with the settings and paths, in one message.
  const { loadCheckedConfig } = await import('./startup-checks.ts');
  const c = loadCheckedConfig(env.env);
  const log = await logger(c);
  log.info(env.file ? `settings: read ${env.file} (the environment wins over it)` : `settings: from the environment only (${env.env.ENV_FILE === '' ? 'ENV_FILE is empty' : 'no .env in the working directory'})`);
  const { runBot } = await import('./main.ts');
  await runBot(c, log);
  return -1; // keep running until a signal
}

/** Runs one cycle over the feeds against a throwaway in-memory store; results in feed order. */
async function scanFeeds(sources: string[], env: EnvWithSource, explainStories: boolean) {
  const { createScanApp } = await import('./main.ts');
  // Local paths become absolute so the feed keys do not depend on the working directory.
  const feeds = sources.map((s) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : resolve(s)));
  // Feeds named on the command line are fetched even on private addresses: the user chose them.
  // They are read one at a time in the order given; their items are filed in order of publication
  // (items of one moment in the order given).
  const c = await config(env, { FEED_URLS: feeds.join(','), ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: env.env.LOG_LEVEL ?? 'warn', FEED_CONCURRENCY: '1' });
  const log = await logger(c);
  const byFeed = new Map<string, ItemResult[]>();
  const movedTo = new Map<string, string>();
  const app = await createScanApp(c, log, {
    explainStories,
    onItem: (r) => byFeed.set(r.analyzed.item.feedUrl, [...(byFeed.get(r.analyzed.item.feedUrl) ?? []), r]),
    onStoryMoved: (from, into) => movedTo.set(from, into),
  });
  const report = await app.runCycle();
  await app.stop();
  const failed = report.feeds.filter((f) => f.status === 'failed');
  for (const f of failed) process.stderr.write(`${explainStories ? 'explain' : 'scan'}: ${f.url}: ${f.error}\n`);
  const catalog = app.catalog();
  // Each item under the story it ended in (an official text that came before its news moves).
  const finalStory = (id: string): string => (movedTo.has(id) ? finalStory(movedTo.get(id)!) : id);
  const results = feeds.flatMap((feed) => byFeed.get(feed) ?? []).map((r) => (movedTo.has(r.storyId) ? { ...r, storyId: finalStory(r.storyId) } : r));
  return { results, failed: failed.length > 0, name: (id: string) => catalog.get(id)?.name ?? id };
}

/** `zh` when most of the headline's letters are Chinese characters, else `en`. */
const languageOf = (title: string) => {
  const letters = title.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const han = title.match(/\p{Script=Han}/gu)?.length ?? 0;
  return letters && han / letters > 0.3 ? 'zh' : 'en';
};

async function scan(sources: string[], json: boolean, env: EnvWithSource): Promise<number> {
  const { results, failed } = await scanFeeds(sources, env, false);
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
      // Extensions: the evidence per category, the headline's language, and the outlet of an
      // aggregated item (Google News), never part of the title.
      categoryScores: analyzed.classification.categoryScores ?? {},
      language: languageOf(analyzed.item.title),
      ...(analyzed.item.outlet ? { outlet: analyzed.item.outlet } : {}),
    };
    if (json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(`[${out.severity}] ${out.category.padEnd(22)} ${(out.entities.join(',') || '-').padEnd(24)} ${out.title}\n`);
  }
  return failed ? 1 : 0;
}

async function explain(sources: string[], wanted: string | undefined, json: boolean, env: EnvWithSource): Promise<number> {
  if (!wanted) throw usageError('Missing --item <guid|link>.', `Usage: ${COMMANDS.explain?.usage}`);
  const { results, failed, name } = await scanFeeds(sources, env, true);
  const found = results.find((r) => r.analyzed.item.guid === wanted) ?? results.find((r) => r.analyzed.item.link === wanted);
  if (!found) throw new CodedError('config/usage', `explain: no item with guid or link "${wanted}" in ${sources.join(', ')} (${plural(results.length, 'item')} read).`, { exitCode: failed ? 1 : 2 });
  const [{ explainItem, explanationSections }, { renderOnConsole }] = await Promise.all([import('./explain/explain-item.ts'), import('./main.ts')]);
  const { analyzed } = found;
  const explanation = explainItem(
    { guid: analyzed.item.guid, link: analyzed.item.link, title: analyzed.item.title, mentions: analyzed.mentions, classification: analyzed.classification, storyId: found.storyId, candidates: found.storyCandidates ?? [] },
    name,
  );
  if (json) process.stdout.write(JSON.stringify(explanation) + '\n');
  else process.stdout.write((await renderOnConsole({ visibility: 'ephemeral', title: 'Why', sections: explanationSections(explanation) })) + '\n');
  return 0;
}

async function lookup(name: string, json: boolean, env: EnvWithSource): Promise<number> {
  if (!name.trim()) throw usageError('Missing argument.', `Usage: ${COMMANDS.lookup?.usage}`);
  const c = readPathSettings(env.env);
  // main.ts too, at once: the text answer goes through it, and loading it later costs a round of imports.
  const [{ existsSync }, { createSqliteStore }, { loadCatalog }, { lookupJson }, { learnedActionLines }, { lookupOnConsole }] = await Promise.all([
    import('node:fs'),
    import('./store/index.ts'),
    import('./catalog/catalog.ts'),
    import('./commands/describe-entity.ts'),
    import('./pipeline/official-actions.ts'),
    import('./main.ts'),
  ]);
  // Latest developments come from the bot's database when there is one; a lookup never creates it.
  const store = createSqliteStore(existsSync(c.DATABASE_PATH) ? c.DATABASE_PATH : ':memory:');
  try {
    const custom = store.customEntities();
    const official = store.official;
    const base = loadCatalog(c.CATALOG_FILE);
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
      process.stdout.write(JSON.stringify({ ...lookupJson(catalog, r.entity, store.latestStoriesForEntity(r.entity.id, 5)), learnedActions: official.actionsOf(r.entity.id) }) + '\n');
      return 0;
    }
    const reply = await lookupOnConsole({ store, catalog, officialActions: (e) => learnedActionLines(e, official.actionsOf(e.id)) }, name);
    process.stdout.write(reply.text + '\n');
    return reply.error ? 1 : 0;
  } finally {
    store.close();
  }
}

/** Serves the package's data/demo/*.xml on 127.0.0.1 and runs one alerting cycle against them. */
async function demo(env: EnvWithSource): Promise<number> {
  const [{ createServer }, { readdirSync, readFileSync }, { join }] = await Promise.all([import('node:http'), import('node:fs'), import('node:path')]);
  const dir = packagePath('data', 'demo');
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
  const c = await config(env, { FEED_URLS: urls.join(','), ALLOW_PRIVATE_FEEDS: 'true', FIRST_POLL_ALERTS: 'true', LOG_LEVEL: env.env.LOG_LEVEL ?? 'warn' });
  const { runDemoCycle } = await import('./main.ts');
  process.stdout.write(`Demo: ${files.length} sample feeds served from http://127.0.0.1:${port}/, first-poll alerts on, console channel watching all.\n\n`);
  try {
    const report = await runDemoCycle(c, await logger(c));
    process.stdout.write(`\n${plural(report.newItems, 'item')} read, ${plural(report.delivered, 'alert')} posted (rewrites of one story are grouped into one alert).\n\n`);
    process.stdout.write(report.lookup + '\n');
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
  return 0;
}

async function backup(file: string, env: EnvWithSource): Promise<number> {
  const c = await config(env);
  const { backupDatabase } = await import('./store/backup-database.ts');
  const r = await backupDatabase(c.DATABASE_PATH, file);
  process.stdout.write(`Backed up ${resolve(c.DATABASE_PATH)} to ${r.target} (${(r.bytes / 1_048_576).toFixed(1)} MB, schema version ${r.schemaVersion}, ${plural(r.items, 'item')}; SQLite's check passed).\n`);
  return 0;
}

async function discordRegister(env: EnvWithSource): Promise<number> {
  const c = await config(env);
  if (!c.DISCORD_TOKEN || !c.DISCORD_APPLICATION_ID) {
    throw new CodedError('config/discord', 'discord-register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for one server); set them in the environment or .env.');
  }
  const { registerDiscord } = await import('./main.ts');
  try {
    await registerDiscord({ token: c.DISCORD_TOKEN, applicationId: c.DISCORD_APPLICATION_ID, guildId: c.DISCORD_GUILD_ID, apiUrl: c.DISCORD_API_URL });
  } catch (error) {
    const net = networkCode(error);
    if (net) throw new CodedError('platform/unreachable', `Could not reach Discord to register /sanctions (${net}); check the network and DISCORD_API_URL, then run this again.`, { cause: error });
    throw error;
  }
  process.stdout.write(`Registered /sanctions ${c.DISCORD_GUILD_ID ? `in guild ${c.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.\n`);
  return 0;
}

/** Every failure ends here: one or two lines with the fix; the stack only at LOG_LEVEL=debug. */
function fail(error: unknown): void {
  const coded = toCoded(error);
  let debug = process.env.LOG_LEVEL === 'debug';
  try {
    debug ||= withEnvFile().env.LOG_LEVEL === 'debug';
  } catch {
    // an unreadable .env was the failure itself
  }
  process.stderr.write(`sanctions-watch: ${describeFailure(coded, debug)}\n`);
  process.exitCode = coded.exitCode;
  // A bot that failed to start may still hold a client or a timer that would keep it alive.
  if (process.argv[2] === 'start') setImmediate(() => process.exit(coded.exitCode));
}

// `sanctions-watch scan … | head`: the reader has gone, which is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
}, fail);
