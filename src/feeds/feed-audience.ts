// Whose feeds are whose. Operator feeds (the feeds file, FEED_URLS) reach every workspace or guild
// except those that turned them off for themselves; a feed a workspace added in chat reaches only
// the workspaces that added it. A scope is `platform:workspace` (a Slack team, a Discord guild).
import type { ChannelRef } from '../model.ts';
import type { FeedRow, FeedStore } from '../ports/storage.ts';

/** The scope a channel belongs to: its platform and workspace/guild. */
export const scopeOf = (ref: Pick<ChannelRef, 'platform' | 'workspace'>): string => `${ref.platform}:${ref.workspace ?? ''}`;

/**
 * Whether a feed belongs to everyone: the operator's, or one added in chat before feeds had owners
 * (no scope rows), which every workspace saw then and still does.
 */
export function isOperatorFeed(feed: Pick<FeedRow, 'url' | 'addedBy'>, store: Pick<FeedStore, 'feedScopes'>): boolean {
  return feed.addedBy === 'config' || store.feedScopes(feed.url).length === 0;
}

/** Which channels a feed's items may alert: read once per poll (two small indexed queries). */
export function feedAudience(store: Pick<FeedStore, 'feedScopes' | 'feedOptOuts'>, feed: Pick<FeedRow, 'url' | 'addedBy'>): (ref: ChannelRef) => boolean {
  const own = new Set(store.feedScopes(feed.url));
  const operator = feed.addedBy === 'config' || own.size === 0;
  const off = new Set(store.feedOptOuts(feed.url));
  return (ref) => {
    const scope = scopeOf(ref);
    return own.has(scope) || (operator && !off.has(scope));
  };
}
