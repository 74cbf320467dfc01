/** Words shared by the contract documents: counts with their plural, date spans, short dates of a grid. */
import { formatDayLong, formatDayNoYear, formatDayShort } from '../lib/format.js';

/** 1 → "1 livraison", 26 → "26 livraisons". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n > 1 ? plural : singular}`;
}

/** "du jeudi 6 mai au jeudi 28 octobre 2027" (the first year said only when it differs); one day: "le jeudi 6 mai 2027". */
export function dateSpan(from: string, to: string): string {
  if (from === to) return `le ${formatDayLong(from)}`;
  const first = from.slice(0, 4) === to.slice(0, 4) ? formatDayNoYear(from) : formatDayLong(from);
  return `du ${first} au ${formatDayLong(to)}`;
}

/** "2027-05-06" → "jeu. 06/05": a column of a grid (the year is in the title above). */
export function gridDate(iso: string): string {
  return `${formatDayShort(iso).split(' ')[0]} ${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
}

/** Letters for the products of a grid too narrow for their names: A, B, … Z, AA… */
export function productCode(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : productCode(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
}
