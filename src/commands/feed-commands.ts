// `/sanctions feeds …`: feeds as a workspace (Slack team, Discord guild) sees them. The operator's
// feeds (feeds file, FEED_URLS) reach every workspace; a workspace can turn one off for itself and
// add feeds of its own, which no other workspace sees or hears from.
import { feedAudience, isOperatorFeed, scopeOf } from '../feeds/feed-audience.ts';
import { checkFeedAddress, validateFeedUrl } from '../feeds/address-guard.ts';
import type { CommandInput, Reply, ReplySection } from '../model.ts';
import type { FeedRow, FeedStore, Transactional } from '../ports/storage.ts';
import { plural } from '../text/plural.ts';

export interface FeedCommandDeps {
  store: FeedStore & Transactional;
  now: () => number;
  allowPrivateFeeds: boolean;
  lookup?: Parameters<typeof checkFeedAddress>[1]['lookup'];
}

const reply = (title: string, sections: ReplySection[], extra: Partial<Reply> = {}): Reply => ({ visibility: 'ephemeral', title, sections, ...extra });
const refuse = (title: string, lines: string[]): Reply => reply(title, [{ lines }], { error: true });
const fmtDate = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');

/** A URL short enough for a chat line: host and the start of the path, without the scheme. */
function shortUrl(url: string, max = 60): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  return bare.length <= max ? bare : `${bare.slice(0, max - 1)}…`;
}

/** A feed as a person names it: its title, else its shortened URL. */
const nameOf = (f: FeedRow) => f.title ?? shortUrl(f.url);

export function createFeedCommands(deps: FeedCommandDeps) {
  const { store } = deps;

  /** The feeds this workspace sees, in a stable order (the numbers `feeds remove <n>` takes). */
  function visibleFeeds(input: CommandInput): Array<{ feed: FeedRow; own: boolean; off: boolean }> {
    const scope = scopeOf(input.channel);
    const out: Array<{ feed: FeedRow; own: boolean; off: boolean }> = [];
    for (const feed of store.listFeeds()) {
      const own = store.feedScopes(feed.url).includes(scope);
      if (!own && !isOperatorFeed(feed, store)) continue; // another workspace's feed: not ours to see
      out.push({ feed, own, off: !feedAudience(store, feed)(input.channel) });
    }
    return out;
  }

  function list(input: CommandInput, extra: ReplySection[] = []): Reply {
    const rows = visibleFeeds(input);
    const now = deps.now();
    const lines = rows.map(({ feed: f, own, off }, i) => {
      const health = f.lastError ? `FAILING (${f.consecutiveFailures}×): ${f.lastError}` : f.lastSuccessAt ? 'ok' : 'not polled yet';
      const next = Math.max(f.nextPollAt, f.nextAttemptAt);
      const when = off ? 'off in this workspace' : next > now ? `next check ${fmtDate(next)}` : 'next check due now';
      return `${i + 1}. ${nameOf(f)}${own ? ' (added here)' : ''}: ${health}; last success ${fmtDate(f.lastSuccessAt)}; ${when}; ${plural(f.itemCount, 'item')}`;
    });
    const off = rows.filter((r) => r.off).length;
    const heading = `${plural(rows.length, 'feed')}${off ? ` (${off} off in this workspace)` : ''}`;
    return reply('Feeds', [{ heading, lines: lines.length ? lines : ['No feeds configured.'] }, ...extra]);
  }

  /** Finds a feed this workspace sees by URL or list number (a platform's link syntax is undone by its adapter). */
  function find(input: CommandInput, url: string): { feed?: FeedRow; url: string } {
    const rows = visibleFeeds(input);
    if (/^\d{1,4}$/.test(url)) return { feed: rows[Number(url) - 1]?.feed, url };
    return { feed: rows.find((r) => r.feed.url === url)?.feed, url };
  }

  function denied(input: CommandInput): Reply | undefined {
    if (input.canManage === false) return refuse('Not allowed', [input.manageRefusal ?? 'You are not allowed to change the feeds.']);
    if (input.canManageWorkspace === false) return refuse('Not allowed', [input.workspaceRefusal ?? 'Changing feeds needs a workspace admin.']);
    return undefined;
  }

  async function add(input: CommandInput, ref: string | undefined): Promise<Reply> {
    const no = denied(input);
    if (no) return no;
    if (!ref) return refuse('Missing URL', ['Usage: /sanctions feeds add <url>']);
    const scope = scopeOf(input.channel);
    const who = `${input.platform}:${input.user.id}`;
    const { feed, url } = find(input, ref);
    if (feed) {
      if (store.setFeedOptOut(feed.url, scope, false, who, deps.now())) {
        return reply('Feed turned back on', [{ lines: [`${nameOf(feed)} alerts this workspace again.`] }], { visibility: 'in_channel' });
      }
      return reply('Feed already polled', [{ lines: [`${nameOf(feed)} already alerts this workspace.`] }]);
    }
    const valid = validateFeedUrl(url);
    if (!valid.ok) return refuse('Feed refused', [valid.reason]);
    const guard = await checkFeedAddress(url, { allowPrivate: deps.allowPrivateFeeds, lookup: deps.lookup });
    if (!guard.ok) return refuse('Feed refused', [guard.reason]);
    // Stored (and polled) once, whoever adds it; each workspace that adds it is one owner.
    store.transaction(() => {
      store.ensureFeed(url, { addedBy: who }, deps.now());
      store.addFeedScope(url, scope, who, deps.now());
    });
    return reply('Feed added', [{ lines: [`${shortUrl(url)} will be polled from the next cycle, for this workspace only. Its current items are recorded without alerting.`] }], { visibility: 'in_channel' });
  }

  function remove(input: CommandInput, ref: string | undefined): Reply {
    const no = denied(input);
    if (no) return no;
    if (!ref) return refuse('Missing feed', ['Usage: /sanctions feeds remove <url|number from /sanctions feeds>']);
    const scope = scopeOf(input.channel);
    const { feed, url } = find(input, ref);
    if (!feed) return refuse('Unknown feed', [`No feed ${/^\d+$/.test(url) ? `number ${url}` : shortUrl(url)} in this workspace. See /sanctions feeds.`]);
    if (store.feedScopes(feed.url).includes(scope)) {
      store.transaction(() => {
        store.removeFeedScope(feed.url, scope);
        // The last workspace that added it let go: stop polling it (its items stay stored).
        if (feed.addedBy !== 'config' && store.feedScopes(feed.url).length === 0) store.removeFeed(feed.url);
      });
      return reply('Feed removed', [{ lines: [`${nameOf(feed)} no longer alerts this workspace.`] }], { visibility: 'in_channel' });
    }
    // The operator's feed: off for this workspace only, and it stays listed so it can come back.
    if (!store.setFeedOptOut(feed.url, scope, true, `${input.platform}:${input.user.id}`, deps.now())) {
      return reply('Feed already off', [{ lines: [`${nameOf(feed)} is already off in this workspace.`] }]);
    }
    return reply('Feed turned off', [{ lines: [`${nameOf(feed)} no longer alerts this workspace; other workspaces keep it. \`/sanctions feeds add\` with its number from \`/sanctions feeds\` turns it back on.`] }], { visibility: 'in_channel' });
  }

  return { list, add, remove };
}
