/**
 * The AMAP's wall clock (DESIGN.md §9 "timezone"): what time it is in a timezone at an instant,
 * and which instant a wall-clock time names. The one place for this arithmetic, from Intl; pure
 * (the instant is a parameter). Formatters are built once per timezone and offsets remembered per
 * quarter hour: building an Intl.DateTimeFormat, then formatToParts, were most of the time of
 * pages that show many days' deadlines.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/**
 * The wall clock of `timeZone` at an instant (epoch milliseconds): the instant moved by the
 * zone's offset then, read as UTC. The offset is remembered per quarter hour; formatToParts, at
 * a few microseconds a call, ran for every day of a page's deadlines.
 */
export function wallTimeAt(timeZone: string, ms: number): WallTime {
  const d = new Date(ms + offsetMinutes(timeZone, ms) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The wall clock as Intl gives it: what offsets are measured from. */
function intlWallTimeAt(timeZone: string, ms: number): WallTime {
  const p: Record<string, number> = {};
  for (const { type, value } of formatOf(timeZone).formatToParts(new Date(ms))) p[type] = Number(value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2027-05-06" and "18:30" of a wall time. */
export function wallDate(t: WallTime): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}
export function wallHHMM(t: WallTime): string {
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

const utcOf = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/** Every timezone changes its offset on a quarter hour: an offset holds for the whole quarter. */
const QUARTER = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** How far `timeZone` is ahead of UTC at an instant, in minutes (Europe/Paris: 60 in winter, 120 in summer). */
export function offsetMinutes(timeZone: string, ms: number): number {
  let known = offsets.get(timeZone);
  if (!known) offsets.set(timeZone, (known = new Map()));
  const quarter = Math.floor(ms / QUARTER);
  let offset = known.get(quarter);
  if (offset === undefined) {
    if (known.size > 10_000) known.clear();
    const at = quarter * QUARTER;
    offset = Math.round((utcOf(intlWallTimeAt(timeZone, at)) - at) / 60_000);
    known.set(quarter, offset);
  }
  return offset;
}

/**
 * The instant a wall-clock time of `timeZone` names. The offset read at the wall time taken as UTC
 * is right but for the hours around a change; asking again at the first guess settles them. A
 * time skipped by the spring change (02:30 in Paris on the last Sunday of March) lands an hour
 * later, as clocks do.
 */
export function instantOf(timeZone: string, t: WallTime): number {
  const asUtc = utcOf(t);
  const first = asUtc - offsetMinutes(timeZone, asUtc) * 60_000;
  return asUtc - offsetMinutes(timeZone, first) * 60_000;
}

/** "2027-03-25" at "18:30" in Europe/Paris → 2027-03-25T17:30:00.000Z (16:30Z once summer time began). */
export function localInstant(on: string, hhmm: string, timeZone: string): Date {
  const [year, month, day] = on.split('-').map(Number);
  const [hour, minute] = hhmm.split(':').map(Number);
  return new Date(instantOf(timeZone, { year, month, day, hour, minute, second: 0 }));
}
