/**
 * The sign-in sheet of a day as a spreadsheet, the same content as the PDF: "Émargement" has one
 * row per member household and one column per product delivered that day (totals as formulas: what
 * the producers should have brought), "Équipe" the duty team with phones, "Changements" what
 * changed since each contract's previous distribution.
 */
import type { Document } from '../lib/document.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxColumn, type XlsxSheet, type XlsxValue } from '../lib/xlsx.js';
import type { SignInSheetData } from './sign-in-sheet.data.js';
import { CHANGE_TITLES, changeDetail, dayLine, productLabel, sinceLabel } from './sign-in-sheet.words.js';

function sheetOfLines(data: SignInSheetData): XlsxSheet {
  const products = data.totals.flatMap((c) =>
    c.items.map((i) => ({ id: i.contractProductId, header: `${c.producerName} – ${productLabel(i)}` })),
  );
  const columns: XlsxColumn[] = [
    { header: 'Nom', width: 20 },
    { header: 'Prénom', width: 16 },
    { header: 'Téléphone', width: 16 },
    ...products.map((p): XlsxColumn => ({ header: p.header, width: 16, kind: 'integer' })),
    { header: 'Note', width: 30 },
    { header: 'Signature', width: 24 },
  ];
  const rows = data.lines.map((l): XlsxValue[] => {
    const qty = new Map(l.contracts.flatMap((c) => c.items.map((i) => [i.contractProductId, i.quantity] as const)));
    const note = [
      ...l.sharedWith.map((n) => `Panier partagé avec ${n}`),
      l.note,
      ...l.contracts.flatMap((c) => c.mentions ?? []),
    ]
      .filter(Boolean)
      .join(' · ');
    return [l.lastName, l.firstName, l.phone, ...products.map((p) => qty.get(p.id) ?? null), note || null, ''];
  });
  return {
    name: 'Émargement',
    landscape: products.length > 3,
    columns,
    rows,
    totals: [`Total (${data.lines.length} foyers)`, '', '', ...products.map(() => ({ sum: true as const })), '', ''],
    notes: [
      `${data.amapName} — feuille d’émargement du ${dayLine(data.day)}`,
      ...(data.day.note ? [data.day.note] : []),
      ...(data.day.cancelled
        ? [`Distribution annulée${data.day.cancelReason ? ` : ${data.day.cancelReason}` : ''}`]
        : []),
    ],
  };
}

function teamSheet(data: SignInSheetData): XlsxSheet {
  return {
    name: 'Équipe',
    columns: [
      { header: 'Nom', width: 26 },
      { header: 'Téléphone', width: 16 },
      { header: 'Rôle', width: 26 },
      { header: 'Remarque', width: 26 },
    ],
    rows: data.team.map((p) => [p.name, p.phone, p.roleName, p.standInSought ? 'remplaçant·e recherché·e' : '']),
    notes: data.team.length ? [] : ['Personne n’est encore inscrit·e de permanence.'],
  };
}

function changesSheet(data: SignInSheetData): XlsxSheet {
  return {
    name: 'Changements',
    columns: [
      { header: 'Producteur', width: 22 },
      { header: 'Contrat', width: 22 },
      { header: 'Depuis', width: 34 },
      { header: 'Changement', width: 24 },
      { header: 'Nom', width: 20 },
      { header: 'Prénom', width: 16 },
      { header: 'Détail', width: 50 },
    ],
    rows: data.changes.flatMap((c) =>
      c.changes.map((ch) => [
        c.producerName,
        c.contractName,
        sinceLabel(c.previousOn),
        CHANGE_TITLES[ch.kind],
        ch.lastName,
        ch.firstName,
        changeDetail(ch),
      ]),
    ),
    notes: data.changes.some((c) => c.changes.length) ? [] : ['Aucun changement depuis la distribution précédente.'],
  };
}

/** The sign-in sheet of a day as an .xlsx workbook. */
export async function build(data: SignInSheetData): Promise<Document> {
  return {
    filename: `emargement-${data.day.on}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: await buildWorkbook([sheetOfLines(data), teamSheet(data), changesSheet(data)], { creator: data.amapName }),
  };
}
