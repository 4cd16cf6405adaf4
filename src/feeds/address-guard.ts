// Feed URLs come from chat users, so fetching one must not let them reach the bot's own network:
// loopback services, the cloud metadata endpoint, office LANs. Every address a hostname resolves to
// is checked, before connecting and again at connect time (see `createGuardedConnectLookup`).
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { CodedError } from '../errors.ts';
import type { LookupAddress, LookupAllOptions, LookupOptions } from 'node:dns';

/** One resolved address, as `dns.lookup(host, { all: true })` gives it. */
export interface ResolvedAddress {
  address: string;
  family?: number;
}

/** Resolves a hostname to all its addresses (injected in tests so nothing touches real DNS). */
export type LookupFn = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface AddressGuardOptions {
  /** Allow loopback, private and link-local addresses (ALLOW_PRIVATE_FEEDS). */
  allowPrivate: boolean;
  /** DNS lookup. @default `dns.lookup` with `{ all: true }` */
  lookup?: LookupFn | undefined;
}

export type AddressCheck =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      /** `dns-failed` is a network problem (try later); the others are refusals. */
      code: 'bad-url' | 'scheme' | 'forbidden-address' | 'dns-failed';
    };

// The variable is in a code span: chat shows it as code, so it can be copied exactly.
const ALLOW_HINT = 'set `ALLOW_PRIVATE_FEEDS=true` to allow feeds on private networks';

/** The lookup used when none is injected: every address, in the resolver's order. */
const systemLookup: LookupFn = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * Checks the text of a feed URL before anything is fetched: it must be an absolute http(s) URL with a
 * host and no credentials. Synchronous, for `/sanctions feeds add <url>` (which then awaits
 * `checkFeedAddress`).
 */
export function validateFeedUrl(text: string): { ok: true; url: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'No URL given. Example: https://www.federalregister.gov/api/v1/documents.rss' };
  if (trimmed.length > 2048) return { ok: false, reason: `The URL is ${trimmed.length} characters long; 2048 is the limit.` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: `Not a valid URL: ${JSON.stringify(shorten(trimmed))}. Give the full address, starting with https://` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Only http and https feeds can be added, got ${JSON.stringify(url.protocol.slice(0, -1))} in ${JSON.stringify(shorten(trimmed))}.` };
  }
  if (!url.hostname) return { ok: false, reason: `The URL has no host name: ${JSON.stringify(shorten(trimmed))}.` };
  // A password in a feed URL would be shown to everyone in the channel's feed list.
  if (url.username || url.password) return { ok: false, reason: 'Remove the user name and password from the URL: feed URLs are shown to the whole channel.' };
  return { ok: true, url: url.href };
}

/**
 * Decides whether a URL may be fetched: http(s) only and, unless `allowPrivate`, a host whose every
 * address is public. A hostname is resolved (all addresses) and refused if any address is forbidden.
 */
export async function checkFeedAddress(target: string | URL, options: AddressGuardOptions): Promise<AddressCheck> {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return { ok: false, code: 'bad-url', reason: `not a valid URL: ${JSON.stringify(shorten(String(target)))}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: 'scheme', reason: `only http and https URLs can be fetched, got ${url.protocol.slice(0, -1)}: in ${shorten(url.href)}` };
  }
  if (options.allowPrivate) return { ok: true };

  const host = bareHost(url.hostname);
  if (isIP(host)) {
    const kind = forbiddenAddressKind(host);
    return kind ? { ok: false, code: 'forbidden-address', reason: `refused: ${host} is ${kind} (${ALLOW_HINT})` } : { ok: true };
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return { ok: false, code: 'forbidden-address', reason: `refused: ${host} is a loopback name (${ALLOW_HINT})` };
  }

  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, code: 'dns-failed', reason: `DNS lookup failed for ${host}${code ? ` (${code})` : ''}` };
  }
  if (addresses.length === 0) return { ok: false, code: 'dns-failed', reason: `DNS lookup failed for ${host} (no addresses)` };
  for (const { address } of addresses) {
    const kind = forbiddenAddressKind(address);
    if (kind) return { ok: false, code: 'forbidden-address', reason: `refused: ${host} resolves to ${address}, ${kind} (${ALLOW_HINT})` };
  }
  return { ok: true };
}

/** Raised inside a connection attempt when the resolved address is forbidden. */
export class AddressBlockedError extends CodedError {
  constructor(message: string) {
    super('feed/address-blocked', message);
  }
}

type ConnectLookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect`/`tls.connect` that refuses forbidden addresses at connect time. The
 * check before fetching resolves the name once; a hostile DNS server could answer differently the
 * second time (DNS rebinding), so the address actually connected to is checked too.
 */
export function createGuardedConnectLookup(options: AddressGuardOptions) {
  const resolve = options.lookup ?? systemLookup;
  return (hostname: string, lookupOptions: LookupOptions | LookupAllOptions | number, callback: ConnectLookupCallback): void => {
    const wantAll = typeof lookupOptions === 'object' && lookupOptions.all === true;
    const wantFamily = typeof lookupOptions === 'number' ? lookupOptions : typeof lookupOptions === 'object' ? lookupOptions.family : undefined;
    resolve(hostname).then(
      (found) => {
        if (!options.allowPrivate) {
          for (const { address } of found) {
            const kind = forbiddenAddressKind(address);
            if (kind) return callback(new AddressBlockedError(`refused: ${hostname} resolves to ${address}, ${kind} (${ALLOW_HINT})`), '');
          }
        }
        const family = wantFamily === 4 || wantFamily === 'IPv4' ? 4 : wantFamily === 6 || wantFamily === 'IPv6' ? 6 : 0;
        const usable: LookupAddress[] = found
          .map(({ address, family: f }) => ({ address, family: f === 4 || f === 6 ? f : isIP(address) }))
          .filter((a) => a.family !== 0 && (family === 0 || a.family === family));
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          return callback(error, '');
        }
        if (wantAll) return callback(null, usable);
        const first = usable[0]!;
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

// Forbidden IPv4 ranges: [first address, prefix length, what it is].
const V4_RULES: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['10.0.0.0', 8, 'a private address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.168.0.0', 16, 'a private address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives there)'],
  ['100.64.0.0', 10, 'a shared carrier-grade NAT address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['198.18.0.0', 15, 'a network-benchmark address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const V6_RULES: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['fc00::', 7, 'a private (unique local) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
];

// IPv6 forms that carry an IPv4 address, which is then judged by the IPv4 rules.
const V6_EMBEDDING_V4: ReadonlyArray<readonly [string, number, (h: number[]) => number, string]> = [
  ['::ffff:0:0', 96, (h) => (h[6]! << 16) | h[7]!, 'IPv4-mapped'],
  ['::', 96, (h) => (h[6]! << 16) | h[7]!, 'IPv4-compatible'],
  ['64:ff9b::', 96, (h) => (h[6]! << 16) | h[7]!, 'NAT64'],
  ['2002::', 16, (h) => (h[1]! << 16) | h[2]!, '6to4'],
];

/**
 * What kind of forbidden address this is ("a loopback address", …), or undefined when it is a
 * public address a feed may live on. Accepts IPv4, IPv6 (with or without brackets or zone).
 */
export function forbiddenAddressKind(address: string): string | undefined {
  const bare = bareHost(address).replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return v4Kind(parseV4(bare));
  if (version !== 6) return undefined;
  const hextets = parseV6(bare);
  if (!hextets) return undefined;
  for (const [base, prefix, kind] of V6_RULES) if (v6InPrefix(hextets, parseV6(base)!, prefix)) return kind;
  for (const [base, prefix, extract, form] of V6_EMBEDDING_V4) {
    if (!v6InPrefix(hextets, parseV6(base)!, prefix)) continue;
    const kind = v4Kind(extract(hextets) >>> 0);
    if (kind) return `${kind} (${form} IPv6 ${bare})`;
  }
  return undefined;
}

function v4Kind(value: number): string | undefined {
  for (const [base, prefix, kind] of V4_RULES) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if (((value & mask) >>> 0) === ((parseV4(base) & mask) >>> 0)) return kind;
  }
  return undefined;
}

function parseV4(text: string): number {
  return text.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** Eight 16-bit groups, or undefined for text that is not IPv6. Handles `::` and a dotted IPv4 tail. */
function parseV6(text: string): number[] | undefined {
  let body = text.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    tail.push(v4 >>> 16, v4 & 0xffff);
    body = body.slice(0, -dotted[1]!.length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest, ...tail];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : undefined;
}

function v6InPrefix(address: number[], base: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 16) {
    const width = Math.min(16, prefix - bit);
    const mask = (0xffff << (16 - width)) & 0xffff;
    const i = bit / 16;
    if ((address[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

/** URL hostnames keep IPv6 brackets (`[::1]`); addresses and lookups want them off. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
