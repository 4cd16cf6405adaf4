// The whole bot on Discord: the real app (store, cycle, dispatcher, commands) with the Discord
// adapter and the real discord.js client, against the fake Discord and a local feed server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';
import type { DiscordAdapter } from '../../adapters/discord/index.ts';
import { createApp } from '../../src/app.ts';
import { suggestCompletions } from '../../src/commands/handle-command.ts';
import type { App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeDiscord } from '../fakes/fake-discord.ts';
import type { FakeDiscord, InteractionOutcome } from '../fakes/fake-discord.ts';
import { createFakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss } from '../fixtures/build-feed.ts';
import type { FakeFeedServer } from '../fakes/feed-server.ts';

const GUILD = '400000000000000001';
const WATCHING = '400000000000000011';
const QUIET = '400000000000000012';
const NOW = Date.parse('2025-03-10T12:00:00Z');

const rss = (items: Array<{ guid: string; title: string; description: string }>) =>
  buildRss('Trade Desk', items.map((i) => ({ ...i, link: `https://news.example/${i.guid}`, date: new Date(NOW - 3_600_000).toISOString() })));

const QUIET_ITEM = { guid: 'a1', title: 'Port traffic rises in March', description: 'Container volumes grew.' };
const ALIPAY_ITEM = {
  guid: 'a2',
  title: 'Commerce prohibits transactions with Alipay under EO 13971',
  description: 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.',
};

let fake: FakeDiscord;
let feeds: FakeFeedServer;
let dir: string;
let running: { app: App; adapter: DiscordAdapter } | undefined;

async function boot(): Promise<{ app: App; adapter: DiscordAdapter }> {
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.db'),
    FEED_URLS: feeds.url('/feed.xml'),
    ALLOW_PRIVATE_FEEDS: 'true',
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: fake.apiUrl,
  });
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    guildId: GUILD,
    apiUrl: fake.apiUrl,
    managePermission: config.DISCORD_MANAGE_PERMISSION,
    log: silentLogger,
  });
  const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => NOW });
  // The adapter is started directly (not app.start()) so no cron schedule runs during the test.
  // Completions from the app's catalog, handed over at start as app.start() does.
  await adapter.start(app.handleCommand, { complete: (typed) => suggestCompletions(app.catalog(), typed) });
  running = { app, adapter };
  return running;
}

async function shutdown(): Promise<void> {
  await running?.app.stop();
  running = undefined;
}

const answer = (o: InteractionOutcome) => JSON.stringify(o.webhooks.filter((w) => w.method !== 'DELETE').map((w) => w.body));
const postsTo = (channelId: string) => fake.messages.filter((m) => m.channelId === channelId);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanctions-watch-discord-'));
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: rss([QUIET_ITEM]) });
  fake = await createFakeDiscord({
    guilds: [{ id: GUILD, name: 'Compliance', channels: [{ id: WATCHING, name: 'sanctions' }, { id: QUIET, name: 'general' }] }],
  });
});

afterEach(async () => {
  await shutdown();
  await fake.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Discord end to end', () => {
  it('watch add, list and remove change what the channel watches, as the members see it', async () => {
    await boot();
    const added = await fake.sendInteraction({ query: 'watch add alipay', channelId: WATCHING, permissions: '16' });
    expect(added.callbacks[0]!.body.data?.flags).toBe(0);
    expect(answer(added)).toContain('Alipay');

    const refused = await fake.sendInteraction({ query: 'watch add wechat-pay', channelId: WATCHING, permissions: '0' });
    expect(answer(refused)).toMatch(/Manage Channels/);

    const list = await fake.sendInteraction({ query: 'watch list', channelId: WATCHING });
    expect(list.callbacks[0]!.body.data?.flags).toBe(64);
    expect(answer(list)).toContain('Alipay (alipay)');
    expect(answer(list)).not.toContain('wechat-pay');

    const completions = await fake.sendInteraction({ query: 'watch remove ali', channelId: WATCHING, type: 4 });
    expect(completions.callbacks[0]!.body.data?.choices).toContainEqual(expect.objectContaining({ value: 'watch remove alipay' }));

    await fake.sendInteraction({ query: 'watch remove alipay', channelId: WATCHING, permissions: '16' });
    expect(answer(await fake.sendInteraction({ query: 'watch list', channelId: WATCHING }))).toContain('Nothing yet');
  });

  it('an alert reaches exactly the watching channel, once, across cycles and a restart', async () => {
    const { app } = await boot();
    await fake.sendInteraction({ query: 'watch add alipay', channelId: WATCHING, permissions: '16' });
    await app.runCycle(); // first poll: the feed's existing items are recorded without alerting

    feeds.setRoute('/feed.xml', { body: rss([QUIET_ITEM, ALIPAY_ITEM]) });
    await app.runCycle();
    expect(postsTo(WATCHING)).toHaveLength(1);
    expect(postsTo(QUIET)).toHaveLength(0);
    const embed = postsTo(WATCHING)[0]!.body.embeds![0]!;
    expect(embed.title).toContain('Alipay');
    expect(postsTo(WATCHING)[0]!.body.allowed_mentions).toEqual({ parse: [] });

    await app.runCycle();
    expect(postsTo(WATCHING)).toHaveLength(1);

    await shutdown();
    const restarted = await boot();
    expect(fake.gateway.identifies).toBe(2);
    await restarted.app.runCycle();
    expect(fake.messages).toHaveLength(1);
  });
});
