// The `/sanctions …` grammar in one table. The help text, the parser's verbs and sub-verbs, the verb
// completions, Discord's option hint (adapters/discord/commands.ts) and the Slack manifest's usage hint
// (adapters/slack/manifest.yml, kept in step by test/unit/commands/grammar.test.ts) are all read from
// here, so a new command is one row plus its handler in handle-command.ts.

export interface CommandSpec {
  /** The first word; `lookup` is also what any word that is not a verb means. */
  verb: string;
  /** Other first words meaning the same (`feed` for `feeds`). */
  aliases?: readonly string[];
  /** Second words and their synonyms (`enable` for `feeds add`). */
  subs?: Readonly<Record<string, readonly string[]>>;
  /** The sub-verb the verb alone means (`watch` is `watch list`). */
  defaultSub?: string;
  /** Help lines, without the leading `/sanctions `. */
  help: readonly string[];
  /** Parts of the Slack manifest's usage hint (Slack shows it while typing; short forms). */
  hint?: readonly string[];
  /** Part of Discord's option hint (at most 100 characters in all). */
  example?: string;
  /** Completions offered before anything else is typed (a trailing space: more words follow). */
  complete?: readonly string[];
  /**
   * What the command changes when allowed: a channel's watchlist or settings, or the workspace's
   * feeds; with `subs`, only these sub-verbs do. Adapters read it before the core answers
   * (`changeScope`).
   */
  changes?: { scope: ChangeScope; subs?: readonly string[] };
}

export type ChangeScope = 'channel' | 'workspace';

export const GRAMMAR = [
  {
    verb: 'lookup',
    help: ['<name>: profile, official actions and latest developments (e.g. /sanctions alipay)'],
    hint: ['<name>'],
  },
  {
    verb: 'watch',
    subs: { list: [], add: [], remove: [] },
    defaultSub: 'list',
    help: [
      'watch add <name|preset>…: alert this channel about them (presets: eo-13971, eo-13942-13943, all)',
      'watch remove <name|preset>…: stop watching',
      'watch list: what this channel watches, and its alert settings',
    ],
    hint: ['watch add <name|preset>', 'watch remove <name>', 'watch list'],
    example: 'watch add eo-13971',
    complete: ['watch add ', 'watch remove ', 'watch list'],
    changes: { scope: 'channel', subs: ['add', 'remove'] },
  },
  {
    verb: 'recent',
    help: ['recent [n]: the latest developments (stories), newest first'],
    hint: ['recent'],
    example: 'recent',
    complete: ['recent'],
  },
  {
    verb: 'why',
    help: ['why <story id | link>: why a development was grouped and labelled as it was (entities, category, story)'],
    hint: ['why <story id|link>'],
    example: 'why <story id>',
    complete: ['why '],
  },
  {
    verb: 'feeds',
    aliases: ['feed'],
    subs: { list: [], add: ['enable'], remove: ['disable'] },
    defaultSub: 'list',
    help: [
      'feeds: the feeds this workspace gets, and their health',
      'feeds add <url> | feeds remove <url|number>: add a feed for this workspace, or remove one (an operator feed is only turned off here)',
    ],
    hint: ['feeds'],
    example: 'feeds',
    complete: ['feeds'],
    changes: { scope: 'workspace', subs: ['add', 'remove'] },
  },
  {
    verb: 'track',
    help: ['track <name> [alias…]: watch a company or app the catalog lacks (quote names with spaces)'],
    hint: ['track <name>'],
    complete: ['track '],
    changes: { scope: 'channel' },
  },
  {
    verb: 'untrack',
    help: ['untrack <name>: remove a tracked custom entity'],
    changes: { scope: 'channel' },
  },
  {
    verb: 'settings',
    // `settings` alone shows them, to everyone; each of these changes one.
    subs: { severity: [], mention: [], digest: [] },
    help: [
      'settings: this channel’s alert settings',
      'settings severity <low|medium|high>: only alert at or above this severity',
      'settings mention <@role|@group> [high] | settings mention off: mention a Discord role or Slack user group on high-severity alerts',
      'settings digest daily 09:00 Europe/Berlin | digest weekly mon 09:00 <zone> | digest off: hold lower-severity alerts for one digest',
      'settings digest severity <low|medium|high|none>: what still alerts at once in digest mode (default high)',
    ],
    complete: ['settings '],
    changes: { scope: 'channel', subs: ['severity', 'mention', 'digest'] },
  },
  {
    verb: 'help',
    aliases: ['?'],
    help: ['help: this help'],
    hint: ['help'],
    example: 'help',
    complete: ['help'],
  },
] as const satisfies readonly CommandSpec[];

export type Verb = (typeof GRAMMAR)[number]['verb'];

/** What `settings <what> …` takes, as listed when the setting is not one of them (shorter than help). */
export const SETTINGS_USAGE = [
  'settings: show this channel’s settings',
  'settings severity <low|medium|high>: only alert at or above this severity',
  'settings mention <@role or @group> [high] | settings mention off: mention them on high-severity alerts',
  'settings digest daily 09:00 Europe/Berlin | digest weekly mon 09:00 Europe/Berlin | digest off',
  'settings digest severity <low|medium|high|none>: what still alerts at once in digest mode (default high)',
];

const specs: readonly CommandSpec[] = GRAMMAR;

/** The help text, one line a form. */
export const HELP_LINES = specs.flatMap((c) => c.help.map((l) => `/sanctions ${l}`));

/** The Slack manifest's `usage_hint`. */
export const SLACK_USAGE_HINT = specs.flatMap((c) => c.hint ?? []).join(' | ');

/** Discord's hint on the one free-text option. */
export const DISCORD_OPTION_HINT = `An app or company (alipay), or: ${specs.flatMap((c) => (c.example ? [c.example] : [])).join(', ')}`;

/** Verb completions, in table order. */
export const VERB_COMPLETIONS = specs.flatMap((c) => c.complete ?? []);

/** Splits command text into words, keeping "quoted phrases" together. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim());
  return out.filter(Boolean);
}

/** The verb a first word names (case-insensitive), or undefined when it is none (then it is a lookup). */
export function verbOf(word: string | undefined): Verb | undefined {
  if (word === undefined) return undefined;
  const w = word.toLowerCase();
  return GRAMMAR.find((c: CommandSpec) => c.verb === w || c.aliases?.includes(w))?.verb;
}

/**
 * The sub-verb a second word names for `verb` (case-insensitive): its default when there is no
 * second word, undefined when the word is not one of them.
 */
export function subOf(verb: Verb, word: string | undefined): string | undefined {
  const spec = GRAMMAR.find((c) => c.verb === verb) as CommandSpec | undefined;
  const subs = spec?.subs;
  if (!subs) return undefined;
  if (word === undefined) return spec.defaultSub;
  const w = word.toLowerCase();
  return Object.entries(subs).find(([name, synonyms]) => name === w || synonyms.includes(w))?.[0];
}

/**
 * What a command would change if the caller may: the channel, the workspace's feeds, or nothing
 * (lookups, lists, help). Adapters use it before the core answers: Discord to guess a reply's
 * visibility, Slack to ask for the user's workspace role only when it matters.
 */
export function changeScope(text: string): ChangeScope | undefined {
  const [first, second] = tokenize(text);
  const verb = verbOf(first);
  const changes = verb && (GRAMMAR.find((c) => c.verb === verb) as CommandSpec).changes;
  if (!changes || !verb) return undefined;
  if (changes.subs) return second !== undefined && changes.subs.includes(subOf(verb, second) ?? '') ? changes.scope : undefined;
  return changes.scope;
}
