// A fake Slack on 127.0.0.1: the Web API methods the bot calls (form or JSON bodies, Bearer auth,
// Block Kit limits enforced like Slack does), response_url endpoints, and optionally Socket Mode.
// It records everything it receives so tests assert on what the real SDKs actually sent.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeSlackCall {
  method: string;
  /** Form fields as sent, with `blocks`/`attachments`/`metadata` JSON-decoded. */
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface FakeSlackResponse {
  /** The id in the response_url path (`responseUrl(id)`). */
  id: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface FakeSlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
  user: string;
}

/**
 * How the next call to a method fails: HTTP status (429 with Retry-After seconds), a Slack error
 * code, or `acceptThenHang`: the call takes effect (the message is posted) but is never answered, as
 * when the bot dies between Slack's accepting a post and its recording that.
 */
export type FailSpec = { status: number; retryAfter?: number } | { error: string } | { acceptThenHang: true };

export interface FakeSlackOptions {
  /** Team id answered by auth.test. @default 'T0001' */
  teamId?: string;
  /** Tokens accepted; any `xox…`/`xapp-…` token when omitted. */
  tokens?: string[];
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/` (pass as SLACK_API_URL / clientOptions.slackApiUrl). */
  apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** A response_url pointing at this fake. */
  responseUrl(id: string): string;
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  responses: FakeSlackResponse[];
  /** Messages posted, per channel id, oldest first. */
  channels: Map<string, FakeSlackMessage[]>;
  /** Flags `users.info` answers, per user id (is_admin and the like). */
  users: Map<string, Record<string, unknown>>;
  /** Make the next `times` calls of `method` (or `'response_url'`) fail as described. */
  failNext(method: string, spec: FailSpec, times?: number): void;
  /** Resolves once at least `count` response_url posts arrived (rejects after `timeoutMs`). */
  waitForResponses(count: number, timeoutMs?: number): Promise<FakeSlackResponse[]>;
  /** Resolves once at least `count` calls of `method` arrived (rejects after `timeoutMs`). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<FakeSlackCall[]>;
  /** Socket Mode: push a slash command envelope to the connected app; resolves with its ack frame. */
  sendSocketCommand(payload: Record<string, string>, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) {
    if (typeof args[field] === 'string') {
      try {
        args[field] = JSON.parse(args[field] as string);
      } catch {
        // Left as the string it was: the validator then reports it like Slack would.
      }
    }
  }
  return args;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === '1';

/** The subset of Slack's Block Kit validation that a renderer can get wrong. */
export function blockKitErrors(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const errors: string[] = [];
  if (blocks.length > 50) errors.push(`no more than 50 items allowed [json-pointer:/blocks]`);
  blocks.forEach((b: Record<string, unknown>, i) => {
    const text = b.text as { type?: string; text?: string } | undefined;
    if (b.type === 'header') {
      if (text?.type !== 'plain_text') errors.push(`header text must be plain_text [json-pointer:/blocks/${i}/text]`);
      if ((text?.text ?? '').length > 150) errors.push(`must be less than 151 characters [json-pointer:/blocks/${i}/text/text]`);
    }
    if (b.type === 'section') {
      if (text && ((text.text ?? '').length > 3000 || (text.text ?? '').length < 1))
        errors.push(`must be between 1 and 3000 characters [json-pointer:/blocks/${i}/text/text]`);
      const fields = b.fields as Array<{ text?: string }> | undefined;
      if (fields && fields.length > 10) errors.push(`no more than 10 items allowed [json-pointer:/blocks/${i}/fields]`);
      fields?.forEach((f, j) => {
        if ((f.text ?? '').length > 2000) errors.push(`must be less than 2001 characters [json-pointer:/blocks/${i}/fields/${j}/text]`);
      });
      if (!text && !fields) errors.push(`section needs text or fields [json-pointer:/blocks/${i}]`);
    }
    if (b.type === 'context') {
      const elements = b.elements as Array<{ text?: string }> | undefined;
      if (!elements?.length || elements.length > 10) errors.push(`must have 1 to 10 elements [json-pointer:/blocks/${i}/elements]`);
      elements?.forEach((e, j) => {
        if ((e.text ?? '').length > 3000) errors.push(`must be less than 3001 characters [json-pointer:/blocks/${i}/elements/${j}/text]`);
      });
    }
  });
  return errors;
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function createFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0001';
  const calls: FakeSlackCall[] = [];
  const responses: FakeSlackResponse[] = [];
  const channels = new Map<string, FakeSlackMessage[]>();
  const users = new Map<string, Record<string, unknown>>();
  const failures = new Map<string, FailSpec[]>();
  const events = new EventEmitter();
  let tsCounter = 0;
  const sockets = new Set<WebSocket>();

  const nextTs = () => {
    tsCounter += 1;
    return `${1_700_000_000 + tsCounter}.${String(tsCounter).padStart(6, '0')}`;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const takeFailure = (method: string): FailSpec | undefined => failures.get(method)?.shift();

  const answerFailure = (res: ServerResponse, spec: FailSpec) => {
    if ('acceptThenHang' in spec) return; // never answered; close() ends the connection
    if ('error' in spec) return send(res, 200, { ok: false, error: spec.error });
    if (spec.status === 429) {
      const headers: Record<string, string> = spec.retryAfter === undefined ? {} : { 'retry-after': String(spec.retryAfter) };
      return send(res, 429, { ok: false, error: 'ratelimited' }, headers);
    }
    return send(res, spec.status, { ok: false, error: 'fake_http_error' });
  };

  const messagesIn = (channel: string) => {
    let list = channels.get(channel);
    if (!list) {
      list = [];
      channels.set(channel, list);
    }
    return list;
  };

  const view = (m: FakeSlackMessage, withMetadata: boolean) => {
    const { metadata, ...rest } = m;
    return withMetadata && metadata ? { ...rest, metadata } : rest;
  };

  function api(method: string, args: Record<string, unknown>, headers: IncomingHttpHeaders): { status?: number; body: Record<string, unknown> } {
    const auth = headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined);
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (!token) return { body: { ok: false, error: 'not_authed' } };
    if (options.tokens ? !options.tokens.includes(token) : !/^(xox[a-z]-|xapp-)/.test(token)) return { body: { ok: false, error: 'invalid_auth' } };

    switch (method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'sanctions-watch', team_id: teamId, user_id: 'UBOT', bot_id: 'BBOT', is_enterprise_install: false } };
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (!channel) return { body: { ok: false, error: 'channel_not_found' } };
        if (!args.text && !args.blocks) return { body: { ok: false, error: 'no_text' } };
        const errors = blockKitErrors(args.blocks);
        if (errors.length) return { body: { ok: false, error: 'invalid_blocks', errors } };
        if (typeof args.text === 'string' && args.text.length > 40_000) return { body: { ok: false, error: 'msg_too_long' } };
        const message: FakeSlackMessage = {
          type: 'message',
          channel,
          ts: nextTs(),
          text: args.text as string | undefined,
          blocks: args.blocks as unknown[] | undefined,
          bot_id: 'BBOT',
          user: 'UBOT',
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.metadata ? { metadata: args.metadata as FakeSlackMessage['metadata'] } : {}),
        };
        messagesIn(channel).push(message);
        return { body: { ok: true, channel, ts: message.ts, message: view(message, true) } };
      }
      case 'chat.update': {
        const list = channels.get(String(args.channel));
        const message = list?.find((m) => m.ts === args.ts);
        if (!message) return { body: { ok: false, error: 'message_not_found' } };
        const errors = blockKitErrors(args.blocks);
        if (errors.length) return { body: { ok: false, error: 'invalid_blocks', errors } };
        if (args.text !== undefined) message.text = String(args.text);
        if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
        return { body: { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: view(message, true) } };
      }
      case 'conversations.history': {
        const list = channels.get(String(args.channel));
        if (!list) return { body: { ok: false, error: 'channel_not_found' } };
        const limit = Number(args.limit ?? 100);
        // Newest first, top-level messages and thread parents only, as Slack does.
        const top = list.filter((m) => !m.thread_ts || m.thread_ts === m.ts).reverse().slice(0, limit);
        return { body: { ok: true, messages: top.map((m) => view(m, truthy(args.include_all_metadata))), has_more: false } };
      }
      case 'conversations.replies': {
        const list = channels.get(String(args.channel));
        if (!list) return { body: { ok: false, error: 'channel_not_found' } };
        const thread = list.filter((m) => m.ts === args.ts || m.thread_ts === args.ts);
        if (!thread.length) return { body: { ok: false, error: 'thread_not_found' } };
        const limit = Number(args.limit ?? 100);
        return { body: { ok: true, messages: thread.slice(0, limit).map((m) => view(m, truthy(args.include_all_metadata))), has_more: false } };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const flags = users.get(id) ?? {};
        return { body: { ok: true, user: { id, team_id: teamId, name: id.toLowerCase(), deleted: false, is_bot: false, is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false, ...flags } } };
      }
      case 'apps.connections.open':
        if (!token.startsWith('xapp-')) return { body: { ok: false, error: 'not_allowed_token_type' } };
        return { body: { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=fake` } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const raw = await readBody(req);
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      let args: Record<string, unknown>;
      try {
        args = parseArgs(raw, req.headers['content-type']);
      } catch {
        return send(res, 200, { ok: false, error: 'invalid_json' });
      }
      calls.push({ method, args, headers: req.headers });
      events.emit('call', method);
      const failure = takeFailure(method);
      if (failure && 'acceptThenHang' in failure) {
        api(method, args, req.headers);
        return; // close() ends the connection
      }
      if (failure) return answerFailure(res, failure);
      const { status = 200, body } = api(method, args, req.headers);
      return send(res, status, body);
    }
    if (req.method === 'POST' && path.startsWith('/commands/')) {
      const failure = takeFailure('response_url');
      if (failure) return answerFailure(res, failure);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      const errors = blockKitErrors(body.blocks);
      if (errors.length) {
        res.writeHead(400).end('invalid_blocks');
        return;
      }
      responses.push({ id: decodeURIComponent(path.slice('/commands/'.length)), body, headers: req.headers });
      events.emit('response');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/link')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        try {
          events.emit('socket-frame', JSON.parse(String(data)) as Record<string, unknown>);
        } catch {
          // Not JSON: ignored, as Slack would.
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' }, debug_info: { host: 'fake' } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  function waitUntil<T>(ready: () => T | undefined, event: string, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const now = ready();
      if (now !== undefined) return resolve(now);
      const check = () => {
        const value = ready();
        if (value === undefined) return;
        clearTimeout(timer);
        events.off(event, check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        events.off(event, check);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      events.on(event, check);
    });
  }

  let envelopeCounter = 0;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    responseUrl: (id) => `${baseUrl}/commands/${encodeURIComponent(id)}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responses,
    channels,
    users,
    failNext(method, spec, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(spec);
      failures.set(method, list);
    },
    waitForResponses: (count, timeoutMs = 5000) =>
      waitUntil(() => (responses.length >= count ? responses.slice() : undefined), 'response', timeoutMs, `${count} response_url posts`),
    waitForCalls: (method, count, timeoutMs = 5000) =>
      waitUntil(
        () => {
          const matching = calls.filter((c) => c.method === method);
          return matching.length >= count ? matching : undefined;
        },
        'call',
        timeoutMs,
        `${count} ${method} calls`,
      ),
    sendSocketCommand(payload, timeoutMs = 5000) {
      const ws = [...sockets][0];
      if (!ws) return Promise.reject(new Error('fake Slack: no Socket Mode connection'));
      envelopeCounter += 1;
      const envelopeId = `env-${envelopeCounter}`;
      return new Promise((resolve, reject) => {
        const onFrame = (frame: Record<string, unknown>) => {
          if (frame.envelope_id !== envelopeId) return;
          clearTimeout(timer);
          events.off('socket-frame', onFrame);
          resolve(frame);
        };
        const timer = setTimeout(() => {
          events.off('socket-frame', onFrame);
          reject(new Error(`fake Slack: no ack for ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on('socket-frame', onFrame);
        ws.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload }));
      });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SignedCommandInput {
  signingSecret: string;
  text: string;
  channel_id: string;
  user_id: string;
  team_id: string;
  response_url: string;
  /** Unix seconds. @default now */
  timestamp?: number;
  user_name?: string;
  command?: string;
  /** An Enterprise Grid org; with `is_enterprise_install`, the command comes through an org-wide install. */
  enterprise_id?: string;
  is_enterprise_install?: boolean;
  /**
   * Send `text` as is instead of escaping it: for text already as Slack sends it when the command
   * escapes mentions, e.g. a picked user group `<!subteam^S123|@compliance>` next to typed words.
   */
  asSent?: boolean;
}

/**
 * The exact request Slack sends for a slash command: a form body (as a string, signed as sent) and
 * headers with `Content-Type: application/x-www-form-urlencoded` (no charset — Bolt compares it
 * exactly) and the v0 HMAC signature over `v0:{timestamp}:{body}`.
 */
export function signedCommand(input: SignedCommandInput): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: input.team_id,
    team_domain: 'example',
    channel_id: input.channel_id,
    channel_name: 'alerts',
    user_id: input.user_id,
    user_name: input.user_name ?? 'alice',
    command: input.command ?? '/sanctions',
    // Slack HTML-escapes these three in what the user typed.
    text: input.asSent ? input.text : input.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    api_app_id: 'A0001',
    is_enterprise_install: input.is_enterprise_install ? 'true' : 'false',
    ...(input.enterprise_id ? { enterprise_id: input.enterprise_id } : {}),
    response_url: input.response_url,
    trigger_id: '1.2.3',
  }).toString();
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = 'v0=' + createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

/**
 * The parts of a posted message that Slack parses for mentions, links and formatting: the top-level
 * `text` and every mrkdwn object in the blocks. plain_text and rich_text elements are shown as
 * written, so feed text may sit there unescaped; here it must never be live.
 */
export function parsedSlackText(args: { text?: unknown; blocks?: unknown }): string {
  const out: string[] = typeof args.text === 'string' ? [args.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(args.blocks);
  return out.join('\n');
}
