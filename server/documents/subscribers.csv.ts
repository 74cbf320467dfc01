/**
 * A contract's subscriber list as CSV (`;`, UTF-8 with BOM) and the columns both formats share:
 * name, then the contact details when the reader may see some, the quantities and the total.
 */
import { CSV_CONTENT_TYPE, writeCsv } from '../lib/csv.js';
import type { Document } from '../lib/document.js';
import { formatDecimalEuros, slug } from '../lib/format.js';
import type { SubscribersData } from './subscribers.data.js';
import { productLabels } from './xlsx-cells.js';

const CONTACTS = ['E-mail', 'Téléphone', 'Téléphone 2', 'Adresse', 'Code postal', 'Ville'] as const;

/** Whether the list carries contact columns (someone's details may be shown). */
export function showsContacts(data: SubscribersData): boolean {
  return data.subscribers.some((s) => s.contacts !== null);
}

export function productHeaders(data: SubscribersData): string[] {
  const when = data.kind === 'fixed' ? 'par livraison' : 'saison';
  return productLabels(data.products).map((l) => `${l} (${when})`);
}

export function contactHeaders(data: SubscribersData): string[] {
  return showsContacts(data) ? [...CONTACTS] : [];
}

export function contactCells(data: SubscribersData, s: SubscribersData['subscribers'][number]): (string | null)[] {
  if (!showsContacts(data)) return [];
  const c = s.contacts;
  return [
    c?.email ?? null,
    c?.phone ?? null,
    c?.phone2 ?? null,
    c?.address ?? null,
    c?.postalCode ?? null,
    c?.city ?? null,
  ];
}

export function build(data: SubscribersData): Document {
  return {
    filename: `souscripteurs-${slug(data.contractName)}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      ['Nom', 'Prénom', ...contactHeaders(data), ...productHeaders(data), 'Total (€)'],
      data.subscribers.map((s) => [
        s.lastName,
        s.firstName,
        ...contactCells(data, s),
        ...s.quantities,
        formatDecimalEuros(s.totalCents),
      ]),
    ),
  };
}
