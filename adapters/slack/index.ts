// The Slack side of the bot: answers `/sanctions …` (HTTP Events API or Socket Mode) and posts alerts.
// It owns Slack's timing (the 3-second ack), its rendering and its error codes; the core only sees
// CommandInput → Reply and Alert → DeliveryResult.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger as BoltLogger, Receiver, webApi } from '@slack/bolt';
import type { Alert, ChannelRef } from '../../src/model.ts';
import { changeScope } from '../../src/commands/grammar.ts';
import { CodedError } from '../../src/errors.ts';
import { answerCommand, type ChatAdapter, type CommandHandler } from '../../src/platform.ts';
import type { Logger } from '../../src/log.ts';
import { classifySlackError } from './classify-error.ts';
import { createKeyValueInstallationStore, InstallationNotFoundError, type KeyValueStore } from './installation-store.ts';
import { renderAlert, renderReply } from './render.ts';
import { toCommandInput, workspaceRole, type SlackUserRoles } from './to-command-input.ts';

export type { KeyValueStore } from './installation-store.ts';

/** Bot scopes the app asks for (kept in step with manifest.yml). */
const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'channels:history', 'groups:history', 'channels:read', 'metadata.message:read', 'users:read'];

/** Marks our alert posts so a retry can find an earlier post of the same alert. */
const ALERT_EVENT_TYPE = 'sanctions_alert';

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` parameter. */
  stateSecret: string;
  /** Where installations (one per workspace) are kept. */
  store: KeyValueStore;
  /** @default SLACK_BOT_SCOPES */
  scopes?: string[];
}

export interface SlackAdapterOptions {
  /** `xoxb-…`; required unless `oauth` is set (then each workspace's token comes from its installation). */
  botToken?: string;
  /** Verifies HTTP requests; required in HTTP mode. */
  signingSecret?: string;
  /** `xapp-…`: when set, the adapter uses Socket Mode instead of an HTTP endpoint. */
  appToken?: string;
  /** Web API base URL (SLACK_API_URL). @default 'https://slack.com/api/' */
  apiUrl?: string;
  /** HTTP mode: where `/slack/events` listens (0 picks a free port; read it back from `port`). */
  port: number;
  /** @default all interfaces */
  host?: string;
  /** Slack user ids allowed to change watchlists and feeds; empty: everyone may. */
  adminUserIds: string[];
  log: Logger;
  /** Multi-workspace install via `/slack/install` (HTTP mode only). */
  oauth?: SlackOAuthOptions;
  /**
   * Web API retries for 5xx/network errors. @default { retries: 0 } — a repeated chat.postMessage
   * after a lost response would post twice, whereas the outbox's retry first checks the channel for
   * the earlier post. 429s are never retried in-process (`rejectRateLimitedCalls`): the outbox waits
   * out Retry-After instead of the client sleeping inside a dispatch.
   */
  retryConfig?: webApi.RetryOptions;
  /**
   * The bot's ids, as auth.test would report them. Given both, `start()` skips auth.test (tests);
   * otherwise `start()` calls it once, which also proves the token works.
   */
  botId?: string;
  botUserId?: string;
  /**
   * Hold the HTTP response until the command is handled. Only for tests: Slack wants the ack
   * within 3 s, so production acks at once and answers through response_url. @default false
   */
  processBeforeResponse?: boolean;
  /** Answer unacknowledged requests with 404 after this long. @default 3001 */
  unhandledRequestTimeoutMillis?: number;
  /** Per Web API call timeout, so a hung Slack cannot stall a dispatch. @default 10000 */
  requestTimeoutMs?: number;
  /** How many recent messages a retry searches for an earlier post of the same alert. @default 50 */
  historyLimit?: number;
  /** The slash command as named in the app manifest. @default '/sanctions' */
  command?: string;
  /** HTTP mode: extra routes on the same server (the bot's /healthz and /metrics, GET by default; the WebSub callback). */
  routes?: Array<{ path: string; method?: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }>;
}

export interface SlackAdapter extends ChatAdapter {
  readonly platform: 'slack';
  /** The bound HTTP port once started in HTTP mode (useful with `port: 0`), else undefined. */
  readonly port: number | undefined;
}

/** Raised by `createSlackAdapter`/`start` when the Slack settings cannot work; says which to fix. */
export class SlackConfigError extends CodedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('platform/slack', message, options);
  }
}


function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bolt's logger interface over ours, so Bolt's own warnings land in the same one-line log. */
function toBoltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const line = (parts: unknown[]) =>
    `slack(${name}): ` +
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (p instanceof Error) return p.message;
        try {
          return JSON.stringify(p);
        } catch {
          return String(p);
        }
      })
      .join(' ');
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * Slack adapter over Bolt. HTTP mode (signingSecret) serves `/slack/events` on `port`; Socket Mode
 * (appToken) connects out instead. Commands are acked at once and answered through response_url;
 * alerts go out with `chat.postMessage`, tagged with their alert id in message metadata.
 * Creating it does no network I/O; `start()` checks the token and starts listening.
 * @throws SlackConfigError when neither mode or no token source is configured
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { log, oauth } = options;
  const socketMode = Boolean(options.appToken);
  if (!socketMode && !options.signingSecret) {
    throw new SlackConfigError('Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)');
  }
  if (!options.botToken && !oauth) {
    throw new SlackConfigError('Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET for multi-workspace OAuth');
  }
  if (oauth && options.botToken) {
    throw new SlackConfigError('Set either SLACK_BOT_TOKEN (one workspace) or the SLACK_CLIENT_* OAuth settings (many workspaces), not both');
  }
  if (oauth && socketMode) {
    throw new SlackConfigError('Multi-workspace OAuth is supported in HTTP mode only: unset SLACK_APP_TOKEN or the SLACK_CLIENT_* settings');
  }

  const boltLogger = toBoltLogger(log);
  const apiUrl = options.apiUrl ?? 'https://slack.com/api/';
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: options.retryConfig ?? { retries: 0 },
    timeout: options.requestTimeoutMs ?? 10_000,
  };
  const installationStore = oauth ? createKeyValueInstallationStore(oauth.store) : undefined;

  let receiver: Receiver;
  if (socketMode) {
    receiver = new SocketModeReceiver({
      appToken: options.appToken as string,
      logger: boltLogger,
      installerOptions: { clientOptions },
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret as string,
      logger: boltLogger,
      processBeforeResponse: options.processBeforeResponse ?? false,
      unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis ?? 3001,
      ...(options.routes?.length ? { customRoutes: options.routes.map((r) => ({ path: r.path, method: r.method ?? ['GET', 'HEAD'], handler: r.handler })) } : {}),
      ...(oauth && installationStore
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: oauth.scopes ?? SLACK_BOT_SCOPES,
            installationStore,
            installerOptions: { clientOptions },
          }
        : {}),
    });
  }

  const app = new App({
    receiver,
    logger: boltLogger,
    clientOptions,
    // init() runs in start(), so a bad token is reported there instead of as an unhandled rejection.
    deferInitialization: true,
    ...(socketMode ? { socketMode: true, appToken: options.appToken } : {}),
    ...(options.botToken ? { token: options.botToken } : {}),
    ...(options.botToken && options.botId && options.botUserId
      ? { botId: options.botId, botUserId: options.botUserId, tokenVerificationEnabled: false }
      : {}),
  });

  let onCommand: CommandHandler | undefined;
  let server: Server | undefined;
  let started = false;
  const command = options.command ?? '/sanctions';
  const historyLimit = options.historyLimit ?? 50;

  app.error(async (error) => {
    log.error(`slack: unhandled error in a listener: ${describe(error)}`);
  });

  // users.info is a Tier-4 call: a user's role is remembered for a few minutes.
  const roles = new Map<string, { at: number; role: ReturnType<typeof workspaceRole> }>();
  /** Without an admin list, feed changes need a workspace admin or owner (users.info, with the workspace's token). */
  async function workspaceRoleOf(client: webApi.WebClient, teamId: string, userId: string): Promise<ReturnType<typeof workspaceRole>> {
    const key = `${teamId}:${userId}`;
    const cached = roles.get(key);
    if (cached && Date.now() - cached.at < 5 * 60_000) return cached.role;
    try {
      const result = await client.users.info({ user: userId });
      const role = workspaceRole((result.user ?? {}) as SlackUserRoles);
      roles.set(key, { at: Date.now(), role });
      return role;
    } catch (error) {
      log.warn(`slack: users.info for ${userId} failed: ${describe(error)}`);
      return { canManageWorkspace: false, workspaceRefusal: `could not check that you are a workspace admin (users.info: ${classifySlackError(error).reason}); the app needs the \`users:read\` scope` };
    }
  }

  app.command(command, async ({ command: payload, ack, respond, client }) => {
    // Ack first: Slack gives 3 s, and the command may read feeds or the store for longer.
    await ack();
    const input = toCommandInput(payload, { adminUserIds: options.adminUserIds });
    // A feed change needs a workspace admin when no admin list is set: ask Slack for the user's role.
    if (options.adminUserIds.length === 0 && changeScope(input.text) === 'workspace') Object.assign(input, await workspaceRoleOf(client, payload.team_id, payload.user_id));
    // Workspaces of an Enterprise Grid org installed org-wide have no installation of their own:
    // remember the org, so alerts to this workspace can find the org's token.
    if (installationStore && payload.enterprise_id && payload.team_id) installationStore.rememberEnterprise(payload.team_id, payload.enterprise_id);
    const reply = await answerCommand(onCommand, input, (error) => log.error(`slack: ${command} "${input.text.slice(0, 80)}" in ${input.channel.id} failed: ${describe(error)}`));
    try {
      await respond({ ...renderReply(reply), replace_original: false });
    } catch (error) {
      log.warn(`slack: could not answer ${command} through response_url: ${describe(error)}`);
    }
  });

  /** The token to post with: the bot token, or the channel's workspace installation in OAuth mode. */
  async function tokenFor(channel: ChannelRef): Promise<string | { kind: 'channel-failed'; reason: string }> {
    if (!installationStore) return options.botToken as string;
    if (!channel.workspace) return { kind: 'channel-failed', reason: 'no Slack workspace recorded for this channel' };
    try {
      const installation = await installationStore.fetchForTeam(channel.workspace);
      if (installation.bot?.token) return installation.bot.token;
      return { kind: 'channel-failed', reason: `Slack installation for ${channel.workspace} has no bot token` };
    } catch (error) {
      // A workspace that never installed (or uninstalled) is this channel's problem; a storage
      // failure is not, and is not hidden.
      if (error instanceof InstallationNotFoundError) return { kind: 'channel-failed', reason: error.message };
      throw error;
    }
  }

  /** On a retry: the ts of an earlier post of this alert, if the last try reached Slack after all. */
  async function findEarlierPost(token: string, channel: ChannelRef, alert: Alert): Promise<string | undefined> {
    const threaded = alert.kind === 'follow-up' && alert.replyTo;
    const result = threaded
      ? await app.client.conversations.replies({ token, channel: channel.id, ts: alert.replyTo as string, limit: historyLimit, include_all_metadata: true })
      : await app.client.conversations.history({ token, channel: channel.id, limit: historyLimit, include_all_metadata: true });
    const messages = (result.messages ?? []) as HistoryMessage[];
    const match = messages.find((m) => m.metadata?.event_type === ALERT_EVENT_TYPE && m.metadata.event_payload?.alert_id === alert.id);
    return match?.ts;
  }

  const boundPort = (): number | undefined => {
    const address = server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  };

  return {
    platform: 'slack',
    get port() {
      return boundPort();
    },

    async start(handler) {
      onCommand = handler;
      try {
        await app.init();
      } catch (error) {
        // Slack answering with an error is a rejection; no answer at all is the network's fault.
        const answered = (error as { code?: string }).code === 'slack_webapi_platform_error';
        throw new SlackConfigError(
          answered
            ? `Slack rejected the bot token (auth.test: ${describe(error)}); copy SLACK_BOT_TOKEN again from OAuth & Permissions`
            : `Could not reach Slack to check the bot token (${describe(error)}); check the network and SLACK_API_URL`,
          { cause: error },
        );
      }
      if (socketMode) {
        await app.start();
        log.info('slack: connected over Socket Mode');
      } else {
        server = (await (receiver as HTTPReceiver).start({ port: options.port, host: options.host })) as Server;
        log.info(`slack: listening for ${command} on port ${boundPort() ?? options.port} at /slack/events`);
      }
      started = true;
    },

    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      server = undefined;
    },

    async findPosted(channel, alert) {
      // Outside the try, as for send: a failing installation store is not a Slack outcome.
      const token = await tokenFor(channel);
      if (typeof token !== 'string') return token;
      try {
        const ts = await findEarlierPost(token, channel, alert);
        if (!ts) return { kind: 'not-found' };
        log.info(`slack: alert ${alert.id} was already in ${channel.id} (ts ${ts}); not posting again`);
        return { kind: 'posted', messageRef: ts };
      } catch (error) {
        const result = classifySlackError(error);
        // A transient failure: try the whole send later. Otherwise (e.g. no history scope) the
        // post itself decides, accepting a possible duplicate over never delivering.
        if (result.kind === 'retry') return result;
        log.warn(`slack: could not check ${channel.id} for an earlier post of alert ${alert.id}: ${result.reason}`);
        return { kind: 'not-found' };
      }
    },

    async send(channel, alert) {
      // Outside the try: a failing installation store is a storage error for the caller, not a
      // Slack outcome to classify.
      const token = await tokenFor(channel);
      if (typeof token !== 'string') return token;
      try {
        const { text, blocks } = renderAlert(alert);
        const response = await app.client.chat.postMessage({
          token,
          channel: channel.id,
          text,
          blocks,
          ...(alert.kind === 'follow-up' && alert.replyTo ? { thread_ts: alert.replyTo } : {}),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { alert_id: alert.id, story_id: alert.storyId } },
        });
        return response.ts ? { kind: 'delivered', messageRef: response.ts } : { kind: 'delivered' };
      } catch (error) {
        const result = classifySlackError(error);
        log.warn(`slack: alert ${alert.id} to ${channel.id}: ${result.kind} (${result.reason})`);
        return result;
      }
    },
  };
}
