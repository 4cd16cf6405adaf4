// What a channel sees, against the fake Slack and Discord: `watch add` answers with what is already
// known (and sends no alert for it), digest mode holds lower alerts and posts them once at the
// channel's time in its zone (the clock is injected, across a DST change and a restart), and
// mentions name a Slack user group or a Discord role.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeDiscord, type FakeDiscord, type InteractionOutcome } from '../fakes/fake-discord.ts';
import { createFakeSlack, parsedSlackText, signedCommand, type FakeSlack, type FakeSlackResponse } from '../fakes/fake-slack.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss } from '../fixtures/build-feed.ts';

type Item = { guid: string; title: string; description: string; date: string };
const item = (guid: string, title: string, description: string, date: string): Item => ({ guid, title, description, date });

// Severities as the classifier rates them: the ban and the court block high, the others low or medium.
const BAN = item('ban', 'Commerce prohibits transactions with Alipay under EO 13971', 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.', '2026-03-27T09:00:00Z');
const BAN_REWRITE = item('ban-2', 'Commerce prohibits transactions with Alipay under EO 13971, department says', 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.', '2026-03-27T09:30:00Z');
const LETTER = item('letter', 'Senators question Alipay over data handling in letter', "Two senators sent a letter asking Alipay how it stores American users' payment data.", '2026-03-27T11:00:00Z');
const INQUIRY = item('inquiry', 'House committee opens inquiry into Alipay data practices', 'The House committee opened an investigation into how Alipay shares user data.', '2026-03-28T12:00:00Z');
const COURT = item('court', 'Court blocks Alipay ban pending appeal', 'A federal judge blocked the Alipay ban, issuing a preliminary injunction.', '2026-03-27T11:00:00Z');

const rss = (outlet: string, items: Item[]) => buildRss(outlet, items.map((i) => ({ ...i, link: `https://news.example/${i.guid}` })));

let feeds: FakeFeedServer;
let dir: string;
let clock = 0;
const at = (iso: string) => (clock = Date.parse(iso));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanctions-watch-channel-'));
  feeds = await createFakeFeedServer();
  feeds.setRoute('/wire.xml', { body: rss('Wire', [BAN]) });
  feeds.setRoute('/daily.xml', { body: rss('Daily', []) });
  at('2026-03-27T10:00:00Z'); // a Friday; Berlin is on CET (UTC+1) until Sunday 29 March
});

afterEach(async () => {
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

const baseEnv = () => ({
  DATABASE_PATH: join(dir, 'bot.db'),
  FEED_URLS: `${feeds.url('/wire.xml')},${feeds.url('/daily.xml')}`,
  ALLOW_PRIVATE_FEEDS: 'true',
  LOG_LEVEL: 'silent',
});

describe('on Slack', () => {
  const SECRET = 'channel-secret';
  const TEAM = 'T0001';
  const CHANNEL = 'C0WATCH';
  let fake: FakeSlack;
  let running: { app: App; adapter: SlackAdapter } | undefined;
  let counter = 0;

  async function boot() {
    const config = loadConfig({ ...baseEnv(), SLACK_BOT_TOKEN: 'xoxb-c', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    const adapter = createSlackAdapter({ botToken: 'xoxb-c', signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1', adminUserIds: [], log: silentLogger });
    const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => clock });
    await adapter.start(app.handleCommand);
    running = { app, adapter };
    return app;
  }
  async function shutdown() {
    await running?.app.stop();
    running = undefined;
  }
  async function slash(text: string, asSent = false): Promise<FakeSlackResponse> {
    const id = `r${++counter}`;
    const request = signedCommand({ signingSecret: SECRET, text, asSent, channel_id: CHANNEL, user_id: 'U0ADMIN', team_id: TEAM, response_url: fake.responseUrl(id) });
    const before = fake.responses.length;
    await fetch(`http://127.0.0.1:${running!.adapter.port}/slack/events`, { method: 'POST', body: request.body, headers: request.headers });
    const response = (await fake.waitForResponses(before + 1)).find((r) => r.id === id);
    if (!response) throw new Error(`no answer to ${text}`);
    return response;
  }
  const shown = (r: FakeSlackResponse) => JSON.stringify(r.body.blocks);
  const posts = () => fake.channels.get(CHANNEL) ?? [];

  beforeEach(async () => {
    fake = await createFakeSlack({ teamId: TEAM });
  });
  afterEach(async () => {
    await shutdown();
    await fake.close();
  });

  it('watch add answers with the current status and the latest stories, and alerts on none of them', async () => {
    const app = await boot();
    await app.runCycle(); // the ban is recorded (first poll, no alert) and becomes a story
    const added = await slash('watch add alipay');
    expect(added.body.response_type).toBe('in_channel');
    expect(shown(added)).toContain('Current status');
    // Alipay's status line from the catalog: the order that named it was revoked.
    expect(shown(added)).toMatch(/Alipay \(as of \d{4}-\d\d-\d\d\): No US restriction in force/);
    expect(shown(added)).toContain('Latest 1 story');
    expect(shown(added)).toContain('2026-03-27 · HIGH · Ban: Commerce prohibits transactions with Alipay under EO 13971 (1 source)');
    expect(shown(added)).toContain('This channel now watches 1 entity.');
    await app.runCycle();
    expect(posts()).toHaveLength(0);

    // Another outlet retells the story the channel was just shown: more sources, not a new alert.
    feeds.setRoute('/daily.xml', { body: rss('Daily', [BAN_REWRITE]) });
    await app.runCycle();
    expect(app.store.outboxOfChannel(`slack:${TEAM}:${CHANNEL}`).map((r) => r.kind)).toEqual(['follow-up']);
    at('2026-03-27T10:31:00Z'); // follow-ups wait out FOLLOW_UP_MINUTES from the backfill
    await app.dispatch();
    expect(posts()).toHaveLength(1);
    expect(parsedSlackText(posts()[0]!)).toMatch(/^1 more source on: Commerce prohibits/);
  });

  it('a daily digest holds low alerts and posts them once at 09:00 Berlin time, across a restart and the DST change', async () => {
    let app = await boot();
    await app.runCycle(); // both feeds' current items recorded without alerting
    await slash('watch add alipay');
    const set = await slash('settings digest daily 09:00 europe/berlin');
    expect(shown(set)).toContain('Digest daily at 09:00 (Europe/Berlin); the first one 2026-03-28 09:00.');
    expect(shown(set)).toContain('high-severity alerts go out at once; lower ones wait for the digest');
    const settings = await slash('settings');
    expect(settings.body.response_type).toBe('ephemeral');
    expect(shown(settings)).toContain('Digest: daily at 09:00 (Europe/Berlin); next 2026-03-28 09:00');

    at('2026-03-27T11:30:00Z');
    feeds.setRoute('/wire.xml', { body: rss('Wire', [BAN, LETTER, COURT]) });
    feeds.setRoute('/daily.xml', { body: rss('Daily', [{ ...LETTER, guid: 'letter-2', title: 'Senators question Alipay over data handling in a letter' }]) });
    await app.runCycle();
    // The court ruling is high: it goes out at once. The letter (two outlets) waits.
    expect(posts()).toHaveLength(1);
    expect(parsedSlackText(posts()[0]!)).toContain('Court blocks Alipay ban');

    at('2026-03-28T07:59:00Z'); // 08:59 in Berlin
    await app.runDigests();
    expect(posts()).toHaveLength(1);

    at('2026-03-28T08:00:00Z'); // 09:00 in Berlin
    await app.runDigests();
    expect(posts()).toHaveLength(2);
    const digest = posts()[1]!;
    expect(digest.text).toContain('Daily digest: 1 story, 2 alerts');
    expect(JSON.stringify(digest.blocks)).toContain('Senators question Alipay over data handling in');
    expect(JSON.stringify(digest.blocks)).toMatch(/Company news · Alipay · 2 reports \((Daily, Wire|Wire, Daily)\) · 2026-03-27/);
    await app.runDigests();
    await app.runCycle();
    expect(posts()).toHaveLength(2);

    // A restart at the same minute neither loses nor repeats the digest.
    await shutdown();
    app = await boot();
    await app.runDigests();
    await app.runCycle();
    expect(posts()).toHaveLength(2);

    // Sunday's 09:00 is 07:00 UTC: Berlin moved to summer time in the night.
    at('2026-03-28T12:30:00Z');
    feeds.setRoute('/daily.xml', { body: rss('Daily', [INQUIRY]) });
    await app.runCycle();
    expect(posts()).toHaveLength(2);
    at('2026-03-29T06:59:00Z');
    await app.runDigests();
    expect(posts()).toHaveLength(2);
    at('2026-03-29T07:00:00Z');
    await app.runDigests();
    expect(posts()).toHaveLength(3);
    expect(posts()[2]!.text).toContain('Daily digest: 1 story, 1 alert');
    expect(JSON.stringify(posts()[2]!.blocks)).toContain('House committee opens inquiry into Alipay');
  });

  it('a digest missed while the bot was down is posted once when it starts again', async () => {
    let app = await boot();
    await app.runCycle();
    await slash('watch add alipay');
    await slash('settings digest weekly mon 09:00 Europe/Berlin');
    at('2026-03-27T11:30:00Z');
    feeds.setRoute('/wire.xml', { body: rss('Wire', [BAN, LETTER]) });
    await app.runCycle();
    expect(posts()).toHaveLength(0);
    await shutdown();
    at('2026-03-30T09:30:00Z'); // Monday, 11:30 in Berlin: the 09:00 digest was missed
    app = await boot();
    await app.runCycle();
    await app.runCycle();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.text).toContain('Weekly digest: 1 story, 1 alert');
  });

  it('settings mention takes a user group as Slack sends it, and high alerts mention it', async () => {
    const app = await boot();
    await app.runCycle();
    await slash('watch add alipay');
    // With should_escape (manifest), Slack sends a picked group in its own syntax.
    const mention = await slash('settings mention <!subteam^S0COMPLY|@compliance> high', true);
    expect(mention.body.response_type).toBe('in_channel');
    expect(shown(mention)).toContain('High-severity alerts will mention @compliance.');
    expect(shown(await slash('settings'))).toContain('Mentions @compliance on high-severity alerts');
    feeds.setRoute('/wire.xml', { body: rss('Wire', [BAN, COURT]) });
    await app.runCycle();
    expect(parsedSlackText(posts()[0]!)).toContain('<!subteam^S0COMPLY>');
  });

  it('settings alone shows the settings; an unknown setting lists the real ones; a plain @name is explained', async () => {
    await boot();
    const settings = await slash('settings');
    expect(shown(settings)).toContain('Minimum severity: low (every alert)');
    expect(shown(settings)).toContain('Digest: off');
    const unknown = await slash('settings colour red');
    expect(shown(unknown)).toContain('settings digest daily 09:00 Europe/Berlin');
    const plain = await slash('settings mention @compliance high');
    expect(plain.body.response_type).toBe('ephemeral');
    expect(shown(plain)).toContain('No user group called');
    expect(shown(plain)).toContain('pick the group');
  });
});

describe('on Discord', () => {
  const GUILD = '400000000000000001';
  const CHANNEL = '400000000000000011';
  const ROLE = '400000000000000077';
  let fake: FakeDiscord;
  let running: { app: App; adapter: DiscordAdapter } | undefined;

  async function boot() {
    const config = loadConfig({ ...baseEnv(), DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl });
    const adapter = createDiscordAdapter({ token: fake.token, applicationId: fake.applicationId, guildId: GUILD, apiUrl: fake.apiUrl, managePermission: 'ManageChannels', log: silentLogger });
    const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => clock });
    await adapter.start(app.handleCommand);
    running = { app, adapter };
    return app;
  }
  const answer = (o: InteractionOutcome) => JSON.stringify(o.webhooks.filter((w) => w.method !== 'DELETE').map((w) => w.body));
  const command = (query: string) => fake.sendInteraction({ query, channelId: CHANNEL, permissions: '16' });
  const posts = () => fake.messages.filter((m) => m.channelId === CHANNEL);

  beforeEach(async () => {
    fake = await createFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'sanctions' }], roles: [{ id: ROLE, name: 'Compliance' }] }] });
  });
  afterEach(async () => {
    await running?.app.stop();
    running = undefined;
    await fake.close();
  });

  it('watch add answers with the backfill; a role is named; a digest posts once at its time', async () => {
    const app = await boot();
    await app.runCycle();
    const added = await command('watch add alipay');
    expect(answer(added)).toContain('Latest 1 story');
    expect(answer(added)).toContain('HIGH · Ban: Commerce prohibits transactions with Alipay under EO 13971 (1 source)');

    const mention = await command('settings mention @compliance high');
    expect(answer(mention)).toContain('High-severity alerts will mention @Compliance.');
    await command('settings digest daily 09:00 Europe/Berlin');

    at('2026-03-27T11:30:00Z');
    feeds.setRoute('/wire.xml', { body: rss('Wire', [BAN, LETTER, COURT]) });
    await app.runCycle();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body.content).toBe(`<@&${ROLE}>`);
    expect(posts()[0]!.body.allowed_mentions).toEqual({ roles: [ROLE] });

    at('2026-03-28T08:00:00Z');
    await app.runDigests();
    await app.runDigests();
    expect(posts()).toHaveLength(2);
    const embed = posts()[1]!.body.embeds![0]!;
    expect(embed.title).toBe('🗞️ Daily digest · 1 story');
    expect(embed.description).toContain('Senators question Alipay over data handling in letter');
    expect(posts()[1]!.body.content).toBeUndefined();
  });
});
