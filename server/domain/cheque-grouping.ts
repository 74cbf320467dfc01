/**
 * How people write cheques: "3 chèques de 76 € (juin, juillet, août)" rather than a list of
 * lines. Pure: lines in, groups out.
 */
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';

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
  return format(parseISO(dueOn), 'MMMM yyyy', { locale: fr });
}

/** "juin, juillet et août 2027" style list of the months of a group (year said once when all the same). */
export function monthsLabel(dueOns: readonly string[]): string {
  const years = new Set(dueOns.map((d) => d.slice(0, 4)));
  const names = dueOns.map((d) => (years.size === 1 ? format(parseISO(d), 'MMMM', { locale: fr }) : monthLabel(d)));
  const joined = names.length > 1 ? `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}` : names[0] ?? '';
  return years.size === 1 ? `${joined} ${[...years][0]}` : joined;
}
