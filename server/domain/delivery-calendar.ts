/**
 * Calendar dates of a contract: delivery dates, default payment dates, next season's copy.
 *
 * A calendar date is an ISO `YYYY-MM-DD` string. All arithmetic here is done on UTC midnights
 * (`Date.UTC`, `getUTC*`), never on local time: a "Thursday 2025-05-15" must stay that Thursday
 * whatever timezone the server process runs in (a VPS in UTC, a developer in Los Angeles, a test
 * under Pacific/Kiritimati at UTC+14). Nothing reads the clock: "today" is always passed in.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type DeliverySpec =
  | { from: string; to: string; frequency: 'weekly' | 'fortnightly'; weekday: number }
  /** `nth` 5 means "the last" such weekday of the month (the 4th or the 5th). */
  | { from: string; to: string; frequency: 'monthly'; weekday: number; nth: 1 | 2 | 3 | 4 | 5 };

const DAY_MS = 86_400_000;
/** Longest contract period accepted: a generator asked for decades is a typo, not a season. */
const MAX_YEARS = 3;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; RangeError (French message) if it is not a real date. */
function toDay(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) {
      // setUTCFullYear, not Date.UTC, which would read years 0–99 as 1900–1999.
      const utc = new Date(0);
      utc.setUTCFullYear(y, m - 1, d);
      return utc.getTime() / DAY_MS;
    }
  }
  throw new RangeError(`Date invalide : « ${date} » (format attendu AAAA-MM-JJ).`);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function partsOf(date: string): { year: number; month: number; day: number } {
  toDay(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Number of days of a month (1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Throws a RangeError unless `date` is a real `YYYY-MM-DD` date (e.g. refuses 2025-02-30). */
export function assertIsoDate(date: string): void {
  toDay(date);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): IsoWeekday {
  const sundayZero = new Date(toDay(date) * DAY_MS).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

/** The date `n` days later (earlier for negative n). */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: bad day count ${String(n)}`);
  return fromDay(toDay(date) + n);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** Is `date` in [from, to], both inclusive (as the subscription window and contract periods are)? */
export function isWithin(date: string, from: string, to: string): boolean {
  const day = toDay(date);
  return day >= toDay(from) && day <= toDay(to);
}

/** Same day `years` later; 29 February becomes 28 February in a non-leap year. */
export function addYears(date: string, years: number): string {
  const { year, month, day } = partsOf(date);
  const target = year + years;
  return isoOf(target, month, Math.min(day, daysInMonth(target, month)));
}

/** Same day `months` later; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = partsOf(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return isoOf(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * The delivery dates of a contract, sorted and unique, all within [from, to].
 *
 * - weekly / fortnightly: the first `weekday` on or after `from`, then every 7 / 14 days;
 * - monthly: the `nth` `weekday` of each month (nth 5 = the last one, so "le dernier jeudi" exists
 *   every month), kept when it falls within [from, to].
 *
 * Throws a RangeError with a French message (shown to the referent) when `from` is after `to`, the
 * period is longer than 3 years, or the weekday / nth / frequency is not one we know.
 */
export function generateDeliveryDates(spec: DeliverySpec): string[] {
  const from = toDay(spec.from);
  const to = toDay(spec.to);
  if (from > to) throw new RangeError('La date de début doit être antérieure ou égale à la date de fin.');
  if (spec.to > addYears(spec.from, MAX_YEARS)) {
    throw new RangeError(`La période de livraison ne peut pas dépasser ${MAX_YEARS} ans.`);
  }
  const weekday = spec.weekday;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    throw new RangeError('Jour de la semaine invalide (1 = lundi … 7 = dimanche).');
  }

  if (spec.frequency === 'weekly' || spec.frequency === 'fortnightly') {
    const step = spec.frequency === 'weekly' ? 7 : 14;
    const dates: string[] = [];
    const first = from + ((weekday - weekdayOf(spec.from) + 7) % 7);
    for (let day = first; day <= to; day += step) dates.push(fromDay(day));
    return dates;
  }
  if (spec.frequency === 'monthly') {
    const nth = spec.nth;
    if (!Number.isInteger(nth) || nth < 1 || nth > 5) {
      throw new RangeError('Rang invalide dans le mois (1 à 4, ou 5 pour « le dernier »).');
    }
    const dates: string[] = [];
    for (const { year, month } of monthsBetween(spec.from, spec.to)) {
      const date = nthWeekdayOfMonth(year, month, weekday as IsoWeekday, nth);
      const day = toDay(date);
      if (day >= from && day <= to) dates.push(date);
    }
    return dates;
  }
  throw new RangeError(`Fréquence inconnue : « ${String((spec as { frequency: unknown }).frequency)} ».`);
}

/** The `nth` (1–4) or last (5) `weekday` of a month. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: IsoWeekday, nth: 1 | 2 | 3 | 4 | 5): string {
  if (nth === 5) {
    const last = isoOf(year, month, daysInMonth(year, month));
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = isoOf(year, month, 1);
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + 7 * (nth - 1));
}

/** Every month from that of `from` to that of `to`, both included. */
function monthsBetween(from: string, to: string): { year: number; month: number }[] {
  const start = partsOf(from);
  const end = partsOf(to);
  const months: { year: number; month: number }[] = [];
  let { year, month } = start;
  while (year < end.year || (year === end.year && month <= end.month)) {
    months.push({ year, month });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/**
 * Default payment dates of a contract (DESIGN §5): one per month, from the month of the first
 * delivery to the month of the last one, months without deliveries in between included (cheques are
 * cashed month by month, not per delivery). The day is `dayOfMonth`, clamped to the month's length
 * (31 → 30 April, 28 or 29 February). Deliveries may come in any order; `[]` when there is none.
 * Throws a RangeError unless 1 ≤ dayOfMonth ≤ 31.
 */
export function defaultPaymentDates(deliveryDates: readonly string[], dayOfMonth: number): string[] {
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) {
    throw new RangeError('Jour du mois invalide (1 à 31).');
  }
  if (deliveryDates.length === 0) return [];
  const days = deliveryDates.map(toDay);
  const first = fromDay(Math.min(...days));
  const last = fromDay(Math.max(...days));
  return monthsBetween(first, last).map(({ year, month }) =>
    isoOf(year, month, Math.min(dayOfMonth, daysInMonth(year, month))),
  );
}

/**
 * Where a date of this season lands when the contract is copied to the next one: one calendar year
 * later, then moved to the nearest day (−3 … +3) with the same weekday as the original, so the
 * Thursday deliveries stay on Thursdays (2025-05-15, a Thursday → 2026-05-14). 29 February first
 * becomes 28 February.
 */
export function moveToNextSeason(date: string): string {
  const nextYear = addYears(date, 1);
  let shift = (weekdayOf(date) - weekdayOf(nextYear) + 7) % 7;
  if (shift > 3) shift -= 7;
  return addDays(nextYear, shift);
}
