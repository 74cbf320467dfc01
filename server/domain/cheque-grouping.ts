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

/** Groups non-zero lines by amount, groups ordered by their first payment date. */
export function groupChequesByAmount(lines: readonly { dueOn: string; amountCents: number }[]): ChequeGroup[] {
  const groups = new Map<number, ChequeGroup>();
  for (const line of [...lines].sort((a, b) => a.dueOn.localeCompare(b.dueOn))) {
    if (line.amountCents === 0) continue;
    const g = groups.get(line.amountCents) ?? { amountCents: line.amountCents, count: 0, dueOns: [] };
    g.count++;
    g.dueOns.push(line.dueOn);
    groups.set(line.amountCents, g);
  }
  return [...groups.values()].sort((a, b) => a.dueOns[0].localeCompare(b.dueOns[0]));
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
  const sorted = [...new Set(dueOns.map((d) => d.slice(0, 7) + '-01'))].sort();
  if (sorted.length === 0) return '';
  const sameYear = sorted[0].slice(0, 4) === sorted[sorted.length - 1].slice(0, 4);
  const year = sorted[0].slice(0, 4);
  const consecutive = sorted.every((d, i) => i === 0 || monthIndex(d) === monthIndex(sorted[i - 1]) + 1);
  if (sorted.length === 1) return `en ${monthName(sorted[0], true)}`;
  if (consecutive && sorted.length >= 3) {
    const first = monthName(sorted[0], !sameYear);
    const last = monthName(sorted[sorted.length - 1], true);
    return `${deMonth(first)} à ${last}`;
  }
  const names = sorted.map((d) => monthName(d, !sameYear));
  const joined = `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
  return sameYear ? `en ${joined} ${year}` : `en ${joined}`;
}
