import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../../../adapters/slack/classify-error.ts';

// Shapes as @slack/web-api 8 throws them (code strings from its ErrorCode enum).
const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('classifySlackError', () => {
  it('turns a 429 into a retry after Retry-After', () => {
    const error = Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(classifySlackError(error)).toEqual({ kind: 'retry', reason: 'rate limited by Slack (Retry-After 7s)', afterMs: 7000 });
  });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived', 'invalid_auth', 'account_inactive', 'token_revoked', 'missing_scope'])(
    'marks %s as a permanent channel failure with that reason',
    (code) => {
      expect(classifySlackError(platform(code))).toEqual({ kind: 'channel-failed', reason: code });
    },
  );

  it('rejects an alert whose content Slack refuses, without failing the channel', () => {
    expect(classifySlackError(platform('invalid_blocks'))).toEqual({ kind: 'rejected', reason: 'invalid_blocks' });
    expect(classifySlackError(platform('msg_too_long'))).toEqual({ kind: 'rejected', reason: 'msg_too_long' });
  });

  it('retries other Slack API errors, naming them', () => {
    expect(classifySlackError(platform('internal_error'))).toEqual({ kind: 'retry', reason: 'internal_error' });
  });

  it('retries HTTP 5xx and network errors', () => {
    const http = Object.assign(new Error('500'), { code: 'slack_webapi_http_error', statusCode: 503 });
    expect(classifySlackError(http)).toEqual({ kind: 'retry', reason: 'HTTP 503 from Slack' });
    const network = Object.assign(new Error('request failed'), { code: 'slack_webapi_request_error', original: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(classifySlackError(network)).toEqual({ kind: 'retry', reason: 'network error: connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('retries a 429 without a readable Retry-After and anything unknown, never throwing', () => {
    expect(classifySlackError(new Error('Retry header did not contain a valid timeout (url: x)'))).toEqual({ kind: 'retry', reason: 'rate limited by Slack' });
    expect(classifySlackError('boom')).toEqual({ kind: 'retry', reason: 'boom' });
    expect(classifySlackError(undefined).kind).toBe('retry');
  });
});
