import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findHub, verifySignature } from '../../../src/feeds/websub.ts';

describe('findHub', () => {
  it('finds the hub and self links of Atom and of RSS with atom:link', () => {
    expect(findHub('<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://pubsubhubbub.appspot.com/"/><link rel="self" href="https://example.org/feed.atom"/>')).toEqual({
      hub: 'https://pubsubhubbub.appspot.com/',
      self: 'https://example.org/feed.atom',
    });
    expect(findHub('<rss><channel><atom:link href="https://hub.example/?a=1&amp;b=2" rel="hub" /><title>x</title>')).toEqual({ hub: 'https://hub.example/?a=1&b=2' });
  });

  it('ignores feeds without a hub and hubs that are not http(s)', () => {
    expect(findHub('<rss><channel><link>https://example.org/</link>')).toEqual({});
    expect(findHub('<feed><link rel="hub" href="javascript:alert(1)"/>')).toEqual({});
  });
});

describe('verifySignature', () => {
  const body = Buffer.from('<feed>…</feed>');
  it('accepts sha1 and sha256 HMACs of the body with the secret, and nothing else', () => {
    for (const algo of ['sha1', 'sha256']) expect(verifySignature(`${algo}=${createHmac(algo, 's3cret').update(body).digest('hex')}`, body, 's3cret')).toBe(true);
    expect(verifySignature(`sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`, body, 's3cret')).toBe(false);
    expect(verifySignature(`sha256=${createHmac('sha256', 's3cret').update('tampered').digest('hex')}`, body, 's3cret')).toBe(false);
    expect(verifySignature(undefined, body, 's3cret')).toBe(false);
    expect(verifySignature('md5=abc', body, 's3cret')).toBe(false);
  });
});
