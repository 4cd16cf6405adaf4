import { describe, expect, it } from 'vitest';
import { checkFeedAddress, forbiddenAddressKind, validateFeedUrl, type LookupFn } from '../../../src/feeds/address-guard.ts';

/** A resolver with fixed answers that records what it was asked; never touches real DNS. */
function fakeLookup(answers: Record<string, string[]>): LookupFn & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (hostname: string) => {
    asked.push(hostname);
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { asked });
}

const noDns = fakeLookup({});

describe('checkFeedAddress', () => {
  it.each([
    ['http://127.0.0.1/feed', /loopback/],
    ['http://127.8.9.10:8080/feed', /loopback/],
    ['http://10.1.2.3/feed', /private/],
    ['http://172.16.5.4/feed', /private/],
    ['http://172.31.255.255/feed', /private/],
    ['http://192.168.1.1/feed', /private/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://100.64.0.1/feed', /carrier-grade NAT/],
    ['http://0.0.0.0/feed', /unspecified/],
    ['http://[::1]/feed', /loopback/],
    ['http://[::]/feed', /unspecified/],
    ['http://[fe80::1]/feed', /link-local/],
    ['http://[fd12:3456::1]/feed', /unique local/],
    ['http://[::ffff:127.0.0.1]/feed', /loopback.*IPv4-mapped/],
    ['http://[::ffff:a9fe:a9fe]/feed', /link-local.*IPv4-mapped/],
    ['http://[64:ff9b::a00:1]/feed', /private.*NAT64/],
    ['http://2130706433/feed', /loopback/], // the URL parser reads this as 127.0.0.1
    ['http://0x7f.1/feed', /loopback/],
    ['http://localhost:3000/feed', /loopback name/],
    ['http://api.localhost/feed', /loopback name/],
  ])('refuses %s without allowPrivate, saying which kind of address and how to allow it', async (url, kind) => {
    const result = await checkFeedAddress(url, { allowPrivate: false, lookup: noDns });
    expect(result).toMatchObject({ ok: false, code: 'forbidden-address' });
    expect(!result.ok && result.reason).toMatch(kind);
    expect(!result.ok && result.reason).toContain('`ALLOW_PRIVATE_FEEDS=true`');
  });

  it.each(['http://127.0.0.1/feed', 'http://10.1.2.3/feed', 'http://169.254.169.254/', 'http://[::1]/feed', 'http://[::ffff:127.0.0.1]/', 'http://localhost/feed'])(
    'allows %s when allowPrivate is set',
    async (url) => {
      expect(await checkFeedAddress(url, { allowPrivate: true, lookup: noDns })).toEqual({ ok: true });
    },
  );

  it.each(['http://8.8.8.8/feed', 'https://172.32.0.1/feed', 'http://100.128.0.1/', 'http://[2001:4860:4860::8888]/feed', 'http://[::ffff:8.8.8.8]/'])(
    'allows the public address %s',
    async (url) => {
      expect(await checkFeedAddress(url, { allowPrivate: false, lookup: noDns })).toEqual({ ok: true });
    },
  );

  it('refuses a hostname when any one of its addresses is private, naming the address', async () => {
    const lookup = fakeLookup({ 'mixed.example': ['93.184.216.34', '10.0.0.7'] });
    const result = await checkFeedAddress('https://mixed.example/rss', { allowPrivate: false, lookup });
    expect(result).toMatchObject({ ok: false, code: 'forbidden-address' });
    expect(!result.ok && result.reason).toContain('mixed.example resolves to 10.0.0.7');
    expect(lookup.asked).toEqual(['mixed.example']);
  });

  it('refuses a hostname resolving to an IPv4-mapped loopback address', async () => {
    const lookup = fakeLookup({ 'sneaky.example': ['::ffff:7f00:1'] });
    expect(await checkFeedAddress('http://sneaky.example/', { allowPrivate: false, lookup })).toMatchObject({ ok: false, code: 'forbidden-address' });
  });

  it('accepts a hostname whose addresses are all public', async () => {
    const lookup = fakeLookup({ 'news.example': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await checkFeedAddress('https://news.example/rss', { allowPrivate: false, lookup })).toEqual({ ok: true });
  });

  it('reports a failed lookup as dns-failed with the error code, not as a refusal', async () => {
    const result = await checkFeedAddress('https://nowhere.invalid/rss', { allowPrivate: false, lookup: noDns });
    expect(result).toEqual({ ok: false, code: 'dns-failed', reason: 'DNS lookup failed for nowhere.invalid (ENOTFOUND)' });
  });

  it('does not resolve anything when allowPrivate is set', async () => {
    const lookup = fakeLookup({});
    expect(await checkFeedAddress('https://intranet.example/rss', { allowPrivate: true, lookup })).toEqual({ ok: true });
    expect(lookup.asked).toEqual([]);
  });

  it.each(['ftp://files.example/feed.xml', 'file:///etc/passwd', 'gopher://old.example/'])('refuses the non-http scheme of %s even with allowPrivate', async (url) => {
    const result = await checkFeedAddress(url, { allowPrivate: true, lookup: noDns });
    expect(result).toMatchObject({ ok: false, code: 'scheme' });
  });
});

describe('forbiddenAddressKind', () => {
  it('classifies the edges of the private ranges exactly', () => {
    expect(forbiddenAddressKind('172.15.255.255')).toBeUndefined();
    expect(forbiddenAddressKind('172.16.0.0')).toBe('a private address');
    expect(forbiddenAddressKind('100.63.255.255')).toBeUndefined();
    expect(forbiddenAddressKind('100.127.255.255')).toMatch(/NAT/);
    expect(forbiddenAddressKind('fe80::1%eth0')).toMatch(/link-local/);
    expect(forbiddenAddressKind('febf::1')).toMatch(/link-local/);
    expect(forbiddenAddressKind('fc00::')).toMatch(/unique local/);
    expect(forbiddenAddressKind('2002:c0a8:0101::1')).toMatch(/private.*6to4/);
    expect(forbiddenAddressKind('not an address')).toBeUndefined();
  });
});

describe('validateFeedUrl', () => {
  it('accepts an https URL and gives it back normalized', () => {
    expect(validateFeedUrl('  https://WWW.FederalRegister.gov/api/v1/documents.rss?conditions%5Btype%5D%5B%5D=PRESDOCU ')).toEqual({
      ok: true,
      url: 'https://www.federalregister.gov/api/v1/documents.rss?conditions%5Btype%5D%5B%5D=PRESDOCU',
    });
  });

  it('explains a malformed URL and quotes what it got', () => {
    const result = validateFeedUrl('federalregister.gov/feed');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('Not a valid URL: "federalregister.gov/feed". Give the full address, starting with https://');
  });

  it.each([
    ['ftp://files.example/feed.xml', /Only http and https feeds can be added, got "ftp"/],
    ['file:///etc/passwd', /got "file"/],
    ['javascript:alert(1)', /got "javascript"/],
    ['', /No URL given/],
    ['https://user:secret@feeds.example/rss', /Remove the user name and password/],
    [`https://feeds.example/${'a'.repeat(3000)}`, /2048 is the limit/],
  ])('refuses %s with a clear reason', (text, reason) => {
    const result = validateFeedUrl(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
