// The Slack contract from outside: the bot started as a user starts it (`sanctions-watch start`
// with environment variables only), driven by signed slash commands over HTTP, posting to a fake
// Slack Web API, polling a feed served on 127.0.0.1 on a six-field (seconds) cron schedule; and
// killed at the worst moment, then started again on its database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killStartedBots, pollingEnv, startBotProcess, type BotProcess } from '../fakes/bot-process.ts';
import { createFakeSlack, parsedSlackText, signedCommand, type FakeSlack } from '../fakes/fake-slack.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss, type BuildItem } from '../fixtures/build-feed.ts';

const SECRET = 'process-signing-secret';
const QUIET: BuildItem = { guid: 'p-quiet', title: 'Harbour traffic steady', link: 'https://wire.example/p-quiet', description: 'Nothing new.' };
const ALIPAY: BuildItem = {
  guid: 'p-alipay',
  title: 'Executive order bars transactions with Alipay <!channel> <@U999>',
  link: 'https://wire.example/p-alipay',
  description: 'The President signed an executive order prohibiting transactions with the developers of Alipay and seven other apps.',
};
const WECHAT_PAY: BuildItem = {
  guid: 'p-wechat-pay',
  title: 'Executive order bars transactions with WeChat Pay',
  link: 'https://wire.example/p-wechat-pay',
  description: 'The President signed an executive order prohibiting transactions with the developers of WeChat Pay.',
};

let slack: FakeSlack;
let feeds: FakeFeedServer;
let dir: string;
let bot: BotProcess;
let port: number;

/** `sanctions-watch start` on `database` (under the test directory), polling /feed.xml every second. */
async function startBot(database: string): Promise<BotProcess> {
  return startBotProcess({
    SLACK_BOT_TOKEN: 'xoxb-process',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    ...pollingEnv(feeds.url('/feed.xml'), join(dir, database)),
  });
}

async function command(text: string, channel: string, n: number) {
  const signed = signedCommand({ signingSecret: SECRET, text, channel_id: channel, user_id: 'U0001', team_id: 'T0001', response_url: slack.responseUrl(`r${n}`) });
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: signed.body, headers: signed.headers });
  expect(res.status).toBe(200);
  const responses = await slack.waitForResponses(n, 10_000);
  return JSON.stringify(responses[n - 1]);
}

beforeAll(async () => {
  slack = await createFakeSlack();
  feeds = await createFakeFeedServer();
  feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
  dir = mkdtempSync(join(tmpdir(), 'sw-proc-'));
  port = await freePort();
  bot = await startBot('bot.db');
}, 30_000);

afterAll(async () => {
  await killStartedBots();
  await slack.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sanctions-watch start on Slack, driven from outside', () => {
  it('answers a lookup, takes a watchlist, posts one escaped alert to the watching channel only, and stops on SIGTERM', async () => {
    expect(await command('alipay', 'C0LOOK', 1)).toContain('13971');
    // The Slack HTTP server also answers the operator's /healthz and /metrics.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', feeds: { total: 1, failing: 0 } });
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(/^sanctions_watch_cycle_duration_seconds_count \d+$/m);
    expect(await command('watch add alipay', 'C0WATCH', 2)).toContain('Alipay');

    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [ALIPAY, QUIET]) });
    const posts = await slack.waitForCalls('chat.postMessage', 1, 15_000);
    // Three more cycles run (read from the bot's own log): still exactly one post.
    await bot.logged(/ cycle: /, bot.cycles() + 3);
    const all = slack.callsTo('chat.postMessage');
    expect(all).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('C0WATCH');
    const payload = JSON.stringify(posts[0]?.args.blocks);
    expect(payload).toContain('Alipay');
    expect(parsedSlackText(posts[0]!.args)).not.toContain('<!channel>');
    expect(parsedSlackText(posts[0]!.args)).not.toContain('<@U999>');

    expect(await bot.stop()).toBe(0);
  }, 40_000);

  it('after a crash between Slack accepting an alert and the bot recording it, does not post it again', async () => {
    // A fresh database; the first test has stopped its bot, so the port is free again.
    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [QUIET]) });
    const first = await startBot('crash.db');
    expect(await command('watch add wechat-pay', 'C0CRASH', 3)).toContain('WeChat Pay');

    // The post takes effect (the message is in the channel) but is never answered; the bot dies.
    slack.failNext('chat.postMessage', { acceptThenHang: true });
    const postsBefore = slack.callsTo('chat.postMessage').length;
    feeds.setRoute('/feed.xml', { body: buildRss('Process Wire', [WECHAT_PAY, QUIET]) });
    await slack.waitForCalls('chat.postMessage', postsBefore + 1, 15_000);
    await first.kill();
    expect(slack.channels.get('C0CRASH')).toHaveLength(1);

    const second = await startBot('crash.db');
    await second.logged(/was being sent when the bot stopped/, 1, 15_000);
    await second.logged(/was already in C0CRASH/, 1, 15_000);
    // More cycles and dispatches run: still the one message, and no second post was tried.
    await second.logged(/ cycle: /, second.cycles() + 2);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(postsBefore + 1);
    expect(slack.channels.get('C0CRASH')).toHaveLength(1);
    expect(JSON.stringify(slack.channels.get('C0CRASH')![0]!.blocks)).toContain('WeChat Pay');
    expect(await second.stop()).toBe(0);
  }, 60_000);
});
