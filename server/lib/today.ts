/**
 * Today's date (YYYY-MM-DD) in the AMAP's timezone: what "today" means for the association.
 * The formatter is built once per timezone: building an Intl.DateTimeFormat costs more than
 * formatting with it, and "today" is asked on every page.
 */
import { offsetMinutes } from '../domain/wall-clock.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now: Date): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(now);
}

/**
 * The moment (ISO, UTC) a day (YYYY-MM-DD) begins in a timezone: "2027-05-06" in Europe/Paris is
 * "2027-05-05T22:00:00.000Z". Stored moments compare with it to filter by the AMAP's days.
 */
export function startOfDayIn(timeZone: string, day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  // The offset at that moment, then once more at the corrected moment (a DST change that night).
  let t = midnightUtc;
  for (let i = 0; i < 2; i++) t = midnightUtc - offsetMs(timeZone, new Date(t));
  return new Date(t).toISOString();
}

/** How far the timezone's wall clock is ahead of UTC at this moment, in milliseconds. */
function offsetMs(timeZone: string, at: Date): number {
  return offsetMinutes(timeZone, at.getTime()) * 60_000;
}
