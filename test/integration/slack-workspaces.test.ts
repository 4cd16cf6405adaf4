// Feeds belong to someone: two Slack workspaces installed through OAuth share one bot (real Bolt
// app, real store and cycle) against the fake Slack and a local feed server. A feed one workspace
// adds alerts only its channels; turning an operator feed off, or removing a feed, in one
// workspace changes nothing for the other; those choices survive a restart; and without
// SLACK_ADMIN_USER_IDS only a workspace admin or owner may change feeds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createSqliteStore } from '../../src/store/test-helpers.ts';
import { createFakeSlack, signedCommand, type FakeSlack, type FakeSlackResponse } from '../fakes/fake-slack.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../fakes/feed-server.ts';
import { buildRss, type BuildItem } from '../fixtures/build-feed.ts';

const SECRET = 'workspaces-signing-secret';
const NOW = Date.parse('2025-03-10T12:00:00Z');
const A = { team: 'T000A', channel: 'C0A', admin: 'UA_ADMIN', member: 'UA_MEMBER', token: 'xoxb-team-a' };
const B = { team: 'T000B', channel: 'C0B', admin: 'UB_OWNER', member: 'UB_MEMBER', token: 'xoxb-team-b' };

const item = (guid: string, title: string, description: string): BuildItem => ({ guid, title, description, link: `https://news.example/${guid}`, date: new Date(NOW - 3_600_000).toISOString() });
const QUIET = item('q1', 'Port traffic rises in March', 'Container volumes grew.');
const ALIPAY = item('a1', 'Commerce prohibits transactions with Alipay under EO 13971', 'The Commerce Department identified prohibited transactions with Alipay, the Ant Group payment app, under Executive Order 13971.');
const TIKTOK = item('t1', 'Judge blocks Commerce ban on TikTok downloads', 'A federal judge granted TikTok a preliminary injunction against the app store ban.');
const TIKTOK_2 = item('t2', 'Appeals court hears TikTok divestiture challenge', 'ByteDance asked an appeals court to set aside the divestiture order against TikTok.');

let fake: FakeSlack;
let feeds: FakeFeedServer;
let dir: string;
let running: { app: App; adapter: SlackAdapter } | undefined;
let n = 0;

async function boot(): Promise<{ app: App; adapter: SlackAdapter }> {
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bot.db'),
    FEED_URLS: feeds.url('/operator.xml'),
    ALLOW_PRIVATE_FEEDS: 'true',
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_CLIENT_ID: '123.456',
    SLACK_CLIENT_SECRET: 'shh',
    SLACK_STATE_SECRET: 'state-secret',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  });
  const store = createSqliteStore(config.DATABASE_PATH);
  for (const w of [A, B]) {
    store.kv.set(`slack:installation:team:${w.team}`, JSON.stringify({ team: { id: w.team }, user: { id: w.admin }, bot: { token: w.token, id: `B${w.team}`, userId: `U${w.team}BOT`, scopes: [] }, isEnterpriseInstall: false }));
  }
  const adapter = createSlackAdapter({
    signingSecret: SECRET,
    apiUrl: config.SLACK_API_URL,
    port: 0,
    host: '127.0.0.1',
    adminUserIds: config.SLACK_ADMIN_USER_IDS,
    log: silentLogger,
    oauth: { clientId: '123.456', clientSecret: 'shh', stateSecret: 'state-secret', store: store.kv },
  });
  const app = createApp({ config, adapters: [adapter], log: silentLogger, now: () => NOW, store });
  await adapter.start(app.handleCommand);
  running = { app, adapter };
  return running;
}

async function shutdown(): Promise<void> {
  await running?.app.stop();
  running = undefined;
}

/** `/sanctions <text>` from a user of a workspace; returns what the user sees (response_url). */
async function slash(w: typeof A, text: string, user = w.admin): Promise<string> {
  const id = `r${++n}`;
  const request = signedCommand({ signingSecret: SECRET, text, channel_id: w.channel, user_id: user, team_id: w.team, response_url: fake.responseUrl(id) });
  const before = fake.responses.length;
  const res = await fetch(`http://127.0.0.1:${running!.adapter.port}/slack/events`, { method: 'POST', body: request.body, headers: request.headers });
  expect(res.status).toBe(200);
  const response = (await fake.waitForResponses(before + 1)).find((r: FakeSlackResponse) => r.id === id);
  return JSON.stringify(response?.body);
}
const titlesIn = (channel: string) => (fake.channels.get(channel) ?? []).map((m) => String(m.text));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanctions-watch-workspaces-'));
  feeds = await createFakeFeedServer();
  feeds.setRoute('/operator.xml', { body: buildRss('Operator wire', [QUIET]) });
  feeds.setRoute('/a-only.xml', { body: buildRss('Workspace A wire', [QUIET]) });
  fake = await createFakeSlack();
  fake.users.set(A.admin, { is_admin: true });
  fake.users.set(B.admin, { is_owner: true });
  n = 0;
});

afterEach(async () => {
  await shutdown();
  await fake.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feeds per workspace (Slack OAuth, two workspaces)', () => {
  it("a workspace's feed alerts only its channels, and turning an operator feed off in one workspace leaves the other alone, across a restart", async () => {
    const { app } = await boot();
    const aOnly = feeds.url('/a-only.xml');

    // Without SLACK_ADMIN_USER_IDS, a plain member may not change feeds; the check used A's own token.
    const refused = await slash(A, `feeds add ${aOnly}`, A.member);
    expect(refused).toMatch(/workspace admin or owner/);
    // The variable's name is shown as code, so it can be copied exactly.
    expect(refused).toContain('{"type":"text","text":"SLACK_ADMIN_USER_IDS","style":{"code":true}}');
    const check = fake.callsTo('users.info').at(-1)!;
    expect(check.headers.authorization).toBe(`Bearer ${A.token}`);
    expect(app.store.getFeed(aOnly)).toBeUndefined();

    await slash(A, 'watch add alipay tiktok');
    await slash(B, 'watch add alipay tiktok');
    expect(await slash(A, `feeds add ${aOnly}`)).toMatch(/Feed added/);
    // B does not see A's feed; both see the operator's.
    const listB = await slash(B, 'feeds');
    expect(listB).not.toContain('a-only');
    expect(listB).toMatch(/1\. Operator wire|1\. 127\.0\.0\.1/);
    expect(await slash(B, 'feeds remove 1')).toMatch(/Feed turned off.*other workspaces keep it/);

    await app.runCycle(); // first polls record what the feeds hold, without alerting
    feeds.setRoute('/operator.xml', { body: buildRss('Operator wire', [QUIET, ALIPAY]) });
    feeds.setRoute('/a-only.xml', { body: buildRss('Workspace A wire', [QUIET, TIKTOK]) });
    await app.runCycle();

    expect(titlesIn(A.channel).join('\n')).toMatch(/Alipay[\s\S]*TikTok|TikTok[\s\S]*Alipay/);
    expect(titlesIn(A.channel)).toHaveLength(2);
    expect(titlesIn(B.channel)).toEqual([]);
    expect(fake.callsTo('chat.postMessage').every((c) => c.headers.authorization === `Bearer ${A.token}`)).toBe(true);

    // After a restart: B's choice holds, and B adding then removing A's URL does not touch A.
    await shutdown();
    await boot();
    expect(await slash(B, 'feeds')).toMatch(/off in this workspace/);
    expect(await slash(A, 'feeds')).not.toMatch(/off in this workspace/);
    expect(await slash(B, `feeds add ${aOnly}`)).toMatch(/Feed added/);
    expect(await slash(B, `feeds remove ${aOnly}`)).toMatch(/Feed removed/);
    feeds.setRoute('/a-only.xml', { body: buildRss('Workspace A wire', [QUIET, TIKTOK, TIKTOK_2]) });
    await running!.app.runCycle();
    expect(titlesIn(A.channel)).toHaveLength(3);
    expect(titlesIn(A.channel).at(-1)).toMatch(/Appeals court hears TikTok/);
    expect(titlesIn(B.channel)).toEqual([]);
  });
});
