import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { classifyDiscordError, isInvalidTokenError } from '../../../../adapters/discord/classify-error.ts';

const apiError = (status: number, code: number, message = 'error') =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'http://127.0.0.1/api/v10/channels/1/messages', { body: {} });

describe('classifyDiscordError', () => {
  it.each([
    [403, 50001, /Missing Access/],
    [403, 50013, /Missing Permissions/],
    [404, 10003, /Unknown Channel/],
    [404, 10004, /Unknown Guild/],
    [403, 40333, /Forbidden \(403/],
  ])('HTTP %i code %i stops sending to the channel with a reason that says what to fix', (status, code, reason) => {
    const result = classifyDiscordError(apiError(status, code));
    expect(result.kind).toBe('channel-failed');
    expect(result.kind === 'channel-failed' && result.reason).toMatch(reason);
  });

  it('a 401 is channel-failed "invalid token" and is recognised as a token problem', () => {
    const err = apiError(401, 0, '401: Unauthorized');
    expect(classifyDiscordError(err)).toEqual({ kind: 'channel-failed', reason: expect.stringMatching(/^invalid token/) });
    expect(isInvalidTokenError(err)).toBe(true);
    // After a 401, @discordjs/rest drops the token and refuses every later request locally.
    const later = new Error('Expected token to be set for this request, but none was present');
    expect(classifyDiscordError(later).kind).toBe('channel-failed');
    expect(isInvalidTokenError(apiError(403, 50001))).toBe(false);
  });

  it('server errors, rate limits, timeouts and network failures are retried later', () => {
    expect(classifyDiscordError(apiError(500, 0)).kind).toBe('retry');
    expect(classifyDiscordError(new HTTPError(502, 'Bad Gateway', 'POST', 'u', { body: {} })).kind).toBe('retry');
    const limited = new RateLimitError({
      timeToReset: 1500, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages',
      majorParameter: '1', global: false, retryAfter: 1500, sublimitTimeout: 0, scope: 'user',
    });
    expect(classifyDiscordError(limited)).toEqual({ kind: 'retry', reason: expect.any(String), afterMs: 1500 });
    const abort = new Error('This operation was aborted');
    abort.name = 'AbortError';
    expect(classifyDiscordError(abort)).toEqual({ kind: 'retry', reason: 'request to Discord timed out' });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(classifyDiscordError(refused)).toEqual({ kind: 'retry', reason: 'network error (ECONNREFUSED)' });
  });

  it('an invalid body rejects that alert (not the whole channel), and says what Discord rejected', () => {
    const result = classifyDiscordError(apiError(400, 50035, 'Invalid Form Body'));
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining('50035') });
  });

  it('never throws, even for values that are not errors', () => {
    expect(classifyDiscordError('boom').kind).toBe('retry');
    expect(classifyDiscordError(undefined).kind).toBe('retry');
  });
});
