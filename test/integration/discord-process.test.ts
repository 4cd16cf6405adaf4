// The Discord contract from outside: the bot started as a user starts it, with environment
// variables only, against a fake Discord REST API and gateway on 127.0.0.1; and killed at the worst
// moment, then started again on its database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { killStartedBots, pollingEnv, startBotProcess, type BotProcess } from '../fakes/bot-process.ts';
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
const WECHAT: BuildItem = {
  guid: 'd-wechat',
  title: 'Commerce bars WeChat from US app stores',
  link: 'https://wire.example/d-wechat',
  description: 'The Commerce Department said app stores must stop offering WeChat from Sunday.',
};

let discord: FakeDiscord;
let feeds: FakeFeedServer;
let dir: string;
let bot: BotProcess;
/** Added to the fake's clock: moves its nonce window (a few minutes, as Discord's) into the past. */
let clockOffset = 0;

/** `sanctions-watch start` on `database` (under the test directory), polling /feed.xml every second. */
async function startBot(database: string): Promise<BotProcess> {
  return startBotProcess({
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: discord.apiUrl,
    ...pollingEnv(feeds.url('/feed.xml'), join(dir, database)),
  });
}

beforeAll(async () => {
  discord = await createFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: WATCHING, name: 'alerts' }, { id: OTHER, name: 'general' }] }], now: () => Date.now() + clockOffset });
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
  dir = mkdtempSync(join(tmpdir(), 'sw-dproc-'));
  bot = await startBot('bot.db');
}, 30_000);

afterAll(async () => {
  await killStartedBots();
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

  it('after a crash between Discord accepting an alert and the bot recording it, does not post it again once the nonce has expired', async () => {
    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
    const first = await startBot('crash.db');
    const added = await discord.sendInteraction({ query: 'watch add wechat', channelId: OTHER, permissions: '16' });
    expect(JSON.stringify(added)).toContain('WeChat');

    // The post takes effect (the message is in the channel) but is never answered; the bot dies.
    discord.failNext('POST /channels/:id/messages', { acceptThenHang: true });
    const before = discord.messages.length;
    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [WECHAT, QUIET]) });
    await vi.waitFor(() => expect(discord.messages.length).toBeGreaterThan(before), { timeout: 15_000, interval: 50 });
    await first.kill();
    // Ten minutes later: Discord no longer deduplicates the nonce.
    clockOffset += 10 * 60_000;

    const second = await startBot('crash.db');
    await second.logged(/was being sent when the bot stopped/, 1, 15_000);
    await second.logged(/was already in channel/, 1, 15_000);
    await second.logged(/ cycle: /, second.cycles() + 2);
    const inOther = discord.messages.filter((m) => m.channelId === OTHER);
    expect(inOther).toHaveLength(1);
    expect(JSON.stringify(inOther[0]!.body)).toContain('WeChat');
    // The hung post was never answered (the fake records answered requests): any answered one would be a second post.
    expect(discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${OTHER}/messages`)).toHaveLength(0);
    expect(await second.stop()).toBe(0);
  }, 60_000);
});
