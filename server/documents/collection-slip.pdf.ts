/**
 * "Bordereau de collecte" of a contract: for each member who still has cheques to bring (promised,
 * not yet received), which cheques, for how much, when they are cashed, and a box to tick at the
 * distribution. Members with nothing left to bring are left out; sorted by last name.
 */
import type { Document } from '../lib/document.js';
import {
  dataTable,
  PDF_CONTENT_TYPE,
  renderPdf,
  standardDocument,
  tickBox,
  type Content,
  type TableCell,
} from '../lib/pdf.js';
import { formatEuros } from '../domain/money.js';
import { groupChequesByAmount, monthLabel, monthsLabel } from '../domain/cheque-grouping.js';
import { slug } from '../lib/format.js';
import type { CollectionSlipData } from './collection-slip.data.js';

function chequesWord(n: number): string {
  return `${n} chèque${n > 1 ? 's' : ''}`;
}

/** "3 chèques de 76,00 €, de juin à août 2027" */
function groupLine(g: { count: number; amountCents: number; dueOns: string[] }): string {
  return `${chequesWord(g.count)} de ${formatEuros(g.amountCents)}, ${monthsLabel(g.dueOns)}`;
}

/** The slip as an A4 PDF; `printedAt` is the day printed (YYYY-MM-DD). */
export async function build(data: CollectionSlipData, printedAt: string): Promise<Document> {
  const title = 'Bordereau de collecte des chèques';
  const rows: TableCell[][] = data.members.map((m) => [
    { text: m.name, bold: true },
    { stack: groupChequesByAmount(m.cheques).map(groupLine) },
    String(m.cheques.length),
    formatEuros(m.totalCents),
    tickBox(11),
  ]);
  const content: Content[] = data.members.length
    ? [
        dataTable({
          widths: [130, '*', 30, 62, 34],
          header: ['Membre', 'Chèques à apporter', 'Nb', 'Total', 'Reçu'],
          rows,
          footer: [
            [
              `Total : ${data.members.length} membre${data.members.length > 1 ? 's' : ''}`,
              '',
              String(data.count),
              formatEuros(data.totalCents),
              '',
            ],
          ],
          right: [2, 3],
          center: [4],
        }),
        { text: 'Par date d’encaissement', style: 'section' },
        {
          ...dataTable({
            widths: [150, 70, 90],
            header: ['Encaissement', 'Chèques', 'Montant'],
            rows: data.byDate.map((d) => [monthLabel(d.dueOn), String(d.count), formatEuros(d.totalCents)]),
            footer: [['Total', String(data.count), formatEuros(data.totalCents)]],
            right: [1, 2],
          }),
          unbreakable: true,
        },
      ]
    : [{ text: 'Tous les chèques de ce contrat ont été reçus : il n’y a rien à collecter.', italics: true }];
  const doc = standardDocument(
    {
      amapName: data.amapName,
      title,
      printedOn: printedAt,
      subtitle: [
        `Contrat : ${data.contractName} — ${data.producerName}`,
        `Chèques à l’ordre de : ${data.payee}`,
        `Restent à collecter : ${chequesWord(data.count)}, ${formatEuros(data.totalCents)}`,
      ],
    },
    content,
  );
  return {
    filename: `bordereau-collecte-${slug(data.contractName)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
