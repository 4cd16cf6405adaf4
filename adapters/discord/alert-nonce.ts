// Discord deduplicates message creates that carry the same nonce with enforce_nonce (for a few
// minutes), which turns a retried send after a lost response into a no-op instead of a double post.
import { createHash } from 'node:crypto';

/** Discord accepts nonces of at most 25 characters. */
export const NONCE_MAX_LENGTH = 25;

/**
 * The nonce for posting one alert to one channel: a hash of the outbox row id (stable across retries
 * and restarts) and the channel, 25 base64url characters (150 bits).
 */
export function alertNonce(alertId: string, channelId = ''): string {
  return createHash('sha256').update(`${alertId}\u0000${channelId}`).digest('base64url').slice(0, NONCE_MAX_LENGTH);
}
