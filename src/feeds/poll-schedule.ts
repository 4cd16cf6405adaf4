// When each feed is polled next. A feed has its own interval: the one the feeds file gives, else a
// default for its kind (official sources often, news searches less, anything else on POLL_SCHEDULE),
// never longer than POLL_SCHEDULE's period. Between a floor and that interval it adapts to how often
// the feed changes: a poll that brings new items halves it (a burst of official documents is
// followed closely), an unchanged poll grows it back. The server is heard: a poll is never planned
// before its Retry-After, nor before its Cache-Control max-age, Expires or the feed's <ttl> allow, up
// to POLL_SCHEDULE's period (the global ceiling) or the operator's own `interval` for that
// feed: a blanket cache lifetime (the Federal Register sends a day on every answer) must not stop
// an official source from being read for a day.
import { createTask } from 'node-cron';

export type FeedClass = 'official' | 'news' | 'other';

/** Intervals by kind of feed (ms). */
export interface PollPolicy {
  /** Official sources (.gov, .mil, the Federal Register…). @default 120_000 */
  officialMs: number;
  /** News searches (Google News, Bing News…). @default 300_000 */
  newsMs: number;
  /** POLL_SCHEDULE's longest gap: every other feed's interval, and the most any feed waits. */
  ceilingMs: number;
  /** Each planned wait is shortened by up to this share, at random, so feeds drift apart. @default 0.15 */
  jitter: number;
}

/** The shortest interval adaptation reaches: a quarter of the feed's own, never under this. */
const MIN_INTERVAL_MS = 30_000;
/** A server hint (max-age, Retry-After, ttl) is obeyed up to this long: a typo of a year is not. */
const MAX_HINT_MS = 24 * 3_600_000;

// Source kinds of the feeds file that are official by nature. A screening list (`csl`)
// is official too, but tens of megabytes that change a few times a week: it keeps POLL_SCHEDULE's pace.
const OFFICIAL_KINDS = new Set(['federal-register', 'public-inspection']);
const OFFICIAL_HOST = /(^|\.)(gov|mil)$|(^|\.)(federalregister\.gov|regulations\.gov|trade\.gov)$/i;
const NEWS_HOST = /(^|\.)(news\.google\.com|news\.yahoo\.com|bing\.com|news\.search\.yahoo\.com)$/i;

/** Official source, news search, or anything else, from the feeds-file `kind` or the URL. */
export function classifyFeed(url: string, kind?: string): FeedClass {
  if (kind && OFFICIAL_KINDS.has(kind)) return 'official';
  if (kind === 'csl') return 'other';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'other';
  }
  if (OFFICIAL_HOST.test(parsed.hostname)) return 'official';
  if (NEWS_HOST.test(parsed.hostname) || /\/(rss\/)?search\b/i.test(parsed.pathname) || /\/news\//i.test(parsed.pathname) && parsed.searchParams.has('q')) return 'news';
  return 'other';
}

/**
 * The feeds file's `interval`: seconds as a number, or a string such as "90s", "2m", "1h".
 * @throws RangeError with what it got, for anything else or under 30 s
 */
export function parseInterval(value: unknown): number {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value * 1000;
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h)?\s*$/i.exec(value);
    if (m) ms = Number(m[1]) * ({ s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase()] ?? 1000);
  }
  if (ms === undefined || ms < MIN_INTERVAL_MS) {
    throw new RangeError(`Expected \`interval\` to be seconds (a number) or a duration like "90s", "2m", "1h", at least 30 s, got ${JSON.stringify(value)}`);
  }
  return Math.round(ms);
}

/** The longest gap between two runs of a node-cron expression (looked at over its next 200 runs). */
export function cronCeilingMs(expression: string): number {
  const task = createTask(expression, () => undefined);
  try {
    const runs = task.getNextRuns(200).map((d) => d.getTime());
    let gap = 0;
    for (let i = 1; i < runs.length; i++) gap = Math.max(gap, runs[i]! - runs[i - 1]!);
    return gap || 600_000;
  } finally {
    void task.destroy();
  }
}

/** The feed's own interval: configured, else its kind's default; never above the ceiling. */
export function baseInterval(feed: { url: string; kind?: string; intervalMs?: number }, policy: PollPolicy): number {
  const byClass = { official: policy.officialMs, news: policy.newsMs, other: policy.ceilingMs }[classifyFeed(feed.url, feed.kind)];
  return Math.min(feed.intervalMs ?? byClass, policy.ceilingMs);
}

/** Caching headers of a response, as received. */
export interface ServerHints {
  cacheControl?: string;
  expires?: string;
  retryAfter?: string;
  date?: string;
  /** The feed's own <ttl>, in minutes. */
  ttlMinutes?: number;
}

/**
 * How long the server asks us to wait (ms), or 0 when it asks nothing: Retry-After as given, cache
 * lifetimes (max-age, Expires, <ttl>) up to `cacheCapMs`; never more than MAX_HINT_MS.
 */
export function serverWaitMs(h: ServerHints | undefined, now: number, cacheCapMs = Infinity): number {
  if (!h) return 0;
  const waits: number[] = [];
  if (h.cacheControl) {
    const cc = h.cacheControl.toLowerCase();
    const age = /(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*"?(\d+)/.exec(cc);
    if (age && !/\bno-cache\b|\bno-store\b/.test(cc)) waits.push(Number(age[1]) * 1000);
  }
  // Expires counts from the server's clock: measured against its Date header when it sent one.
  if (h.expires && !(h.cacheControl && /max-age/i.test(h.cacheControl))) {
    const expires = Date.parse(h.expires);
    const serverNow = h.date ? Date.parse(h.date) : now;
    if (Number.isFinite(expires)) waits.push(expires - (Number.isFinite(serverNow) ? serverNow : now));
  }
  if (h.ttlMinutes !== undefined && h.ttlMinutes > 0) waits.push(h.ttlMinutes * 60_000);
  const cache = Math.min(cacheCapMs, Math.max(0, ...waits));
  let retry = 0;
  if (h.retryAfter) {
    const s = h.retryAfter.trim();
    if (/^\d+$/.test(s)) retry = Number(s) * 1000;
    else if (Number.isFinite(Date.parse(s))) retry = Date.parse(s) - now;
  }
  return Math.min(MAX_HINT_MS, Math.max(0, cache, retry));
}

export interface PlanInput {
  /** The feed's own interval (baseInterval). */
  baseMs: number;
  /** The interval adaptation had reached, if any (stored). */
  currentMs?: number;
  /** Whether the poll brought new items. */
  changed: boolean;
  hints?: ServerHints;
  /** The longest cache lifetime obeyed: the operator's interval for the feed, else POLL_SCHEDULE's period. @default no cap */
  cacheCapMs?: number;
  now: number;
  random: () => number;
  jitter: number;
}

/** The next poll: the adapted interval (to store) and when, with jitter, after any server hint. */
export function planNextPoll(p: PlanInput): { intervalMs: number; nextPollAt: number; serverWaitMs: number } {
  const floor = Math.min(p.baseMs, Math.max(MIN_INTERVAL_MS, p.baseMs / 4));
  const current = Math.min(Math.max(p.currentMs ?? p.baseMs, floor), p.baseMs);
  const intervalMs = Math.round(p.changed ? Math.max(floor, current / 2) : Math.min(p.baseMs, current * 1.5));
  // Jitter only shortens the wait, so the feed's interval (and POLL_SCHEDULE) stays a true ceiling.
  const wait = intervalMs * (1 - p.jitter * Math.min(Math.max(p.random(), 0), 1));
  const hinted = serverWaitMs(p.hints, p.now, p.cacheCapMs);
  return { intervalMs, nextPollAt: Math.round(p.now + Math.max(wait, hinted)), serverWaitMs: hinted };
}

/** The feed's <ttl> (minutes) from the start of an RSS document, if it declares one. */
export function feedTtlMinutes(body: string): number | undefined {
  const m = /<ttl>\s*(\d{1,6})\s*<\/ttl>/i.exec(body.slice(0, 20_000));
  return m ? Number(m[1]) : undefined;
}
