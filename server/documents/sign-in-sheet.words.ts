/** The sign-in sheets' words, shared by the PDFs and the spreadsheet so that they all say the same thing. */
import { formatDateNumeric, formatDayLong, formatDayNoYear, formatTime } from '../lib/format.js';
import type { ChangeKind, Item } from './sign-in-sheet.changes.js';
import type { SheetDay } from './sign-in-sheet.data.js';

/**
 * The product's name, with its unit when the name does not already say what it is: "Œufs
 * (douzaine)", but "Panier de légumes" for the unit "panier (2 personnes)" and "Pain de campagne"
 * for "pain de 1 kg" (on a sheet read standing, the shorter the better).
 */
export function productLabel(i: Pick<Item, 'productName' | 'unit'>): string {
  const unit = i.unit.trim();
  const head = unit.split(/[\s(]/)[0].toLocaleLowerCase('fr');
  if (!unit || i.productName.toLocaleLowerCase('fr').includes(head)) return i.productName;
  // "Poulet fermier, pièce (1,8 kg env.)" rather than brackets inside brackets.
  return unit.includes('(') ? `${i.productName}, ${unit}` : `${i.productName} (${unit})`;
}

/** "2 × Pain de campagne (pain de 1 kg)" */
export function itemLabel(i: Item): string {
  return `${i.quantity} × ${productLabel(i)}`;
}

export function itemsLabel(items: readonly Item[]): string {
  return items.map(itemLabel).join(', ');
}

/** "jeudi 6 mai 2027, 18 h 30 – 19 h 30, Cour de l’école" */
export function dayLine(d: SheetDay): string {
  return [
    `${formatDayLong(d.on)}${d.title ? ` (${d.title})` : ''}`,
    `${formatTime(d.startTime)} – ${formatTime(d.endTime)}`,
    d.place,
  ]
    .filter(Boolean)
    .join(', ');
}

export const CHANGE_TITLES: Record<ChangeKind, string> = {
  subscribed: 'Nouvelle souscription',
  resumed: 'Reprend',
  changed: 'Quantités changées',
  paused: 'Ne retire rien ce jour',
  cancelled: 'Souscription annulée',
};

/** What a change means, in a few words ("avant : 2 × Panier ; maintenant : 1 × Panier"). */
export function changeDetail(c: { kind: ChangeKind; before: Item[]; after: Item[]; cancelledOn?: string }): string {
  switch (c.kind) {
    case 'subscribed':
    case 'resumed':
      return itemsLabel(c.after);
    case 'changed':
      return `avant : ${itemsLabel(c.before)} ; maintenant : ${itemsLabel(c.after)}`;
    case 'paused':
      return `la dernière fois : ${itemsLabel(c.before)}`;
    case 'cancelled':
      return c.cancelledOn ? `le ${formatDateNumeric(c.cancelledOn)}` : '';
  }
}

/** "Depuis la livraison du jeudi 29 avril", or the first delivery of the contract. */
export function sinceLabel(previousOn: string | null): string {
  return previousOn ? `depuis la livraison du ${formatDayNoYear(previousOn)}` : 'première livraison de ce contrat';
}
