// `/sanctions settings …`: a channel's alert settings (minimum severity, who to mention, digest
// mode), shown with `settings` alone and changed with `settings <what> <value>`.
import type { CommandInput, Reply, Severity } from '../model.ts';
import { SEVERITIES } from '../model.ts';
import type { ChannelRow, ChannelStore, OutboxStore, Transactional } from '../ports/storage.ts';
import { SETTINGS_USAGE, subOf } from './grammar.ts';
import { describeAtOnce, describeSchedule, DIGEST_USAGE, formatInZone, nextDigestAt, parseDigestAtOnce, parseDigestSchedule } from '../digest/digest-schedule.ts';

export interface SettingsDeps {
  store: ChannelStore & Pick<OutboxStore, 'releaseHeld'> & Transactional;
  now: () => number;
  /** Called after digest mode changes, so the channel's digest task is (re)scheduled. */
  onDigestChanged?: () => void;
}

const ok = (lines: string[]): Reply => ({ visibility: 'in_channel', title: 'Settings updated', sections: [{ lines }] });
const refuse = (title: string, lines: string[]): Reply => ({ visibility: 'ephemeral', title, sections: [{ lines }], error: true });

/** The settings of a channel as reply lines (also part of `watch list`). */
export function channelSettingsLines(channel: Omit<ChannelRow, 'watches'> | undefined): string[] {
  const min = channel?.minSeverity ?? 'low';
  const lines = [`Minimum severity: ${min}${min === 'low' ? ' (every alert)' : ''}`];
  if (channel?.mentionRoleId) {
    lines.push(`Mentions ${channel.mentionLabel ? `@${channel.mentionLabel}` : `id ${channel.mentionRoleId}`} on high-severity alerts`);
  } else lines.push('Mentions: nobody');
  const schedule = channel?.digestSchedule;
  if (schedule) {
    const next = channel.digestNextAt !== undefined ? `; next ${formatInZone(channel.digestNextAt, schedule.timeZone)}` : '';
    lines.push(`Digest: ${describeSchedule(schedule)}${next}`, `In digest mode ${describeAtOnce(channel.digestAtOnce)}`);
  } else lines.push('Digest: off (every alert goes out at once)');
  return lines;
}

/** Handles `settings …` for a channel the caller may manage (`settings` alone is for everyone). */
export function changeSettings(deps: SettingsDeps, input: CommandInput, channel: ChannelRow, words: string[]): Reply {
  const { store } = deps;
  const [, value, extra] = words.map((w) => w.toLowerCase());
  const what = subOf('settings', words[0]);
  if (what === 'severity') {
    if (!SEVERITIES.includes(value as Severity) || extra !== undefined) {
      return refuse('Bad severity', [`Expected /sanctions settings severity low|medium|high, got "${words.slice(1).join(' ')}".`]);
    }
    store.setMinSeverity(channel.key, value as Severity);
    return ok([`This channel now gets ${value === 'low' ? 'every' : `${value}-severity and above`} alert.`]);
  }
  if (what === 'mention') return mention(deps, input, channel, words.slice(1));
  if (what === 'digest') return digest(deps, channel, words.slice(1));
  return refuse('Unknown setting', [`"${words.join(' ')}" is not a setting. Settings:`, ...SETTINGS_USAGE.map((l) => `/sanctions ${l}`)]);
}

function mention(deps: SettingsDeps, input: CommandInput, channel: ChannelRow, words: string[]): Reply {
  const [target, level, ...extra] = words;
  if (target?.toLowerCase() === 'off' || target?.toLowerCase() === 'none') {
    deps.store.setMentionRole(channel.key, undefined);
    return ok(['Nobody will be mentioned.']);
  }
  const usage = 'Usage: /sanctions settings mention @role high (mentions only on high-severity alerts), or settings mention off';
  if (!target || (level !== undefined && level.toLowerCase() !== 'high') || extra.length) {
    return refuse('Bad mention setting', [`Got "settings mention ${words.join(' ')}".`, usage]);
  }
  // Adapters rewrite their platform's mention syntax to `@name` and list what can be mentioned.
  const wanted = target.replace(/^@/, '').toLowerCase();
  const known = input.mentionables ?? [];
  const found = known.find((m) => m.id === wanted || m.id.toLowerCase() === wanted) ?? known.find((m) => m.name.replace(/^@/, '').toLowerCase() === wanted);
  if (!found) {
    const kind = input.platform === 'slack' ? 'user group' : 'role';
    const names = known.map((m) => `@${m.name.replace(/^@/, '')}`).slice(0, 15);
    const hint =
      input.platform === 'slack'
        ? 'Type @ and pick the group from Slack’s list, so Slack sends it as a mention.'
        : names.length
          ? `Roles here: ${names.join(', ')}`
          : 'Pick the role from Discord’s list, or give its id.';
    return refuse(`No such ${kind}`, [input.platform === 'console' ? 'The console cannot mention anyone.' : `No ${kind} called "${target}" here.`, hint]);
  }
  // An adapter that knows only the id lists it under the id: then there is no name to show.
  const label = found.name === found.id ? undefined : found.name.replace(/^@/, '');
  deps.store.setMentionRole(channel.key, found.id, label);
  return ok([`High-severity alerts will mention ${label ? `@${label}` : `the ${input.platform === 'slack' ? 'user group' : 'role'} with id ${found.id}`}.`]);
}

function digest(deps: SettingsDeps, channel: ChannelRow, words: string[]): Reply {
  const { store } = deps;
  const [first, second, ...extra] = words.map((w) => w.toLowerCase());
  if (first === 'off') {
    // Held alerts are not dropped: they go out now, one by one.
    const held = store.transaction(() => {
      store.setDigest(channel.key, undefined, undefined);
      return store.releaseHeld(channel.key, deps.now());
    });
    deps.onDigestChanged?.();
    return ok([`Digest off: every alert goes out at once.${held === 1 ? ' The alert held for the digest goes out now.' : held ? ` The ${held} alerts held for the digest go out now.` : ''}`]);
  }
  if (first === 'severity') {
    const atOnce = parseDigestAtOnce(second);
    if (!atOnce || extra.length) return refuse('Bad digest setting', [`Expected /sanctions settings digest severity low|medium|high|none, got "${words.slice(1).join(' ')}".`]);
    store.setDigestAtOnce(channel.key, atOnce);
    const note = channel.digestSchedule ? '' : ' Digest mode is off: turn it on with /sanctions settings digest daily 09:00 Europe/Berlin';
    return ok([`In digest mode ${describeAtOnce(atOnce)}.${note}`]);
  }
  const schedule = parseDigestSchedule(words);
  if ('error' in schedule) return refuse('Bad digest setting', [schedule.error, DIGEST_USAGE]);
  const next = nextDigestAt(schedule, deps.now());
  store.setDigest(channel.key, schedule, next);
  deps.onDigestChanged?.();
  return ok([
    `Digest ${describeSchedule(schedule)}; the first one ${formatInZone(next, schedule.timeZone)}.`,
    `In digest mode ${describeAtOnce(channel.digestAtOnce)}.`,
  ]);
}
