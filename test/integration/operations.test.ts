// The bot as an operator runs it: the package's executable started from another directory, with
// .env, one bot per database, /healthz and /metrics, JSON logs, backups, `npm start` stopped by a
// signal, and start-up failures that read as one or two lines with the fix.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { freePort, killStartedBots, startBotProcess } from '../fakes/bot-process.ts';
import { buildRss } from '../fixtures/build-feed.ts';

const run = promisify(execFile);
const BIN = resolve('src/bin.js');
let dir: string;
let feed: string;
const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ENV_FILE: '', ...extra });
type Failure = { code: number; stdout: string; stderr: string };
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected the command to fail'), (e: Failure) => e);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-ops-'));
  feed = join(dir, 'wire.xml');
  writeFileSync(feed, buildRss('Wire', [{ guid: 'w1', title: 'Commerce adds SMIC to the Entity List', description: 'The Commerce Department added SMIC to the Entity List.' }]));
});
afterAll(async () => {
  await killStartedBots();
  rmSync(dir, { recursive: true, force: true });
});

describe('the executable from another directory', () => {
  it('looks up Alipay with the catalog shipped in the package', async () => {
    const { stdout } = await run('node', [BIN, 'lookup', 'alipay'], { cwd: dir, env: env() });
    expect(stdout).toContain('# Alipay (alipay)');
    expect(stdout).toContain('13971');
  });

  it('runs the demo with the package’s sample feeds', async () => {
    const { stdout } = await run('node', [BIN, 'demo'], { cwd: dir, env: env() });
    expect(stdout).toContain('# Alipay (alipay)');
  });

  it('reads .env in the working directory, lets the environment win, and says which file it read', async () => {
    const home = join(dir, 'dotenv');
    mkdirSync(home);
    writeFileSync(join(home, '.env'), `# settings\nFEED_URLS=${feed}\nDATABASE_PATH=from-file.db\nLOG_FORMAT=json\n`);
    const bot = await startBotProcess({ ENV_FILE: '.env', DATABASE_PATH: join(home, 'from-env.db'), HOME: process.env.HOME ?? '' }, { cwd: home });
    await bot.logged(/ cycle: |"cycle: /);
    await bot.stop();
    const lines = bot.log().trim().split('\n');
    // Every line is JSON (LOG_FORMAT from the file), and the file is named.
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; level: string });
    expect(parsed[0]?.msg).toBe(`settings: read ${join(home, '.env')} (the environment wins over it)`);
    expect(parsed.some((l) => l.msg.includes('first poll recorded 1 item without'))).toBe(true);
    // DATABASE_PATH from the environment, not the file.
    expect(() => readFileSync(join(home, 'from-env.db'))).not.toThrow();
    expect(() => readFileSync(join(home, 'from-file.db'))).toThrow();
  }, 30_000);

  it('prints --version, --help for every command, and refuses unknown flags and commands', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect((await run('node', [BIN, '--version'], { env: env() })).stdout.trim()).toBe(`sanctions-watch ${version}`);
    for (const command of ['start', 'scan', 'lookup', 'demo', 'backup', 'discord-register']) {
      const { stdout } = await run('node', [BIN, command, '--help'], { env: env() });
      expect(stdout).toMatch(new RegExp(`^Usage: sanctions-watch ${command}\\b`));
    }
    const flag = await failure(run('node', [BIN, 'lookup', '--jsn', 'alipay'], { env: env() }));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--jsn'");
    expect(flag.stdout).toBe('');
    const command = await failure(run('node', [BIN, 'lokup', 'alipay'], { env: env() }));
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command "lokup"');
  });
});

describe('one bot per database', () => {
  it('refuses a second bot naming the first one’s pid, and starts again after the first was killed', async () => {
    const db = join(dir, 'locked.db');
    const first = await startBotProcess({ DATABASE_PATH: db, FEED_URLS: feed });
    const second = await failure(run('node', [BIN, 'start'], { env: env({ DATABASE_PATH: db, FEED_URLS: feed }) }));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    // kill -9 leaves the lock file behind; its process is gone, so the next start takes it over.
    await first.kill();
    expect(readFileSync(`${db}.lock`, 'utf8')).toContain(`"pid":${first.pid}`);
    const third = await startBotProcess({ DATABASE_PATH: db, FEED_URLS: feed });
    expect(await third.stop()).toBe(0);
  }, 40_000);
});

describe('health, metrics and backup on a running bot', () => {
  it('answers /healthz and /metrics on HEALTH_PORT with the console adapter, and backs up the database while it runs', async () => {
    const port = await freePort();
    const db = join(dir, 'ops.db');
    const bot = await startBotProcess({ DATABASE_PATH: db, FEED_URLS: `${feed},${join(dir, 'missing.xml')}`, HEALTH_PORT: String(port), ALLOW_PRIVATE_FEEDS: 'true' });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', feeds: { total: 2, failing: 1 }, outbox: { pending: 0, failing: 0 } });
    expect(Date.parse(body.lastCycleAt as string)).toBeGreaterThan(0);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^sanctions_watch_new_items_total 1$/m);
    expect(metrics).toMatch(/^sanctions_watch_feed_failures_total 1$/m);
    expect(metrics).toMatch(/^sanctions_watch_cycle_duration_seconds_count 1$/m);
    expect(metrics).toMatch(/^sanctions_watch_outbox_backlog 0$/m);
    expect(metrics).toMatch(/^sanctions_watch_delivery_failures_total\{kind="rejected"\} 0$/m);

    const copy = join(dir, 'ops-backup.db');
    const { stdout } = await run('node', [BIN, 'backup', copy], { env: env({ DATABASE_PATH: db }) });
    expect(stdout).toContain(', 1 item;');
    const opened = new Database(copy, { readonly: true });
    expect((opened.prepare('SELECT title FROM items').all() as Array<{ title: string }>).map((r) => r.title)).toEqual(['Commerce adds SMIC to the Entity List']);
    opened.close();
    // A backup never overwrites.
    const again = await failure(run('node', [BIN, 'backup', copy], { env: env({ DATABASE_PATH: db }) }));
    expect(again.stderr).toContain('already exists');
    expect(await bot.stop()).toBe(0);
  }, 30_000);
});

describe('npm start', () => {
  it('stops the bot itself on SIGTERM: no node process is left behind', async () => {
    const db = join(dir, 'npm.db');
    const npm = spawn('npm', ['start', '--silent'], { env: { ...env({ DATABASE_PATH: db, FEED_URLS: feed, LOG_LEVEL: 'info' }) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    npm.stderr.on('data', (d: Buffer) => (log += d.toString()));
    await vi.waitFor(() => expect(log).toMatch(/polling \d+ configured feeds?/), { timeout: 20_000, interval: 50 });
    const botPid = (JSON.parse(readFileSync(`${db}.lock`, 'utf8')) as { pid: number }).pid;
    // If the test fails, the bot it started must not outlive it.
    onTestFinished(() => {
      if (isAlive(botPid)) process.kill(botPid, 'SIGKILL');
    });
    expect(isAlive(botPid)).toBe(true);
    npm.kill('SIGTERM');
    await once(npm, 'exit');
    await vi.waitFor(() => expect(isAlive(botPid)).toBe(false), { timeout: 10_000, interval: 50 });
    expect(log).toContain('SIGTERM: stopping');
  }, 40_000);
});

describe('a bot with nothing on stdin (systemd, Docker)', () => {
  it('keeps running while polls wait for their host\'s turn, until SIGTERM', async () => {
    // Tried: stdin closed, two feeds on one host (unresolvable here), so the second poll waits out
    // the host's gap. Must hold: the bot does not quietly exit when nothing else keeps Node busy.
    const db = join(dir, 'quiet.db');
    const feeds = ['http://feeds.invalid/a.xml', 'http://feeds.invalid/b.xml'].join(',');
    const bot = spawn('node', [BIN, 'start'], { env: env({ DATABASE_PATH: db, FEED_URLS: feeds, FEED_HOST_MIN_GAP_MS: '1500', LOG_LEVEL: 'info' }), stdio: ['ignore', 'ignore', 'pipe'] });
    onTestFinished(() => void bot.kill('SIGKILL'));
    let log = '';
    bot.stderr.on('data', (d: Buffer) => (log += d.toString()));
    let exited = false;
    bot.on('exit', () => (exited = true));
    await vi.waitFor(() => expect(log).toMatch(/polling \d+ configured feeds?/), { timeout: 20_000, interval: 50 });
    // Past the host's gap and the failed polls' log lines: still running.
    await vi.waitFor(() => expect(log.match(/feeds\.invalid/g)?.length ?? 0).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 50 });
    expect(exited).toBe(false);
    bot.kill('SIGTERM');
    const [code] = (await once(bot, 'exit')) as [number];
    expect(code).toBe(0);
  }, 45_000);
});

describe('start-up failures', () => {
  const startFails = async (extra: Record<string, string>) => {
    const e = await failure(run('node', [BIN, 'start'], { env: env({ FEED_URLS: feed, ...extra }) }));
    expect(e.code).toBe(1);
    expect(e.stderr).not.toMatch(/\n\s+at /); // no stack trace
    return e.stderr;
  };

  it('names every configuration problem in one message, including paths that do not exist', async () => {
    const stderr = await startFails({ FEED_URLS: '', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxb-1', DATABASE_PATH: '/nonexistent/dir/x.db', FEEDS_FILE: join(dir, 'nope.json') });
    for (const key of ['LOG_LEVEL', 'SLACK_SIGNING_SECRET', 'DATABASE_PATH', 'FEEDS_FILE']) expect(stderr).toContain(`  ${key}: `);
    expect(stderr).toContain('/nonexistent/dir does not exist');
  });

  it('lists the mistakes of an operator’s own catalog with the other problems', async () => {
    const catalog = join(dir, 'my-entities.json');
    writeFileSync(catalog, '{"entities":[{"id":"acme","name":"Acme","kind":"company","parent":"nobody","aliases":["Acme"],"weakAliases":[],"timeline":[]}],"presets":[]}');
    const stderr = await startFails({ CATALOG_FILE: catalog, LOG_LEVEL: 'loud', DATABASE_PATH: join(dir, 'c.db') });
    expect(stderr).toContain('  LOG_LEVEL: ');
    expect(stderr).toContain('  CATALOG_FILE: ');
    expect(stderr).toContain('nobody');
  });

  it('explains an invalid feeds file', async () => {
    const bad = join(dir, 'bad-feeds.json');
    writeFileSync(bad, '{"feeds": "https://a.example/rss"}');
    expect(await startFails({ FEED_URLS: '', FEEDS_FILE: bad, DATABASE_PATH: join(dir, 'f.db') })).toContain('must look like {"feeds":[{"url"');
  });

  it('explains a port in use, and leaves no lock behind', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const stderr = await startFails({ HEALTH_PORT: String(port), DATABASE_PATH: join(dir, 'port.db') });
      expect(stderr).toBe(`sanctions-watch: Port ${port} is already in use; stop what listens there or choose another port (PORT for Slack, HEALTH_PORT for /healthz).\n`);
      expect(() => readFileSync(join(dir, 'port.db.lock'))).toThrow();
    } finally {
      blocker.close();
    }
  });

  it('says Discord or Slack cannot be reached (not that the token is wrong) when they are unreachable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const discord = { DISCORD_TOKEN: 'x.y.z', DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: `${closed}/api` };
    const register = await failure(run('node', [BIN, 'discord-register'], { env: env(discord) }));
    expect(register.stderr).toBe(`sanctions-watch: Could not reach Discord to register /sanctions (ECONNREFUSED); check the network and DISCORD_API_URL, then run this again.\n`);
    expect(await startFails({ ...discord, DATABASE_PATH: join(dir, 'discord.db') })).toMatch(/^sanctions-watch: Could not connect to Discord: .*ECONNREFUSED.*check DISCORD_API_URL and the network\n$/);
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: `${closed}/api/`, PORT: String(await freePort()), DATABASE_PATH: join(dir, 'slack.db') };
    // Bolt logs its own warning first (at LOG_LEVEL=warn): two lines in all.
    const lines = (await startFails(slack)).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/^sanctions-watch: Could not reach Slack to check the bot token \(.*\); check the network and SLACK_API_URL$/);
  }, 30_000);

  it('adds the stack trace at LOG_LEVEL=debug', async () => {
    const e = await failure(run('node', [BIN, 'start'], { env: env({ FEED_URLS: feed, DATABASE_PATH: '/nonexistent/dir/x.db', LOG_LEVEL: 'debug' }) }));
    expect(e.stderr).toContain('[config/invalid]');
    expect(e.stderr).toMatch(/\n\s+at /);
  });
});
