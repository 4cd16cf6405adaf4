// When a channel's digest is due: `daily 09:00 Europe/Berlin` or `weekly mon 09:00 America/New_York`.
// Times are wall-clock times in the channel's zone, so a digest stays at 09:00 across DST changes.
import type { Severity } from '../model.ts';
import { SEVERITIES } from '../model.ts';

export interface DigestSchedule {
  every: 'daily' | 'weekly';
  /** Weekly only: 0 = Sunday … 6 = Saturday (as cron counts). */
  day?: number;
  hour: number;
  minute: number;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** Alerts at or above this severity go out at once in digest mode; `none`: every alert waits. */
export type DigestAtOnce = Severity | 'none';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DIGEST_USAGE =
  'Usage: /sanctions settings digest daily 09:00 Europe/Berlin | digest weekly mon 09:00 Europe/Berlin | digest off | digest severity <low|medium|high|none>';

/** True when `timeZone` is an IANA zone this runtime knows. */
function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses the words after `settings digest` (`daily 09:00 Europe/Berlin`, `weekly mon 9:00 UTC`).
 * The zone defaults to UTC. Returns the schedule or what was wrong with the words.
 */
export function parseDigestSchedule(words: string[]): DigestSchedule | { error: string } {
  const [every, ...rest] = words;
  const kind = every?.toLowerCase();
  if (kind !== 'daily' && kind !== 'weekly') return { error: `Expected daily or weekly, got "${every ?? ''}".` };
  let day: number | undefined;
  if (kind === 'weekly') {
    const word = rest.shift()?.toLowerCase() ?? '';
    day = DAYS.indexOf(word.slice(0, 3));
    if (day < 0 || !DAY_NAMES[day]!.toLowerCase().startsWith(word)) return { error: `Expected a weekday such as mon, got "${word}".` };
  }
  const [time, zone = 'UTC', ...extra] = rest;
  const hm = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time ?? '');
  if (!hm) return { error: `Expected a time such as 09:00 (24-hour), got "${time ?? ''}".` };
  if (extra.length) return { error: `Unexpected "${extra.join(' ')}" after the time zone.` };
  // Intl accepts any case ("europe/berlin") and reports the canonical spelling back.
  if (!isTimeZone(zone)) return { error: `Unknown time zone "${zone}": use an IANA name such as Europe/Berlin, America/New_York or UTC.` };
  const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return { every: kind, ...(day !== undefined ? { day } : {}), hour: Number(hm[1]), minute: Number(hm[2]), timeZone };
}

/** Parses `digest severity <level>`. */
export function parseDigestAtOnce(word: string | undefined): DigestAtOnce | undefined {
  const w = word?.toLowerCase();
  return w === 'none' || SEVERITIES.includes(w as Severity) ? (w as DigestAtOnce) : undefined;
}

/** The node-cron expression of a schedule (its `timezone` option is the schedule's zone). */
export function cronExpression(s: DigestSchedule): string {
  return `${s.minute} ${s.hour} * * ${s.every === 'weekly' ? s.day : '*'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "daily at 09:00 (Europe/Berlin)", "weekly on Monday at 09:00 (UTC)". */
export function describeSchedule(s: DigestSchedule): string {
  const at = `at ${pad(s.hour)}:${pad(s.minute)} (${s.timeZone})`;
  return s.every === 'weekly' ? `weekly on ${DAY_NAMES[s.day ?? 1]} ${at}` : `daily ${at}`;
}

/** What `digest severity` means, in words. */
export function describeAtOnce(atOnce: DigestAtOnce): string {
  if (atOnce === 'none') return 'every alert waits for the digest, high-severity ones too';
  if (atOnce === 'low') return 'every alert still goes out at once (nothing waits for the digest)';
  return `${atOnce === 'high' ? 'high-severity' : 'medium- and high-severity'} alerts go out at once; lower ones wait for the digest`;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time at `ms` in `timeZone`. */
function localTime(ms: number, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}

/** Minutes `timeZone` is ahead of UTC at `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  return Math.round((Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a wall-clock time happens in `timeZone`. The offset is read at the guess and again at
 * the result, which settles it on both sides of a DST change; a time the spring change skips
 * (02:30 on that night in Berlin) comes out an hour later, as the clocks show it.
 */
function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - offsetMinutes(first, timeZone) * 60_000;
}

/** The first time the schedule is due strictly after `afterMs`. */
export function nextDigestAt(s: DigestSchedule, afterMs: number): number {
  const today = localTime(afterMs, s.timeZone);
  for (let i = 0; i <= 8; i++) {
    // Date.UTC rolls day overflow into the next month, so this walks calendar days.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    if (s.every === 'weekly' && date.getUTCDay() !== s.day) continue;
    const at = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), s.hour, s.minute, s.timeZone);
    if (at > afterMs) return at;
  }
  throw new Error(`no digest time found after ${new Date(afterMs).toISOString()} for ${describeSchedule(s)}`);
}

/** A date as the channel reads it: `2026-03-28 09:00` in its zone. */
export function formatInZone(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}
