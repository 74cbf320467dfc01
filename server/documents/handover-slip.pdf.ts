/**
 * "Bordereau de remise de chèques": what the treasurer gives the producer with the cheques of one
 * contract and one payment date, signed by both. One line per cheque, the count and the total.
 */
import type { Document } from '../lib/document.js';
import { dataTable, GREY, PDF_CONTENT_TYPE, renderPdf, standardDocument, type Content } from '../lib/pdf.js';
import { formatEuros } from '../domain/money.js';
import { monthLabel } from '../domain/cheque-grouping.js';
import { formatDateNumeric, slug } from '../lib/format.js';
import type { HandoverSlipData } from './handover-slip.data.js';

function chequesWord(n: number): string {
  return `${n} chèque${n > 1 ? 's' : ''}`;
}

function signatureBox(title: string, name: string): Content {
  return {
    table: {
      widths: ['*'],
      heights: [14, 16, 70],
      body: [
        [{ text: title, bold: true, fontSize: 11 }],
        [{ text: name ? `Nom : ${name}` : 'Nom :', fontSize: 9, color: GREY }],
        [{ text: 'Date et signature :', fontSize: 9, color: GREY }],
      ],
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : 0),
      vLineWidth: () => 0.8,
      paddingLeft: () => 8,
      paddingRight: () => 8,
      paddingTop: () => 6,
      paddingBottom: () => 4,
    },
  };
}

/** The slip as an A4 PDF; `printedAt` is the day printed (YYYY-MM-DD). Used by the download and the mail. */
export async function build(data: HandoverSlipData, printedAt: string): Promise<Document> {
  const title = 'Bordereau de remise de chèques';
  const rows = data.cheques.map((c, i) => [
    String(i + 1),
    c.memberName,
    c.bank ?? '',
    c.number ?? '',
    formatEuros(c.amountCents),
  ]);
  const content: Content[] = [];
  if (data.undoneOn) {
    content.push({
      text: `Remise de ${chequesWord(data.count)} (${formatEuros(data.totalCents)}) annulée le ${formatDateNumeric(data.undoneOn)} : ce bordereau n’est plus valable.`,
      bold: true,
      color: '#b00020',
      margin: [0, 0, 0, 10],
    });
  }
  if (data.cheques.length) {
    content.push(
      dataTable({
        widths: [22, '*', 150, 80, 70],
        header: ['N°', 'Membre', 'Banque', 'N° de chèque', 'Montant'],
        rows,
        footer: [
          [
            { text: 'Total', colSpan: 2, alignment: 'left' },
            {},
            { text: chequesWord(data.count), colSpan: 2 },
            {},
            formatEuros(data.totalCents),
          ],
        ],
        right: [0, 4],
        fontSize: 9.5,
      }),
    );
  } else {
    content.push({
      text: data.undoneOn ? 'Les chèques de cette remise sont revenus en caisse.' : 'Aucun chèque dans cette remise.',
      italics: true,
    });
  }
  if (!data.undoneOn) {
    content.push({
      // The acknowledgement and both signatures stay together on one page.
      unbreakable: true,
      stack: [
        {
          text: [
            'Le producteur reconnaît avoir reçu ',
            { text: chequesWord(data.count), bold: true },
            ' pour un montant total de ',
            { text: formatEuros(data.totalCents), bold: true },
            `, à l’ordre de ${data.payee}.`,
          ],
          margin: [0, 14, 0, 14],
        },
        {
          columns: [signatureBox('Pour l’AMAP', data.handedOverBy), signatureBox('Pour le producteur', '')],
          columnGap: 24,
        },
      ],
    });
  }
  const doc = standardDocument(
    {
      amapName: data.amapName,
      title,
      printedOn: printedAt,
      subtitle: [
        `Producteur : ${data.producerName}`,
        `Contrat : ${data.contractName}`,
        `Chèques à l’ordre de : ${data.payee}`,
        `Encaissement : ${monthLabel(data.dueOn)} (échéance du ${formatDateNumeric(data.dueOn)})`,
        `Remis le ${formatDateNumeric(data.handedOverOn)}${data.handedOverBy ? ` par ${data.handedOverBy}` : ''}`,
      ],
    },
    content,
  );
  return {
    filename: `bordereau-remise-${slug(data.contractName)}-${data.dueOn.slice(0, 7)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
