// The whole bot on Slack: the real app (store, cycle, dispatcher, commands) with the Slack adapter
// and the real Bolt app, against the fake Slack and a local feed server. Commands are signed
// exactly as Slack signs them; replies are read where Slack would show them (response_url).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeSlack, parsedSlackText, signedCommand, type FakeSlack, type FakeSlackResponse } from '../fakes/fake-slack.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss } from '../fixtures/build-feed.ts';

const SECRET = 'e2e-signing-secret';
const TEAM = 'T0001';
const WATCHING = 'C0WATCH';
const QUIET = 'C0QUIET';
const ADMIN = 'U0ADMIN';
const NOW = Date.parse('2025-03-10T12:00:00Z');

const rss = (items: Array<{ guid: string; title: string; description: string }>) =>
  buildRss('Trade Desk', items.map((i) => ({ ...i, link: `https://news.example/${i.guid}`, date: new Date(NOW - 3_600_000).toISOString() })));

const QUIET_ITEM = { guid: 'q1', title: 'Port traffic rises in March', description: 'Container volumes grew.' };
const ALIPAY_ITEM = {
  guid: 'a2',
  title: 'Commerce prohibits transactions with Alipay under EO 13971 <!channel>',
  description: 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.',
};

let fake: FakeSlack;
let feeds: FakeFeedServer;
let dir: string;
let running: { app: App; adapter: SlackAdapter } | undefined;
let responseCounter = 0;

async function boot(): Promise<{ app: App; adapter: SlackAdapter }> {
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.db'),
    FEED_URLS: feeds.url('/feed.xml'),
    ALLOW_PRIVATE_FEEDS: 'true',
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ADMIN_USER_IDS: ADMIN,
    PORT: '0',
  });
  const adapter = createSlackAdapter({
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    host: '127.0.0.1',
    adminUserIds: config.SLACK_ADMIN_USER_IDS,
    log: silentLogger,
  });
  const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => NOW });
  // The adapter is started directly (not app.start()) so no cron schedule runs during the test.
  await adapter.start(app.handleCommand);
  running = { app, adapter };
  return running;
}

async function shutdown(): Promise<void> {
  await running?.app.stop();
  running = undefined;
}

/** Sends a signed `/sanctions <text>` and returns what the user sees through response_url. */
async function slash(text: string, options: { channel?: string; user?: string } = {}): Promise<FakeSlackResponse> {
  responseCounter += 1;
  const id = `r${responseCounter}`;
  const request = signedCommand({
    signingSecret: SECRET,
    text,
    channel_id: options.channel ?? WATCHING,
    user_id: options.user ?? ADMIN,
    team_id: TEAM,
    response_url: fake.responseUrl(id),
  });
  const before = fake.responses.length;
  const res = await fetch(`http://127.0.0.1:${running!.adapter.port}/slack/events`, { method: 'POST', body: request.body, headers: request.headers });
  expect(res.status).toBe(200);
  const responses = await fake.waitForResponses(before + 1);
  const response = responses.find((r) => r.id === id);
  if (!response) throw new Error(`no response_url post for ${id}`);
  return response;
}

const shown = (r: FakeSlackResponse) => JSON.stringify(r.body.blocks);
const postsTo = (channel: string) => fake.channels.get(channel) ?? [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanctions-watch-slack-'));
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: rss([QUIET_ITEM]) });
  fake = await createFakeSlack({ teamId: TEAM });
  responseCounter = 0;
});

afterEach(async () => {
  await shutdown();
  await fake.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Slack end to end', () => {
  it('watch add, list and remove change what the channel watches; non-admins are refused; typos get suggestions', async () => {
    await boot();
    const added = await slash('watch add alipay');
    expect(added.body.response_type).toBe('in_channel');
    expect(shown(added)).toContain('Alipay');

    const refused = await slash('watch add wechat-pay', { user: 'U0OTHER' });
    expect(refused.body.response_type).toBe('ephemeral');
    expect(shown(refused)).toMatch(/admins/);

    const typo = await slash('watch add alipy');
    expect(typo.body.response_type).toBe('ephemeral');
    expect(shown(typo)).toContain('Did you mean');
    expect(shown(typo)).toContain('Alipay (alipay)');

    const list = await slash('watch list', { user: 'U0OTHER' });
    expect(list.body.response_type).toBe('ephemeral');
    expect(shown(list)).toContain('Alipay (alipay)');
    expect(shown(list)).not.toContain('wechat-pay');

    await slash('watch remove alipay');
    expect(shown(await slash('watch list'))).toContain('Nothing yet');
  });

  it('an alert reaches exactly the watching channel, once, across cycles and a restart', async () => {
    const { app } = await boot();
    await slash('watch add alipay');
    await app.runCycle(); // first poll: the feed's existing items are recorded without alerting
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);

    feeds.setRoute('/feed.xml', { body: rss([QUIET_ITEM, ALIPAY_ITEM]) });
    await app.runCycle();
    expect(postsTo(WATCHING)).toHaveLength(1);
    expect(postsTo(QUIET)).toHaveLength(0);
    const posted = fake.callsTo('chat.postMessage')[0]!;
    const blocks = JSON.stringify(posted.args.blocks);
    expect(blocks).toContain('Alipay');
    expect(parsedSlackText(posted.args)).not.toContain('<!channel>');
    expect(posted.args.metadata).toMatchObject({ event_type: 'sanctions_alert' });

    await app.runCycle();
    expect(postsTo(WATCHING)).toHaveLength(1);

    await shutdown();
    const restarted = await boot();
    await restarted.app.runCycle();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(postsTo(WATCHING)).toHaveLength(1);
  });
});
