// The Discord contract from outside: the bot started as a user starts it, with environment
// variables only, against a fake Discord REST API and gateway on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss, type BuildItem } from '../fixtures/build-feed.ts';

const GUILD = '100000000000000001';
const WATCHING = '200000000000000001';
const OTHER = '200000000000000002';
const QUIET: BuildItem = { guid: 'd-quiet', title: 'Harbour traffic steady', link: 'https://wire.example/d-quiet', description: 'Nothing new.' };
const TIKTOK: BuildItem = {
  guid: 'd-tiktok',
  title: 'Commerce bars TikTok from US app stores @everyone <@&123>',
  link: 'https://wire.example/d-tiktok',
  description: 'The Commerce Department said app stores must stop offering TikTok from Sunday.',
};

let discord: FakeDiscord;
let feeds: FakeFeedServer;
let dir: string;
let bot: ChildProcess;
let stderr = '';

function logged(pattern: RegExp, count = 1): Promise<void> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`not logged ${pattern} ×${count}:\n${stderr}`)), 20_000);
    const check = () => {
      if ((stderr.match(new RegExp(pattern, 'g')) ?? []).length >= count) {
        clearTimeout(timer);
        bot.stderr?.off('data', check);
        ok();
      }
    };
    bot.stderr?.on('data', check);
    check();
  });
}

beforeAll(async () => {
  discord = await createFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: WATCHING, name: 'alerts' }, { id: OTHER, name: 'general' }] }] });
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
  dir = mkdtempSync(join(tmpdir(), 'sw-dproc-'));
  bot = spawn('node', [resolve('src/bin.js'), 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_GUILD_ID: GUILD,
      DISCORD_API_URL: discord.apiUrl,
      FEED_URLS: feeds.url('/feed.xml'),
      POLL_SCHEDULE: '*/1 * * * * *',
      ALLOW_PRIVATE_FEEDS: 'true',
      DATABASE_PATH: join(dir, 'bot.db'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await logged(/polling 1 configured feeds/);
}, 30_000);

afterAll(async () => {
  if (bot.exitCode === null) {
    await new Promise<void>((ok) => {
      bot.on('exit', () => ok());
      bot.kill('SIGTERM');
    });
  }
  await discord.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sanctions-watch start on Discord, driven from outside', () => {
  it('registers /sanctions, answers a lookup, takes a watchlist, posts one alert that mentions no one, and stops on SIGTERM', async () => {
    expect(discord.commandsPut.at(-1)?.guildId).toBe(GUILD);
    const lookup = await discord.sendInteraction({ query: 'alipay', channelId: OTHER });
    expect(JSON.stringify(lookup)).toContain('13971');
    const added = await discord.sendInteraction({ query: 'watch add tiktok', channelId: WATCHING, permissions: '16' });
    expect(JSON.stringify(added)).toContain('TikTok');

    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [TIKTOK, QUIET]) });
    const before = (stderr.match(/ cycle: /g) ?? []).length;
    await logged(/ cycle: /, before + 4);
    expect(discord.messages.map((m) => m.channelId)).toEqual([WATCHING]);
    const body = discord.messages[0]?.body;
    expect(body?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body)).not.toMatch(/@everyone|<@&123>/);

    const code = await new Promise<number | null>((ok) => {
      bot.on('exit', (c) => ok(c));
      bot.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 40_000);
});
