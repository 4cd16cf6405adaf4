// Pure classification of @slack/web-api errors into the neutral DeliveryResult. Duck-typed on the
// SDK's documented `code` strings so it needs no runtime import and tests can pass plain objects.
import type { DeliveryResult } from '../../src/model.ts';

/**
 * Slack API errors that will not go away by retrying this channel: the bot was removed or never
 * invited, the channel is gone or archived, or the workspace's token no longer works.
 */
const CHANNEL_FATAL_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'team_access_not_granted',
  'access_denied',
]);

/** Errors about the message itself: sending the same alert again cannot succeed. */
const MESSAGE_REJECTED_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large']);

/** The outcomes a failed call can have. */
export type FailedDelivery = Exclude<DeliveryResult, { kind: 'delivered' }>;

interface SlackLikeError {
  code?: unknown;
  message?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  original?: { message?: unknown; code?: unknown };
}

const asRecord = (e: unknown): SlackLikeError => (typeof e === 'object' && e !== null ? (e as SlackLikeError) : {});

/**
 * @slack/web-api error → DeliveryResult. 429 (`slack_webapi_rate_limited_error`, raised because the
 * client runs with `rejectRateLimitedCalls`) → retry after Retry-After; permanent per-channel API
 * errors → channel-failed with Slack's error code as reason; content errors (invalid_blocks…) →
 * rejected; HTTP 5xx and network errors → retry;
 * anything else → retry with the reason (the outbox caps attempts). Never throws.
 */
export function classifySlackError(error: unknown): FailedDelivery {
  const e = asRecord(error);
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (e.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter) ? e.retryAfter : undefined;
      return seconds === undefined
        ? { kind: 'retry', reason: 'rate limited by Slack' }
        : { kind: 'retry', reason: `rate limited by Slack (Retry-After ${seconds}s)`, afterMs: Math.max(0, seconds * 1000) };
    }
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (CHANNEL_FATAL_ERRORS.has(code)) return { kind: 'channel-failed', reason: code };
      if (MESSAGE_REJECTED_ERRORS.has(code)) return { kind: 'rejected', reason: code };
      return { kind: 'retry', reason: code };
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
      return { kind: 'retry', reason: status ? `HTTP ${status} from Slack` : 'HTTP error from Slack' };
    }
    case 'slack_webapi_request_error': {
      const cause = e.original && typeof e.original.message === 'string' ? e.original.message : message;
      return { kind: 'retry', reason: `network error: ${cause}` };
    }
    default:
      // A 429 whose Retry-After could not be read surfaces as a plain Error with this wording.
      if (/rate limit|retry header/i.test(message)) return { kind: 'retry', reason: 'rate limited by Slack' };
      return { kind: 'retry', reason: message || 'unknown error' };
  }
}
