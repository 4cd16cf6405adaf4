// The storage the core needs, declared by the core: each consumer takes the slice it uses (a
// FeedStore, an OutboxStore…), and src/store/ implements all of them on one SQLite connection.
// Synchronous on purpose: a feed's items, mentions, stories and outbox rows commit in one
// transaction, and better-sqlite3 transactions cannot span an `await`.
import type { Alert, Category, ChannelRef, Entity, FeedItem, Mention, Severity, Story } from '../model.ts';
import type { DigestAtOnce, DigestSchedule } from '../digest/digest-schedule.ts';

export interface FeedRow {
  url: string;
  title?: string;
  addedBy: string;
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  polledOnce: boolean;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
  consecutiveFailures: number;
  nextAttemptAt: number;
  /** When the scheduler plans the next poll (0: at once). */
  nextPollAt: number;
  /** The interval adaptation has reached, if the feed was polled on a schedule yet. */
  pollIntervalMs?: number;
  itemCount: number;
}

/** A WebSub subscription asked of a hub for a feed. */
export interface WebSubRow {
  feedUrl: string;
  hub: string;
  topic: string;
  secret: string;
  requestedAt: number;
  verifiedAt?: number;
  leaseUntil?: number;
}

export interface ItemRecord {
  feedUrl: string;
  key: string;
  contentHash: string;
  guid?: string;
  link?: string;
  title: string;
  summary: string;
  publishedAt?: string;
  category: Category;
  severity: Severity;
  official: boolean;
  citation?: string;
  /** Every official identifier in the item (story grouping keys). */
  citations: string[];
  /** Other reports an aggregator listed with it (Google News), kept for the story index's rebuild. */
  related?: FeedItem['related'];
  storyId?: string;
}

export interface StoredItem extends ItemRecord {
  id: number;
  firstSeenAt: number;
  updatedAt: number;
  feedTitle?: string;
  entityIds: string[];
}

export interface ChannelRow {
  key: string;
  ref: ChannelRef;
  minSeverity: Severity;
  mentionRoleId?: string;
  /** The role's or user group's name, when the adapter knew it. */
  mentionLabel?: string;
  failingReason?: string;
  failingSince?: number;
  /** Digest mode: when set, alerts below `digestAtOnce` wait for the digest. */
  digestSchedule?: DigestSchedule;
  digestAtOnce: DigestAtOnce;
  /** When the next digest is due (ms), while digest mode is on. */
  digestNextAt?: number;
  watches: string[];
}

/** `held`: waiting for the channel's digest; `digested`: taken into a digest row (`digestId`). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'held' | 'digested';

export interface OutboxRow {
  id: string;
  channelKey: string;
  channel: ChannelRef;
  storyId: string;
  kind: Alert['kind'];
  alert: Alert;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  messageRef?: string;
  /** Set while a send is under way; still set on a pending row, it is a send a crash cut short. */
  sendStartedAt?: number;
  createdAt: number;
}

export interface StoryDelivery {
  channelKey: string;
  storyId: string;
  alertId: string;
  severity: Severity;
  /** When the channel last got a post about the story (alert or follow-up). */
  lastFollowUpAt: number;
}

/** The key a channel is stored under: platform, workspace and id together. */
export const channelKey = (ref: ChannelRef): string => `${ref.platform}:${ref.workspace ?? ''}:${ref.id}`;

/** Feeds, their scopes and schedule, WebSub subscriptions and learned boilerplate. */
export interface FeedStore {
  /** Registers a feed; returns false if it was already known. */
  ensureFeed(url: string, opts: { title?: string; addedBy?: string }, now: number): boolean;
  removeFeed(url: string): boolean;
  listFeeds(): FeedRow[];
  getFeed(url: string): FeedRow | undefined;
  recordFeedSuccess(url: string, v: { etag?: string; lastModified?: string; bodyHash?: string; title?: string }, now: number): void;
  recordFeedFailure(url: string, error: string, nextAttemptAt: number, now: number): void;
  markFeedPolled(url: string): void;
  /** Records the feed's next planned poll and the interval adaptation reached. */
  setFeedSchedule(url: string, v: { nextPollAt: number; intervalMs: number }): void;
  /** Marks a feed as the operator's (the feeds file or FEED_URLS name it): it reaches every workspace. */
  markOperatorFeed(url: string): void;
  /** The workspaces/guilds (`platform:workspace`) that added this feed for themselves. */
  feedScopes(url: string): string[];
  addFeedScope(url: string, scope: string, addedBy: string, now: number): boolean;
  removeFeedScope(url: string, scope: string): boolean;
  /** The scopes that turned this (operator) feed off for themselves. */
  feedOptOuts(url: string): string[];
  setFeedOptOut(url: string, scope: string, off: boolean, by: string, now: number): boolean;
  webSub(feedUrl: string): WebSubRow | undefined;
  webSubs(): WebSubRow[];
  /** Records a subscription request (unverified until the hub's GET is answered). */
  requestWebSub(v: { feedUrl: string; hub: string; topic: string; secret: string }, now: number): void;
  markWebSubVerified(feedUrl: string, now: number, leaseUntil: number | undefined): void;
  deleteWebSub(feedUrl: string): void;
  /** The boilerplate units (keys) of a feed seen since `since` (ms). */
  boilerplateOf(feedUrl: string, since: number): string[];
  /** Records units learned from (or found again in) a feed's body; `items` is how many items held it. */
  recordBoilerplate(feedUrl: string, units: Array<{ unit: string; items: number }>, now: number): void;
}

/** Items and the mentions found in them. */
export interface ItemStore {
  findItem(feedUrl: string, key: string): { id: number; contentHash: string; link?: string; title: string } | undefined;
  insertItem(item: ItemRecord, mentions: Mention[], now: number): number;
  updateItem(id: number, item: ItemRecord, mentions: Mention[], now: number): void;
  itemsOfStory(storyId: string): StoredItem[];
  /** Files every item of one story under another (official texts that came before their news); returns them, moved. */
  moveStoryItems(from: string, into: string, now: number): StoredItem[];
  /** Items that joined a story since `since` (ms), oldest first: what the story index is rebuilt from. */
  storyItemsSince(since: number): StoredItem[];
  /** What matched in an item, as recorded: entity, the words, the field (`/sanctions why`). */
  mentionsOfItem(itemId: number): Mention[];
  countItems(): number;
}

/** Stories and the entities they are about. */
export interface StoryStore {
  createStory(s: { id: string; title: string; link?: string; summary: string; category: Category; severity: Severity; entityIds: string[] }, now: number): void;
  /** Records one more source for a story: severity and entities only ever grow. */
  addToStory(id: string, v: { severity: Severity; entityIds: string[] }, now: number): void;
  getStory(id: string): Story | undefined;
  recentStories(limit: number): Story[];
  latestStoriesForEntity(entityId: string, limit: number): Story[];
}

/** Channels, their watchlists and settings (severity, mention, digest, failing). */
export interface ChannelStore {
  ensureChannel(ref: ChannelRef, now: number): ChannelRow;
  getChannel(ref: ChannelRef): ChannelRow | undefined;
  getChannelByKey(key: string): ChannelRow | undefined;
  listChannels(): ChannelRow[];
  /** Returns the ids that were not watched before. */
  addWatches(key: string, entityIds: string[]): string[];
  /** Returns the ids that were watched and are not any more. */
  removeWatches(key: string, entityIds: string[]): string[];
  /** Channels (not failing) watching any of the entities, by key; without their watch lists, which routing does not read. */
  channelsWatching(entityIds: string[]): Array<Omit<ChannelRow, 'watches'>>;
  setMinSeverity(key: string, severity: Severity): void;
  setMentionRole(key: string, roleId: string | undefined, label?: string): void;
  /** Turns digest mode on (with when the first digest is due) or off (`undefined`). */
  setDigest(key: string, schedule: DigestSchedule | undefined, nextAt: number | undefined): void;
  setDigestAtOnce(key: string, atOnce: DigestAtOnce): void;
  /** Channels whose digest is due at `now`, by key; without their watch lists. */
  digestsDue(now: number): Array<Omit<ChannelRow, 'watches'>>;
  /** Channels in digest mode; without their watch lists. */
  digestChannels(): Array<Omit<ChannelRow, 'watches'>>;
  setChannelFailing(key: string, reason: string, now: number): void;
  clearChannelFailing(key: string): void;
}

/** The outbox and what each channel got of each story. */
export interface OutboxStore {
  /** Queues an alert; `held` keeps it for the channel's digest instead of sending it. */
  enqueueAlert(row: { channelKey: string; alert: Alert; nextAttemptAt: number; held?: boolean }, now: number): boolean;
  /** A channel's alerts waiting for its digest, oldest first. */
  heldAlerts(key: string): OutboxRow[];
  /** Records that held rows went into the digest row `digestId` (same transaction as that row). */
  markDigested(ids: string[], digestId: string): void;
  /** Sends a channel's held alerts as ordinary ones (digest mode turned off); returns how many. */
  releaseHeld(key: string, now: number): number;
  pendingFollowUp(channelKeyValue: string, storyId: string): OutboxRow | undefined;
  replacePendingAlert(alert: Alert): void;
  dueAlerts(now: number, limit?: number): OutboxRow[];
  getOutbox(id: string): OutboxRow | undefined;
  outboxOfChannel(key: string): OutboxRow[];
  /** Rows by status; `held` and `digested` appear only for channels in digest mode. */
  outboxCounts(): Record<'pending' | 'delivered' | 'failed', number> & Partial<Record<OutboxStatus, number>>;
  /** For /healthz: alerts waiting, and those among them that are failing (last try failed, or channel held). */
  outboxHealth(): { pending: number; failing: number };
  /** Records that a send begins, before the platform is called (see OutboxRow.sendStartedAt). */
  markSending(id: string, now: number): void;
  /** Records that a send ended without an outcome for the row itself (its channel is held). */
  markSendEnded(id: string): void;
  markDelivered(id: string, messageRef: string | undefined, now: number): void;
  markRetry(id: string, error: string, nextAttemptAt: number): void;
  markFailed(id: string, error: string): void;
  storyDelivery(key: string, storyId: string): StoryDelivery | undefined;
  /** Records the alert a channel got for a story; the follow-up interval counts from `now`. */
  recordStoryDelivery(v: { channelKey: string; storyId: string; alertId: string; severity: Severity }, now: number): void;
  recordFollowUp(key: string, storyId: string, now: number): void;
}

/** Retention: old rows deleted in small batches. */
export interface RetentionStore {
  /**
   * Deletes at most `limit` rows of each kind older than `cutoff` (ms), in one transaction:
   * items (with their mentions), delivered alerts, and stories nothing refers to any more.
   * Watchlists, channels, feeds and custom entities are never touched.
   */
  pruneBatch(cutoff: number, limit: number): { items: number; outbox: number; stories: number };
}

/** Custom entities (the operator's additions to the catalog). */
export interface EntityStore {
  customEntities(): Entity[];
  saveCustomEntity(e: { id: string; name: string; aliases: string[] }, createdBy: string, now: number): void;
  /** Deletes a custom entity and every watch on it. */
  deleteCustomEntity(id: string): boolean;
}

/** Official sources: the last state of each screening list, and the official actions learned. */
/** What is kept of one list entry: enough to say what changed, never the whole entry. */
export interface StoredListEntry {
  key: string;
  hash: string;
  source: string;
  name: string;
  altNames: string[];
  frNotice?: string;
  startDate?: string;
}

/** An official action learned from a source, not (yet) reviewed into data/entities.json. */
export interface LearnedAction {
  entityId: string;
  itemKey: string;
  feedUrl: string;
  date: string;
  action: string;
  citation?: string;
  /** Where it came from: the feed's title. */
  source: string;
  link?: string;
  /** A removal or revocation (told apart from the addition it undoes when deciding "reviewed"). */
  removal: boolean;
  createdAt: number;
}

export interface OfficialStore {
  listEntry(feedUrl: string, key: string): StoredListEntry | undefined;
  /** The stored hash of one entry: all a poll reads for an entry that has not changed. */
  listEntryHash(feedUrl: string, key: string): string | undefined;
  countListEntries(feedUrl: string): number;
  /** The stored keys of a list, one at a time (a list of tens of thousands is never loaded whole). */
  listEntryKeys(feedUrl: string): IterableIterator<string>;
  saveListEntry(feedUrl: string, e: StoredListEntry): void;
  removeListEntry(feedUrl: string, key: string): void;
  /** Records an action once per entity and item. */
  recordAction(a: LearnedAction): void;
  actionsOf(entityId: string): LearnedAction[];
}

/** Small key/value state that adapters keep (such as Slack installations). */
export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** Runs several writes as one unit: all of them or none. */
export interface Transactional {
  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
}

/** Every slice together: what the composition root opens and hands out. */
export interface Storage extends FeedStore, ItemStore, StoryStore, ChannelStore, OutboxStore, RetentionStore, EntityStore, Transactional {
  kv: KeyValueStore;
  /** The official sources' tables, on the same connection (their writes join a feed's transaction). */
  official: OfficialStore;
  close(): void;
}
