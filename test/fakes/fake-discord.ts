// A fake Discord on 127.0.0.1: the REST routes and the gateway session the bot uses, with Discord's
// own limits enforced (discord.js does not check content length or the 6000-character embed total,
// so only a limit-enforcing server catches rendering regressions). It records everything it got.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord.js';

export interface FakeGuild {
  id: string;
  name?: string;
  channels: Array<{ id: string; name: string }>;
  /** Roles besides @everyone, as GUILD_CREATE lists them. */
  roles?: Array<{ id: string; name: string }>;
}

export interface FakeDiscordOptions {
  guilds: FakeGuild[];
  /** The bot token requests must carry. @default 'fake-token' */
  token?: string;
  applicationId?: string;
  botUserId?: string;
  /** Sent in HELLO; long by default so short tests see no heartbeats. @default 41250 */
  heartbeatIntervalMs?: number;
  /** How long a nonce deduplicates message creates. @default 5 minutes */
  nonceWindowMs?: number;
  /** Clock for nonce windows and rate-limit headers. @default Date.now */
  now?: () => number;
}

export type MessageBody = RESTPostAPIChannelMessageJSONBody;

export interface RecordedMessage {
  id: string;
  channelId: string;
  body: MessageBody;
}
export interface RecordedCallback {
  interactionId: string;
  token: string;
  body: { type: number; data?: Record<string, unknown> & { flags?: number; embeds?: APIEmbed[]; choices?: Array<{ name: string; value: string }> } };
}
export interface RecordedWebhook {
  token: string;
  method: 'PATCH' | 'POST' | 'DELETE';
  messageId?: string;
  body?: Record<string, unknown> & { flags?: number; embeds?: APIEmbed[]; content?: string };
}
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}
export interface RecordedCommandsPut {
  applicationId: string;
  guildId?: string;
  body: Array<Record<string, unknown>>;
}

/** A failure to serve once instead of the real answer, e.g. a 429 or a 403 Missing Access. */
export type FakeFailure =
  | { status: 429; retryAfter: number; global?: boolean }
  | { status: number; code?: number; message?: string }
  /** The request takes effect (the message is posted) but is never answered: the bot dying mid-send. */
  | { acceptThenHang: true };

/** What a test interaction contains; everything has a sensible guild-channel default. */
export interface InteractionSpec {
  /** The `query` option value. */
  query?: string;
  /** 2 = chat input command, 4 = autocomplete. @default 2 */
  type?: 2 | 4;
  /** Invoker's permission bit set as Discord sends it ("16" = Manage Channels). @default "0" */
  permissions?: string;
  /** A DM: no guild, no member. */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  userId?: string;
}

/** Everything the bot answered to one interaction. */
export interface InteractionOutcome {
  id: string;
  token: string;
  callbacks: RecordedCallback[];
  webhooks: RecordedWebhook[];
}

export interface FakeDiscord {
  /** REST base for discord.js's `rest.api`: `http://127.0.0.1:PORT/api`. */
  apiUrl: string;
  token: string;
  applicationId: string;
  messages: RecordedMessage[];
  callbacks: RecordedCallback[];
  /** Webhook requests for interactions: edits of `@original`, deletions, follow-ups. */
  webhookEdits: RecordedWebhook[];
  commandsPut: RecordedCommandsPut[];
  requests: RecordedRequest[];
  gateway: { identifies: number; resumes: number };
  /** Dispatches an INTERACTION_CREATE (queued for replay when no session is live) and resolves when the bot has answered it. */
  sendInteraction(spec: InteractionSpec, timeoutMs?: number): Promise<InteractionOutcome>;
  /** Kills the gateway socket as a network drop would; resolves when the client has resumed (or re-identified). */
  dropSocket(): Promise<{ resumed: boolean }>;
  /** Serves `failure` for the next request matching `route` (`POST /channels/:id/messages`; `:x` matches one segment). */
  failNext(route: string, failure: FakeFailure, times?: number): void;
  /** The bot is removed from a server: GUILD_DELETE without `unavailable`, and its channels answer 403 from now on. */
  guildDelete(guildId: string): void;
  close(): Promise<void>;
}

const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000 };

/**
 * Starts the fake on 127.0.0.1, port 0. REST lives under `/api/v10`, the gateway on the same port
 * (announced by `GET /gateway/bot`).
 */
export async function createFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const token = options.token ?? 'fake-token';
  const applicationId = options.applicationId ?? '900000000000000001';
  const botUserId = options.botUserId ?? '900000000000000002';
  const now = options.now ?? Date.now;
  const nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
  const guilds = new Map(options.guilds.map((g) => [g.id, g]));
  const removedGuilds = new Set<string>();
  let nextId = 1_200_000_000_000_000_000n;
  const snowflake = () => String(nextId++);

  const messages: RecordedMessage[] = [];
  const callbacks: RecordedCallback[] = [];
  const webhookEdits: RecordedWebhook[] = [];
  const commandsPut: RecordedCommandsPut[] = [];
  const requests: RecordedRequest[] = [];
  const nonces = new Map<string, { message: Record<string, unknown>; at: number }>();
  const failures: Array<{ method: string; pattern: RegExp; failure: FakeFailure; times: number }> = [];
  const buckets = new Map<string, { windowStart: number; count: number }>();
  const interactionWaiters = new Map<string, () => void>();

  const server = createServer((req, res) => {
    handleRest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 0, message: String(err) });
    });
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const wsUrl = `ws://127.0.0.1:${port}`;

  // ---------------------------------------------------------------- REST

  async function handleRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/api/v10/')) return reply(404, { code: 0, message: '404: Not Found' });
    // `@original` arrives as `%40original`.
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length));
    const segments = path.split('/').filter(Boolean);
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;

    function reply(status: number, json?: unknown, extraHeaders: Record<string, string> = {}): void {
      requests.push({ method, path, status });
      res.setHeader('x-ratelimit-bucket', bucketId(method, segments));
      for (const [k, v] of Object.entries({ ...rateLimitHeaders(method, segments), ...extraHeaders })) res.setHeader(k, v);
      if (json === undefined) {
        // A 204 with a JSON content type makes @discordjs/rest parse an empty body and throw.
        res.statusCode = status;
        res.end();
      } else sendJson(res, status, json);
    }

    const failure = takeFailure(method, path);
    const hang = !!failure && 'acceptThenHang' in failure;
    if (failure && !('acceptThenHang' in failure)) {
      if (failure.status === 429 && 'retryAfter' in failure) {
        const global = failure.global ?? false;
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: failure.retryAfter, global },
          {
            'retry-after': String(Math.ceil(failure.retryAfter)),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(failure.retryAfter),
            'x-ratelimit-reset': String((now() / 1000 + failure.retryAfter).toFixed(3)),
            'x-ratelimit-scope': global ? 'global' : 'user',
            ...(global ? { 'x-ratelimit-global': 'true' } : {}),
          },
        );
      }
      const code = 'code' in failure ? (failure.code ?? 0) : 0;
      const message = ('message' in failure && failure.message) || defaultMessage(code, failure.status);
      return reply(failure.status, { code, message });
    }

    const isInteractionRoute = segments[0] === 'interactions' || segments[0] === 'webhooks';
    if (!isInteractionRoute && req.headers.authorization !== `Bot ${token}`) return reply(401, { code: 0, message: '401: Unauthorized' });

    // GET /gateway/bot
    if (method === 'GET' && path === '/gateway/bot') {
      return reply(200, { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
    }
    // PUT /applications/:app/commands and /applications/:app/guilds/:guild/commands
    if (method === 'PUT' && segments[0] === 'applications' && segments.at(-1) === 'commands') {
      const guildId = segments[2] === 'guilds' ? segments[3] : undefined;
      const list = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      commandsPut.push({ applicationId: segments[1] ?? '', ...(guildId ? { guildId } : {}), body: list });
      return reply(
        200,
        list.map((c) => ({ ...c, id: snowflake(), application_id: segments[1], ...(guildId ? { guild_id: guildId } : {}), version: snowflake(), type: c.type ?? 1 })),
      );
    }
    // POST /channels/:id/messages
    if (method === 'POST' && segments.length === 3 && segments[0] === 'channels' && segments[2] === 'messages') {
      const channelId = segments[1] ?? '';
      const guild = [...guilds.values()].find((g) => g.channels.some((c) => c.id === channelId));
      if (!guild) return reply(404, { code: 10003, message: 'Unknown Channel' });
      if (removedGuilds.has(guild.id)) return reply(403, { code: 50001, message: 'Missing Access' });
      const msgBody = (body ?? {}) as MessageBody & { enforce_nonce?: boolean };
      const invalid = validateMessage(msgBody);
      if (invalid) return reply(400, invalid);
      const nonce = msgBody.nonce === undefined ? undefined : `${channelId}:${msgBody.nonce}`;
      if (nonce && msgBody.enforce_nonce) {
        const seen = nonces.get(nonce);
        if (seen && now() - seen.at < nonceWindowMs) return reply(200, seen.message);
      }
      const id = snowflake();
      messages.push({ id, channelId, body: msgBody });
      const message = messageObject(id, channelId, msgBody);
      if (nonce) nonces.set(nonce, { message, at: now() });
      if (hang) return; // close() ends the connection
      return reply(200, message);
    }
    // GET /channels/:id/messages?limit=N: newest first, without nonces (as Discord lists them)
    if (method === 'GET' && segments.length === 3 && segments[0] === 'channels' && segments[2] === 'messages') {
      const channelId = segments[1] ?? '';
      const guild = [...guilds.values()].find((g) => g.channels.some((c) => c.id === channelId));
      if (!guild) return reply(404, { code: 10003, message: 'Unknown Channel' });
      if (removedGuilds.has(guild.id)) return reply(403, { code: 50001, message: 'Missing Access' });
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50)));
      const listed = messages
        .filter((m) => m.channelId === channelId)
        .slice(-limit)
        .reverse()
        .map((m) => {
          const { nonce: _nonce, ...listedMessage } = messageObject(m.id, channelId, m.body);
          return listedMessage;
        });
      return reply(200, listed);
    }
    // POST /interactions/:id/:token/callback
    if (method === 'POST' && segments[0] === 'interactions' && segments[3] === 'callback') {
      const cbBody = (body ?? {}) as RecordedCallback['body'];
      if (cbBody.type === 4 || cbBody.type === 7) {
        const invalid = validateMessage((cbBody.data ?? {}) as MessageBody);
        if (invalid) return reply(400, invalid);
      }
      callbacks.push({ interactionId: segments[1] ?? '', token: segments[2] ?? '', body: cbBody });
      notify(segments[2] ?? '');
      return reply(204);
    }
    // /webhooks/:app/:token[/messages/:id]
    if (segments[0] === 'webhooks' && segments.length >= 3) {
      const hookToken = segments[2] ?? '';
      const messageId = segments[4];
      const hookBody = body as RecordedWebhook['body'];
      if ((method === 'PATCH' || method === 'POST') && hookBody) {
        const invalid = validateMessage(hookBody as MessageBody);
        if (invalid) return reply(400, invalid);
      }
      if (method === 'PATCH' && messageId) {
        webhookEdits.push({ token: hookToken, method, messageId, body: hookBody });
        notify(hookToken);
        return reply(200, messageObject(snowflake(), '0', (hookBody ?? {}) as MessageBody));
      }
      if (method === 'DELETE' && messageId) {
        webhookEdits.push({ token: hookToken, method, messageId });
        return reply(204);
      }
      if (method === 'POST' && segments.length === 3) {
        webhookEdits.push({ token: hookToken, method, body: hookBody });
        notify(hookToken);
        return reply(200, messageObject(snowflake(), '0', (hookBody ?? {}) as MessageBody));
      }
    }
    return reply(404, { code: 0, message: '404: Not Found' });
  }

  function takeFailure(method: string, path: string): FakeFailure | undefined {
    const index = failures.findIndex((f) => f.method === method && f.pattern.test(path));
    if (index < 0) return undefined;
    const entry = failures[index]!;
    if (--entry.times <= 0) failures.splice(index, 1);
    return entry.failure;
  }

  /** Realistic, consistent bucket headers: 50 requests per 5-second window per route bucket. */
  function rateLimitHeaders(method: string, segments: string[]): Record<string, string> {
    const id = bucketId(method, segments);
    const windowMs = 5000;
    const limit = 50;
    const t = now();
    let bucket = buckets.get(id);
    if (!bucket || t - bucket.windowStart >= windowMs) buckets.set(id, (bucket = { windowStart: t, count: 0 }));
    bucket.count++;
    const resetAfter = (bucket.windowStart + windowMs - t) / 1000;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - bucket.count)),
      'x-ratelimit-reset': ((bucket.windowStart + windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
    };
  }

  function messageObject(id: string, channelId: string, body: MessageBody): Record<string, unknown> {
    return {
      id,
      channel_id: channelId,
      type: 0,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: body.flags ?? 0,
      nonce: body.nonce,
      timestamp: new Date(now()).toISOString(),
      edited_timestamp: null,
      author: { id: botUserId, username: 'sanctions-watch', discriminator: '0', bot: true, avatar: null, global_name: null },
    };
  }

  // ---------------------------------------------------------------- gateway

  let socket: WebSocket | undefined;
  let sessionId: string | undefined;
  let live = false;
  let seq = 0;
  const dispatched: Array<{ s: number; t: string; d: unknown }> = [];
  const gateway = { identifies: 0, resumes: 0 };
  let sessionWaiters: Array<(resumed: boolean) => void> = [];

  wss.on('connection', (ws) => {
    socket = ws;
    live = false;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null }));
    ws.on('message', (data) => onGatewayMessage(ws, JSON.parse(String(data)) as { op: number; d: Record<string, unknown> | number | null }));
    ws.on('close', () => {
      if (socket === ws) live = false;
    });
  });

  function onGatewayMessage(ws: WebSocket, payload: { op: number; d: Record<string, unknown> | number | null }): void {
    const d = payload.d && typeof payload.d === 'object' ? payload.d : {};
    switch (payload.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11, d: null }));
        return;
      case 2: {
        if (d.token !== token) return ws.close(4004, 'Authentication failed');
        gateway.identifies++;
        sessionId = `session-${gateway.identifies}`;
        seq = 0;
        dispatched.length = 0;
        const visible = [...guilds.values()].filter((g) => !removedGuilds.has(g.id));
        send(ws, 'READY', {
          v: 10,
          user: { id: botUserId, username: 'sanctions-watch', discriminator: '0', global_name: null, bot: true, avatar: null, flags: 0 },
          guilds: visible.map((g) => ({ id: g.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: wsUrl,
          application: { id: applicationId, flags: 0 },
          shard: [0, 1],
        });
        for (const g of visible) send(ws, 'GUILD_CREATE', guildObject(g));
        live = true;
        settleSession(false);
        return;
      }
      case 6: {
        if (d.token !== token || d.session_id !== sessionId) {
          ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
          return;
        }
        gateway.resumes++;
        // Replay what the client missed, as Discord does, then confirm.
        const after = typeof d.seq === 'number' ? d.seq : 0;
        for (const e of dispatched) if (e.s > after) ws.send(JSON.stringify({ op: 0, s: e.s, t: e.t, d: e.d }));
        ws.send(JSON.stringify({ op: 0, s: ++seq, t: 'RESUMED', d: {} }));
        live = true;
        settleSession(true);
        return;
      }
      default:
        return;
    }
  }

  function send(ws: WebSocket, t: string, d: unknown): void {
    ws.send(JSON.stringify({ op: 0, s: ++seq, t, d }));
  }

  /** Sends an event now when a session is live; otherwise keeps it for the RESUME replay. */
  function dispatch(t: string, d: unknown): void {
    const s = ++seq;
    dispatched.push({ s, t, d });
    if (socket && live) socket.send(JSON.stringify({ op: 0, s, t, d }));
  }

  function settleSession(resumed: boolean): void {
    const waiters = sessionWaiters;
    sessionWaiters = [];
    for (const w of waiters) w(resumed);
  }

  function guildObject(g: FakeGuild): Record<string, unknown> {
    return {
      id: g.id,
      name: g.name ?? `Guild ${g.id}`,
      icon: null,
      owner_id: '900000000000000099',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      roles: [
        { id: g.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        ...(g.roles ?? []).map((r, i) => ({ id: r.id, name: r.name, permissions: '0', position: i + 1, color: 0, hoist: false, managed: false, mentionable: true, flags: 0 })),
      ],
      channels: g.channels.map((c, position) => ({ id: c.id, type: 0, guild_id: g.id, name: c.name, position, permission_overwrites: [], nsfw: false, parent_id: null })),
      members: [],
      emojis: [],
      stickers: [],
      features: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 2,
      joined_at: '2024-01-01T00:00:00.000Z',
      large: false,
      unavailable: false,
    };
  }

  // ---------------------------------------------------------------- interactions

  function notify(interactionToken: string): void {
    interactionWaiters.get(interactionToken)?.();
  }

  /** An answer is final when it is a reply/autocomplete callback, an edit of the deferral, or a follow-up. */
  function outcomeFor(id: string, interactionToken: string): InteractionOutcome & { done: boolean } {
    const cbs = callbacks.filter((c) => c.token === interactionToken);
    const hooks = webhookEdits.filter((w) => w.token === interactionToken);
    const done = cbs.some((c) => c.body.type === 4 || c.body.type === 8) || hooks.some((h) => h.method === 'PATCH' || h.method === 'POST');
    return { id, token: interactionToken, callbacks: cbs, webhooks: hooks, done };
  }

  function interactionPayload(spec: InteractionSpec, id: string, interactionToken: string): Record<string, unknown> {
    const firstGuild = options.guilds[0];
    const guildId = spec.dm ? undefined : (spec.guildId ?? firstGuild?.id);
    const channelId = spec.channelId ?? (spec.dm ? '900000000000000777' : firstGuild?.channels[0]?.id);
    const user = { id: spec.userId ?? '900000000000000500', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
    const type = spec.type ?? 2;
    const option: Record<string, unknown> = { type: 3, name: 'query', value: spec.query ?? '' };
    if (type === 4) option.focused = true;
    return {
      id,
      application_id: applicationId,
      type,
      token: interactionToken,
      version: 1,
      ...(guildId
        ? {
            guild_id: guildId,
            guild: { id: guildId, locale: 'en-US', features: [] },
            member: { user, roles: [], permissions: spec.permissions ?? '0', joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
            channel: { id: channelId, type: 0, guild_id: guildId, name: 'alerts' },
            context: 0,
            authorizing_integration_owners: { '0': guildId },
          }
        : {
            user,
            channel: { id: channelId, type: 1, recipients: [user] },
            context: 1,
            authorizing_integration_owners: { '0': '0' },
          }),
      channel_id: channelId,
      data: { id: '900000000000000300', name: 'sanctions', type: 1, ...(guildId ? { guild_id: guildId } : {}), options: [option] },
      app_permissions: '2248473465835073',
      locale: 'en-US',
      ...(guildId ? { guild_locale: 'en-US' } : {}),
      entitlements: [],
      attachment_size_limit: 10_485_760,
    };
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    messages,
    callbacks,
    webhookEdits,
    commandsPut,
    requests,
    gateway,

    sendInteraction(spec, timeoutMs = 5000) {
      const id = snowflake();
      const interactionToken = `itok-${id}`;
      return new Promise<InteractionOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          interactionWaiters.delete(interactionToken);
          const { done: _done, ...partial } = outcomeFor(id, interactionToken);
          reject(new Error(`fake discord: interaction "${spec.query ?? ''}" not answered within ${timeoutMs} ms; got ${JSON.stringify(partial)}`));
        }, timeoutMs);
        interactionWaiters.set(interactionToken, () => {
          const { done, ...outcome } = outcomeFor(id, interactionToken);
          if (!done) return;
          clearTimeout(timer);
          interactionWaiters.delete(interactionToken);
          resolve(outcome);
        });
        dispatch('INTERACTION_CREATE', interactionPayload(spec, id, interactionToken));
      });
    },

    dropSocket() {
      const settled = new Promise<{ resumed: boolean }>((resolve) => sessionWaiters.push((resumed) => resolve({ resumed })));
      live = false;
      socket?.terminate();
      return settled;
    },

    failNext(route, failure, times = 1) {
      const [method = 'GET', template = '/'] = route.trim().split(/\s+/);
      const pattern = new RegExp(`^${template.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
      failures.push({ method: method.toUpperCase(), pattern, failure, times });
    },

    guildDelete(guildId) {
      removedGuilds.add(guildId);
      dispatch('GUILD_DELETE', { id: guildId });
    },

    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Discord's 50035 "Invalid Form Body" for anything over a documented limit; null when the body is fine. */
export function validateMessage(body: MessageBody): { code: number; message: string; errors: Record<string, unknown> } | null {
  const errors: Record<string, unknown> = {};
  const tooLong = (path: string, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) errors[path] = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] };
  };
  const required = (path: string, value: string | undefined) => {
    if (!value || !value.trim()) errors[path] = { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] };
  };
  tooLong('content', body.content, LIMITS.content);
  const embeds = body.embeds ?? [];
  if (embeds.length > LIMITS.embeds) errors.embeds = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.embeds} or fewer in length.` }] };
  let total = 0;
  const count = (s: string | undefined) => (s ?? '').trim().length;
  embeds.forEach((e, i) => {
    tooLong(`embeds.${i}.title`, e.title, LIMITS.title);
    tooLong(`embeds.${i}.description`, e.description, LIMITS.description);
    tooLong(`embeds.${i}.footer.text`, e.footer?.text, LIMITS.footer);
    tooLong(`embeds.${i}.author.name`, e.author?.name, LIMITS.author);
    const fields = e.fields ?? [];
    if (fields.length > LIMITS.fields) errors[`embeds.${i}.fields`] = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMITS.fields} or fewer in length.` }] };
    fields.forEach((f, j) => {
      required(`embeds.${i}.fields.${j}.name`, f.name);
      required(`embeds.${i}.fields.${j}.value`, f.value);
      tooLong(`embeds.${i}.fields.${j}.name`, f.name, LIMITS.fieldName);
      tooLong(`embeds.${i}.fields.${j}.value`, f.value, LIMITS.fieldValue);
      total += count(f.name) + count(f.value);
    });
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) errors[`embeds.${i}.url`] = { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] };
    total += count(e.title) + count(e.description) + count(e.footer?.text) + count(e.author?.name);
  });
  if (total > LIMITS.total) errors.embeds = { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${LIMITS.total}` }] };
  if (body.nonce !== undefined && String(body.nonce).length > 25) errors.nonce = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] };
  const mentions = body.allowed_mentions;
  if (mentions?.parse && (mentions.roles || mentions.users)) {
    errors.allowed_mentions = { _errors: [{ code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: 'parse is mutually exclusive with roles and users' }] };
  }
  return Object.keys(errors).length ? { code: 50035, message: 'Invalid Form Body', errors } : null;
}

function defaultMessage(code: number, status: number): string {
  const known: Record<number, string> = { 50001: 'Missing Access', 50013: 'Missing Permissions', 10003: 'Unknown Channel', 10004: 'Unknown Guild' };
  return known[code] ?? `${status}: error`;
}

function bucketId(method: string, segments: string[]): string {
  // Buckets are per route with the top-level resource id (the "major parameter") kept.
  const [root, major] = segments;
  return `${method}:${root ?? ''}:${major ?? ''}:${segments.length}`;
}

function sendJson(res: ServerResponse, status: number, json: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(json));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
