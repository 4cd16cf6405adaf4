import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupFn } from '../../../src/feeds/address-guard.ts';
import { fetchFeed, type FetchFeedOptions } from '../../../src/feeds/fetch-feed.ts';
import { parseFeed } from '../../../src/feeds/parse-feed.ts';
import { createFakeFeedServer, type FakeFeedServer } from '../../fakes/feed-server.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const FEED = fixture('rss2.xml');

/** The fake server lives on 127.0.0.1, so every test that reaches it says allowPrivate explicitly. */
const local: FetchFeedOptions = { allowPrivate: true, timeoutMs: 5_000 };

/** A resolver with fixed answers that records what it was asked; never touches real DNS. */
function fakeLookup(answers: Record<string, string[] | (() => string[])>): LookupFn & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (hostname: string) => {
    asked.push(hostname);
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (typeof found === 'function' ? found() : found).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { asked });
}

let server: FakeFeedServer;
beforeAll(async () => {
  server = await createFakeFeedServer();
});
afterAll(async () => {
  await server.close();
});

describe('fetchFeed over http', () => {
  it('returns the body with its validators, then not-modified (no body) when they are sent back', async () => {
    server.setRoute('/validators.xml', { body: FEED, etag: '"v1"', lastModified: 'Tue, 05 Jan 2021 22:15:00 GMT' });
    const first = await fetchFeed(server.url('/validators.xml'), local);
    expect(first).toMatchObject({ kind: 'ok', status: 200, etag: '"v1"', lastModified: 'Tue, 05 Jan 2021 22:15:00 GMT', finalUrl: server.url('/validators.xml') });
    expect(first.kind === 'ok' && first.body).toBe(FEED);

    const second = await fetchFeed(server.url('/validators.xml'), { ...local, etag: '"v1"', lastModified: 'Tue, 05 Jan 2021 22:15:00 GMT' });
    expect(second).toEqual({ kind: 'not-modified' });
    const [, conditional] = server.requestsFor('/validators.xml');
    expect(conditional?.headers['if-none-match']).toBe('"v1"');
    expect(conditional?.headers['if-modified-since']).toBe('Tue, 05 Jan 2021 22:15:00 GMT');
    expect(await conditional?.outcome).toMatchObject({ status: 304, bytesSent: 0 });
  });

  it('hands back the bytes undecoded when asked (a screening list), compressed or not, from a file too', async () => {
    const json = '{"results":[{"name":"中芯国际"}]}';
    server.setRoute('/list.json', { body: json, contentType: 'application/json', encoding: 'gzip' });
    const r = await fetchFeed(server.url('/list.json'), { ...local, asBytes: true });
    expect(r.kind === 'ok' && [r.body, r.bytes?.toString('utf8')]).toEqual(['', json]);
    const dir = mkdtempSync(join(tmpdir(), 'sw-bytes-'));
    try {
      writeFileSync(join(dir, 'list.json'), json);
      const file = await fetchFeed(join(dir, 'list.json'), { asBytes: true });
      expect(file.kind === 'ok' && file.bytes?.toString('utf8')).toBe(json);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gets not-modified from a server that only knows Last-Modified', async () => {
    server.setRoute('/dated.xml', { body: FEED, lastModified: 'Fri, 08 Jan 2021 10:00:00 GMT' });
    const first = await fetchFeed(server.url('/dated.xml'), local);
    expect(first.kind === 'ok' && first.etag).toBeUndefined();
    const second = await fetchFeed(server.url('/dated.xml'), { ...local, lastModified: first.kind === 'ok' ? first.lastModified : undefined });
    expect(second).toEqual({ kind: 'not-modified' });
  });

  it('sends an honest User-Agent and asks for feed types', async () => {
    server.setRoute('/ua.xml', { body: FEED });
    await fetchFeed(server.url('/ua.xml'), local);
    const [request] = server.requestsFor('/ua.xml');
    expect(request?.headers['user-agent']).toMatch(/^sanctions-watch\/\d+\.\d+ \(.+\)$/);
    expect(request?.headers.accept).toContain('application/rss+xml');
    await fetchFeed(server.url('/ua.xml'), { ...local, userAgent: 'custom-agent/1' });
    expect(server.requestsFor('/ua.xml')[1]?.headers['user-agent']).toBe('custom-agent/1');
  });

  it.each(['gzip', 'deflate', 'br'] as const)('decompresses a %s body', async (encoding) => {
    server.setRoute(`/compressed-${encoding}.xml`, { body: FEED, encoding });
    const result = await fetchFeed(server.url(`/compressed-${encoding}.xml`), local);
    expect(result.kind === 'ok' && result.body).toBe(FEED);
  });

  it('answers an unknown or corrupt content-encoding with a network error that names it, not a crash', async () => {
    server.setRoute('/zstd.xml', { body: FEED, headers: { 'content-encoding': 'zstd' } });
    const unknown = await fetchFeed(server.url('/zstd.xml'), local);
    expect(unknown).toEqual({ kind: 'network-error', message: expect.stringContaining('unsupported content-encoding "zstd"') });
    // Plain bytes labelled gzip: the decompressor fails on them.
    server.setRoute('/fake-gzip.xml', { body: FEED, headers: { 'content-encoding': 'gzip' } });
    const corrupt = await fetchFeed(server.url('/fake-gzip.xml'), local);
    expect(corrupt).toEqual({ kind: 'network-error', message: expect.stringMatching(/header|gzip|zlib/i) });
  });

  it('decodes what servers send in practice: raw deflate, stacked codings, a gzip stream cut short, an empty gzip body', async () => {
    server.setRoute('/raw-deflate.xml', { body: deflateRawSync(FEED), headers: { 'content-encoding': 'deflate' } });
    expect(await fetchFeed(server.url('/raw-deflate.xml'), local)).toMatchObject({ kind: 'ok', body: FEED });
    // Listed in the order applied: gzip first, then br.
    server.setRoute('/stacked.xml', { body: brotliCompressSync(gzipSync(FEED)), headers: { 'content-encoding': 'gzip, br' } });
    expect(await fetchFeed(server.url('/stacked.xml'), local)).toMatchObject({ kind: 'ok', body: FEED });
    // Without its 8-byte trailer the text is all there: read it, as browsers do.
    const gz = gzipSync(FEED);
    server.setRoute('/cut.xml', { body: gz.subarray(0, gz.length - 8), headers: { 'content-encoding': 'gzip' } });
    expect(await fetchFeed(server.url('/cut.xml'), local)).toMatchObject({ kind: 'ok', body: FEED });
    server.setRoute('/empty-gzip.xml', { body: Buffer.alloc(0), headers: { 'content-encoding': 'gzip' } });
    const empty = await fetchFeed(server.url('/empty-gzip.xml'), local);
    expect(empty.kind === 'ok' ? empty.body : empty).toBe('');
  });

  it('stops a compressed stream that never yields anything at the cap, counting the bytes received', async () => {
    // Empty stored deflate blocks: five bytes each, no output, no end.
    const emptyBlock = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
    server.setRoute('/empty-blocks.xml', { stream: { chunk: Buffer.concat(Array(2_000).fill(emptyBlock)), count: 500 }, omitLength: true, headers: { 'content-encoding': 'deflate' } });
    const result = await fetchFeed(server.url('/empty-blocks.xml'), { ...local, maxBytes: 100_000 });
    expect(result).toEqual({ kind: 'too-large', limit: 100_000 });
    expect((await server.requestsFor('/empty-blocks.xml')[0]!.outcome).bytesSent).toBeLessThan(5_000_000);
  });

  it('counts the cap in decompressed bytes: a small gzip body that inflates past it is too-large', async () => {
    const inflated = rssWithPadding(2_000_000);
    server.setRoute('/gzip-bomb.xml', { body: inflated, encoding: 'gzip' });
    const result = await fetchFeed(server.url('/gzip-bomb.xml'), { ...local, maxBytes: 100_000 });
    expect(result.kind).toBe('too-large'); // checked first: a failing diff of megabytes of body would crawl
    expect(result).toEqual({ kind: 'too-large', limit: 100_000 });
    // The compressed body is far under the cap, so only counting inflated bytes catches it.
    expect((await server.requestsFor('/gzip-bomb.xml')[0]!.outcome).bytesSent).toBeLessThan(100_000);
  });

  it('stops reading a streamed body past the cap instead of downloading all of it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const count = 800; // 50 MiB on offer
    server.setRoute('/huge.xml', { stream: { chunk, count }, omitLength: true });
    const result = await fetchFeed(server.url('/huge.xml'), { ...local, maxBytes: 256 * 1024 });
    expect(result.kind).toBe('too-large');
    expect(result).toEqual({ kind: 'too-large', limit: 256 * 1024 });
    const outcome = await server.requestsFor('/huge.xml')[0]!.outcome;
    expect(outcome.completed).toBe(false);
    expect(outcome.bytesSent).toBeLessThan((chunk.length * count) / 2);
  });

  it('refuses a body whose declared Content-Length is over the cap', async () => {
    server.setRoute('/declared-huge.xml', { stream: { chunk: Buffer.alloc(64 * 1024, 0x20), count: 800 } });
    const result = await fetchFeed(server.url('/declared-huge.xml'), { ...local, maxBytes: 1_000_000 });
    expect(result.kind).toBe('too-large');
    expect(result).toEqual({ kind: 'too-large', limit: 1_000_000 });
    expect((await server.requestsFor('/declared-huge.xml')[0]!.outcome).completed).toBe(false);
  });

  it('follows a chain of five redirects and reports the final URL', async () => {
    for (let i = 1; i <= 5; i++) server.setRoute(`/hop${i}`, { redirect: i === 5 ? '/hop-end.xml' : `/hop${i + 1}`, status: i % 2 ? 301 : 307 });
    server.setRoute('/hop-end.xml', { body: FEED });
    const result = await fetchFeed(server.url('/hop1'), local);
    expect(result).toMatchObject({ kind: 'ok', finalUrl: server.url('/hop-end.xml') });
  });

  it('refuses a sixth redirect, having made six requests', async () => {
    for (let i = 1; i <= 6; i++) server.setRoute(`/long${i}`, { redirect: `/long${i + 1}` });
    server.setRoute('/long7', { body: FEED });
    const result = await fetchFeed(server.url('/long1'), local);
    expect(result).toMatchObject({ kind: 'http-error', status: 302 });
    expect(result.kind === 'http-error' && result.message).toMatch(/too many redirects \(more than 5\)/);
    expect(server.requests.filter((r) => r.url.startsWith('/long'))).toHaveLength(6);
    expect(server.requestsFor('/long7')).toHaveLength(0);
  });

  it('ends a redirect loop with an error', async () => {
    server.setRoute('/loop-a', { redirect: '/loop-b' });
    server.setRoute('/loop-b', { redirect: '/loop-a' });
    const result = await fetchFeed(server.url('/loop-a'), { ...local, maxRedirects: 3 });
    expect(result.kind === 'http-error' && result.message).toMatch(/too many redirects \(more than 3\)/);
  });

  it('reports a redirect without a Location header', async () => {
    server.setRoute('/bad-redirect', { status: 302 });
    expect(await fetchFeed(server.url('/bad-redirect'), local)).toEqual({ kind: 'http-error', status: 302, message: 'redirect without a Location header' });
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.setRoute('/to-file', { redirect: 'file:///etc/passwd' });
    const result = await fetchFeed(server.url('/to-file'), local);
    expect(result.kind).toBe('blocked');
  });

  it.each([
    [404, 'Not Found'],
    [500, 'Internal Server Error'],
    [429, 'Too Many Requests'],
  ])('reports HTTP %i as http-error with the status text', async (status, message) => {
    server.setRoute(`/status-${status}`, { status, body: '<html>error page</html>', contentType: 'text/html' });
    expect(await fetchFeed(server.url(`/status-${status}`), local)).toEqual({ kind: 'http-error', status, message });
  });

  it('answers not-a-feed for an image without downloading it', async () => {
    server.setRoute('/logo.png', { body: Buffer.alloc(10_000), contentType: 'image/png' });
    expect(await fetchFeed(server.url('/logo.png'), local)).toEqual({ kind: 'not-a-feed', message: 'the server sent image/png, not a feed' });
  });

  it('decodes a GBK feed named in the Content-Type charset', async () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>'), Buffer.from([0xce, 0xa2, 0xd0, 0xc5, 0xd6, 0xa7, 0xb8, 0xb6]), Buffer.from('</title></channel></rss>')]);
    server.setRoute('/gbk.xml', { body, contentType: 'application/xml; charset=GBK' });
    const result = await fetchFeed(server.url('/gbk.xml'), local);
    expect(result.kind === 'ok' && result.body).toContain('<title>微信支付</title>');
  });

  it('decodes a GB2312 feed named only in its XML declaration', async () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB2312"?><rss version="2.0"><channel><title>'), Buffer.from([0xce, 0xa2, 0xd0, 0xc5]), Buffer.from('</title></channel></rss>')]);
    server.setRoute('/gb2312.xml', { body, contentType: 'text/xml' });
    const result = await fetchFeed(server.url('/gb2312.xml'), local);
    expect(result.kind === 'ok' && result.body).toContain('<title>微信</title>');
  });
});

describe('fetchFeed network failures', () => {
  it('reports a refused connection on a closed port', async () => {
    const port = await closedPort();
    const result = await fetchFeed(`http://127.0.0.1:${port}/feed.xml`, local);
    expect(result).toEqual({ kind: 'network-error', message: `connection refused by 127.0.0.1:${port}` });
  });

  it('reports a DNS failure from the injected lookup, without touching real DNS', async () => {
    const lookup = fakeLookup({});
    const guarded = await fetchFeed('https://feeds.invalid/rss', { lookup, timeoutMs: 5_000 });
    expect(guarded).toEqual({ kind: 'network-error', message: 'DNS lookup failed for feeds.invalid (ENOTFOUND)' });
    // With allowPrivate the guard does not resolve; the connection's own lookup does, and fails the same way.
    const connecting = await fetchFeed('http://feeds.invalid/rss', { ...local, lookup });
    expect(connecting).toEqual({ kind: 'network-error', message: 'DNS lookup failed for feeds.invalid (ENOTFOUND)' });
    expect(lookup.asked).toEqual(['feeds.invalid', 'feeds.invalid']);
  });

  it('times out a server that never answers', async () => {
    server.setRoute('/silent', { hang: 'before-headers' });
    expect(await fetchFeed(server.url('/silent'), { ...local, timeoutMs: 200 })).toEqual({ kind: 'network-error', message: 'timed out after 200 ms' });
  });

  it('times out a body that never finishes, and closes the connection', async () => {
    server.setRoute('/stalled', { body: FEED, hang: 'after-headers' });
    expect(await fetchFeed(server.url('/stalled'), { ...local, timeoutMs: 200 })).toEqual({ kind: 'network-error', message: 'timed out after 200 ms' });
    expect((await server.requestsFor('/stalled')[0]!.outcome).completed).toBe(false);
  });

  it.each(['before-headers', 'mid-body'] as const)('reports a connection reset %s', async (when) => {
    server.setRoute(`/reset-${when}`, { body: FEED, reset: when });
    const result = await fetchFeed(server.url(`/reset-${when}`), local);
    expect(result).toEqual({ kind: 'network-error', message: `connection reset by 127.0.0.1:${server.port}` });
  });
});

describe('fetchFeed and the address guard', () => {
  it('refuses the loopback fake server without allowPrivate, sending no request', async () => {
    server.setRoute('/guarded.xml', { body: FEED });
    const result = await fetchFeed(server.url('/guarded.xml'), { timeoutMs: 5_000 });
    expect(result.kind).toBe('blocked');
    expect(result.kind === 'blocked' && result.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(server.requestsFor('/guarded.xml')).toHaveLength(0);
  });

  it('refuses a hostname that resolves to a private address, and allows it with allowPrivate', async () => {
    server.setRoute('/named.xml', { body: FEED });
    const url = `http://intranet.test:${server.port}/named.xml`;
    const refused = await fetchFeed(url, { lookup: fakeLookup({ 'intranet.test': ['127.0.0.1'] }), timeoutMs: 5_000 });
    expect(refused.kind === 'blocked' && refused.message).toMatch(/intranet\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(server.requestsFor('/named.xml')).toHaveLength(0);

    const allowed = await fetchFeed(url, { ...local, lookup: fakeLookup({ 'intranet.test': ['127.0.0.1'] }) });
    expect(allowed).toMatchObject({ kind: 'ok', finalUrl: url });
    expect(server.requestsFor('/named.xml')).toHaveLength(1);
  });

  it('refuses at connect time a name that resolved public for the check and private for the connection', async () => {
    server.setRoute('/rebind.xml', { body: FEED });
    let calls = 0;
    const lookup = fakeLookup({ 'rebind.test': () => (calls++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']) });
    const result = await fetchFeed(`http://rebind.test:${server.port}/rebind.xml`, { lookup, timeoutMs: 5_000 });
    expect(result.kind === 'blocked' && result.message).toMatch(/rebind\.test resolves to 127\.0\.0\.1/);
    expect(server.requestsFor('/rebind.xml')).toHaveLength(0);
  });

  it('checks every redirect hop: a public feed redirecting to the metadata address is blocked', async () => {
    const asked: string[] = [];
    // The network edge is injected: nothing leaves the machine.
    const fakeFetch = (async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    }) as typeof fetch;
    const result = await fetchFeed('https://news.example/rss', { fetch: fakeFetch, lookup: fakeLookup({ 'news.example': ['93.184.216.34'] }) });
    expect(result.kind).toBe('blocked');
    expect(result.kind === 'blocked' && result.message).toMatch(/^redirect to http:\/\/169\.254\.169\.254\/latest\/meta-data\/ refused: 169\.254\.169\.254 is a link-local address/);
    expect(asked).toEqual(['https://news.example/rss']);
  });

  it('follows a redirect to a private address when allowPrivate is set', async () => {
    server.setRoute('/private-target.xml', { body: FEED });
    server.setRoute('/to-private', { redirect: `http://localhost:${server.port}/private-target.xml` });
    const result = await fetchFeed(server.url('/to-private'), { ...local, lookup: fakeLookup({ localhost: ['127.0.0.1'] }) });
    expect(result).toMatchObject({ kind: 'ok', finalUrl: `http://localhost:${server.port}/private-target.xml` });
  });

  it('refuses URL schemes other than http, https and file', async () => {
    expect(await fetchFeed('ftp://files.example/feed.xml', local)).toEqual({ kind: 'blocked', message: 'unsupported URL scheme ftp: (use http, https or a local file)' });
  });
});

describe('fetchFeed from local files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'feeds-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a path, then answers not-modified for the same size and mtime, and ok again once the file changes', async () => {
    const path = join(dir, 'local.xml');
    writeFileSync(path, FEED);
    utimesSync(path, new Date('2021-01-05T00:00:00Z'), new Date('2021-01-05T00:00:00Z'));
    const first = await fetchFeed(path);
    expect(first).toMatchObject({ kind: 'ok', status: 200, finalUrl: pathToFileURL(path).href, lastModified: 'Tue, 05 Jan 2021 00:00:00 GMT' });
    expect(first.kind === 'ok' && first.body).toBe(FEED);
    const etag = first.kind === 'ok' ? first.etag : undefined;
    expect(etag).toBeTruthy();

    expect(await fetchFeed(path, { etag })).toEqual({ kind: 'not-modified' });

    writeFileSync(path, FEED.replace('Capitol Trade Desk', 'Capitol Trade Desk (edited)'));
    const changed = await fetchFeed(path, { etag });
    expect(changed.kind === 'ok' && changed.body).toContain('(edited)');
  });

  it('reads a file:// URL', async () => {
    const path = join(dir, 'by-url.xml');
    writeFileSync(path, FEED);
    const result = await fetchFeed(pathToFileURL(path).href);
    expect(result.kind === 'ok' && result.body).toBe(FEED);
  });

  it('reports a missing file and a file over the cap', async () => {
    const missing = await fetchFeed(join(dir, 'absent.xml'));
    expect(missing.kind === 'network-error' && missing.message).toMatch(/cannot read feed file .*absent\.xml \(ENOENT\)/);
    const path = join(dir, 'big.xml');
    writeFileSync(path, rssWithPadding(5_000));
    expect(await fetchFeed(path, { maxBytes: 1_000 })).toEqual({ kind: 'too-large', limit: 1_000 });
  });
});

describe('fetchFeed then parseFeed on broken feeds', () => {
  it.each([
    ['html-page.html', 'text/html; charset=utf-8', /HTML page/],
    ['truncated.xml', 'application/rss+xml', /truncated/],
    ['entity-bomb.xml', 'application/xml', /entity-expansion/],
  ])('a server sending %s yields not-a-feed with a clear message', async (name, contentType, message) => {
    server.setRoute(`/broken/${name}`, { body: fixture(name), contentType });
    const fetched = await fetchFeed(server.url(`/broken/${name}`), local);
    expect(fetched.kind).toBe('ok');
    const parsed = await parseFeed(fetched.kind === 'ok' ? fetched.body : '', server.url(`/broken/${name}`));
    expect(parsed.kind).toBe('not-a-feed');
    expect(parsed.kind === 'not-a-feed' && parsed.message).toMatch(message);
  });
});

describe('fetchFeed options', () => {
  it('throws for options that can only be a bug, quoting the value', async () => {
    await expect(fetchFeed('https://x.example/', { timeoutMs: -1 })).rejects.toThrow('Expected `timeoutMs` to be a finite number >= 1, got -1');
    await expect(fetchFeed('https://x.example/', { maxBytes: Number.NaN })).rejects.toThrow(RangeError);
  });
});

function rssWithPadding(bytes: number): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${' '.repeat(bytes)}</title></channel></rss>`;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
