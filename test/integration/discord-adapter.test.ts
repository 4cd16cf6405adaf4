// The real discord.js client, driven through the adapter, against the fake Discord REST + gateway.
import { once } from 'node:events';
import { DiscordAPIError, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCommands } from '../../adapters/discord/commands.ts';
import { DiscordStartError, createDiscordAdapter } from '../../adapters/discord/index.ts';
import type { DiscordAdapter } from '../../adapters/discord/index.ts';
import type { ManagePermission } from '../../adapters/discord/to-command-input.ts';
import { createLogger } from '../../src/log.ts';
import type { Alert, ChannelRef, CommandInput, Reply } from '../../src/model.ts';
import { createFakeDiscord } from '../fakes/fake-discord.ts';
import type { FakeDiscord, InteractionOutcome } from '../fakes/fake-discord.ts';
import { deliver } from '../../src/dispatch/dispatch-outbox.ts';

const GUILD = '300000000000000001';
const ALERTS = '300000000000000011';
const OTHER_GUILD = '300000000000000002';
const OTHER_CHANNEL = '300000000000000021';
const alertsChannel: ChannelRef = { platform: 'discord', id: ALERTS, workspace: GUILD };

let fake: FakeDiscord;
let adapter: DiscordAdapter | undefined;
let commands: CommandInput[];
let logs: string[];

/** A stand-in for the core: the grammar and permission rule the real command module applies. */
async function stubCore(input: CommandInput): Promise<Reply> {
  commands.push(input);
  const [verb, sub, arg] = input.text.split(' ');
  if (verb === 'watch' && sub === 'add') {
    if (!input.canManage) {
      return { visibility: 'ephemeral', error: true, title: 'Not allowed', sections: [{ lines: [`You cannot change this channel’s watchlist: ${input.manageRefusal}`] }] };
    }
    if (arg !== 'eo-13971') return { visibility: 'ephemeral', error: true, title: `Unknown entity “${arg}”`, sections: [{ lines: ['Try /sanctions help'] }] };
    return { visibility: 'in_channel', title: 'This channel now watches EO 13971', sections: [{ lines: ['8 apps: Alipay, WeChat Pay, …'] }] };
  }
  if (input.text === 'alipay') {
    return { visibility: 'ephemeral', title: 'Alipay (支付宝)', sections: [{ heading: 'Timeline', lines: ['2021-01-05: EO 13971 prohibits transactions with Alipay'] }] };
  }
  if (input.text === 'tiktok') {
    // As long as a full lookup: more than one Discord message holds.
    const lines = Array.from({ length: 120 }, (_, i) => `2025-01-${String(i).padStart(3, '0')} [Executive order] action ${i} (EO 14${String(i).padStart(3, '0')}; 90 FR ${8611 + i}) ${'x'.repeat(30)}`);
    return { visibility: 'ephemeral', title: 'TikTok (tiktok)', sections: [{ heading: 'Official actions (US)', lines }] };
  }
  if (input.text === 'alipy') return { visibility: 'ephemeral', error: true, title: 'No entity named “alipy”', sections: [{ lines: ['Did you mean: Alipay, Alibaba?'] }] };
  if (input.text === 'boom') throw new Error('database is locked');
  return { visibility: 'ephemeral', title: 'Help', sections: [{ lines: ['/sanctions <entity>'] }] };
}

async function startAdapter(overrides: { managePermission?: ManagePermission; token?: string } = {}): Promise<DiscordAdapter> {
  adapter = createDiscordAdapter({
    token: overrides.token ?? fake.token,
    applicationId: fake.applicationId,
    guildId: GUILD,
    apiUrl: fake.apiUrl,
    managePermission: overrides.managePermission ?? 'ManageChannels',
    log: createLogger('debug', (line) => logs.push(line)),
  });
  await adapter.start(stubCore, {
    complete: (partial) => [
      { name: 'Alipay (支付宝)', value: 'alipay' },
      { name: 'Alibaba Group', value: 'alibaba' },
      { name: `You typed: ${partial}`, value: partial || 'help' },
    ],
  });
  return adapter;
}

function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'outbox-1',
    kind: 'new',
    storyId: 'story-1',
    title: 'Commerce bans WeChat Pay transactions @everyone',
    link: 'https://www.federalregister.gov/d/2021-01234',
    source: 'Federal Register',
    publishedAt: '2021-01-19T12:00:00Z',
    summary: 'EO 13971 prohibits transactions with <@&300000000000000099> and [click](http://evil.example) **now**.',
    entities: [{ id: 'wechat-pay', name: 'WeChat Pay' }],
    category: 'executive-order',
    severity: 'high',
    matches: [{ entityId: 'wechat-pay', matched: 'WeChat Pay', field: 'title', weak: false }],
    citation: 'EO 13971',
    official: true,
    previousAttempts: 0,
    ...overrides,
  };
}

const edits = (o: InteractionOutcome) => o.webhooks.filter((w) => w.method === 'PATCH');
const text = (value: unknown) => JSON.stringify(value);

beforeEach(async () => {
  commands = [];
  logs = [];
  fake = await createFakeDiscord({
    guilds: [
      { id: GUILD, name: 'Compliance', channels: [{ id: ALERTS, name: 'alerts' }] },
      { id: OTHER_GUILD, name: 'Other', channels: [{ id: OTHER_CHANNEL, name: 'general' }] },
    ],
  });
});

afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
});

describe('starting', () => {
  it('logs in through the fake gateway, becomes ready and registers /sanctions in the guild', async () => {
    const a = await startAdapter();
    expect(a.client.isReady()).toBe(true);
    expect(a.client.guilds.cache.has(GUILD)).toBe(true);
    expect(fake.gateway.identifies).toBe(1);
    expect(fake.commandsPut).toEqual([{ applicationId: fake.applicationId, guildId: GUILD, body: JSON.parse(text(buildCommands())) }]);
  });

  it('a rejected token fails start() with an error that names DISCORD_TOKEN', async () => {
    const start = startAdapter({ token: 'wrong-token' });
    await expect(start).rejects.toBeInstanceOf(DiscordStartError);
    await expect(start).rejects.toThrow(/DISCORD_TOKEN/);
  });
});

describe('answering /sanctions', () => {
  beforeEach(async () => {
    await startAdapter();
  });

  it('/sanctions alipay is deferred privately, then edited with the lookup that names EO 13971', async () => {
    const outcome = await fake.sendInteraction({ query: 'alipay' });
    expect(outcome.callbacks.map((c) => c.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(edits(outcome)).toHaveLength(1);
    const embed = edits(outcome)[0]!.body!.embeds![0]!;
    expect(embed.title).toBe('Alipay (支付宝)');
    expect(embed.description).toContain('EO 13971');
    expect(edits(outcome)[0]!.body!.allowed_mentions).toEqual({ parse: [] });
    expect(commands[0]).toMatchObject({ platform: 'discord', text: 'alipay', channel: alertsChannel });
  });

  it('a lookup longer than one message arrives whole: the deferred reply, then private follow-ups', async () => {
    const outcome = await fake.sendInteraction({ query: 'tiktok' });
    expect(edits(outcome)).toHaveLength(1);
    // The outcome is what had arrived when the deferral was answered; follow-ups come after it.
    const hooks = () => fake.webhookEdits.filter((w) => w.token === outcome.token);
    await vi.waitFor(() => expect(text(hooks().at(-1)!.body)).toContain('action 119 '), { timeout: 5_000, interval: 20 });
    const posts = hooks().filter((w) => w.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) expect(p.body!.flags).toBe(64);
    const shown = [edits(outcome)[0]!, ...posts].map((w) => text(w.body)).join('\n');
    for (let i = 0; i < 120; i++) expect(shown).toContain(`action ${i} (EO 14${String(i).padStart(3, '0')}`);
    expect(shown).not.toMatch(/… and \d+ more/);
  });

  it('a typo is answered privately with the suggestions the core made', async () => {
    const outcome = await fake.sendInteraction({ query: 'alipy' });
    expect(outcome.callbacks[0]!.body.data?.flags).toBe(64);
    expect(text(edits(outcome)[0]!.body)).toContain('Did you mean: Alipay, Alibaba?');
  });

  it('watch add by a member with Manage Channels is answered publicly', async () => {
    const outcome = await fake.sendInteraction({ query: 'watch add eo-13971', permissions: '16' });
    expect(commands[0]).toMatchObject({ text: 'watch add eo-13971', canManage: true });
    expect(outcome.callbacks.map((c) => c.body)).toEqual([{ type: 5, data: { flags: 0 } }]);
    expect(edits(outcome)[0]!.body!.embeds![0]!.title).toBe('This channel now watches EO 13971');
  });

  it('watch add by a member without Manage Channels is refused privately, naming the permission', async () => {
    const outcome = await fake.sendInteraction({ query: 'watch add eo-13971', permissions: '0' });
    expect(commands[0]).toMatchObject({ canManage: false });
    expect(outcome.callbacks[0]!.body.data?.flags).toBe(64);
    expect(text(edits(outcome)[0]!.body)).toMatch(/needs the Manage Channels permission/);
  });

  it('watch add in a DM is refused: watchlists belong to server channels', async () => {
    const outcome = await fake.sendInteraction({ query: 'watch add eo-13971', dm: true });
    expect(commands[0]).toMatchObject({ canManage: false, channel: { platform: 'discord', id: '900000000000000777' } });
    expect(commands[0]!.channel.workspace).toBeUndefined();
    expect(text(edits(outcome)[0]!.body)).toContain('Watchlists can only be changed in a server channel');
  });

  it('a public deferral whose answer turns out private is replaced by a private follow-up', async () => {
    const outcome = await fake.sendInteraction({ query: 'watch add nosuch', permissions: '16' });
    expect(outcome.callbacks[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(outcome.webhooks.map((w) => [w.method, w.messageId])).toEqual([
      ['DELETE', '@original'],
      ['POST', undefined],
    ]);
    expect(outcome.webhooks[1]!.body!.flags).toBe(64);
    expect(text(outcome.webhooks[1]!.body)).toContain('Unknown entity');
  });

  it('when the core throws, the user gets a short private apology and the error is logged', async () => {
    const outcome = await fake.sendInteraction({ query: 'boom' });
    expect(edits(outcome)[0]!.body!.embeds![0]!.title).toBe('Sorry, that command failed');
    expect(text(edits(outcome)[0]!.body)).not.toContain('database is locked');
    expect(logs.some((l) => l.includes('error') && l.includes('database is locked'))).toBe(true);
  });

  it('autocomplete answers with the suggestions for what was typed', async () => {
    const outcome = await fake.sendInteraction({ query: 'ali', type: 4 });
    expect(outcome.callbacks).toHaveLength(1);
    expect(outcome.callbacks[0]!.body).toEqual({
      type: 8,
      data: {
        choices: [
          { name: 'Alipay (支付宝)', value: 'alipay' },
          { name: 'Alibaba Group', value: 'alibaba' },
          { name: 'You typed: ali', value: 'ali' },
        ],
      },
    });
    expect(commands).toHaveLength(0);
  });
});

describe('sending alerts', () => {
  beforeEach(async () => {
    await startAdapter();
  });

  it('an alert reaches the channel escaped, with mentions off and a nonce for deduplication', async () => {
    const result = await adapter!.send(alertsChannel, buildAlert());
    expect(fake.messages).toHaveLength(1);
    const [message] = fake.messages;
    expect(result).toEqual({ kind: 'delivered', messageRef: message!.id });
    expect(message!.channelId).toBe(ALERTS);
    expect(message!.body.allowed_mentions).toEqual({ parse: [] });
    expect(message!.body).toMatchObject({ enforce_nonce: true });
    expect(String(message!.body.nonce).length).toBeLessThanOrEqual(25);
    const embedText = text(message!.body.embeds);
    expect(embedText).not.toMatch(/@everyone|<@&\d/);
    expect(embedText).toContain('\\\\[click](http://evil.example)');
    expect(embedText).toContain('\\\\*\\\\*now\\\\*\\\\*');
  });

  it('sending the same alert again (a retry after a lost answer) does not post it twice', async () => {
    const first = await adapter!.send(alertsChannel, buildAlert());
    const second = await deliver(adapter!, alertsChannel, buildAlert({ previousAttempts: 1 }));
    expect(fake.messages).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('a retry where listing the channel is refused (no Read Message History) still sends, is not channel-failed, and the nonce keeps it single', async () => {
    const first = await adapter!.send(alertsChannel, buildAlert());
    fake.failNext('GET /channels/:id/messages', { status: 403, code: 50013 });
    const second = await deliver(adapter!, alertsChannel, buildAlert({ previousAttempts: 1 }));
    expect(second).toEqual(first);
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === `/channels/${ALERTS}/messages`).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 200', 'GET 403', 'POST 200']);
  });

  it('a 429 with retry_after is waited out by discord.js and exactly one message is stored', async () => {
    fake.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.3 });
    const started = performance.now();
    const result = await adapter!.send(alertsChannel, buildAlert());
    const elapsed = performance.now() - started;
    expect(result.kind).toBe('delivered');
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${ALERTS}/messages`).map((r) => r.status)).toEqual([429, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(250);
  });

  it('403 Missing Access is channel-failed, and nothing is stored', async () => {
    fake.failNext('POST /channels/:id/messages', { status: 403, code: 50001 });
    const result = await adapter!.send(alertsChannel, buildAlert());
    expect(result).toEqual({ kind: 'channel-failed', reason: expect.stringMatching(/^Missing Access \(50001\)/) });
    expect(fake.messages).toHaveLength(0);
  });

  it('a deleted channel (Unknown Channel) is channel-failed', async () => {
    const result = await adapter!.send({ platform: 'discord', id: '300000000000000404', workspace: GUILD }, buildAlert());
    expect(result).toEqual({ kind: 'channel-failed', reason: expect.stringMatching(/Unknown Channel/) });
  });

  it('after the bot is removed from a server, sends to its channels fail without calling Discord', async () => {
    const removed = once(adapter!.client, 'guildDelete');
    fake.guildDelete(OTHER_GUILD);
    await removed;
    const before = fake.requests.length;
    const withWorkspace = await adapter!.send({ platform: 'discord', id: OTHER_CHANNEL, workspace: OTHER_GUILD }, buildAlert());
    const withoutWorkspace = await adapter!.send({ platform: 'discord', id: OTHER_CHANNEL }, buildAlert({ id: 'outbox-2' }));
    expect(withWorkspace.kind).toBe('channel-failed');
    expect(withoutWorkspace.kind).toBe('channel-failed');
    expect(fake.requests.slice(before)).toEqual([]);
    // The other server is unaffected.
    expect((await adapter!.send(alertsChannel, buildAlert())).kind).toBe('delivered');
  });

  it('an over-long summary is accepted by the limit-enforcing fake, which refuses raw over-long payloads', async () => {
    const raw = adapter!.client.rest.post(Routes.channelMessages(ALERTS), { body: { embeds: [{ description: 'x'.repeat(4097) }] } });
    await expect(raw).rejects.toMatchObject({ code: 50035 });
    await expect(raw).rejects.toBeInstanceOf(DiscordAPIError);
    const result = await adapter!.send(
      alertsChannel,
      buildAlert({ title: 'T'.repeat(1000), summary: 'A very long summary. '.repeat(2000), entities: Array.from({ length: 800 }, (_, i) => ({ id: `e${i}`, name: `Entity ${i}` })) }),
    );
    expect(result.kind).toBe('delivered');
    expect(fake.messages).toHaveLength(1);
  });

  it('a follow-up is posted as a reply to the original alert', async () => {
    const original = await adapter!.send(alertsChannel, buildAlert());
    const messageRef = original.kind === 'delivered' ? original.messageRef : undefined;
    const followUp = buildAlert({ id: 'outbox-2', kind: 'follow-up', replyTo: messageRef, extraSources: [{ title: 'Reuters report', source: 'Reuters', link: 'https://reuters.example/x' }] });
    expect((await adapter!.send(alertsChannel, followUp)).kind).toBe('delivered');
    expect(fake.messages[1]!.body.message_reference).toEqual({ message_id: messageRef, fail_if_not_exists: false });
    expect(fake.messages[1]!.body.embeds![0]!.description).toContain('Reuters report');
  });

  it('a configured role is pinged, and only that role', async () => {
    await adapter!.send(alertsChannel, buildAlert({ mentionRoleId: '300000000000000777' }));
    expect(fake.messages[0]!.body.content).toBe('<@&300000000000000777>');
    expect(fake.messages[0]!.body.allowed_mentions).toEqual({ roles: ['300000000000000777'] });
  });
});

describe('gateway resilience', () => {
  it('after the socket drops, the session resumes and the next interaction is still answered', async () => {
    await startAdapter();
    const { resumed } = await fake.dropSocket();
    expect(resumed).toBe(true);
    expect(fake.gateway).toEqual({ identifies: 1, resumes: 1 });
    const outcome = await fake.sendInteraction({ query: 'alipay' });
    expect(text(edits(outcome)[0]!.body)).toContain('EO 13971');
    expect(logs.some((l) => l.includes('gateway session resumed'))).toBe(true);
  });

  it('an interaction dispatched while the socket is down is replayed on resume and answered', async () => {
    await startAdapter();
    const resumed = fake.dropSocket();
    const outcome = fake.sendInteraction({ query: 'alipay' });
    await resumed;
    expect(text(edits(await outcome)[0]!.body)).toContain('EO 13971');
    expect(commands).toHaveLength(1);
  });
});
