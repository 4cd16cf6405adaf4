// WebSub (W3C): a feed that names a hub can push its new content to us instead of waiting for the
// next poll. Where a polled feed advertises a hub and the bot has a public URL (PUBLIC_URL), it
// subscribes; the hub checks the callback with a GET (we echo hub.challenge) and then POSTs each new
// version of the feed, signed with the secret we gave it (X-Hub-Signature: sha1=/sha256=… HMAC of
// the body). A verified push is taken as a poll of that feed. Polling continues as the fallback.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { FeedRow, FeedStore } from '../ports/storage.ts';
import { checkFeedAddress, type LookupFn } from './address-guard.ts';
import { decodeFeedBody } from './decode-feed-body.ts';
import { isStoreFailure } from '../errors.ts';

/** Where callbacks are served, under PUBLIC_URL. */
const WEBSUB_PATH = '/websub/';
/** Lease asked of hubs (they may grant another); renewed when less than a tenth is left. */
const LEASE_SECONDS = 7 * 24 * 3600;
/** An unanswered subscription is asked again after this long. */
const RETRY_MS = 3_600_000;

/** The hub and self links a feed document advertises (Atom `<link rel="hub">`, RSS `<atom:link rel="hub">`). */
export function findHub(body: string): { hub?: string; self?: string } {
  const head = body.slice(0, 50_000);
  const out: { hub?: string; self?: string } = {};
  for (const m of head.matchAll(/<(?:atom:)?link\b([^>]*)\/?>/gi)) {
    const attrs = m[1] ?? '';
    const rel = /\brel\s*=\s*["']([^"']*)["']/i.exec(attrs)?.[1]?.toLowerCase();
    const href = /\bhref\s*=\s*["']([^"']*)["']/i.exec(attrs)?.[1]?.replace(/&amp;/g, '&');
    if (!href || !/^https?:\/\//i.test(href)) continue;
    if (rel === 'hub' && !out.hub) out.hub = href;
    if (rel === 'self' && !out.self) out.self = href;
  }
  return out;
}

/** Checks an X-Hub-Signature header (`sha1=…`, `sha256=…`, `sha384=…`, `sha512=…`) against the body. */
export function verifySignature(header: string | undefined, body: Buffer, secret: string): boolean {
  const m = /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  const expected = createHmac(m[1]!.toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(m[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebSubOptions {
  store: FeedStore;
  /** The bot's public base URL (PUBLIC_URL), e.g. https://bot.example.org */
  publicUrl: string;
  now: () => number;
  log: Logger;
  /** Takes a verified push as a poll of the feed. */
  onPush: (feedUrl: string, body: string) => Promise<unknown>;
  allowPrivate: boolean;
  maxBytes: number;
  lookup?: LookupFn;
  /** The network edge for hub requests. @default globalThis.fetch */
  fetch?: typeof fetch;
}

export function createWebSub(o: WebSubOptions) {
  const base = o.publicUrl.replace(/\/+$/, '');
  const idOf = (feedUrl: string) => createHash('sha1').update(feedUrl).digest('hex').slice(0, 20);
  const byId = () => new Map(o.store.webSubs().map((s) => [idOf(s.feedUrl), s]));
  const pending = new Set<Promise<void>>();

  async function subscribe(feed: FeedRow, hub: string, topic: string): Promise<void> {
    const guard = await checkFeedAddress(hub, { allowPrivate: o.allowPrivate, lookup: o.lookup });
    if (!guard.ok) {
      o.log.warn(`websub: not subscribing ${feed.url} at hub ${hub}: ${guard.reason}`);
      return;
    }
    const secret = randomBytes(24).toString('hex');
    o.store.requestWebSub({ feedUrl: feed.url, hub, topic, secret }, o.now());
    const form = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.callback': `${base}${WEBSUB_PATH}${idOf(feed.url)}`,
      'hub.secret': secret,
      'hub.lease_seconds': String(LEASE_SECONDS),
    });
    try {
      const res = await (o.fetch ?? fetch)(hub, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(15_000) });
      if (res.status >= 300) o.log.warn(`websub: hub ${hub} refused the subscription for ${feed.url}: HTTP ${res.status}; polling continues`);
      else o.log.info(`websub: asked hub ${hub} to push ${feed.url}; polling continues until it confirms`);
      await res.body?.cancel().catch(() => undefined);
    } catch (error) {
      o.log.warn(`websub: hub ${hub} for ${feed.url} unreachable: ${(error as Error).message}; polling continues`);
    }
  }

  return {
    /**
     * After a poll read a feed's body: subscribes when it names a hub and there is no live
     * subscription (none yet, another hub, a lease running out, or an old unanswered request).
     */
    noticeBody(feed: FeedRow, body: string): void {
      const { hub, self } = findHub(body);
      if (!hub) return;
      const now = o.now();
      const current = o.store.webSub(feed.url);
      if (current && current.hub === hub) {
        const live = current.verifiedAt !== undefined && (current.leaseUntil === undefined || current.leaseUntil - now > (LEASE_SECONDS * 1000) / 10);
        if (live || (current.verifiedAt === undefined && now - current.requestedAt < RETRY_MS)) return;
      }
      const run = subscribe(feed, hub, self ?? feed.url).finally(() => pending.delete(run));
      pending.add(run);
    },

    /** Whether a feed has a verified, unexpired subscription (its polling can slow to the ceiling). */
    isPushed(feedUrl: string): boolean {
      const s = o.store.webSub(feedUrl);
      return s?.verifiedAt !== undefined && (s.leaseUntil === undefined || s.leaseUntil > o.now());
    },

    /** Resolves when the subscription requests under way have ended (tests). */
    async settled(): Promise<void> {
      while (pending.size) await Promise.allSettled([...pending]);
    },

    /** Serves `${WEBSUB_PATH}<id>`: the hub's verification GET and its content POSTs. Answers false for other paths. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(WEBSUB_PATH)) return false;
      const sub = byId().get(url.pathname.slice(WEBSUB_PATH.length));
      const answer = (status: number, text = '') => void res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
      if (req.method === 'GET') {
        const mode = url.searchParams.get('hub.mode');
        const topic = url.searchParams.get('hub.topic');
        if (!sub || topic !== sub.topic) {
          answer(404);
          return true;
        }
        if (mode === 'denied') {
          o.log.warn(`websub: hub ${sub.hub} denied the subscription for ${sub.feedUrl} (${url.searchParams.get('hub.reason') ?? 'no reason given'}); polling continues`);
          o.store.deleteWebSub(sub.feedUrl);
          answer(200);
          return true;
        }
        if (mode !== 'subscribe') {
          answer(404); // we never ask to unsubscribe: a stray request is refused
          return true;
        }
        const lease = Number(url.searchParams.get('hub.lease_seconds'));
        o.store.markWebSubVerified(sub.feedUrl, o.now(), Number.isFinite(lease) && lease > 0 ? o.now() + lease * 1000 : undefined);
        o.log.info(`websub: hub ${sub.hub} confirmed pushes for ${sub.feedUrl}`);
        answer(200, url.searchParams.get('hub.challenge') ?? '');
        return true;
      }
      if (req.method !== 'POST') {
        answer(405);
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > o.maxBytes) {
          answer(413);
          req.destroy();
          return true;
        }
        chunks.push(chunk);
      }
      if (!sub) {
        answer(410); // no such subscription: a hub that gets 410 stops pushing
        return true;
      }
      const body = Buffer.concat(chunks);
      // A push that fails the check is ignored, but acknowledged as the spec allows, so a forger
      // learns nothing about the secret from our answer.
      if (!verifySignature(req.headers['x-hub-signature'] as string | undefined, body, sub.secret)) {
        o.log.warn(`websub: ignored a push for ${sub.feedUrl} with a missing or wrong X-Hub-Signature`);
        answer(202);
        return true;
      }
      const decoded = decodeFeedBody(body, req.headers['content-type']);
      try {
        await o.onPush(sub.feedUrl, decoded.text);
      } catch (error) {
        // The hub retries a failed delivery; storage errors still reach the process's handler.
        o.log.error(`websub: a push for ${sub.feedUrl} failed: ${(error as Error).message}`);
        answer(500);
        if (isStoreFailure(error)) throw error;
        return true;
      }
      answer(204);
      return true;
    },
  };
}

export type WebSub = ReturnType<typeof createWebSub>;
