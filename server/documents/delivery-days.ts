/**
 * What a delivery sheet says about one delivery, from a contract's grid: what to prepare (the total
 * of each product, against the previous delivery), who collects what, and what changed since the
 * previous delivery (who starts, who stops, whose quantities moved). Pure: grid in, days out.
 */
import { sortName } from '../lib/format.js';
import type { ContractGrid } from './contract-grid.js';

export interface DayLine {
  memberId: number;
  /** "MARTIN Léa" */
  name: string;
  /** Per product of the grid. */
  quantities: number[];
  note: string | null;
  /** Items carried over onto this delivery by an absence ("dont 1 reporté"), set by the sheet's data. */
  carriedOver?: number;
}

export interface DayChange {
  name: string;
  /** 'back': nothing at the previous delivery, something before it (an absence, a carry-over). */
  kind: 'new' | 'back' | 'gone' | 'changed';
  /** Per product, at the previous delivery (zeros for a newcomer). */
  before: number[];
  /** Per product, at this delivery (zeros for someone who stopped). */
  after: number[];
}

export interface DeliveryDay {
  deliveryId: number;
  deliveryOn: string;
  /** Per product: what to prepare. */
  totals: number[];
  amountCents: number;
  lines: DayLine[];
  /** The contract's previous delivery (null for the first one). */
  previousOn: string | null;
  previousTotals: number[] | null;
  changes: DayChange[];
}

const same = (a: number[], b: number[]) => a.every((v, i) => v === b[i]);
const isZero = (a: number[]) => a.every((v) => v === 0);

/**
 * One day per delivery of the grid from index `first` on; the delivery before it in the grid (if any)
 * is the "previous delivery" the changes are measured against.
 */
export function deliveryDays(grid: ContractGrid, first = 0): DeliveryDay[] {
  const names = grid.members.map((m) => sortName(m));
  const days: DeliveryDay[] = [];
  for (let d = first; d < grid.deliveries.length; d++) {
    const totals = grid.products.map(() => 0);
    const previousTotals = d > 0 ? grid.products.map(() => 0) : null;
    const lines: DayLine[] = [];
    const changes: DayChange[] = [];
    grid.members.forEach((m, i) => {
      const now = m.quantities[d];
      const before = d > 0 ? m.quantities[d - 1] : null;
      now.forEach((q, p) => (totals[p] += q));
      if (before && previousTotals) before.forEach((q, p) => (previousTotals[p] += q));
      const by = m.collectedBy[d] ? `Retiré par ${m.collectedBy[d]}` : null;
      const note = by && m.pickupNote ? `${by} · ${m.pickupNote}` : (by ?? m.pickupNote);
      if (!isZero(now)) lines.push({ memberId: m.memberId, name: names[i], quantities: now, note });
      if (!before || same(before, now)) return;
      const returning = m.firstOn !== null && m.firstOn < grid.deliveries[d - 1].deliveryOn;
      const kind = isZero(before) ? (returning ? 'back' : 'new') : isZero(now) ? 'gone' : 'changed';
      changes.push({ name: names[i], kind, before, after: now });
    });
    days.push({
      deliveryId: grid.deliveries[d].id,
      deliveryOn: grid.deliveries[d].deliveryOn,
      totals,
      amountCents: totals.reduce((a, q, p) => a + q * grid.products[p].priceCents, 0),
      lines,
      previousOn: d > 0 ? grid.deliveries[d - 1].deliveryOn : null,
      previousTotals,
      changes,
    });
  }
  return days;
}

/** "2 Grand panier, 1 Petit panier" (products with a quantity only); "" when nothing. */
export function quantitiesText(products: readonly { name: string }[], quantities: readonly number[]): string {
  return quantities
    .map((q, p) => (q ? `${q} ${products[p].name}` : ''))
    .filter(Boolean)
    .join(', ');
}

/** A change as a sentence: "commence : 1 Petit panier", "rien cette fois (avant : 1 Grand panier)", "Petit panier 1 → 2". */
export function changeText(products: readonly { name: string }[], c: DayChange): string {
  if (c.kind === 'new') return `commence : ${quantitiesText(products, c.after)}`;
  if (c.kind === 'back') return `revient : ${quantitiesText(products, c.after)}`;
  if (c.kind === 'gone') return `rien cette fois (avant : ${quantitiesText(products, c.before)})`;
  return c.before
    .map((b, p) => (b !== c.after[p] ? `${products[p].name} ${b} → ${c.after[p]}` : ''))
    .filter(Boolean)
    .join(', ');
}

/** The note column of a member's line: their standing note and "dont 1 reporté". */
export function lineNote(l: Pick<DayLine, 'note' | 'carriedOver'>): string {
  const carried = l.carriedOver ? `dont ${l.carriedOver} reporté${l.carriedOver > 1 ? 's' : ''}` : '';
  return [l.note, carried].filter(Boolean).join(' ; ');
}
