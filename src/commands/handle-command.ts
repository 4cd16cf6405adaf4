// The `/sanctions …` grammar, the same on every platform. Adapters turn their payloads into a
// CommandInput and render the Reply; everything in between is here.
import type { Catalog } from '../catalog/catalog.ts';
import type { ChannelRow, ChannelStore, EntityStore, FeedStore, ItemStore, OutboxStore, StoryStore, Transactional } from '../ports/storage.ts';

/** Commands reach every table family but retention's: channels, feeds, stories, items, outbox, custom entities. */
export type CommandStore = ChannelStore & FeedStore & StoryStore & ItemStore & OutboxStore & EntityStore & Transactional;
import type { CommandInput, Entity, Reply, ReplySection } from '../model.ts';
import { describeEntity, developmentLine, profileSections, toDevelopment } from './describe-entity.ts';
import { buildCustomEntity } from '../catalog/build-custom-entity.ts';
import type { checkFeedAddress } from '../feeds/address-guard.ts';
import { scopeOf } from '../feeds/feed-audience.ts';
import { plural } from '../text/plural.ts';
import { changeSettings, channelSettingsLines } from './channel-settings.ts';
import { backfillSections } from './backfill.ts';
import { createFeedCommands } from './feed-commands.ts';
import { HELP_LINES, subOf, tokenize, VERB_COMPLETIONS, verbOf } from './grammar.ts';

export interface CommandDeps {
  store: CommandStore;
  /** The catalog including channel-defined custom entities, as it is now. */
  catalog: () => Catalog;
  /** Called after a custom entity is tracked or untracked, so matching picks it up at once. */
  onCustomEntitiesChanged: () => void;
  /** Called after a channel's digest mode changes (the app reschedules its digest). */
  onDigestChanged?: () => void;
  now: () => number;
  allowPrivateFeeds: boolean;
  /** Lookup lines for official actions learned from official sources, not yet in the catalog. */
  officialActions?: (entity: Entity) => string[];
  /** The story window (STORY_WINDOW_HOURS), for `why`'s replay. @default 72 h */
  storyWindowMs?: number;
  /** DNS lookup for the feed address guard (tests inject one). */
  lookup?: Parameters<typeof checkFeedAddress>[1]['lookup'];
}


const MAX_RECENT = 25;

// Re-exported: tokenize belongs to the grammar, and tests and callers have long found it here.
export { tokenize };

const reply = (title: string, sections: ReplySection[], extra: Partial<Reply> = {}): Reply => ({ visibility: 'ephemeral', title, sections, ...extra });
const refuse = (title: string, lines: string[]): Reply => reply(title, [{ lines }], { error: true });
const fmtDate = (ms: number | string | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');

/** Creates the platform-neutral command handler. It never throws for bad input: it answers. */
export function createCommandHandler(deps: CommandDeps) {
  const { store } = deps;
  const feedCommands = createFeedCommands({ store, now: deps.now, allowPrivateFeeds: deps.allowPrivateFeeds, ...(deps.lookup ? { lookup: deps.lookup } : {}) });

  function suggestionLines(query: string, suggestions: Entity[]): string[] {
    const names = suggestions.map((e) => `${e.name} (${e.id})`);
    // Quoted when it has spaces, so the suggested command works as typed.
    const trackable = /\s/.test(query) ? `"${query}"` : query;
    return [
      `No watched entity or preset is called "${query}".`,
      ...(names.length ? [`Did you mean: ${names.join(', ')}?`] : []),
      `To watch it anyway, track it by name: /sanctions track ${trackable}`,
    ];
  }

  /** Resolves names/presets to entity ids; unknown names are reported with suggestions. */
  function resolveAll(words: string[]): { ids: string[]; labels: string[]; unknown: string[] } {
    const ids: string[] = [];
    const labels: string[] = [];
    const unknown: string[] = [];
    const catalog = deps.catalog();
    // Try the longest run of words first, so "wechat pay" resolves as one name.
    for (let i = 0; i < words.length; ) {
      let matched = false;
      for (let j = words.length; j > i; j--) {
        const r = catalog.resolve(words.slice(i, j).join(' '));
        if (r.kind === 'entity') {
          ids.push(r.entity.id);
          labels.push(r.entity.name);
        } else if (r.kind === 'preset') {
          ids.push(...r.preset.entityIds);
          labels.push(`${r.preset.name} (${plural(r.preset.entityIds.length, 'entity', 'entities')})`);
        } else continue;
        i = j;
        matched = true;
        break;
      }
      if (!matched) {
        const r = catalog.resolve(words[i] as string);
        unknown.push(...(r.kind === 'unknown' ? suggestionLines(r.query, r.suggestions) : [`Unknown: ${words[i]}`]));
        i++;
      }
    }
    return { ids: [...new Set(ids)], labels, unknown };
  }

  function mayManage(input: CommandInput): Reply | undefined {
    if (input.canManage === false) {
      return refuse('Not allowed', [input.manageRefusal ?? 'You are not allowed to change this channel’s watchlist or feeds.', 'Lookups are open to everyone: try /sanctions alipay.']);
    }
    return undefined;
  }

  function channelFor(input: CommandInput): ChannelRow {
    const channel = store.ensureChannel(input.channel, deps.now());
    // Someone is using the bot here again: give a failing channel another chance.
    if (channel.failingReason) store.clearChannelFailing(channel.key);
    return channel;
  }

  function lookup(text: string): Reply {
    const r = deps.catalog().resolve(text);
    if (r.kind === 'unknown') return refuse('Not found', suggestionLines(r.query, r.suggestions));
    if (r.kind === 'preset') {
      const names = r.preset.entityIds.map((id) => deps.catalog().get(id)?.name ?? id);
      return reply(`Preset ${r.preset.id}: ${r.preset.name}`, [{ lines: [names.join(', '), `Watch them all with /sanctions watch add ${r.preset.id}`] }]);
    }
    const profile = describeEntity(deps.catalog(), r.entity, store.latestStoriesForEntity(r.entity.id, 5));
    const sections = profileSections(profile);
    // What the watcher read in official sources and the catalog does not hold yet, marked unreviewed.
    const learned = deps.officialActions?.(r.entity) ?? [];
    if (learned.length) {
      const at = sections.findIndex((s) => s.heading?.startsWith('Official actions'));
      sections.splice(at === -1 ? 1 : at + 1, 0, { heading: 'Official actions seen by the watcher (unreviewed)', lines: learned });
    }
    return reply(`${r.entity.name} (${r.entity.id})`, sections);
  }

  function watchList(input: CommandInput): Reply {
    const channel = store.getChannel(input.channel);
    const catalog = deps.catalog();
    const watching = channel?.watches ?? [];
    const lines = watching.length ? watching.map((id) => `${catalog.get(id)?.name ?? id} (${id})`) : ['Nothing yet. Try /sanctions watch add eo-13971'];
    const settings = channelSettingsLines(channel);
    if (channel?.failingReason) settings.push(`Delivery is FAILING here: ${channel.failingReason} (since ${fmtDate(channel.failingSince)})`);
    const custom = catalog.entities().filter((e) => e.custom);
    const sections: ReplySection[] = [{ heading: `Watching ${watching.length}`, lines }, { heading: 'Settings', lines: settings }];
    if (custom.length) sections.push({ heading: 'Custom entities', lines: custom.map((e) => `${e.name} (${e.id}): ${e.aliases.join(', ')}`) });
    return reply('Watchlist for this channel', sections);
  }

  function watchChange(input: CommandInput, add: boolean, words: string[]): Reply {
    const denied = mayManage(input);
    if (denied) return denied;
    if (!words.length) return refuse('Missing names', [`Usage: /sanctions watch ${add ? 'add' : 'remove'} <name|preset>…`, 'Presets: eo-13971, eo-13942-13943, all']);
    const { ids, unknown } = resolveAll(words);
    if (!ids.length) return refuse('Nothing changed', unknown);
    const channel = channelFor(input);
    const changed = add ? store.addWatches(channel.key, ids) : store.removeWatches(channel.key, ids);
    const catalog = deps.catalog();
    const name = (id: string) => catalog.get(id)?.name ?? id;
    const who = input.user.name ? `${input.user.name}` : `<user ${input.user.id}>`;
    const lines = changed.length
      ? [`${who} ${add ? 'added' : 'removed'}: ${changed.map(name).join(', ')}`]
      : [`No change: ${add ? 'already watched' : 'not watched'}: ${ids.map(name).join(', ')}`];
    lines.push(`This channel now watches ${plural(store.getChannel(input.channel)?.watches.length ?? 0, 'entity', 'entities')}.`);
    // What is known already about what was added, so the channel does not start from silence.
    const known = add && changed.length ? backfillSections({ store, catalog, channelKey: channel.key, entityIds: changed, now: deps.now() }) : [];
    return reply('Watchlist updated', [{ lines }, ...known, ...(unknown.length ? [{ heading: 'Not understood', lines: unknown }] : [])], {
      visibility: changed.length ? 'in_channel' : 'ephemeral',
    });
  }

  function recent(arg: string | undefined): Reply {
    let n = 10;
    if (arg !== undefined) {
      if (!/^\d+$/.test(arg) || Number(arg) < 1) return refuse('Bad number', [`Expected /sanctions recent [n] with n from 1 to ${MAX_RECENT}, got "${arg}".`]);
      n = Math.min(Number(arg), MAX_RECENT);
    }
    const stories = store.recentStories(n);
    return reply(`Latest ${plural(stories.length, 'development')}`, [{ lines: stories.length ? stories.map((s) => developmentLine(toDevelopment(s), { bothReports: true })) : ['Nothing stored yet: the watcher has not seen any development about a watched entity.'] }]);
  }

  function feeds(input: CommandInput): Reply {
    // Failing channels are listed for this workspace only: another's are none of its business.
    const scope = scopeOf(input.channel);
    const failing = store.listChannels().filter((c) => c.failingReason && scopeOf(c.ref) === scope);
    return feedCommands.list(input, failing.length ? [{ heading: 'Channels failing delivery', lines: failing.map((c) => `${c.ref.platform} ${c.ref.id}: ${c.failingReason}`) }] : []);
  }

  function track(input: CommandInput, words: string[]): Reply {
    const denied = mayManage(input);
    if (denied) return denied;
    const [name, ...aliases] = words;
    if (!name) return refuse('Missing name', ['Usage: /sanctions track <name> [alias…] (quote names with spaces, e.g. track "Acme Robotics" acme)']);
    if (name.length < 3 || name.length > 80 || aliases.some((a) => a.length < 2 || a.length > 80)) return refuse('Bad name', ['Names must be 3 to 80 characters and aliases 2 to 80.']);
    const existing = deps.catalog().resolve(name);
    if (existing.kind === 'entity' && !existing.entity.custom) return refuse('Already in the catalog', [`${existing.entity.name} is a catalog entity: /sanctions watch add ${existing.entity.id}`]);
    let entity: Entity;
    try {
      entity = buildCustomEntity({ name, aliases });
    } catch (error) {
      return refuse('Bad name', [(error as Error).message]);
    }
    // A prefix keeps custom ids apart from catalog ids, now and after the catalog grows.
    const id = `custom-${entity.id}`;
    const channel = channelFor(input);
    store.transaction(() => {
      store.saveCustomEntity({ id, name: entity.name, aliases: entity.aliases }, input.user.id, deps.now());
      store.addWatches(channel.key, [id]);
    });
    deps.onCustomEntitiesChanged();
    return reply('Tracking a custom entity', [{ lines: [`${input.user.name ?? input.user.id} is now tracking ${entity.name} (${id}) in this channel, matched by: ${entity.aliases.join(', ')}.`] }], { visibility: 'in_channel' });
  }

  function untrack(input: CommandInput, words: string[]): Reply {
    const denied = mayManage(input);
    if (denied) return denied;
    const r = deps.catalog().resolve(words.join(' '));
    if (r.kind !== 'entity' || !r.entity.custom) return refuse('Not a custom entity', [`"${words.join(' ')}" is not a tracked custom entity. See /sanctions watch list.`]);
    store.deleteCustomEntity(r.entity.id);
    deps.onCustomEntitiesChanged();
    return reply('Custom entity removed', [{ lines: [`${r.entity.name} (${r.entity.id}) is no longer tracked.`] }], { visibility: 'in_channel' });
  }

  function settings(input: CommandInput, words: string[]): Reply {
    if (!words.length) return reply('Settings for this channel', [{ lines: channelSettingsLines(store.getChannel(input.channel)) }]);
    const denied = mayManage(input);
    if (denied) return denied;
    return changeSettings({ store, now: deps.now, onDigestChanged: deps.onDigestChanged }, input, channelFor(input), words);
  }

  /** Answers one command. */
  return async function handleCommand(input: CommandInput): Promise<Reply> {
    const text = input.text.normalize('NFKC').replace(/^\/?sanctions\b/i, '').trim();
    const words = tokenize(text);
    const [first, second, ...rest] = words;
    const verb = first === undefined ? 'help' : verbOf(first);
    switch (verb) {
      case 'help':
        return reply('sanctions-watch', [{ heading: 'Commands', lines: HELP_LINES }]);
      case 'watch': {
        const sub = subOf(verb, second);
        if (sub === 'add' || sub === 'remove') return watchChange(input, sub === 'add', rest);
        if (sub === 'list') return watchList(input);
        return refuse('Unknown watch command', [`Expected watch add|remove|list, got "watch ${second}".`]);
      }
      case 'recent':
        if (rest.length) return refuse('Too many arguments', ['Usage: /sanctions recent [n]']);
        return recent(second);
      case 'why':
        if (rest.length) return refuse('Too many arguments', ['Usage: /sanctions why <story id | link>']);
      {
        // Loaded when asked: it replays the classifier and the story index, which a lookup never needs.
        const { why } = await import('./why.ts');
        return why({ store, catalog: deps.catalog, windowMs: deps.storyWindowMs ?? 72 * 3_600_000, now: deps.now }, second);
      }
      case 'feeds': {
        const sub = subOf(verb, second);
        if (sub === 'list') return feeds(input);
        if (sub === 'add') return feedCommands.add(input, rest[0]);
        if (sub === 'remove') return feedCommands.remove(input, rest[0]);
        return refuse('Unknown feeds command', [`Expected feeds, feeds add <url> or feeds remove <url|number>, got "feeds ${second}".`]);
      }
      case 'track':
        return track(input, words.slice(1));
      case 'untrack':
        return untrack(input, words.slice(1));
      case 'settings':
        return settings(input, words.slice(1));
      case 'lookup':
        return words.length > 1 ? lookup(words.slice(1).join(' ')) : refuse('Missing name', ['Usage: /sanctions <name>, e.g. /sanctions alipay']);
      case undefined:
        return lookup(text);
    }
  };
}

/** Autocomplete for the `/sanctions` option: entity names/ids and presets that start with what was typed. */
export function suggestCompletions(catalog: Catalog, typed: string): Array<{ name: string; value: string }> {
  const text = typed.trimStart();
  const lastSpace = text.lastIndexOf(' ');
  const head = lastSpace >= 0 ? text.slice(0, lastSpace + 1) : '';
  const partial = text.slice(lastSpace + 1).toLowerCase();
  const options = [
    ...catalog.presets().map((p) => ({ label: `${p.id} (preset: ${p.name})`, id: p.id })),
    ...catalog.entities().map((e) => ({ label: `${e.name} (${e.id})`, id: e.id })),
  ];
  const verbs = head === '' ? VERB_COMPLETIONS.map((v) => ({ label: v.trim(), id: v })) : [];
  return [...verbs, ...options]
    .filter((o) => !partial || o.id.toLowerCase().startsWith(partial) || o.label.toLowerCase().includes(partial))
    .slice(0, 25)
    .map((o) => ({ name: (head + o.label).slice(0, 100), value: (head + o.id).slice(0, 100) }));
}
