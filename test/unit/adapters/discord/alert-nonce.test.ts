import { describe, expect, it } from 'vitest';
import { NONCE_MAX_LENGTH, alertNonce } from '../../../../adapters/discord/alert-nonce.ts';

describe('alertNonce', () => {
  it('is the same for the same alert and channel on every call (a retry is recognised as a duplicate)', () => {
    expect(alertNonce('outbox-42', '123')).toBe(alertNonce('outbox-42', '123'));
  });

  it('fits Discord’s 25-character limit, even for very long ids', () => {
    for (const id of ['1', 'outbox-42', 'x'.repeat(5000)]) {
      expect(alertNonce(id, '123').length).toBeLessThanOrEqual(NONCE_MAX_LENGTH);
      expect(alertNonce(id, '123')).toMatch(/^[\w-]+$/);
    }
  });

  it('differs between alerts and between channels', () => {
    expect(alertNonce('outbox-1', '123')).not.toBe(alertNonce('outbox-2', '123'));
    expect(alertNonce('outbox-1', '123')).not.toBe(alertNonce('outbox-1', '124'));
  });
});
