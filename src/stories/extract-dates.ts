// Dates and periods named in a report. Two reports of one development quote the same deadline or
// effective date; "takes effect Sept 20" and "deadline moved to Nov 12" are different developments
// however alike the rest of the wording is.
import { normalizeText } from './extract-terms.ts';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY = '([0-9]{1,2})(?:st|nd|rd|th)?';

/** Named dates and periods, as canonical keys (`d:9-20` for Sept 20, `p:45d` for 45 days). */
export interface KeyDates {
  dates: string[];
  periods: string[];
}

/** "Sept. 20" (not "Sept. 20 days"), and "20 September", "20th of September". */
const MONTH_DAY = new RegExp(`\\b${MONTH}\\.?\\s+${DAY}\\b(?!\\s*(?:days?|weeks?|months?|-))`, 'g');
const DAY_MONTH = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\b`, 'g');
/** "Executive Order 13942 of August 6, 2020", "Memorandum of June 9". */
const ISSUE_DATE = new RegExp(`\\b(?:order|memorandum|proclamation|determination)\\s+(?:no\\.?\\s*)?(?:[0-9]{4,5}\\s+)?of\\s+${MONTH}\\.?\\s+${DAY}\\b`, 'g');
/** Every date and period has a digit (NFKC has made full-width ones ASCII): text without one has none. */
const DIGIT = /[0-9]/;

const dateKey = (month: number | undefined, day: number): string | undefined =>
  month && month >= 1 && month <= 12 && day >= 1 && day <= 31 ? `d:${month}-${day}` : undefined;

/**
 * Month-and-day dates (English "Sept. 20", "20 September", ISO "2020-09-20", Chinese "9月20日") and
 * periods ("45 days", "90-day", "75天"). Years are left out: outlets often omit them, and within a
 * story window a month and day is unambiguous.
 */
export function extractDates(text: string): KeyDates {
  return datesInNormalized(normalizeText(text));
}

/** extractDates of a text normalizeText() has already normalised. */
export function datesInNormalized(t: string): KeyDates {
  if (!DIGIT.test(t)) return { dates: [], periods: [] };
  const dates = new Set<string>();
  const periods = new Set<string>();
  const add = (key: string | undefined) => key && dates.add(key);
  for (const m of t.matchAll(MONTH_DAY)) add(dateKey(MONTHS[m[1] ?? ''], Number(m[2])));
  for (const m of t.matchAll(DAY_MONTH)) add(dateKey(MONTHS[m[2] ?? ''], Number(m[1])));
  for (const m of t.matchAll(/\b(?:19|20)[0-9]{2}-([0-9]{2})-([0-9]{2})\b/g)) add(dateKey(Number(m[1]), Number(m[2])));
  for (const m of t.matchAll(/([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]/gu)) add(dateKey(Number(m[1]), Number(m[2])));
  for (const m of t.matchAll(/\b([0-9]{1,3})[-\s](?:calendar\s+)?days?\b/g)) periods.add(`p:${Number(m[1])}d`);
  for (const m of t.matchAll(/([0-9]{1,3})\s*(?:天|日内|个工作日)/gu)) periods.add(`p:${Number(m[1])}d`);
  return { dates: [...dates], periods: [...periods] };
}

/**
 * The dates an official text gives for the act it prints: "Executive Order 13942 of August 6,
 * 2020", "Memorandum of June 9". The Federal Register publishes an order days after it is signed
 * and dates it this way; other dates in a report are often deadlines, not when it happened.
 */
export function extractIssueDates(text: string): string[] {
  return issueDatesInNormalized(normalizeText(text));
}

/** extractIssueDates of a text normalizeText() has already normalised. */
export function issueDatesInNormalized(t: string): string[] {
  if (!DIGIT.test(t)) return [];
  const out = new Set<string>();
  for (const m of t.matchAll(ISSUE_DATE)) {
    const key = dateKey(MONTHS[m[1] ?? ''], Number(m[2]));
    if (key) out.add(key);
  }
  return [...out];
}
