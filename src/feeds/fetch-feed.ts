// Fetches one feed. A broken or hostile feed is an expected outcome and comes back as a value; only
// bugs (bad options) throw. The body is streamed and cut off at `maxBytes` of decompressed text, every
// redirect hop goes through the address guard, and one deadline covers DNS, connect, headers and body.
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { checkFeedAddress, createGuardedConnectLookup, type LookupFn } from './address-guard.ts';
import { contentCodings, decodeBody } from './content-coding.ts';
import { decodeFeedBody } from './decode-feed-body.ts';
import type { ServerHints } from './poll-schedule.ts';

/** Sent with every request so feed operators can see who polls them. */
// Says what is polling and why, without pointing at a home page that does not exist.
const DEFAULT_USER_AGENT = 'sanctions-watch/0.1 (feed watcher for compliance alerts; polls at most every few minutes)';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Content types that can never be a feed: refuse them before downloading megabytes of video.
const NOT_A_FEED_TYPE = /^\s*(image|audio|video|font)\/|^\s*application\/(pdf|zip)\b/i;

export interface FetchFeedOptions {
  /** Validator from the previous successful fetch; sent as If-None-Match. */
  etag?: string | undefined;
  /** Validator from the previous successful fetch; sent as If-Modified-Since. */
  lastModified?: string | undefined;
  /** Deadline for the whole fetch, redirects and body included. @default 15000 */
  timeoutMs?: number | undefined;
  /** Largest body accepted, counted after decompression. @default 5_000_000 */
  maxBytes?: number | undefined;
  /** Redirects followed before giving up. @default 5 */
  maxRedirects?: number | undefined;
  /** Allow loopback/private/link-local addresses (ALLOW_PRIVATE_FEEDS). @default false */
  allowPrivate?: boolean | undefined;
  /** @default DEFAULT_USER_AGENT */
  userAgent?: string | undefined;
  /**
   * The network edge. @default undici's `request` through an agent that re-checks addresses at
   * connect time (lighter than fetch: less garbage and less memory kept per request). An injected
   * fetch gets the same URL, headers, `redirect: 'manual'` and abort signal.
   */
  fetch?: typeof fetch | undefined;
  /** DNS lookup for the address guard (and for connecting, with the default fetch). */
  lookup?: LookupFn | undefined;
  /**
   * Connections to reuse: an agent from {@link createFeedAgent} made with the same `allowPrivate`,
   * `lookup` and `timeoutMs`, shared by many fetches (a cycle's) and closed by whoever made it.
   * @default a new agent for this fetch alone, destroyed when it ends
   */
  agent?: Agent | undefined;
  /**
   * The `bodyHash` of the last body read. Many servers send no validators and answer every poll
   * with the same bytes: such a body is reported as `unchanged` without being decoded.
   */
  bodyHash?: string | undefined;
  /**
   * Return the body as bytes (`bytes`, with `body` empty) instead of decoded text: a reader of a
   * large UTF-8 document (a screening list) then never holds both. @default false
   */
  asBytes?: boolean | undefined;
}

/**
 * What a fetch can end as. `hints` are the response's caching headers (Cache-Control, Expires,
 * Retry-After, Date), which say how soon the server wants to be asked again.
 */
export type FetchResult =
  /** `bodyHash`: SHA-1 (hex) of the body's bytes as received, before decoding. */
  | { kind: 'ok'; body: string; bytes?: Buffer; bodyHash: string; etag?: string; lastModified?: string; finalUrl: string; status: number; contentType?: string; charsetWarning?: string; hints?: ServerHints }
  | { kind: 'not-modified'; hints?: ServerHints }
  /** The body's bytes hash to the `bodyHash` option: the same document as last time. */
  | { kind: 'unchanged'; etag?: string; lastModified?: string; hints?: ServerHints }
  | { kind: 'http-error'; status: number; message: string; hints?: ServerHints }
  | { kind: 'network-error'; message: string }
  | { kind: 'too-large'; limit: number }
  | { kind: 'blocked'; message: string }
  | { kind: 'not-a-feed'; message: string };

interface Settings {
  etag?: string | undefined;
  lastModified?: string | undefined;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  userAgent: string;
  fetch?: typeof fetch | undefined;
  lookup?: LookupFn | undefined;
  agent?: Agent | undefined;
  bodyHash?: string | undefined;
  asBytes: boolean;
}

/** What the body reader needs from a response: an injected fetch's, or undici's request adapted by `send`. */
interface HttpResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  /** The decoded (decompressed) body. */
  body: ReadableStream<Uint8Array> | Readable | null;
}

/**
 * Fetches a feed from an http(s) URL, a `file://` URL or a local path.
 *
 * For files, size + mtime is the validator: pass the previous `etag` back and an unchanged file
 * answers `not-modified` without being read.
 * @throws RangeError for invalid options (a bug in the caller), never for network or feed problems
 */
export async function fetchFeed(source: string, options: FetchFeedOptions = {}): Promise<FetchResult> {
  const settings = resolveSettings(options);
  const trimmed = source.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return { kind: 'blocked', message: `not a valid URL: ${JSON.stringify(trimmed.slice(0, 200))}` };
    }
    return fetchHttp(url, settings);
  }
  if (/^file:/i.test(trimmed)) {
    let path: string;
    try {
      path = fileURLToPath(trimmed);
    } catch (error) {
      return { kind: 'blocked', message: `not a usable file URL: ${(error as Error).message}` };
    }
    return fetchFile(path, settings);
  }
  // Anything else with a scheme (ftp:, gopher:, data:…) is refused; one-letter "schemes" are Windows drives.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(trimmed);
  if (scheme) return { kind: 'blocked', message: `unsupported URL scheme ${scheme[1]}: (use http, https or a local file)` };
  return fetchFile(trimmed, settings);
}

function resolveSettings(o: FetchFeedOptions): Settings {
  const positive = (name: string, value: number | undefined, fallback: number, min: number) => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v < min) throw new RangeError(`Expected \`${name}\` to be a finite number >= ${min}, got ${String(value)}`);
    return v;
  };
  return {
    etag: o.etag || undefined,
    lastModified: o.lastModified || undefined,
    timeoutMs: positive('timeoutMs', o.timeoutMs, 15_000, 1),
    maxBytes: positive('maxBytes', o.maxBytes, 5_000_000, 1),
    maxRedirects: Math.floor(positive('maxRedirects', o.maxRedirects, 5, 0)),
    allowPrivate: o.allowPrivate ?? false,
    userAgent: o.userAgent ?? DEFAULT_USER_AGENT,
    fetch: o.fetch,
    lookup: o.lookup,
    agent: o.agent,
    bodyHash: o.bodyHash || undefined,
    asBytes: o.asBytes ?? false,
  };
}

async function fetchHttp(startUrl: URL, s: Settings): Promise<FetchResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${s.timeoutMs} ms`));
  }, s.timeoutMs);
  // Only the default fetch can be given our agent; an injected fetch owns its own connections.
  const dispatcher = s.fetch ? undefined : (s.agent ?? guardedAgent(s));
  const ownAgent = dispatcher !== undefined && dispatcher !== s.agent;
  let url = startUrl;
  try {
    for (let redirects = 0; ; redirects++) {
      const guard = await untilAborted(checkFeedAddress(url, s), controller.signal);
      if (!guard.ok) {
        if (guard.code === 'dns-failed') return { kind: 'network-error', message: guard.reason };
        return { kind: 'blocked', message: redirects > 0 ? `redirect to ${url.href} ${guard.reason}` : guard.reason };
      }
      const response = await send(url, s, controller.signal, dispatcher);
      const status = response.status;
      const hints = serverHints(response.headers);

      if (REDIRECT_STATUSES.has(status)) {
        await discard(response);
        const location = response.headers.get('location');
        if (!location) return { kind: 'http-error', status, message: 'redirect without a Location header' };
        if (redirects >= s.maxRedirects) return { kind: 'http-error', status, message: `too many redirects (more than ${s.maxRedirects}), last to ${location.slice(0, 200)}` };
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return { kind: 'http-error', status, message: `redirect to an invalid URL ${JSON.stringify(location.slice(0, 200))}` };
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return { kind: 'blocked', message: `redirect to ${next.protocol.slice(0, -1)}: refused (only http and https are followed)` };
        }
        url = next;
        continue;
      }
      if (status === 304) {
        // The stored copy is current: the body (if any) is never read.
        await discard(response);
        return { kind: 'not-modified', ...hints };
      }
      if (status < 200 || status > 299) {
        await discard(response);
        return { kind: 'http-error', status, message: response.statusText || describeStatus(status), ...hints };
      }

      const contentType = response.headers.get('content-type') ?? undefined;
      if (contentType && NOT_A_FEED_TYPE.test(contentType)) {
        await discard(response);
        return { kind: 'not-a-feed', message: `the server sent ${contentType.split(';')[0]}, not a feed` };
      }
      // Content-Length counts encoded bytes; it can only be trusted as a cap when nothing is encoded.
      const declared = Number(response.headers.get('content-length'));
      const encoded = contentCodings(response.headers.get('content-encoding')).length > 0;
      if (!encoded && Number.isFinite(declared) && declared > s.maxBytes) {
        await discard(response);
        return { kind: 'too-large', limit: s.maxBytes };
      }

      const read = await readCapped(response, s.maxBytes, controller);
      if (read === 'too-large') return { kind: 'too-large', limit: s.maxBytes };
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      const validators = { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
      // Compared before decoding: an unchanged body never becomes a (large, short-lived) string.
      if (read.hash === s.bodyHash) return { kind: 'unchanged', ...validators, ...hints };
      const bytes = Buffer.concat(read.chunks, read.total);
      // The chunks are garbage from here on: let a collection free them before the body is decoded.
      read.chunks.length = 0;
      const decoded = s.asBytes ? undefined : decodeFeedBody(bytes, contentType);
      return {
        kind: 'ok',
        ...(decoded ? { body: decoded.text, ...(decoded.warning ? { charsetWarning: decoded.warning } : {}) } : { body: '', bytes }),
        bodyHash: read.hash,
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
        ...(contentType ? { contentType } : {}),
        finalUrl: url.href,
        status,
        ...hints,
      };
    }
  } catch (error) {
    if (timedOut) return { kind: 'network-error', message: `timed out after ${s.timeoutMs} ms` };
    if ((error as { code?: string }).code === 'ERR_FEED_TOO_LARGE') return { kind: 'too-large', limit: s.maxBytes };
    return describeNetworkError(error, url);
  } finally {
    clearTimeout(timer);
    if (ownAgent) void dispatcher.destroy().catch(() => undefined);
  }
}

/** The caching headers of a response, as `{ hints }` when it sent any. */
function serverHints(headers: HttpResponse['headers']): { hints?: ServerHints } {
  const hints: ServerHints = {};
  const cacheControl = headers.get('cache-control');
  const expires = headers.get('expires');
  const retryAfter = headers.get('retry-after');
  const date = headers.get('date');
  if (cacheControl) hints.cacheControl = cacheControl;
  if (expires) hints.expires = expires;
  if (retryAfter) hints.retryAfter = retryAfter;
  if (date) hints.date = date;
  return cacheControl || expires || retryAfter ? { hints } : {};
}

/** An agent whose every connection goes through the address guard at connect time. */
function guardedAgent(s: Pick<Settings, 'allowPrivate' | 'lookup' | 'timeoutMs'>): Agent {
  return new Agent({ connect: { lookup: createGuardedConnectLookup(s), timeout: s.timeoutMs } });
}

/**
 * An agent for {@link FetchFeedOptions.agent}: fetches sharing it reuse connections to the same
 * host (a new agent per fetch costs a connection and a teardown each). Every new connection still
 * passes the address guard; close it with `agent.close()`.
 * @throws RangeError for an invalid `timeoutMs`
 */
export function createFeedAgent(options: Pick<FetchFeedOptions, 'allowPrivate' | 'lookup' | 'timeoutMs'> = {}): Agent {
  return guardedAgent(resolveSettings(options));
}

async function send(url: URL, s: Settings, signal: AbortSignal, dispatcher: Agent | undefined): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'user-agent': s.userAgent, accept: ACCEPT };
  if (s.etag) headers['if-none-match'] = s.etag;
  if (s.lastModified) headers['if-modified-since'] = s.lastModified;
  const init = { method: 'GET', headers, redirect: 'manual' as const, signal };
  if (s.fetch) return (await s.fetch(url.href, init)) as HttpResponse;
  const response = await request(url, { method: 'GET', headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' }, signal, dispatcher });
  const header = (name: string): string | null => {
    const value = response.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  const raw: Readable = response.body;
  // The reader sees errors through its iterator; after it stops reading (cap, discard), an abort
  // still makes the stream emit one, which must not go unhandled.
  raw.on('error', () => undefined);
  const body = decodeBody(raw, contentCodings(header('content-encoding')), s.maxBytes);
  // request() does not keep the reason phrase; the standard one says the same.
  return { status: response.statusCode, statusText: STATUS_CODES[response.statusCode] ?? '', headers: { get: header }, body };
}

/**
 * Reads the body chunk by chunk, hashing as it goes; past the cap the request is aborted so the
 * rest is never downloaded.
 */
async function readCapped(response: HttpResponse, maxBytes: number, controller: AbortController): Promise<{ chunks: Uint8Array[]; total: number; hash: string } | 'too-large'> {
  const hash = createHash('sha1');
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return { chunks, total, hash: hash.digest('hex') };
  // Leaving the loop early (the cap) closes the stream; the abort stops the download.
  for await (const value of response.body as AsyncIterable<Uint8Array>) {
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort(new Error('body over the size cap'));
      return 'too-large';
    }
    hash.update(value);
    chunks.push(value);
  }
  return { chunks, total, hash: hash.digest('hex') };
}

async function discard(response: HttpResponse): Promise<void> {
  const body = response.body;
  if (!body) return;
  if ('destroy' in body) body.destroy();
  else await body.cancel().catch(() => undefined);
}

/** Rejects as soon as the signal aborts, so a DNS lookup that never answers still meets the deadline. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|HOSTNAME_MISMATCH)/;

/** undici wraps the real cause ("fetch failed" → SocketError → ECONNRESET…): name the real one. */
function describeNetworkError(error: unknown, url: URL): FetchResult {
  const host = url.host;
  const chain: Array<{ code?: string; message: string }> = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AggregateError && e.errors.length) e = e.errors[0];
    chain.push({ code: (e as { code?: string }).code, message: String((e as Error).message ?? e) });
  }
  const blocked = chain.find((c) => c.code === 'feed/address-blocked');
  if (blocked) return { kind: 'blocked', message: blocked.message };
  const codes = chain.map((c) => c.code).filter((c): c is string => Boolean(c));
  const has = (...wanted: string[]) => codes.find((c) => wanted.includes(c));
  let message: string;
  if (has('ECONNREFUSED')) message = `connection refused by ${host}`;
  else if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA')) message = `DNS lookup failed for ${url.hostname} (${has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA')})`;
  else if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET')) message = `connection reset by ${host}`;
  else if (has('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT')) message = `connection to ${host} timed out`;
  else if (has('EHOSTUNREACH', 'ENETUNREACH')) message = `${host} is unreachable`;
  else if (codes.some((c) => TLS_CODE.test(c))) message = `TLS error with ${host}: ${chain.find((c) => c.code && TLS_CODE.test(c.code))!.message}`;
  else message = `request to ${host} failed: ${chain[chain.length - 1]?.message ?? 'unknown error'}`;
  return { kind: 'network-error', message };
}

function describeStatus(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status >= 500) return 'server error';
  return 'unexpected status';
}

async function fetchFile(path: string, s: Settings): Promise<FetchResult> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return { kind: 'network-error', message: `cannot read feed file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (!info.isFile()) return { kind: 'network-error', message: `${path} is not a file` };
  // Size and mtime stand in for an ETag: an unchanged file is not read again.
  const validator = `"file-${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
  if (s.etag === validator) return { kind: 'not-modified' };
  if (info.size > s.maxBytes) return { kind: 'too-large', limit: s.maxBytes };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'network-error', message: `cannot read feed file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (bytes.byteLength > s.maxBytes) return { kind: 'too-large', limit: s.maxBytes };
  const bodyHash = createHash('sha1').update(bytes).digest('hex');
  const validators = { etag: validator, lastModified: info.mtime.toUTCString() };
  // Touched but not edited (same bytes, new mtime): nothing to parse.
  if (bodyHash === s.bodyHash) return { kind: 'unchanged', ...validators };
  const decoded = s.asBytes ? undefined : decodeFeedBody(bytes);
  return {
    kind: 'ok',
    ...(decoded ? { body: decoded.text, ...(decoded.warning ? { charsetWarning: decoded.warning } : {}) } : { body: '', bytes }),
    bodyHash,
    ...validators,
    finalUrl: pathToFileURL(path).href,
    status: 200,
  };
}
