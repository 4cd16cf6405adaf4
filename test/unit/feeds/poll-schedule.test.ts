import { describe, expect, it } from 'vitest';
import { baseInterval, classifyFeed, cronCeilingMs, feedTtlMinutes, parseInterval, planNextPoll, serverWaitMs } from '../../../src/feeds/poll-schedule.ts';

const policy = { officialMs: 120_000, newsMs: 300_000, ceilingMs: 600_000, jitter: 0.15 };
const now = Date.parse('2026-03-02T09:00:00Z');
const plan = (o: Partial<Parameters<typeof planNextPoll>[0]>) => planNextPoll({ baseMs: 120_000, changed: false, now, random: () => 0, jitter: 0.15, ...o });

describe('feed intervals', () => {
  it('polls official sources every 2 minutes, news searches every 5, anything else on POLL_SCHEDULE', () => {
    expect(baseInterval({ url: 'https://www.federalregister.gov/api/v1/documents.rss?x=1' }, policy)).toBe(120_000);
    expect(baseInterval({ url: 'https://www.whitehouse.gov/presidential-actions/feed/' }, policy)).toBe(120_000);
    expect(baseInterval({ url: 'https://ofac.treasury.gov/recent-actions/rss' }, policy)).toBe(120_000);
    expect(baseInterval({ url: 'https://news.google.com/rss/search?q=TikTok' }, policy)).toBe(300_000);
    expect(baseInterval({ url: 'https://www.bing.com/news/search?q=Huawei&format=rss' }, policy)).toBe(300_000);
    expect(baseInterval({ url: 'https://outlet.example/feed' }, policy)).toBe(600_000);
    expect(classifyFeed('https://api.example.org/fr.json', 'federal-register')).toBe('official');
    // A screening list is tens of MB: polled on POLL_SCHEDULE, not every 2 minutes, though its host is official.
    expect(baseInterval({ url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json', kind: 'csl' }, policy)).toBe(600_000);
  });

  it('takes the feeds file interval, but never longer than POLL_SCHEDULE allows', () => {
    expect(baseInterval({ url: 'https://outlet.example/feed', intervalMs: 90_000 }, policy)).toBe(90_000);
    expect(baseInterval({ url: 'https://outlet.example/feed', intervalMs: 3_600_000 }, policy)).toBe(600_000);
    expect(baseInterval({ url: 'https://news.google.com/rss/search?q=x' }, { ...policy, ceilingMs: 60_000 })).toBe(60_000);
  });

  it('reads intervals as seconds or durations, and refuses anything else saying what it got', () => {
    expect(parseInterval(90)).toBe(90_000);
    expect(parseInterval('2m')).toBe(120_000);
    expect(parseInterval('1h')).toBe(3_600_000);
    expect(parseInterval('45s')).toBe(45_000);
    expect(() => parseInterval('soon')).toThrow(/got "soon"/);
    expect(() => parseInterval(5)).toThrow(/at least 30 s/);
  });

  it('derives the ceiling from POLL_SCHEDULE: its longest gap', () => {
    expect(cronCeilingMs('*/10 * * * *')).toBe(600_000);
    expect(cronCeilingMs('*/30 * * * * *')).toBe(30_000);
  });
});

describe('adapting to the feed', () => {
  it('halves the interval toward the floor while new items appear, and grows it back when nothing changes', () => {
    const a = plan({ changed: true });
    expect(a.intervalMs).toBe(60_000);
    const b = plan({ changed: true, currentMs: a.intervalMs });
    expect(b.intervalMs).toBe(30_000);
    expect(plan({ changed: true, currentMs: b.intervalMs }).intervalMs).toBe(30_000); // the floor
    const c = plan({ changed: false, currentMs: 30_000 });
    expect(c.intervalMs).toBe(45_000);
    expect(plan({ changed: false, currentMs: 100_000 }).intervalMs).toBe(120_000); // the feed's own interval is the ceiling
  });

  it('shortens each wait by at most the jitter, never lengthens it', () => {
    expect(plan({ random: () => 0 }).nextPollAt - now).toBe(120_000);
    expect(plan({ random: () => 0.999999 }).nextPollAt - now).toBeGreaterThanOrEqual(102_000);
  });

  it('never plans a poll before the server allows: max-age, Expires, Retry-After, <ttl>', () => {
    expect(plan({ hints: { cacheControl: 'public, max-age=900' } }).nextPollAt - now).toBe(900_000);
    expect(plan({ hints: { cacheControl: 'max-age=30' } }).nextPollAt - now).toBe(120_000);
    expect(plan({ hints: { expires: new Date(now + 600_000).toUTCString(), date: new Date(now).toUTCString() } }).nextPollAt - now).toBe(600_000);
    expect(plan({ hints: { ttlMinutes: 60 } }).nextPollAt - now).toBe(3_600_000);
    expect(serverWaitMs({ retryAfter: '120' }, now)).toBe(120_000);
    expect(serverWaitMs({ retryAfter: new Date(now + 300_000).toUTCString() }, now)).toBe(300_000);
    expect(serverWaitMs({ cacheControl: 'no-cache, max-age=600' }, now)).toBe(0);
    expect(serverWaitMs({ retryAfter: '99999999' }, now)).toBe(24 * 3_600_000);
  });

  it('obeys a cache lifetime only up to POLL_SCHEDULE or the operator’s interval, and Retry-After in full', () => {
    // The Federal Register answers everything with a day-long public cache lifetime.
    expect(plan({ hints: { cacheControl: 'public, max-age=86400' }, cacheCapMs: 600_000 }).nextPollAt - now).toBe(600_000);
    expect(plan({ hints: { cacheControl: 'public, max-age=86400' }, cacheCapMs: 120_000 }).nextPollAt - now).toBe(120_000);
    expect(plan({ hints: { ttlMinutes: 60 }, cacheCapMs: 600_000 }).nextPollAt - now).toBe(600_000);
    expect(plan({ hints: { retryAfter: '1200' }, cacheCapMs: 120_000 }).nextPollAt - now).toBe(1_200_000);
    expect(serverWaitMs({ cacheControl: 'max-age=900', retryAfter: '30' }, now, 0)).toBe(30_000);
  });

  it("reads an RSS feed's <ttl>", () => {
    expect(feedTtlMinutes('<rss><channel><title>x</title><ttl>30</ttl>')).toBe(30);
    expect(feedTtlMinutes('<rss><channel><title>x</title>')).toBeUndefined();
  });
});
