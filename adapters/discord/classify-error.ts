// What a failed Discord send means for the outbox. discord.js has already waited out rate limits and
// retried 5xx/timeouts (its REST queue) by the time an error reaches us, so this only sorts what is
// left into "try later" and "stop sending to this channel".
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { DeliveryResult } from '../../src/model.ts';

/** Discord JSON error codes that mean the bot cannot post to this channel again without a human fixing it. */
const CHANNEL_FAILURES: Record<number, string> = {
  10003: 'Unknown Channel (10003): the channel was deleted or the id is wrong',
  10004: 'Unknown Guild (10004): the bot is no longer in this server; re-invite it, then watch again',
  50001: 'Missing Access (50001): the bot cannot see this channel; give its role View Channel there',
  50007: 'Cannot send messages to this user (50007)',
  50013: 'Missing Permissions (50013): the bot needs Send Messages and Embed Links in this channel',
};

// Shown in chat (watch list, feeds) as a channel's failure: the variable's name in a code span.
const INVALID_TOKEN = 'invalid token (401): Discord rejected `DISCORD_TOKEN`; reset the bot token in the Developer Portal and restart';

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;

/** True when the error says the bot token itself is bad (every channel is affected, not just one). */
export function isInvalidTokenError(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status === 401;
  // @discordjs/rest forgets the token after a 401 and then refuses every request with this message.
  return error instanceof Error && /Expected token to be set/.test(error.message);
}

/**
 * Sorts an error thrown by a discord.js REST call into a delivery outcome: missing access or
 * permissions, unknown channel or guild, any other 403, and a bad token are `channel-failed`; rate
 * limits, 5xx, timeouts and network errors are `retry`. Other 4xx (e.g. an invalid body) are
 * `rejected`: sending the same alert again cannot succeed, and the channel itself is fine. Pure.
 */
export function classifyDiscordError(error: unknown): DeliveryResult {
  if (isInvalidTokenError(error)) return { kind: 'channel-failed', reason: INVALID_TOKEN };
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = CHANNEL_FAILURES[code];
    if (known) return { kind: 'channel-failed', reason: known };
    if (error.status === 403) return { kind: 'channel-failed', reason: `Forbidden (403, code ${error.code}): ${error.message}` };
    if (error.status === 429) return { kind: 'retry', reason: 'rate limited (429)' };
    if (error.status >= 500) return { kind: 'retry', reason: `Discord server error (${error.status})` };
    return { kind: 'rejected', reason: `Discord rejected the message (${error.status}, code ${error.code}): ${error.message}` };
  }
  if (error instanceof RateLimitError) {
    return { kind: 'retry', reason: `rate limited on ${error.route}`, afterMs: Math.max(0, Math.ceil(error.retryAfter)) };
  }
  if (error instanceof HTTPError) return { kind: 'retry', reason: `Discord server error (${error.status})` };
  if (error instanceof Error) {
    if (error.name === 'AbortError' || error.name === 'TimeoutError') return { kind: 'retry', reason: 'request to Discord timed out' };
    const code = networkCode(error);
    if (code) return { kind: 'retry', reason: `network error (${code})` };
    return { kind: 'retry', reason: `unexpected error: ${error.message}` };
  }
  return { kind: 'retry', reason: `unexpected error: ${String(error)}` };
}

/** The system or undici error code of a network failure, looking through `fetch`'s `cause` wrapper. */
function networkCode(error: Error): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
  }
  return undefined;
}
