/**
 * How amounts, dates and names read in French, for every page, mail and document alike
 * (DESIGN.md §4 and SCREENS.md "Everywhere"). Each name says what it produces. Formatters are
 * built once: they are called thousands of times for a synthesis.
 */
import { format } from 'date-fns/format';
import { fr } from 'date-fns/locale/fr';
import { formatEuros } from '../domain/money.js';
import { deMonth } from '../domain/cheque-grouping.js';

/** 1250 → "12,50 €" (U+202F between thousands, U+00A0 before €: an amount never wraps). */
export { formatEuros };

/** 1250 → "12,50", -350 → "-3,50": a French decimal number for CSV cells and typed fields. */
export function formatDecimalEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The French names of days and months, taken once from date-fns's `fr` locale: formatting with
 * date-fns at each call parses a pattern and builds a Date, thousands of times for a synthesis.
 */
const names = (pattern: string, n: number, at: (i: number) => Date) =>
  Array.from({ length: n }, (_, i) => format(at(i), pattern, { locale: fr }));
// 7 January 2024 is a Sunday: index 0 is Sunday, as Date#getDay counts.
const WEEKDAYS = names('EEEE', 7, (i) => new Date(2024, 0, 7 + i));
const WEEKDAYS_SHORT = names('EEE', 7, (i) => new Date(2024, 0, 7 + i));
const MONTHS = names('MMMM', 12, (i) => new Date(2024, i, 1));
const MONTHS_SHORT = names('MMM', 12, (i) => new Date(2024, i, 1));

/** Sakamoto's offsets of the months, for {@link weekday}. */
const MONTH_SHIFT = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/**
 * The weekday (0 = Sunday, as Date#getUTCDay counts) of a Gregorian date, by Sakamoto's method:
 * pages format hundreds of dates, and a Date built for each was most of formatting one.
 */
export function weekday(y: number, m: number, d: number): number {
  const yy = m < 3 ? y - 1 : y;
  return (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + MONTH_SHIFT[m - 1] + d) % 7;
}

/** Year, month (1–12), day of month and weekday (0 = Sunday) of "YYYY-MM-DD…". */
function day(iso: string): { y: number; m: number; d: number; wd: number } {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return { y, m, d, wd: weekday(y, m, d) };
}

/** The first of a month is "1er" in French ("jeudi 1er juillet"), every other day its number. */
function dayNumber(d: number): string {
  return d === 1 ? '1er' : String(d);
}

/** "2026-12-04" → "vendredi 4 décembre 2026"; "2027-07-01" → "jeudi 1er juillet 2027"; null → "". */
export function formatDayLong(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${WEEKDAYS[d.wd]} ${dayNumber(d.d)} ${MONTHS[d.m - 1]} ${iso.slice(0, 4)}`;
}

/** "2027-05-06" → "jeudi 6 mai" (the year is in the context: a planning, a season). */
export function formatDayNoYear(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${WEEKDAYS[d.wd]} ${dayNumber(d.d)} ${MONTHS[d.m - 1]}`;
}

/** "2027-05-06" → "6 mai", "2027-07-01" → "1er juillet" ("à apporter avant le 6 mai"). */
export function formatDayMonth(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${dayNumber(d.d)} ${MONTHS[d.m - 1]}`;
}

/** "2026-12-04" → "ven. 4 déc." (tables on a phone: the year is in the column's context). */
export function formatDayShort(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${WEEKDAYS_SHORT[d.wd]} ${dayNumber(d.d)} ${MONTHS_SHORT[d.m - 1]}`;
}

/** "2026-12-04" (or an ISO moment) → "04/12/2026"; null → "". */
export function formatDateNumeric(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "2027-05-06" → "mai 2027". */
export function formatMonthYear(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** "2027-05-06" → "mai". */
export function formatMonth(iso: string): string {
  return MONTHS[Number(iso.slice(5, 7)) - 1];
}

/** "de mai", "d’août", "d’octobre": the preposition elided before a vowel, as French writes it. */
export { deMonth };

const momentFormats = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** A moment in the AMAP's timezone: "28/11/2026 à 14:05". */
export function formatMoment(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  let f = momentFormats.get(timeZone);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat('fr-FR', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }),
      time: new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' }),
    };
    momentFormats.set(timeZone, f);
  }
  const d = new Date(iso);
  return `${f.date.format(d)} à ${f.time.format(d)}`;
}

/** "18:30" → "18 h 30", "19:00" → "19 h" (no-break spaces: a time never splits across lines). */
export function formatTime(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return m === '00' ? `${Number(h)}\u00a0h` : `${Number(h)}\u00a0h\u00a0${m}`;
}

/** "18:30", "19:30" → "de 18 h 30 à 19 h 30", no time split across lines. */
export function formatHours(start: string, end: string): string {
  return `de ${formatTime(start)} à ${formatTime(end)}`;
}

/**
 * A note in parentheses, whose own parentheses become a comma: "panier (4 personnes)" →
 * "(panier, 4 personnes)", never "(panier (4 personnes))".
 */
export function parenthesized(note: string): string {
  const flat = note
    .replace(/\s*\(\s*/g, ', ')
    .replace(/\s*\)\s*/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/\s{2,}/g, ' ')
    .replace(/^,\s*/, '')
    .trim();
  return `(${flat})`;
}

/** A person in running text: "Léa Martin". */
export function displayName(m: { firstName: string; lastName: string }): string {
  return `${m.firstName} ${m.lastName}`;
}

/** A person in a list sorted by name: "MARTIN Léa" (the sort key first, in capitals). */
export function sortName(m: { firstName: string; lastName: string }): string {
  return `${m.lastName.toLocaleUpperCase('fr-FR')} ${m.firstName}`;
}

/** Members in French alphabetical order: last name, then first name, accents ignored. */
const NAME_ORDER = new Intl.Collator('fr', { sensitivity: 'base' });

export function byName<T extends { lastName: string; firstName: string }>(a: T, b: T): number {
  return NAME_ORDER.compare(a.lastName, b.lastName) || NAME_ORDER.compare(a.firstName, b.firstName);
}

/** "Légumes été 2027" → "legumes-ete-2027" (file names, URLs). */
export function slug(s: string): string {
  const out = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return out || 'document';
}
