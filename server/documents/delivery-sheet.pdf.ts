/**
 * The producer's delivery sheet as an A4 portrait PDF, one delivery per page (or more when long):
 * what to prepare first (each product's quantity, against the previous delivery), what changed
 * since then, then who collects what with their note.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Document } from '../lib/document.js';
import { dataTable, PDF_CONTENT_TYPE, renderPdf, standardDocument, type TDocumentDefinitions } from '../lib/pdf.js';
import { formatEuros } from '../domain/money.js';
import { formatDayLong } from '../lib/format.js';
import type { DeliverySheetData } from './delivery-sheet.data.js';
import { changeText, lineNote, type DeliveryDay } from './delivery-days.js';
import { deliveryFileStem } from './file-names.js';
import { count, dateSpan, gridDate } from './wording.js';

const TITLE = 'Feuille de livraison';

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function day(data: DeliverySheetData, d: DeliveryDay, first: boolean): Content[] {
  const P = data.products;
  const before = d.previousOn ? `Précédente (${gridDate(d.previousOn).split(' ')[1]})` : 'Précédente';
  const prepare = dataTable({
    widths: ['*', 120, 55, 90, 40, 70],
    header: ['Produit', 'Unité', 'Quantité', before, 'Écart', 'Montant'],
    rows: P.map((p, i) => {
      const prev = d.previousTotals?.[i];
      const diff = prev === undefined ? null : d.totals[i] - prev;
      return [
        { text: p.name, bold: true },
        p.unit,
        { text: String(d.totals[i]), bold: true, fontSize: 12 },
        prev === undefined ? '–' : String(prev),
        diff === null ? '–' : diff > 0 ? `+${diff}` : String(diff),
        formatEuros(d.totals[i] * p.priceCents),
      ];
    }),
    footer: [['Total', '', '', '', '', formatEuros(d.amountCents)]],
    right: [2, 3, 4, 5],
  });
  const changes: Content = !d.previousOn
    ? { text: 'Première livraison du contrat.', style: 'small' }
    : d.changes.length === 0
      ? { text: `Aucun changement depuis le ${formatDayLong(d.previousOn)}.`, style: 'small' }
      : {
          ul: d.changes.map((c) => ({ text: [{ text: c.name, bold: true }, ` : ${changeText(P, c)}`] })),
          fontSize: 9.5,
        };
  const detail: Content = d.lines.length
    ? dataTable({
        widths: [140, ...P.map(() => (P.length > 4 ? 40 : 60)), '*'],
        header: ['Membre', ...P.map((p) => p.name), 'Note'],
        rows: d.lines.map((l) => [
          { text: l.name, bold: true },
          ...l.quantities.map((q) => (q ? String(q) : '')),
          { text: lineNote(l), fontSize: 8.5 },
        ]),
        footer: [[count(d.lines.length, 'membre'), ...d.totals.map(String), '']],
        right: P.map((_, i) => i + 1),
        fontSize: 9.5,
      })
    : { text: 'Personne ne reçoit rien à cette livraison.', italics: true };
  return [
    {
      text: capitalised(formatDayLong(d.deliveryOn)),
      fontSize: 14,
      bold: true,
      margin: [0, first ? 0 : 0, 0, 6],
      pageBreak: first ? undefined : 'before',
    },
    { text: 'À préparer', style: 'section', margin: [0, 4, 0, 6] },
    prepare,
    { text: d.previousOn ? `Changements depuis le ${formatDayLong(d.previousOn)}` : 'Changements', style: 'section' },
    changes,
    { text: `Détail par membre (${d.lines.length})`, style: 'section' },
    detail,
  ];
}

/** The document definition (exported for the bench, which times pdfmake alone on it). */
export function deliverySheetDefinition(data: DeliverySheetData, printedOn: string): TDocumentDefinitions {
  const days = data.days;
  const when =
    days.length === 0
      ? `Aucune livraison ${dateSpan(data.from, data.to)}`
      : days.length === 1
        ? `Livraison du ${formatDayLong(days[0].deliveryOn)}`
        : `${count(days.length, 'livraison')} ${dateSpan(days[0].deliveryOn, days[days.length - 1].deliveryOn)}`;
  const content: Content[] = days.length
    ? days.flatMap((d, i) => day(data, d, i === 0))
    : [{ text: 'Ce contrat n’a aucune livraison à ces dates.', italics: true }];
  return standardDocument(
    {
      amapName: data.amapName,
      title: TITLE,
      subtitle: [`${data.contractName} — ${data.producerName}`, when],
      printedOn,
    },
    content,
  );
}

export async function build(data: DeliverySheetData, printedOn: string): Promise<Document> {
  return {
    filename: `${deliveryFileStem(data)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(deliverySheetDefinition(data, printedOn)),
  };
}
