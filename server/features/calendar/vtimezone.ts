/**
 * The VTIMEZONE block (RFC 5545 §3.6.5) of the AMAP's timezone, read from the Intl database of the
 * running Node, so the feed needs no timezone package. The rules are those in force in the given
 * year, written as yearly RRULEs ("last Sunday of March at 02:00"): what calendar apps expect, and
 * exact for every zone whose rule has not changed since (Europe/Paris has kept its since 1996).
 */
import { offsetMinutes } from '../../domain/wall-clock.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** A change of offset: at instant `at`, from `from` to `to` minutes ahead of UTC. */
interface Transition {
  at: number;
  from: number;
  to: number;
}

/** The offset changes of `tz` during `year`, found day by day then narrowed to the minute. */
export function transitions(tz: string, year: number): Transition[] {
  const found: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  let before = offsetMinutes(tz, t);
  while (t < end) {
    const next = t + DAY;
    const after = offsetMinutes(tz, next);
    if (after !== before) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(tz, mid) === before) lo = mid;
        else hi = mid;
      }
      found.push({ at: hi, from: before, to: after });
    }
    before = after;
    t = next;
  }
  return found;
}

/** "+0200", "-0430". */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The RRULE of a change and its first occurrence in 1970 (the usual DTSTART of such rules). */
function yearlyRule(change: Transition): { dtstart: string; rrule: string } {
  // DTSTART is the wall time just before the change, in the offset it leaves.
  const local = new Date(change.at + change.from * 60000);
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const weekday = local.getUTCDay();
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate();
  const last = day > daysInMonth - 7;
  const nth = last ? -1 : Math.ceil(day / 7);
  const time = `${two(local.getUTCHours())}${two(local.getUTCMinutes())}00`;
  let first: number;
  if (last) {
    const lastDay = new Date(Date.UTC(1970, month, 0));
    first = lastDay.getUTCDate() - ((lastDay.getUTCDay() - weekday + 7) % 7);
  } else {
    const firstOfMonth = new Date(Date.UTC(1970, month - 1, 1)).getUTCDay();
    first = 1 + ((weekday - firstOfMonth + 7) % 7) + (nth - 1) * 7;
  }
  return {
    dtstart: `1970${two(month)}${two(first)}T${time}`,
    rrule: `FREQ=YEARLY;BYMONTH=${month};BYDAY=${nth}${WEEKDAYS[weekday]}`,
  };
}

/** A short name such as "EST", when Intl has one (for Europe/Paris it only has "GMT+2"). */
function abbreviation(tz: string, at: number): string | null {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && /^[A-Z]{2,5}$/.test(name) ? name : null;
}

/** The VTIMEZONE of `tz` with the rules of `year`; a zone without changes gets one fixed STANDARD. */
export function vtimezone(tz: string, year: number): string {
  const changes = transitions(tz, year);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`, `X-LIC-LOCATION:${tz}`];
  if (changes.length === 0) {
    const offset = offsetText(offsetMinutes(tz, Date.UTC(year, 0, 1)));
    const name = abbreviation(tz, Date.UTC(year, 0, 1));
    lines.push(
      'BEGIN:STANDARD',
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      ...(name ? [`TZNAME:${name}`] : []),
      'DTSTART:19700101T000000',
      'END:STANDARD',
    );
  }
  for (const change of changes) {
    const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD';
    const { dtstart, rrule } = yearlyRule(change);
    const name = abbreviation(tz, change.at + HOUR);
    lines.push(
      `BEGIN:${kind}`,
      `TZOFFSETFROM:${offsetText(change.from)}`,
      `TZOFFSETTO:${offsetText(change.to)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      `DTSTART:${dtstart}`,
      `RRULE:${rrule}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

const cache = new Map<string, string>();

/**
 * ical-generator's timezone generator for feeds written in `year` (the year of "today": the rules
 * a phone applies to the coming distributions). Computed once per zone and year.
 */
export function vtimezoneGenerator(year: number): (tz: string) => string {
  return (tz) => {
    const key = `${tz}|${year}`;
    let block = cache.get(key);
    if (block === undefined) cache.set(key, (block = vtimezone(tz, year)));
    return block;
  };
}
