// The Discord contract from outside: the bot started as a user starts it, with environment
// variables only, against a fake Discord REST API and gateway on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../fakes/bot-process.ts';
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
let bot: BotProcess;

beforeAll(async () => {
  discord = await createFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: WATCHING, name: 'alerts' }, { id: OTHER, name: 'general' }] }] });
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
  dir = mkdtempSync(join(tmpdir(), 'sw-dproc-'));
  bot = await startBotProcess({
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: discord.apiUrl,
    FEED_URLS: feeds.url('/feed.xml'),
    POLL_SCHEDULE: '*/1 * * * * *',
    ALLOW_PRIVATE_FEEDS: 'true',
    DATABASE_PATH: join(dir, 'bot.db'),
  });
}, 30_000);

afterAll(async () => {
  await bot.stop();
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
    await bot.logged(/ cycle: /, bot.cycles() + 4);
    expect(discord.messages.map((m) => m.channelId)).toEqual([WATCHING]);
    const body = discord.messages[0]?.body;
    expect(body?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(body)).not.toMatch(/@everyone|<@&123>/);

    expect(await bot.stop()).toBe(0);
  }, 40_000);
});
