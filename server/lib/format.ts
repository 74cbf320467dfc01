/**
 * How amounts, dates and names read in French, for every page, mail and document alike
 * (DESIGN.md §4 and SCREENS.md "Everywhere"). Each name says what it produces. Formatters are
 * built once: they are called thousands of times for a synthesis.
 */
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';
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

function day(iso: string): Date {
  return parseISO(iso.slice(0, 10));
}

/** The first of a month is "1er" in French ("jeudi 1er juillet"), every other day its number. */
function dayNumber(d: Date): string {
  return d.getDate() === 1 ? '1er' : String(d.getDate());
}

/** "2026-12-04" → "jeudi 4 décembre 2026"; "2027-07-01" → "jeudi 1er juillet 2027"; null → "". */
export function formatDayLong(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${format(d, 'EEEE', { locale: fr })} ${dayNumber(d)} ${format(d, 'MMMM yyyy', { locale: fr })}`;
}

/** "2027-05-06" → "jeudi 6 mai" (the year is in the context: a planning, a season). */
export function formatDayNoYear(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${format(d, 'EEEE', { locale: fr })} ${dayNumber(d)} ${format(d, 'MMMM', { locale: fr })}`;
}

/** "2027-05-06" → "6 mai", "2027-07-01" → "1er juillet" ("à apporter avant le 6 mai"). */
export function formatDayMonth(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${dayNumber(d)} ${format(d, 'MMMM', { locale: fr })}`;
}

/** "2026-12-04" → "jeu. 4 déc." (tables on a phone: the year is in the column's context). */
export function formatDayShort(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = day(iso);
  return `${format(d, 'EEE', { locale: fr })} ${dayNumber(d)} ${format(d, 'MMM', { locale: fr })}`;
}

/** "2026-12-04" (or an ISO moment) → "04/12/2026"; null → "". */
export function formatDateNumeric(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "2027-05-06" → "mai 2027". */
export function formatMonthYear(iso: string): string {
  return format(day(iso), 'MMMM yyyy', { locale: fr });
}

/** "2027-05-06" → "mai". */
export function formatMonth(iso: string): string {
  return format(day(iso), 'MMMM', { locale: fr });
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
export function byName<T extends { lastName: string; firstName: string }>(a: T, b: T): number {
  return (
    a.lastName.localeCompare(b.lastName, 'fr', { sensitivity: 'base' }) ||
    a.firstName.localeCompare(b.firstName, 'fr', { sensitivity: 'base' })
  );
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
