import { describe, expect, it } from 'vitest';
import { cronExpression, describeSchedule, nextDigestAt, parseDigestSchedule, type DigestSchedule } from '../../../src/digest/digest-schedule.ts';
import { validate } from 'node-cron';

const parse = (text: string) => parseDigestSchedule(text.split(' '));
const schedule = (text: string) => {
  const s = parse(text);
  if ('error' in s) throw new Error(s.error);
  return s;
};
/** The next `n` due times after `from`, as ISO strings. */
const dueTimes = (s: DigestSchedule, from: string, n: number) => {
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) out.push(new Date((t = nextDigestAt(s, t))).toISOString());
  return out;
};

describe('digest schedules', () => {
  it('parses daily and weekly times with a zone, spelled as people type them', () => {
    expect(schedule('daily 09:00 europe/berlin')).toEqual({ every: 'daily', hour: 9, minute: 0, timeZone: 'Europe/Berlin' });
    expect(schedule('weekly Monday 7:30 America/New_York')).toEqual({ every: 'weekly', day: 1, hour: 7, minute: 30, timeZone: 'America/New_York' });
    expect(schedule('daily 18:05')).toMatchObject({ timeZone: 'UTC' });
    expect(describeSchedule(schedule('weekly fri 17:00 Asia/Shanghai'))).toBe('weekly on Friday at 17:00 (Asia/Shanghai)');
  });

  it('says what is wrong with a bad schedule', () => {
    expect(parse('hourly 09:00')).toEqual({ error: 'Expected daily or weekly, got "hourly".' });
    expect(parse('weekly funday 09:00')).toEqual({ error: 'Expected a weekday such as mon, got "funday".' });
    expect(parse('daily 9am')).toEqual({ error: 'Expected a time such as 09:00 (24-hour), got "9am".' });
    expect(parse('daily 09:00 Mars/Base')).toMatchObject({ error: expect.stringContaining('Unknown time zone "Mars/Base"') });
    expect(parse('daily 09:00 UTC please')).toMatchObject({ error: expect.stringContaining('"please"') });
  });

  it('stays at 09:00 local time across both DST changes in Berlin', () => {
    const s = schedule('daily 09:00 Europe/Berlin');
    expect(dueTimes(s, '2026-03-27T12:00:00Z', 3)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(dueTimes(s, '2026-10-24T06:59:00Z', 3)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  it('is due strictly after the given time, so one slot is never due twice', () => {
    const s = schedule('daily 09:00 Europe/Berlin');
    expect(new Date(nextDigestAt(s, Date.parse('2026-03-28T08:00:00Z'))).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('a weekly digest falls on its weekday in its zone, also when that is another day in UTC', () => {
    expect(dueTimes(schedule('weekly mon 09:00 America/New_York'), '2026-03-05T12:00:00Z', 2)).toEqual(['2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z']);
    // Monday 07:00 in Tokyo is still Sunday in UTC.
    expect(dueTimes(schedule('weekly mon 07:00 Asia/Tokyo'), '2026-03-05T12:00:00Z', 1)).toEqual(['2026-03-08T22:00:00.000Z']);
  });

  it('a time the spring change skips comes out when the clocks show it', () => {
    expect(dueTimes(schedule('daily 02:30 Europe/Berlin'), '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('gives node-cron a valid expression for each schedule', () => {
    expect(cronExpression(schedule('daily 09:05 UTC'))).toBe('5 9 * * *');
    expect(cronExpression(schedule('weekly sun 18:00 UTC'))).toBe('0 18 * * 0');
    expect(validate(cronExpression(schedule('weekly sat 23:59 UTC')))).toBe(true);
  });
});
