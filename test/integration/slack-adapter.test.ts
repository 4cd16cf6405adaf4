// The real Bolt app and WebClient, driven through the Slack adapter, against the fake Slack on
// 127.0.0.1. Commands are signed exactly as Slack signs them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackAdapter, SlackConfigError, type KeyValueStore, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.ts';
import { createLogger } from '../../src/log.ts';
import type { Alert, CommandInput, Reply } from '../../src/model.ts';
import { createFakeSlack, parsedSlackText, signedCommand, type FakeSlack } from '../fakes/fake-slack.ts';
import { deliver } from '../../src/dispatch/dispatch-outbox.ts';

const SECRET = 'test-signing-secret';
const CHANNEL = { platform: 'slack' as const, id: 'C0001', workspace: 'T0001' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(overrides: Partial<SlackAdapterOptions> = {}, onCommand?: (input: CommandInput) => Promise<Reply>) {
  const fake = await createFakeSlack();
  cleanups.push(() => fake.close());
  const logLines: string[] = [];
  const inputs: CommandInput[] = [];
  const adapter: SlackAdapter = createSlackAdapter({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    adminUserIds: [],
    log: createLogger('debug', (l) => logLines.push(l)),
    retryConfig: { retries: 0 },
    ...overrides,
  });
  await adapter.start(async (input) => {
    inputs.push(input);
    if (onCommand) return onCommand(input);
    return { visibility: 'ephemeral', title: `Alipay: named in EO 13971`, sections: [{ heading: 'Timeline', lines: ['2021-01-05 EO 13971 signed'] }] };
  });
  cleanups.push(() => adapter.stop());
  return { fake, adapter, logLines, inputs };
}

async function postCommand(adapter: SlackAdapter, request: { body: string; headers: Record<string, string> }) {
  return fetch(`http://127.0.0.1:${adapter.port}/slack/events`, { method: 'POST', body: request.body, headers: request.headers });
}

function command(fake: FakeSlack, text: string, extra: { timestamp?: number; user_id?: string; id?: string } = {}) {
  return signedCommand({
    signingSecret: SECRET,
    text,
    channel_id: 'C0001',
    user_id: extra.user_id ?? 'U0001',
    team_id: 'T0001',
    response_url: fake.responseUrl(extra.id ?? 'r1'),
    ...(extra.timestamp ? { timestamp: extra.timestamp } : {}),
  });
}

function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    kind: 'new',
    storyId: 'story-1',
    title: 'Executive Order 13971 targets Alipay',
    link: 'https://www.federalregister.gov/d/2021-00305',
    source: 'Federal Register',
    publishedAt: '2021-01-08T00:00:00Z',
    summary: 'The order bars transactions with Alipay, WeChat Pay and six other apps.',
    entities: [{ id: 'alipay', name: 'Alipay' }],
    category: 'executive-order',
    severity: 'high',
    matches: [{ entityId: 'alipay', matched: 'Alipay', field: 'title', weak: false }],
    citation: 'EO 13971',
    official: true,
    previousAttempts: 0,
    ...overrides,
  };
}

describe('Slack adapter: slash commands over HTTP', () => {
  it('acks a signed /sanctions alipay with 200 before the command finishes, then answers through response_url', async () => {
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const { fake, adapter, inputs } = await setup({}, async () => {
      await held; // the command is still running when Slack's 3-second clock matters
      return { visibility: 'ephemeral', title: 'Alipay: named in EO 13971', sections: [] };
    });
    const started = performance.now();
    const res = await postCommand(adapter, command(fake, 'alipay'));
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(3000);
    expect(fake.responses).toHaveLength(0);
    finish();
    const [response] = await fake.waitForResponses(1);
    expect(response!.id).toBe('r1');
    expect(response!.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(response!.body.blocks)).toContain('EO 13971');
    expect(inputs[0]).toMatchObject({ platform: 'slack', text: 'alipay', channel: { id: 'C0001', workspace: 'T0001' }, user: { id: 'U0001' } });
  });

  it('posts watchlist changes in the channel and passes the admin decision and the typed text to the core', async () => {
    const { fake, adapter, inputs } = await setup({ adminUserIds: ['U0001'] }, async (input) => ({
      visibility: 'in_channel',
      title: `Watching ${input.text.split(' ').pop()}`,
      sections: [],
    }));
    expect((await postCommand(adapter, command(fake, 'watch add AT&T <x>'))).status).toBe(200);
    expect((await postCommand(adapter, command(fake, 'watch add eo-13971', { user_id: 'U0002', id: 'r2' }))).status).toBe(200);
    const responses = await fake.waitForResponses(2);
    expect(responses.map((r) => r.body.response_type)).toEqual(['in_channel', 'in_channel']);
    const byUser = Object.fromEntries(inputs.map((i) => [i.user.id, i]));
    expect(byUser.U0001).toMatchObject({ text: 'watch add AT&T <x>', canManage: true });
    expect(byUser.U0002).toMatchObject({ canManage: false });
    expect(byUser.U0002!.manageRefusal).toMatch(/admins/);
  });

  it('answers a command that throws with a short ephemeral apology and logs one line', async () => {
    const { fake, adapter, logLines } = await setup({}, async () => {
      throw new Error('database is locked');
    });
    expect((await postCommand(adapter, command(fake, 'watch list'))).status).toBe(200);
    const [response] = await fake.waitForResponses(1);
    expect(response!.body.response_type).toBe('ephemeral');
    const shown = JSON.stringify(response!.body);
    expect(shown).toContain('Sorry, that command failed');
    expect(shown).not.toContain('database is locked');
    expect(shown).not.toMatch(/at .*\.ts:\d+/);
    const errors = logLines.filter((l) => l.includes(' error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"watch list" in C0001 failed: database is locked');
  });

  it('rejects a forged signature and a 6-minute-old timestamp with 401, and a charset content type with 400', async () => {
    const { fake, adapter, inputs } = await setup();
    const forged = command(fake, 'alipay');
    forged.headers['x-slack-signature'] = 'v0=' + '0'.repeat(64);
    expect((await postCommand(adapter, forged)).status).toBe(401);
    const stale = command(fake, 'alipay', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect((await postCommand(adapter, stale)).status).toBe(401);
    const charset = command(fake, 'alipay');
    charset.headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    expect((await postCommand(adapter, charset)).status).toBe(400);
    expect(inputs).toHaveLength(0);
    expect(fake.responses).toHaveLength(0);
  });
});

describe('Slack adapter: sending alerts', () => {
  it('posts an alert with its id in metadata, no unfurls, and hostile feed text escaped', async () => {
    const { fake, adapter } = await setup();
    const hostile = 'Alipay <!channel> <@U123> <#C1> <http://evil.example|x> *bold* @here';
    const result = await adapter.send(CHANNEL, buildAlert({ title: hostile, summary: hostile, source: hostile }));
    expect(result.kind).toBe('delivered');
    const [call] = fake.callsTo('chat.postMessage');
    expect(call!.headers.authorization).toBe('Bearer xoxb-test');
    expect(call!.args).toMatchObject({
      channel: 'C0001',
      unfurl_links: 'false',
      unfurl_media: 'false',
      metadata: { event_type: 'sanctions_alert', event_payload: { alert_id: 'alert-1', story_id: 'story-1' } },
    });
    expect(call!.args.link_names).toBeUndefined();
    expect(call!.args.parse).toBeUndefined();
    // Where Slack parses text, nothing of the feed's is live; where a person reads it, it is as written.
    const parsed = parsedSlackText(call!.args);
    for (const forbidden of ['<!', '<@', '<#', '<http://evil']) expect(parsed).not.toContain(forbidden);
    expect(JSON.stringify(call!.args.blocks)).toContain(JSON.stringify(hostile));
    const mrkdwn = JSON.stringify(call!.args.blocks).match(/"type":"mrkdwn"[^}]*/g) ?? [];
    for (const object of mrkdwn) expect(object).toContain('"verbatim":true');
    expect(result).toEqual({ kind: 'delivered', messageRef: fake.channels.get('C0001')![0]!.ts });
  });

  it('returns retry with Retry-After on a 429 without sleeping, and the next send posts exactly once', async () => {
    const { fake, adapter } = await setup();
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = performance.now();
    const first = await adapter.send(CHANNEL, buildAlert());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(first).toEqual({ kind: 'retry', reason: 'rate limited by Slack (Retry-After 1s)', afterMs: 1000 });
    const second = await deliver(adapter, CHANNEL, buildAlert({ previousAttempts: 1 }));
    expect(second.kind).toBe('delivered');
    expect(fake.channels.get('C0001')).toHaveLength(1);
  });

  it('on a retry finds the earlier post of the same alert and does not post it twice', async () => {
    const { fake, adapter } = await setup();
    const first = await adapter.send(CHANNEL, buildAlert());
    await adapter.send(CHANNEL, buildAlert({ id: 'alert-2', storyId: 'story-2' }));
    const again = await deliver(adapter, CHANNEL, buildAlert({ previousAttempts: 2 }));
    expect(again).toEqual(first);
    expect(fake.channels.get('C0001')).toHaveLength(2);
    expect(fake.callsTo('conversations.history')[0]!.args).toMatchObject({ channel: 'C0001', include_all_metadata: 'true' });
  });

  it('threads a follow-up under the original alert, and finds it in the thread on a retry', async () => {
    const { fake, adapter } = await setup();
    const original = await adapter.send(CHANNEL, buildAlert());
    const replyTo = original.kind === 'delivered' ? original.messageRef : undefined;
    const followUp = buildAlert({ id: 'alert-3', kind: 'follow-up', replyTo, extraSources: [{ title: 'Reuters on Alipay', source: 'Reuters' }] });
    const posted = await adapter.send(CHANNEL, followUp);
    expect(fake.callsTo('chat.postMessage')[1]!.args.thread_ts).toBe(replyTo);
    const retried = await deliver(adapter, CHANNEL, { ...followUp, previousAttempts: 1 });
    expect(retried).toEqual(posted);
    expect(fake.callsTo('conversations.replies')).toHaveLength(1);
    expect(fake.channels.get('C0001')).toHaveLength(2);
  });

  it('reports a channel the bot is not in as channel-failed', async () => {
    const { fake, adapter } = await setup();
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    expect(await adapter.send(CHANNEL, buildAlert())).toEqual({ kind: 'channel-failed', reason: 'not_in_channel' });
  });

  it('reports a 500 as retry without retrying in-process (the outbox owns retries)', async () => {
    const { fake, adapter } = await setup({ retryConfig: undefined });
    fake.failNext('chat.postMessage', { status: 500 });
    expect(await adapter.send(CHANNEL, buildAlert())).toEqual({ kind: 'retry', reason: 'HTTP 500 from Slack' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('Slack adapter: start-up and modes', () => {
  it('refuses to start with a token Slack rejects, naming the variable to check', async () => {
    const fake = await createFakeSlack({ tokens: ['xoxb-good'] });
    cleanups.push(() => fake.close());
    const adapter = createSlackAdapter({ botToken: 'xoxb-bad', signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1', adminUserIds: [], log: createLogger('silent') });
    const failure = adapter.start(async () => ({ visibility: 'ephemeral', title: '', sections: [] }));
    await expect(failure).rejects.toThrow(SlackConfigError);
    await expect(failure).rejects.toThrow(/invalid_auth.*SLACK_BOT_TOKEN/);
    expect(adapter.port).toBeUndefined();
  });

  it('refuses options that cannot work', () => {
    const log = createLogger('silent');
    expect(() => createSlackAdapter({ botToken: 'xoxb-x', port: 0, adminUserIds: [], log })).toThrow(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/);
    expect(() => createSlackAdapter({ signingSecret: 's', port: 0, adminUserIds: [], log })).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('answers /sanctions over Socket Mode: acks on the socket and replies through response_url', async () => {
    const { fake, inputs } = await setup({ signingSecret: undefined, appToken: 'xapp-test' });
    const ack = await fake.sendSocketCommand({
      team_id: 'T0001', channel_id: 'C0001', user_id: 'U0001', user_name: 'alice', command: '/sanctions', text: 'alipay',
      response_url: fake.responseUrl('sock-1'), api_app_id: 'A0001', trigger_id: '1.2.3', token: 'x', team_domain: 'example', channel_name: 'alerts',
    });
    expect(ack.envelope_id).toBe('env-1');
    const [response] = await fake.waitForResponses(1);
    expect(response!.id).toBe('sock-1');
    expect(JSON.stringify(response!.body.blocks)).toContain('EO 13971');
    expect(inputs[0]!.text).toBe('alipay');
  });
});

describe('Slack adapter: multi-workspace OAuth', () => {
  function createMapStore(): KeyValueStore {
    const map = new Map<string, string>();
    return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) };
  }

  it('serves /slack/install and posts with the token of the channel\'s workspace installation', async () => {
    const store = createMapStore();
    const { fake, adapter } = await setup({
      botToken: undefined,
      oauth: { clientId: '123.456', clientSecret: 'shh', stateSecret: 'state-secret', store },
    });
    const install = await fetch(`http://127.0.0.1:${adapter.port}/slack/install`);
    expect(install.status).toBe(200);
    const page = await install.text();
    expect(page).toContain('https://slack.com/oauth/v2/authorize?');
    expect(page).toContain('client_id=123.456');
    expect(page).toContain('chat%3Awrite');

    store.set(
      'slack:installation:team:T0001',
      JSON.stringify({ team: { id: 'T0001' }, user: { id: 'U1' }, bot: { token: 'xoxb-team-one', id: 'B1', userId: 'UB1', scopes: [] }, isEnterpriseInstall: false }),
    );
    expect((await adapter.send(CHANNEL, buildAlert())).kind).toBe('delivered');
    expect(fake.callsTo('chat.postMessage')[0]!.headers.authorization).toBe('Bearer xoxb-team-one');
    const elsewhere = await adapter.send({ ...CHANNEL, workspace: 'T0009' }, buildAlert({ id: 'alert-9' }));
    expect(elsewhere).toEqual({ kind: 'channel-failed', reason: expect.stringContaining('No Slack installation for team T0009') });
  });

  it('posts to a workspace of an Enterprise Grid org with the org-wide installation, once a command there named the org', async () => {
    const store = createMapStore();
    const { fake, adapter, inputs } = await setup({ botToken: undefined, oauth: { clientId: '123.456', clientSecret: 'shh', stateSecret: 'state-secret', store } });
    store.set(
      'slack:installation:enterprise:E0001',
      JSON.stringify({ enterprise: { id: 'E0001' }, user: { id: 'U1' }, bot: { token: 'xoxb-org', id: 'B1', userId: 'UB1', scopes: [] }, isEnterpriseInstall: true }),
    );
    const channel = { platform: 'slack' as const, id: 'C0002', workspace: 'T0002' };
    // Before any command from the workspace, nothing says which org it belongs to.
    expect(await adapter.send(channel, buildAlert())).toEqual({ kind: 'channel-failed', reason: expect.stringContaining('team T0002') });

    const request = signedCommand({ signingSecret: SECRET, text: 'watch add alipay', channel_id: 'C0002', user_id: 'U0002', team_id: 'T0002', enterprise_id: 'E0001', is_enterprise_install: true, response_url: fake.responseUrl('grid') });
    expect((await postCommand(adapter, request)).status).toBe(200);
    await vi.waitFor(() => expect(inputs).toHaveLength(1));
    expect(await adapter.send(channel, buildAlert({ id: 'alert-2' }))).toEqual({ kind: 'delivered', messageRef: expect.any(String) });
    expect(fake.callsTo('chat.postMessage').at(-1)!.headers.authorization).toBe('Bearer xoxb-org');
  });
});
