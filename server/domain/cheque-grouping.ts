/**
 * How people write cheques: "3 chèques de 76 € (juin, juillet, août)" rather than a list of
 * lines. Pure: lines in, groups out.
 */
import { format } from 'date-fns/format';
import { fr } from 'date-fns/locale/fr';

/** The French month names, taken once from date-fns (formatting at each call costs a Date and a pattern). */
const MONTHS = Array.from({ length: 12 }, (_, i) => format(new Date(2024, i, 1), 'MMMM', { locale: fr }));

export interface ChequeGroup {
  amountCents: number;
  count: number;
  /** Payment dates of the group, in order. */
  dueOns: string[];
}

// ISO dates compare as plain strings; `localeCompare` would look the locale up at each comparison.
const byDueOn = (a: { dueOn: string }, b: { dueOn: string }) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0);

/** Groups non-zero lines by amount, groups ordered by their first payment date. */
export function groupChequesByAmount(lines: readonly { dueOn: string; amountCents: number }[]): ChequeGroup[] {
  const groups = new Map<number, ChequeGroup>();
  for (const line of [...lines].sort(byDueOn)) {
    if (line.amountCents === 0) continue;
    const g = groups.get(line.amountCents);
    if (g) {
      g.count++;
      g.dueOns.push(line.dueOn);
    } else groups.set(line.amountCents, { amountCents: line.amountCents, count: 1, dueOns: [line.dueOn] });
  }
  // Map order is each amount's first date, the lines being sorted.
  return [...groups.values()];
}

/** "2026-06-05" → "juin 2026" */
export function monthLabel(dueOn: string): string {
  return monthName(dueOn, true);
}

function monthIndex(dueOn: string): number {
  return Number(dueOn.slice(0, 4)) * 12 + Number(dueOn.slice(5, 7)) - 1;
}

function monthName(dueOn: string, withYear: boolean): string {
  const month = MONTHS[Number(dueOn.slice(5, 7)) - 1];
  return withYear ? `${month} ${dueOn.slice(0, 4)}` : month;
}

/** A month counted from year 0 (`monthIndex`) by its name, with its year or not. */
function nameOfIndex(index: number, withYear: boolean): string {
  const month = MONTHS[index % 12];
  return withYear ? `${month} ${Math.floor(index / 12)}` : month;
}

/**
 * "de" before a month (or any word), elided before a vowel or a mute h: "d’août", "d’octobre",
 * "de juin". The one spelling of it: lib/format.ts re-exports it for views and documents.
 */
export function deMonth(month: string): string {
  return /^[aeiouyàâéèêh]/i.test(month) ? `d’${month}` : `de ${month}`;
}

/**
 * When the cheques of a group are cashed, as a person says it: "en juin 2027",
 * "en juin et juillet 2027", "de juin à octobre 2027", "d’août 2026 à janvier 2027", or a list
 * when months are not consecutive ("en janvier, mars et mai 2027").
 */
export function monthsLabel(dueOns: readonly string[]): string {
  // Months as numbers, distinct and in order: each group's label is read on every page showing cheques.
  // A handful of months, put in place as they come (a sort's working copy costs more here).
  const months: number[] = [];
  for (const dueOn of dueOns) {
    const m = monthIndex(dueOn);
    let at = months.length;
    while (at > 0 && months[at - 1] > m) at--;
    if (at > 0 && months[at - 1] === m) continue;
    months.push(m);
    for (let j = months.length - 1; j > at; j--) months[j] = months[j - 1];
    months[at] = m;
  }
  const n = months.length;
  if (n === 0) return '';
  const first = months[0];
  const last = months[n - 1];
  const sameYear = Math.floor(first / 12) === Math.floor(last / 12);
  if (n === 1) return `en ${nameOfIndex(first, true)}`;
  if (n >= 3 && last - first === n - 1) return `${deMonth(nameOfIndex(first, !sameYear))} à ${nameOfIndex(last, true)}`;
  const names = months.map((m) => nameOfIndex(m, !sameYear));
  const joined = `${names.slice(0, -1).join(', ')} et ${names[n - 1]}`;
  return sameYear ? `en ${joined} ${Math.floor(first / 12)}` : `en ${joined}`;
}
