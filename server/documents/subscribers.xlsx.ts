/** A contract's subscriber list as a spreadsheet: the CSV's columns, quantities and total summed below. */
import type { Document } from '../lib/document.js';
import { slug } from '../lib/format.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxColumn, type XlsxTotal } from '../lib/xlsx.js';
import type { SubscribersData } from './subscribers.data.js';
import { contactCells, contactHeaders, productHeaders } from './subscribers.csv.js';

const WIDTHS: Record<string, number> = {
  'E-mail': 28,
  Téléphone: 15,
  'Téléphone 2': 15,
  Adresse: 30,
  'Code postal': 11,
  Ville: 18,
};

export async function build(data: SubscribersData): Promise<Document> {
  const products = productHeaders(data);
  const contacts = contactHeaders(data);
  const columns: XlsxColumn[] = [
    { header: 'Nom', width: 20 },
    { header: 'Prénom', width: 16 },
    ...contacts.map((h) => ({ header: h, width: WIDTHS[h] })),
    ...products.map((h) => ({ header: h, width: Math.max(12, Math.min(26, h.length)), kind: 'integer' as const })),
    { header: 'Total', width: 14, kind: 'euros' },
  ];
  const n = data.subscribers.length;
  const totals: XlsxTotal[] = [
    `${n} souscripteur${n > 1 ? 's' : ''}`,
    '',
    ...contacts.map(() => ''),
    ...products.map(() => ({ sum: true as const })),
    { sum: true },
  ];
  const notes = [`${data.contractName} — ${data.producerName}`];
  if (n === 0) notes.unshift('Aucun membre n’a souscrit à ce contrat pour l’instant.');
  else if (contacts.length === 0)
    notes.push('Les coordonnées des membres sont réservées aux référent·es et au trésorier.');
  return {
    filename: `souscripteurs-${slug(data.contractName)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: await buildWorkbook(
      [
        {
          name: 'Souscripteurs',
          columns,
          rows: data.subscribers.map((s) => [
            s.lastName,
            s.firstName,
            ...contactCells(data, s),
            ...s.quantities,
            s.totalCents,
          ]),
          totals,
          notes,
        },
      ],
      { creator: data.amapName },
    ),
  };
}
