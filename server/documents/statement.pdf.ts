/**
 * A member's statement (récapitulatif) as an A4 PDF, to keep or to show a works council: per
 * contract, what was ordered, each cheque (month, bank, number, amount, status, day received, day
 * handed over to the producer), the credits and what is still due or owed back; then the totals.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Document } from '../lib/document.js';
import { dataTable, PDF_CONTENT_TYPE, renderPdf, standardDocument, type TDocumentDefinitions } from '../lib/pdf.js';
import { formatEuros } from '../domain/money.js';
import { monthLabel } from '../domain/cheque-grouping.js';
import { displayName, formatDateNumeric, formatDayLong, slug } from '../lib/format.js';
import type { StatementContract, StatementData } from './statement.data.js';
import { count, dateSpan } from './wording.js';

const TITLE = 'Récapitulatif des paiements';

const STATUS: Record<StatementContract['cheques'][number]['status'], string> = {
  promised: 'à remettre',
  received: 'reçu par l’AMAP',
  handed_over: 'remis au producteur',
  returned: 'rendu',
};

function contract(c: StatementContract): Content[] {
  const b = c.balance;
  const when = c.firstDelivery && c.lastDelivery ? ` · livraisons ${dateSpan(c.firstDelivery, c.lastDelivery)}` : '';
  const out: Content[] = [
    { text: `${c.contractName} — ${c.producerName}`, style: 'section' },
    { text: `${c.cancelled ? 'Souscription annulée' : 'Souscription'}${when}`, style: 'small', margin: [0, 0, 0, 4] },
  ];
  if (c.ordered.length)
    out.push(
      dataTable({
        widths: ['*', 120, 60, 80],
        header: ['Commandé', 'Unité', 'Quantité', 'Montant'],
        rows: c.ordered.map((o) => [o.name, o.unit, String(o.quantity), formatEuros(o.amountCents)]),
        footer: [['Total commandé', '', '', formatEuros(b.orderedCents)]],
        right: [2, 3],
        fontSize: 9,
      }),
    );
  else out.push({ text: 'Plus rien de commandé sur ce contrat.', italics: true, fontSize: 9 });
  if (!c.paymentsManaged) {
    out.push({
      text: 'Paiement réglé directement avec le producteur (pas de chèques suivis par l’AMAP).',
      fontSize: 9,
    });
    return out;
  }
  out.push({ text: `Chèques à l’ordre de ${c.payee}`, bold: true, fontSize: 9.5, margin: [0, 8, 0, 3] });
  const counted = c.cheques.filter((x) => x.status !== 'returned');
  out.push(
    c.cheques.length
      ? dataTable({
          widths: [72, '*', 62, 58, 78, 52, 52],
          header: ['Encaissement', 'Banque', 'N°', 'Montant', 'Statut', 'Reçu le', 'Remis le'],
          rows: c.cheques.map((x) => [
            monthLabel(x.dueOn),
            x.bank ?? '',
            x.number ?? '',
            formatEuros(x.amountCents),
            STATUS[x.status],
            formatDateNumeric(x.receivedOn),
            formatDateNumeric(x.handedOverOn),
          ]),
          footer: [
            [
              count(counted.length, 'chèque'),
              '',
              '',
              formatEuros(counted.reduce((a, x) => a + x.amountCents, 0)),
              '',
              '',
              '',
            ],
          ],
          right: [3],
          fontSize: 8.5,
        })
      : { text: 'Aucun chèque.', italics: true, fontSize: 9 },
  );
  for (const k of c.credits)
    out.push({
      text: `Avoir du ${formatDateNumeric(k.on)} : ${formatEuros(k.amountCents)} — ${k.reason}`,
      fontSize: 9,
      margin: [0, 4, 0, 0],
    });
  const lines = [
    `Payé (chèques reçus ou remis) : ${formatEuros(b.collectedCents)}`,
    b.creditCents ? `Avoirs : ${formatEuros(b.creditCents)}` : '',
    b.dueCents ? `Reste à payer : ${formatEuros(b.dueCents)}` : '',
    b.owedBackCents ? `L’AMAP vous doit ${formatEuros(b.owedBackCents)} sur ce contrat.` : '',
  ].filter(Boolean);
  out.push({ text: lines.join('   ·   '), fontSize: 9, bold: true, margin: [0, 5, 0, 0] });
  return out;
}

export function statementDefinition(data: StatementData, printedOn: string): TDocumentDefinitions {
  const cs = data.contracts;
  const sum = (f: (c: StatementContract) => number) => cs.reduce((a, c) => a + f(c), 0);
  const scope = 'season' in data.scope ? `Saison ${data.scope.season}` : `Contrat ${data.scope.contractName}`;
  const totals: Content[] =
    cs.length > 1
      ? [
          {
            unbreakable: true,
            stack: [
              { text: 'Total', style: 'section' },
              dataTable({
                widths: ['*', 90],
                header: ['', 'Montant'],
                rows: [
                  ['Commandé', formatEuros(sum((c) => c.balance.orderedCents))],
                  ['Payé (chèques reçus ou remis au producteur)', formatEuros(sum((c) => c.balance.collectedCents))],
                  ['Avoirs', formatEuros(sum((c) => c.balance.creditCents))],
                  ['Reste à payer', formatEuros(sum((c) => c.balance.dueCents))],
                  ['Dû par l’AMAP', formatEuros(sum((c) => c.balance.owedBackCents))],
                ],
                right: [1],
                fontSize: 9.5,
              }),
            ],
          },
        ]
      : [];
  return standardDocument(
    {
      amapName: data.amapName,
      title: TITLE,
      subtitle: [
        displayName(data),
        `${scope} · ${count(cs.length, 'contrat')}`,
        `Document établi le ${formatDayLong(printedOn)}`,
      ],
      printedOn,
    },
    [...cs.flatMap(contract), ...totals],
  );
}

export async function build(data: StatementData, printedOn: string): Promise<Document> {
  const what = 'season' in data.scope ? String(data.scope.season) : slug(data.scope.contractName);
  return {
    filename: `recapitulatif-${what}-${slug(`${data.lastName} ${data.firstName}`)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(statementDefinition(data, printedOn)),
  };
}
