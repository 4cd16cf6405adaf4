// One polling cycle: every due feed is fetched, parsed, diffed against the store, analysed,
// grouped into stories and routed to channels. The only module that knows every stage, so over 400
// lines: the stages' own rules live in their folders, and what stays here is their order and the
// transaction that ties them together (one per feed on a scheduled tick; one per full cycle, whose
// items are filed in order of publication across its feeds).
import { createHash } from 'node:crypto';
import { nextAttemptDelay } from '../feeds/backoff.ts';
import { learnBoilerplate, stripBoilerplate } from '../feeds/boilerplate.ts';
import { feedAudience } from '../feeds/feed-audience.ts';
import { createFeedAgent, fetchFeed, type FetchFeedOptions, type FetchResult } from '../feeds/fetch-feed.ts';
import { createHostGate, type HostGate } from '../feeds/host-gate.ts';
import { describeNextTry } from '../ops/poll-clock.ts';
import { parseFeed } from '../feeds/parse-feed.ts';
import { baseInterval, feedTtlMinutes, planNextPoll, serverWaitMs, type PollPolicy, type ServerHints } from '../feeds/poll-schedule.ts';
import type { FeedReader, ReadResult } from '../feeds/source-reader.ts';
import type { Logger } from '../log.ts';
import type { Matcher } from '../match/matcher.ts';
import type { Category, Severity } from '../model.ts';
import { severityRank } from '../model.ts';
import type { StoryCandidate, StoryDoc, StoryIndex } from '../stories/story-index.ts';
import type { ChannelStore, FeedRow, FeedStore, ItemStore, OutboxStore, StoryStore, Transactional } from '../ports/storage.ts';

/** What a cycle reads and writes: feeds, items and stories, and the alerts it routes to channels. */
export type CycleStore = FeedStore & ItemStore & StoryStore & Pick<ChannelStore, 'channelsWatching'> & OutboxStore & Transactional;
import { analyzeItem, contentHash, type AnalyzedItem } from './analyze-item.ts';
import { keyForReusedGuid, keyItems } from './item-keys.ts';
import { routeAlerts } from './route-alerts.ts';
import { plural } from '../text/plural.ts';
import { isStoreFailure } from '../errors.ts';

export interface CycleDeps {
  store: CycleStore;
  /** The current matcher and entity names (they change when a channel tracks a custom entity). */
  entities: () => { matcher: Matcher; names: Record<string, string> };
  storyIndex: StoryIndex;
  log: Logger;
  now: () => number;
  fetchOptions: Pick<FetchFeedOptions, 'timeoutMs' | 'maxBytes' | 'allowPrivate' | 'lookup'> & { fetch?: typeof fetch };
  /** How many feeds are fetched at once. @default 8 */
  concurrency?: number;
  /**
   * Per-host politeness (FEED_HOST_CONCURRENCY, FEED_HOST_MIN_GAP_MS); shared by every cycle.
   * @default a gate with `concurrency` overall and no per-host rule
   */
  gate?: HostGate;
  /** Per-feed scheduling: each poll plans the feed's next one. @default every feed on every cycle */
  schedule?: {
    policy: PollPolicy;
    /** The feeds file's `interval` (ms) and `kind` for a feed, when it gives them. */
    feedSettings?: (url: string) => { intervalMs?: number; kind?: string } | undefined;
    /** Whether a hub pushes the feed (WebSub): then polling, the fallback, runs at the ceiling. */
    pushed?: (url: string) => boolean;
  };
  /** Sees each polled feed body once parsed (WebSub looks for a hub link). */
  onBody?: (feed: FeedRow, body: string) => void;
  /** Alert on a feed's first poll too (demo). @default false: the first poll only records items. */
  firstPollAlerts?: boolean;
  followUpMs: number;
  /** Which stored feeds to poll this cycle. @default every stored feed */
  feedFilter?: (feed: FeedRow) => boolean;
  /** Called with each new or updated item's result (scan prints them). */
  onItem?: (result: ItemResult) => void;
  /** Told when a story's items are filed under another story (scan prints the final story). */
  onStoryMoved?: (from: string, into: string) => void;
  /**
   * Classify and summarise items that name no watched entity too. The watcher never reads them
   * back (they join no story and raise no alert), so only an `onItem` observer needs them.
   * @default true when `onItem` is set, else false
   */
  analyzeUnmatched?: boolean;
  /** Randomness for backoff jitter. @default Math.random */
  random?: () => number;
  /** The first scheduled poll at or after a moment (null: no more polls), so a failure's log line says when the next try really is. */
  nextPollAt?: (notBefore: number) => number | undefined | null;
  /**
   * RETENTION_DAYS in ms: a new item published before then is not stored (retention may have
   * pruned it, and it must not come back as news). @default none
   */
  retentionMs?: number;
  /**
   * How a feed's body is read (its source kind, see feeds/source-reader.ts), with the URL to fetch
   * and a body cap and deadline of its own when the kind needs them (screening lists are large).
   * @default RSS/Atom for every feed
   */
  readerFor?: (feed: FeedRow) => ReaderChoice;
  /** Called in the feed's transaction for each new item that names a watched entity (official actions). */
  onStoredItem?: (analyzed: AnalyzedItem, context: { feed: FeedRow; source: string; now: number }) => void;
  /** Record every candidate story each item was judged against, in its result (explain). @default false */
  explainStories?: boolean;
}

/** A new or edited item waiting to be filed, and the stored row it edits. */
interface FilingEntry {
  analyzed: AnalyzedItem;
  existingId?: number;
}

/** A feed read and analysed: its entries, how to file one, and what filing the feed ends with. */
interface Filing {
  feed: FeedRow;
  entries: FilingEntry[];
  /** Stores one entry: item, story, outbox rows (inside the caller's transaction). */
  file(entry: FilingEntry): void;
  /** Records the poll: boilerplate, reader state, success, schedule (inside the same transaction). */
  finish(): void;
  /** After the commit: observers told, notes logged. */
  done(): FeedOutcome;
}

/** A feed's reader and what its fetch needs beyond the defaults. */
export type ReaderChoice = FeedReader & { maxBytes?: number; timeoutMs?: number; fetchUrl?: string };

export interface ItemResult {
  analyzed: AnalyzedItem;
  status: 'new' | 'updated';
  storyId: string;
  /** With `explainStories`: the stories the item was judged against, the one it joined first if any. */
  storyCandidates?: StoryCandidate[];
}

export interface FeedOutcome {
  url: string;
  status: 'ok' | 'not-modified' | 'unchanged-body' | 'failed' | 'backing-off';
  /** When the feed is planned to be polled next (set on scheduled cycles). */
  nextPollAt?: number;
  error?: string;
  newItems: number;
  updatedItems: number;
  seenItems: number;
  alerts: number;
}

export interface CycleReport {
  feeds: FeedOutcome[];
  newItems: number;
  updatedItems: number;
  alerts: number;
  ms: number;
}

/**
 * A full cycle files its feeds together in order of publication, in batches of whole feeds once
 * this many items are read: the order holds within a batch (all of a scan of a few hundred items),
 * and memory stays bounded on a start-up with tens of thousands.
 */
const FILING_BATCH_ITEMS = 2_000;
/** Boilerplate a feed has not repeated for this long is forgotten (an outlet changes its footer). */
const BOILERPLATE_TTL_MS = 30 * 86_400_000;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
/** A story is named after the item that starts it: the same feeds always give the same story ids. */
const storyIdFor = (feedUrl: string, key: string) => `st_${sha1(`${feedUrl}\u0000${key}`).slice(0, 16)}`;

/** When an item was published, as the story index places it: a date far in the future or before the feed era is a feed bug, so then when it was seen. */
function publishedAt(published: string | undefined, seenAt: number): number {
  const at = published ? Date.parse(published) : NaN;
  return Number.isFinite(at) && at <= seenAt + 86_400_000 && at > Date.UTC(1995, 0, 1) ? at : seenAt;
}

/** The features the story index compares, built the same way for new and stored items. */
export function storyDoc(v: {
  key: string;
  entityIds: string[];
  category: Category;
  title: string;
  summary: string;
  citations: string[];
  publishedAt?: string;
  firstSeenAt: number;
  official?: boolean;
  link?: string;
  related?: StoryDoc['related'];
}): StoryDoc {
  return {
    itemKey: v.key,
    entityIds: v.entityIds,
    category: v.category,
    title: v.title,
    summary: v.summary,
    citations: v.citations,
    at: publishedAt(v.publishedAt, v.firstSeenAt),
    ...(v.official ? { official: true } : {}),
    ...(v.link ? { link: v.link } : {}),
    ...(v.related?.length ? { related: v.related } : {}),
  };
}

/** Rebuilds the story index from the stories of the last window, so a restart changes nothing. */
export function rebuildStoryIndex(index: StoryIndex, store: Pick<ItemStore, 'storyItemsSince'>, since: number): void {
  for (const item of store.storyItemsSince(since)) {
    if (!item.storyId) continue;
    index.add(item.storyId, storyDoc(item));
  }
}

/** Creates the cycle runner. Each call polls every due feed once. */
export function createCycleRunner(deps: CycleDeps) {
  const { store, log } = deps;
  const analyzeUnmatched = deps.analyzeUnmatched ?? deps.onItem !== undefined;

  const gate = deps.gate ?? createHostGate({ total: deps.concurrency ?? 8, perHost: deps.concurrency ?? 8, minGapMs: 0, now: deps.now });
  // A feed's <ttl> is only in its body; a 304 has none, so the last one seen is remembered.
  const ttlOf = new Map<string, number>();

  /** Plans and stores the feed's next poll after a successful fetch. */
  function schedule(feed: FeedRow, changed: boolean, hints: ServerHints | undefined): number | undefined {
    if (!deps.schedule) return undefined;
    const settings = deps.schedule.feedSettings?.(feed.url);
    const policy = deps.schedule.policy;
    const baseMs = deps.schedule.pushed?.(feed.url) ? policy.ceilingMs : baseInterval({ url: feed.url, ...settings }, policy);
    const ttlMinutes = ttlOf.get(feed.url);
    const now = deps.now();
    const plan = planNextPoll({
      baseMs,
      ...(feed.pollIntervalMs !== undefined ? { currentMs: feed.pollIntervalMs } : {}),
      changed,
      hints: { ...hints, ...(ttlMinutes !== undefined ? { ttlMinutes } : {}) },
      // An operator's interval for the feed outranks a cache lifetime; POLL_SCHEDULE caps it otherwise.
      cacheCapMs: settings?.intervalMs ?? policy.ceilingMs,
      now,
      random: deps.random ?? Math.random,
      jitter: policy.jitter,
    });
    store.setFeedSchedule(feed.url, plan);
    const asked = plan.serverWaitMs > plan.intervalMs ? `, as the server asks (${Math.round(plan.serverWaitMs / 1000)} s)` : '';
    log.debug(`feed ${feedLabel(feed)}: next poll in ${Math.round((plan.nextPollAt - now) / 1000)} s (interval ${Math.round(plan.intervalMs / 1000)} s${asked})`);
    return plan.nextPollAt;
  }

  /** The feed's reader (by its kind): RSS/Atom unless the feeds file says otherwise. */
  const readerOf = (feed: FeedRow): ReaderChoice => deps.readerFor?.(feed) ?? { read: (body) => parseFeed(body, feed.url) };

  /** Fetches through the host gate: requests to one host are limited in number and spaced out. */
  async function gatedFetch(feed: FeedRow, reader: ReaderChoice, agent: FetchFeedOptions['agent']): Promise<FetchResult> {
    // The last body's hash lets fetchFeed recognise the same bytes (a server without validators).
    const lastBody = feed.polledOnce ? feed.bodyHash : undefined;
    const fetchOptions = { ...deps.fetchOptions, ...(reader.maxBytes ? { maxBytes: reader.maxBytes } : {}), ...(reader.timeoutMs ? { timeoutMs: reader.timeoutMs } : {}) };
    const url = reader.fetchUrl ?? feed.url;
    // A local file is its own "host": files are never spaced out against each other.
    const release = await gate.acquire(httpHost(url) ?? url);
    try {
      return await fetchFeed(url, { ...fetchOptions, asBytes: reader.readBytes !== undefined, agent, etag: feed.etag, lastModified: feed.lastModified, bodyHash: lastBody });
    } finally {
      release();
    }
  }

  // Once per feed per process: a feed that reuses guids would otherwise say so on every poll.
  const warnedReuse = new Set<string>();
  function warnReusedGuids(feed: FeedRow, what: string): void {
    if (warnedReuse.has(feed.url)) return;
    warnedReuse.add(feed.url);
    log.warn(`feed ${feedLabel(feed)}: ${what}; such items are told apart by link or content, none is dropped`);
  }

  async function pollFeed(feed: FeedRow, agent: FetchFeedOptions['agent']): Promise<FeedOutcome> {
    const read = await readFeed(feed, agent);
    return 'entries' in read ? fileFeed(read) : read;
  }

  /** Fetches and reads one feed: its outcome when there is nothing to file, else its filing. */
  async function readFeed(feed: FeedRow, agent: FetchFeedOptions['agent']): Promise<FeedOutcome | Filing> {
    const outcome: FeedOutcome = { url: feed.url, status: 'ok', newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 };
    const startedAt = deps.now();
    if (feed.nextAttemptAt > startedAt) return { ...outcome, status: 'backing-off', error: feed.lastError };
    const fail = (error: string, hints?: ServerHints): FeedOutcome => {
      const failures = feed.consecutiveFailures + 1;
      // Jitter keeps feeds that failed together (a network outage) from retrying together; a 429 or
      // 503 with Retry-After is not asked again sooner than it says.
      const now = deps.now();
      const retryIn = Math.max(nextAttemptDelay(failures, { random: deps.random ?? Math.random }), serverWaitMs(hints, now, 0));
      store.recordFeedFailure(feed.url, error, now + retryIn, now);
      log.warn(`feed ${feedLabel(feed)}: ${error} (failure ${failures}, ${describeNextTry(now, now + retryIn, deps.nextPollAt)})`);
      return { ...outcome, status: 'failed', error };
    };

    const reader = readerOf(feed);
    const fetched = await gatedFetch(feed, reader, agent);
    return readFetched(feed, reader, fetched, outcome, fail);
  }

  /** Everything after the fetch: a pushed body (WebSub) enters here as if polled. */
  async function digest(feed: FeedRow, reader: ReaderChoice, fetched: FetchResult, outcome: FeedOutcome, fail: (error: string, hints?: ServerHints) => FeedOutcome, pushed = false): Promise<FeedOutcome> {
    const read = await readFetched(feed, reader, fetched, outcome, fail, pushed);
    return 'entries' in read ? fileFeed(read) : read;
  }

  /** Parses, diffs and analyses a fetched body: the feed's new and edited items, ready to file. */
  async function readFetched(feed: FeedRow, reader: ReaderChoice, fetched: FetchResult, outcome: FeedOutcome, fail: (error: string, hints?: ServerHints) => FeedOutcome, pushed = false): Promise<FeedOutcome | Filing> {
    switch (fetched.kind) {
      case 'ok':
        break;
      case 'not-modified': {
        store.recordFeedSuccess(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, deps.now());
        const nextPollAt = schedule(feed, false, fetched.hints);
        return { ...outcome, status: 'not-modified', ...(nextPollAt !== undefined ? { nextPollAt } : {}) };
      }
      case 'unchanged': {
        // Same bytes as last time: nothing to parse.
        store.recordFeedSuccess(feed.url, { etag: fetched.etag, lastModified: fetched.lastModified }, deps.now());
        const nextPollAt = schedule(feed, false, fetched.hints);
        return { ...outcome, status: 'unchanged-body', ...(nextPollAt !== undefined ? { nextPollAt } : {}) };
      }
      default:
        return fail(describeFetchFailure(fetched), 'hints' in fetched ? fetched.hints : undefined);
    }
    const ttl = feedTtlMinutes(fetched.body);
    if (ttl !== undefined) ttlOf.set(feed.url, ttl);
    else ttlOf.delete(feed.url);
    const { bodyHash } = fetched;
    if (fetched.charsetWarning) log.warn(`feed ${feedLabel(feed)}: ${fetched.charsetWarning}`);
    const firstPoll = !feed.polledOnce;
    const context = { feedUrl: feed.url, firstPoll, now: deps.now() };
    const parsed: ReadResult = reader.readBytes ? reader.readBytes(fetched.bytes ?? Buffer.from(fetched.body), context) : await reader.read(fetched.body, context);
    if (parsed.kind !== 'ok') return fail(parsed.message);
    if (!pushed) deps.onBody?.(feed, fetched.body);
    // What filing needs of the body and its parse, taken out: the filing waits for a full cycle's
    // other feeds, and must not keep the bodies (its closures never name fetched or parsed).
    const { etag, lastModified, hints } = fetched;
    const { title: parsedTitle, note: parsedNote, commit: commitReader } = parsed;

    const startedAt = deps.now();
    const { matcher, names } = deps.entities();
    const alerting = !firstPoll || deps.firstPollAlerts === true;
    const source = feed.title ?? parsedTitle ?? hostOf(feed.url);
    // Boilerplate the feed repeats is learned from this body and remembered from earlier ones; the
    // item's key and hash stay those of the item as published, so learning changes no identity.
    const learned = learnBoilerplate(parsed.items);
    const known = store.boilerplateOf(feed.url, startedAt - BOILERPLATE_TTL_MS);
    const boilerplate = new Set([...known, ...learned.keys()]);
    if (boilerplate.size > known.length) log.info(`feed ${feedLabel(feed)}: ${boilerplate.size - known.length} lines repeated on most items learned as boilerplate (ignored for matching and summaries)`);
    const boilerplateHits = new Set<string>();
    const changed: FilingEntry[] = [];
    const seenKeys = new Set<string>();
    const items = parsed.items.map((raw) => ({ ...raw, feedTitle: raw.feedTitle ?? parsedTitle }));
    const { keys, reused } = keyItems(items);
    if (reused > 0) warnReusedGuids(feed, `${reused} guid${reused === 1 ? ' is' : 's are'} shared by different items in one body`);
    for (const [i, item] of items.entries()) {
      // Key and hash are cheap; the analysis runs only for new or edited items.
      let key = keys[i]!;
      if (seenKeys.has(key)) continue; // a feed repeating an entry counts once
      seenKeys.add(key);
      let existing = store.findItem(feed.url, key);
      const hash = contentHash(item);
      const own = existing && existing.contentHash !== hash ? keyForReusedGuid(key, item, existing) : undefined;
      if (own) {
        // A different entry under a guid an earlier one had: a new item, not an edit of that one.
        warnReusedGuids(feed, 'a new item reuses the guid of an earlier one');
        key = own;
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        existing = store.findItem(feed.url, key);
      }
      if (existing && existing.contentHash === hash) {
        outcome.seenItems++;
        continue;
      }
      if (!existing && deps.retentionMs && item.publishedAt && Date.parse(item.publishedAt) < startedAt - deps.retentionMs) {
        outcome.seenItems++; // older than what is kept: never news
        continue;
      }
      const analyzed = analyzeItem(stripBoilerplate(item, boilerplate, boilerplateHits), { matcher, entityNames: names, analyzeUnmatched }, { key, contentHash: hash });
      changed.push({ analyzed, ...(existing ? { existingId: existing.id } : {}) });
    }

    const results: ItemResult[] = [];
    const reaches = feedAudience(store, feed);
    let nextPollAt: number | undefined;
    const now = deps.now();
    // Items, mentions, stories and outbox rows commit together with the feed's poll (fileFeed, fileTogether).
    const file = ({ analyzed, existingId }: FilingEntry): void => {
      const { classification } = analyzed;
      const entityIds = analyzed.mentions.map((m) => m.entityId);
      const record = {
        feedUrl: feed.url,
        key: analyzed.key,
        contentHash: analyzed.contentHash,
        guid: analyzed.item.guid,
        link: analyzed.item.link,
        title: analyzed.item.title,
        summary: analyzed.summary,
        publishedAt: analyzed.item.publishedAt,
        category: classification.category,
        severity: classification.severity,
        official: classification.official,
        citation: classification.citation,
        citations: analyzed.citations,
        ...(analyzed.item.related?.length ? { related: analyzed.item.related } : {}),
      };
      if (existingId !== undefined) {
        // An edit of an item already seen: keep it current, but it is not news.
        store.updateItem(existingId, record, analyzed.mentions, now);
        outcome.updatedItems++;
        results.push({ analyzed, status: 'updated', storyId: '' });
        return;
      }
      outcome.newItems++;
      if (entityIds.length === 0) {
        // It never starts a story (nothing to alert on), but the official text of a development
        // that names no watched entity joins the story citing what it cites.
        // Only a citation or a related list can place it: most such items have neither and cost nothing here.
        const placeable = analyzed.citations.length > 0 || (analyzed.item.related?.length ?? 0) > 0 || record.official;
        const doc = storyDoc({ ...record, entityIds, firstSeenAt: now });
        const storyCandidates = placeable && deps.explainStories ? deps.storyIndex.explain(doc) : undefined;
        const found = placeable ? deps.storyIndex.findStory(doc) : undefined;
        // An official text may come before the news of its act (the White House posts an order as
        // it is signed): the index keeps it, under its own id or that of the official text it
        // joined, and news of the act then starts the story under that id. Its row carries that
        // id from the start, so the story lists it once it exists and a rebuilt index holds it.
        const storyId = found?.storyId ?? (record.official ? storyIdFor(feed.url, analyzed.key) : undefined);
        if (storyId) absorb(storyId, found?.absorbs, now);
        store.insertItem(storyId ? { ...record, storyId } : record, [], now);
        if (storyId) deps.storyIndex.add(storyId, doc);
        results.push({ analyzed, status: 'new', storyId: storyId ?? storyIdFor(feed.url, analyzed.key), ...(storyCandidates ? { storyCandidates } : {}) });
        return;
      }
      const doc = storyDoc({ ...record, entityIds, firstSeenAt: now });
      // Judged before assignStory adds the doc: what the index held when it decided.
      const storyCandidates = deps.explainStories ? deps.storyIndex.explain(doc) : undefined;
      const { storyId, category } = assignStory(doc, record, entityIds, now, analyzed.item.official?.source === 'screening-list');
      if (category) {
        // A reaction or a no-signal report of a development is filed under the development's category.
        record.category = category;
        analyzed.classification = { ...classification, category, signals: [...classification.signals, `takes the category of its story (${category}): a reaction to it or a report without a signal of its own`] };
      }
      store.insertItem({ ...record, storyId }, analyzed.mentions, now);
      results.push({ analyzed, status: 'new', storyId, ...(storyCandidates ? { storyCandidates } : {}) });
      deps.onStoredItem?.(analyzed, { feed, source, now });
      if (alerting) outcome.alerts += routeAlerts(store, { analyzed, storyId, entityNames: names, source }, { followUpMs: deps.followUpMs, now, reaches });
    };
    const finish = (): void => {
      const seenBoilerplate = new Set([...learned.keys(), ...boilerplateHits]);
      store.recordBoilerplate(feed.url, [...seenBoilerplate].map((unit) => ({ unit, items: learned.get(unit) ?? 1 })), now);
      // A stateful reader's new state (a screening list's entries) commits with the items it produced.
      commitReader?.();
      store.recordFeedSuccess(feed.url, { etag, lastModified, bodyHash, title: parsedTitle }, now);
      if (firstPoll) store.markFeedPolled(feed.url);
      nextPollAt = schedule(feed, outcome.newItems > 0 && !firstPoll, hints);
    };
    const done = (): FeedOutcome => {
      if (nextPollAt !== undefined) outcome.nextPollAt = nextPollAt;
      // Observers see the feed's items in the feed's order, whatever order they were filed in.
      const position = new Map(changed.map((entry, i) => [entry.analyzed, i]));
      results.sort((a, b) => position.get(a.analyzed)! - position.get(b.analyzed)!);
      for (const r of results) deps.onItem?.(r);
      if (parsedNote) log.info(`feed ${feedLabel(feed)}: ${parsedNote}`);
      if (firstPoll && !alerting && outcome.newItems > 0) log.info(`feed ${feedLabel(feed)}: first poll recorded ${plural(outcome.newItems, 'item')} without alerting`);
      return outcome;
    };
    return { feed, entries: changed, file, finish, done };
  }

  /** Files one read feed in one transaction, its items in feed order; any error fails it whole. */
  function fileFeed(filing: Filing): FeedOutcome {
    store.transaction(() => {
      for (const entry of filing.entries) filing.file(entry);
      filing.finish();
    });
    return filing.done();
  }

  /**
   * Files read feeds together in one transaction, every item in order of publication across them,
   * so the first report of a development starts its story whichever feed holds it. A bug in one
   * feed's item fails that feed alone (the items it filed before stay, and are seen again next poll).
   */
  function fileTogether(filings: Filing[]): FeedOutcome[] {
    const failed = new Map<Filing, FeedOutcome>();
    const guarded = (filing: Filing, step: () => void) => {
      if (failed.has(filing)) return;
      try {
        store.transaction(step); // a savepoint inside the cycle's transaction
      } catch (error) {
        if (isStoreFailure(error)) throw error;
        log.error(`feed ${feedLabel(filing.feed)}: unexpected error: ${(error as Error).message}`);
        failed.set(filing, { url: filing.feed.url, status: 'failed', error: (error as Error).message, newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 });
      }
    };
    const now = deps.now();
    const entries = filings.flatMap((filing) => filing.entries.map((entry) => ({ filing, entry, at: publishedAt(entry.analyzed.item.publishedAt, now) })));
    // A stable sort: items of one moment keep their feeds' order.
    entries.sort((a, b) => a.at - b.at);
    store.transaction(() => {
      for (const { filing, entry } of entries) guarded(filing, () => filing.file(entry));
      for (const filing of filings) guarded(filing, () => filing.finish());
    });
    return filings.map((filing) => failed.get(filing) ?? filing.done());
  }

  /**
   * Joins an existing story or starts one; persists it and updates the index. Returns the story, and
   * the story's category when the item takes it (StoryMatch.category).
   */
  function assignStory(doc: StoryDoc, record: { feedUrl: string; key: string; title: string; link?: string; summary: string; category: Category; severity: Severity }, entityIds: string[], now: number, listChange = false): { storyId: string; category?: Category } {
    const found = deps.storyIndex.findStory(doc);
    let existing = found && store.getStory(found.storyId);
    // A screening-list change states its direction as a fact: a removal is never a rewrite of the
    // listing (or a listing of a removal) however alike the words and citations.
    if (listChange && existing && (existing.category === 'revocation') !== (record.category === 'revocation')) existing = undefined;
    if (found && existing) {
      absorb(existing.id, found.absorbs, now);
      const severity = severityRank(record.severity) > severityRank(existing.severity) ? record.severity : existing.severity;
      store.addToStory(existing.id, { severity, entityIds: [...new Set([...existing.entityIds, ...entityIds])] }, now);
      // Indexed as stored, so a rebuild from the store gives the same member.
      deps.storyIndex.add(existing.id, found.category ? { ...doc, category: found.category } : doc);
      return { storyId: existing.id, ...(found.category ? { category: found.category } : {}) };
    }
    // A story only the index holds (an official text naming no watched entity) is started under its id.
    const id = found && !store.getStory(found.storyId) ? found.storyId : storyIdFor(record.feedUrl, record.key);
    store.createStory({ id, title: record.title, link: record.link, summary: record.summary, category: record.category, severity: record.severity, entityIds }, now);
    absorb(id, found?.absorbs, now);
    deps.storyIndex.add(id, doc);
    return { storyId: id };
  }

  /**
   * Files stories of official texts alone (which name no watched entity, so no channel heard of
   * them) under the story of the news that would have joined them: the text came first, the news
   * of its act joined other news of it, and the act is one development.
   */
  function absorb(into: string, storyIds: readonly string[] | undefined, now: number): void {
    for (const from of storyIds ?? []) {
      if (from === into || store.getStory(from)) continue;
      const moved = store.moveStoryItems(from, into, now);
      deps.storyIndex.remove(from);
      for (const item of moved) deps.storyIndex.add(into, storyDoc(item));
      deps.onStoryMoved?.(from, into);
    }
  }

  let running: Promise<CycleReport> | undefined;
  // Polls under way, by feed: a feed is never polled twice at once, whichever call started it.
  const inFlight = new Map<string, Promise<FeedOutcome>>();
  // Feeds of a full cycle already read, waiting for the others to be filed with them: in flight, no longer polling.
  const readToFile = new Set<string>();

  /** One step of a feed's poll, its errors told as the feed's outcome (a storage failure is rethrown). */
  async function guarded<T>(feed: FeedRow, step: () => Promise<T>): Promise<T | FeedOutcome> {
    try {
      return await step();
    } catch (error) {
      // Stopping: the request was never sent; the feed stays due for the next start.
      if ((error as { code?: string }).code === 'feed/gate-closed') return { url: feed.url, status: 'backing-off' as const, newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 };
      // A bug in one feed's handling must not stop the others; storage errors are not swallowed.
      if (isStoreFailure(error)) throw error;
      log.error(`feed ${feedLabel(feed)}: unexpected error: ${(error as Error).message}`);
      return { url: feed.url, status: 'failed' as const, error: (error as Error).message, newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 };
    }
  }

  function pollOnce(feed: FeedRow, agent: FetchFeedOptions['agent']): Promise<FeedOutcome> {
    const existing = inFlight.get(feed.url);
    if (existing) return existing;
    const poll = guarded(feed, () => pollFeed(feed, agent)).finally(() => inFlight.delete(feed.url));
    inFlight.set(feed.url, poll);
    return poll;
  }

  /**
   * Polls feeds read together (a full cycle: start-up, scan, tests): their items are filed in order
   * of publication across them (fileTogether), in batches of whole feeds of about FILING_BATCH_ITEMS
   * items as they are read, so memory stays bounded however many feeds there are. A feed stays in
   * flight until filed, so a tick meanwhile never polls it twice.
   */
  async function pollTogether(feeds: FeedRow[], agent: FetchFeedOptions['agent']): Promise<FeedOutcome[]> {
    const settle = new Map<string, (outcome: FeedOutcome) => void>();
    const outcomes = new Map<string, FeedOutcome>();
    const release = (url: string, outcome: FeedOutcome) => {
      outcomes.set(url, outcome);
      const resolve = settle.get(url);
      if (!resolve) return;
      settle.delete(url);
      inFlight.delete(url);
      readToFile.delete(url);
      resolve(outcome);
    };
    let held: Filing[] = [];
    let heldItems = 0;
    const fileHeld = () => {
      const batch = held;
      held = [];
      heldItems = 0;
      if (batch.length) fileTogether(batch).forEach((outcome, i) => release(batch[i]!.feed.url, outcome));
    };
    try {
      await Promise.all(
        feeds.map(async (feed) => {
          const existing = inFlight.get(feed.url);
          if (existing) return void outcomes.set(feed.url, await existing);
          inFlight.set(feed.url, new Promise<FeedOutcome>((resolve) => settle.set(feed.url, resolve)));
          const read = await guarded(feed, () => readFeed(feed, agent));
          if (!('entries' in read)) return release(feed.url, read);
          readToFile.add(feed.url);
          held.push(read);
          heldItems += read.entries.length;
          if (heldItems >= FILING_BATCH_ITEMS) fileHeld();
        }),
      );
      fileHeld();
    } finally {
      // A storage failure stops the cycle: nothing waits on a feed it left unfiled.
      for (const url of [...settle.keys()]) release(url, { url, status: 'failed', error: 'not filed: the store failed', newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 });
    }
    return feeds.map((feed) => outcomes.get(feed.url)!);
  }

  async function cycle(select: (feed: FeedRow, now: number) => boolean, together = false): Promise<CycleReport> {
    const started = deps.now();
    // One agent per cycle: feeds on the same host share connections, and none outlive the cycle.
    const agent = deps.fetchOptions.fetch ? undefined : createFeedAgent(deps.fetchOptions);
    try {
      deps.storyIndex.prune(started);
      const feeds = store.listFeeds().filter((f) => (deps.feedFilter?.(f) ?? true) && select(f, started));
      // The host gate bounds how many run at once, overall and per host.
      const outcomes = together ? await pollTogether(feeds, agent) : await Promise.all(feeds.map((feed) => pollOnce(feed, agent)));
      const sum = (k: 'newItems' | 'updatedItems' | 'alerts') => outcomes.reduce((n, o) => n + o[k], 0);
      return { feeds: outcomes, newItems: sum('newItems'), updatedItems: sum('updatedItems'), alerts: sum('alerts'), ms: deps.now() - started };
    } finally {
      await agent?.close().catch(() => undefined);
    }
  }

  /**
   * Polls feeds once. By default every feed (tests, `scan`, the first cycle at start-up); a call
   * while such a cycle runs joins it instead of overlapping it. With `dueOnly` (the watcher's
   * tick) only feeds whose planned poll time (and failure backoff) has come and that are not
   * already being polled.
   */
  function runCycle(options: { dueOnly?: boolean } = {}): Promise<CycleReport> {
    if (options.dueOnly) return cycle((f, now) => !inFlight.has(f.url) && Math.max(f.nextPollAt, f.nextAttemptAt) <= now);
    running ??= cycle(() => true, true).finally(() => {
      running = undefined;
    });
    return running;
  }

  /**
   * Takes a feed body pushed by a WebSub hub as a poll of that feed (same diff, alerts, schedule).
   * Returns undefined for a feed that is not stored.
   */
  async function acceptPush(feedUrl: string, body: string): Promise<FeedOutcome | undefined> {
    const feed = store.getFeed(feedUrl);
    if (!feed) return undefined;
    const outcome: FeedOutcome = { url: feed.url, status: 'ok', newItems: 0, updatedItems: 0, seenItems: 0, alerts: 0 };
    const fail = (error: string): FeedOutcome => {
      log.warn(`feed ${feedLabel(feed)}: a pushed body was refused: ${error}`);
      return { ...outcome, status: 'failed', error };
    };
    // The validators of the last poll stay: a 304 then means nothing changed since, and the
    // pushed items are already stored.
    const polled = { ...(feed.etag ? { etag: feed.etag } : {}), ...(feed.lastModified ? { lastModified: feed.lastModified } : {}) };
    return digest(feed, readerOf(feed), { kind: 'ok', body, bodyHash: feed.bodyHash ?? sha1(body), ...polled, finalUrl: feed.url, status: 200 }, outcome, fail, true);
  }

  return {
    runCycle,
    acceptPush,
    /** Polls under way, and how many of them wait on the host gate (the bench's virtual clock reads these). */
    activity: () => ({ polls: inFlight.size - readToFile.size, waiting: gate.waiting() }),
  };
}

/** How a feed is named in logs: its title and host when it has a title (URLs can be very long). */
function feedLabel(feed: FeedRow): string {
  return feed.title ? `"${feed.title}" (${hostOf(feed.url)})` : feed.url;
}

/** The host of an http(s) feed (what the gate limits), undefined for a local file. */
function httpHost(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? hostOf(url) : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function describeFetchFailure(r: { kind: string; status?: number; message?: string; limit?: number }): string {
  switch (r.kind) {
    case 'http-error':
      return `HTTP ${r.status}${r.message ? ` ${r.message}` : ''}`;
    case 'too-large':
      return `body larger than ${r.limit} bytes`;
    default:
      return r.message ?? r.kind;
  }
}
