/**
 * The contract agreement (contrat d'engagement) to sign, one member per page: the parties (AMAP,
 * producer, member), the contract's text, what the member ordered, the total, the payment schedule
 * and where to bring the cheques, then two signature boxes. A fixed contract fits on one A4 page;
 * a variable one lists its dates and may take two.
 */
import type { Content, ContentTable, CustomTableLayout, TableCell } from 'pdfmake/interfaces.js';
import type { Document } from '../lib/document.js';
import {
  dataTable,
  GREY,
  PDF_CONTENT_TYPE,
  renderPdf,
  standardDocument,
  type TDocumentDefinitions,
} from '../lib/pdf.js';
import { formatEuros } from '../domain/money.js';
import { monthLabel } from '../domain/cheque-grouping.js';
import { displayName, formatDayLong, formatDayShort, slug } from '../lib/format.js';
import type { AgreementData, MemberAgreement } from './agreement.data.js';
import { count, dateSpan } from './wording.js';

const TITLE = 'Contrat d’engagement';

/** A data table with less padding: the agreement of a fixed contract must hold on one page. */
function tight(t: ContentTable): ContentTable {
  const layout = t.layout as CustomTableLayout;
  return { ...t, layout: { ...layout, paddingTop: () => 2, paddingBottom: () => 2 } };
}

function party(title: string, lines: (string | null | undefined)[]): Content {
  return {
    stack: [
      { text: title, bold: true, fontSize: 9, color: GREY, margin: [0, 0, 0, 2] },
      ...lines.filter((l): l is string => !!l).map((l, i): Content => ({ text: l, bold: i === 0 })),
    ],
    fontSize: 9,
  };
}

function memberLines(a: MemberAgreement): string[] {
  const d = a.details;
  if (!d) return [displayName(a)];
  const town = [d.postalCode, d.city].filter(Boolean).join(' ');
  const phones = [d.phone, d.phone2].filter(Boolean).join(' · ');
  return [displayName(a), d.address ?? '', town, phones, d.email ?? ''].filter(Boolean);
}

function order(data: AgreementData, a: MemberAgreement): Content[] {
  const o = a.order;
  if (o.kind === 'compact') {
    const at = o.deliveries === data.deliveries.length ? 'à chacune des' : 'à chacune de ses';
    return o.items.map((i) => {
      const p = data.products[i.productIndex];
      return {
        text: [
          { text: `${i.quantity} × ${p.name}`, bold: true },
          ` (${p.unit}, ${formatEuros(p.priceCents)}) ${at} ${count(o.deliveries, 'livraison')}, ${dateSpan(o.from, o.to)}`,
        ],
        margin: [0, 0, 0, 2],
      };
    });
  }
  if (o.rows.length === 0) return [{ text: 'Aucune quantité commandée.', italics: true }];
  const used = data.products.map((_, p) => o.rows.some((r) => r.quantities[p] > 0));
  const shown = data.products.map((p, i) => ({ p, i })).filter((x) => used[x.i]);
  // Short dates side by side in two tables when few products: a season of Thursdays stays on the page.
  const split = shown.length <= 2 && o.rows.length > 6;
  const table = (rows: typeof o.rows) =>
    tight(
      dataTable({
        widths: ['*', ...shown.map(() => (split ? 48 : 75)), split ? 55 : 70],
        header: ['Livraison', ...shown.map((x) => x.p.name), 'Montant'],
        rows: rows.map((r) => [
          split ? formatDayShort(r.deliveryOn) : formatDayLong(r.deliveryOn),
          ...shown.map((x) => String(r.quantities[x.i] || '')),
          formatEuros(r.amountCents),
        ]),
        right: [...shown.map((_, k) => k + 1), shown.length + 1],
        fontSize: 8.5,
      }),
    );
  const prices = shown.map((x) => `${x.p.name} (${x.p.unit}) : ${formatEuros(x.p.priceCents)}`).join(' · ');
  const half = Math.ceil(o.rows.length / 2);
  return [
    { text: `Prix : ${prices}`, fontSize: 8.5, margin: [0, 0, 0, 3] },
    split ? { columns: [table(o.rows.slice(0, half)), table(o.rows.slice(half))], columnGap: 14 } : table(o.rows),
  ];
}

function schedule(data: AgreementData, a: MemberAgreement): Content[] {
  if (!data.paymentsManaged)
    return [{ text: data.paymentInfo || 'Le paiement se règle directement avec le producteur.', fontSize: 9 }];
  if (a.schedule.length === 0) return [{ text: 'Aucun chèque.', italics: true, fontSize: 9 }];
  const where = data.amap.distribution
    ? `Chèques à remettre à l’AMAP à la distribution : ${data.amap.distribution}.`
    : '';
  const total = a.schedule.reduce((t, s) => t + s.amountCents, 0);
  const lines = (list: typeof a.schedule, footer: boolean) =>
    tight(
      dataTable({
        widths: ['*', 80],
        header: ['Encaissement', 'Montant'],
        rows: list.map((s) => [monthLabel(s.dueOn), formatEuros(s.amountCents)]),
        footer: footer ? [[count(a.schedule.length, 'chèque'), formatEuros(total)]] : [],
        right: [1],
        fontSize: 8.5,
      }),
    );
  // Up to six cheques in one table; more in two side by side, the total under the second.
  const half = a.schedule.length > 6 ? Math.ceil(a.schedule.length / 2) : a.schedule.length;
  const tables: Content =
    half < a.schedule.length
      ? { columns: [lines(a.schedule.slice(0, half), false), lines(a.schedule.slice(half), true)], columnGap: 14 }
      : { columns: [lines(a.schedule, true), { text: '' }], columnGap: 14 };
  return [
    {
      text: [`${count(a.schedule.length, 'chèque')} à l’ordre de `, { text: data.producer.payee, bold: true }],
      fontSize: 9.5,
      margin: [0, 0, 0, 3],
    },
    { ...tables, unbreakable: true } as Content,
    ...(where ? [{ text: where, fontSize: 8.5, margin: [0, 4, 0, 0] } as Content] : []),
    ...(data.memberInfo
      ? [{ text: data.memberInfo, fontSize: 8.5, color: GREY, margin: [0, 2, 0, 0] } as Content]
      : []),
  ];
}

function signature(who: string): TableCell {
  return {
    stack: [
      { text: who, bold: true, fontSize: 9 },
      { text: 'Fait à …………………………………, le ……………………', fontSize: 9, margin: [0, 10, 0, 0] },
      { text: 'Signature', fontSize: 8, color: GREY, margin: [0, 8, 0, 42] },
    ],
  };
}

function agreement(data: AgreementData, a: MemberAgreement, index: number): Content[] {
  const D = data.deliveries;
  const p = data.producer;
  return [
    {
      text: `${data.contractName} — ${displayName(a)}`,
      fontSize: 13,
      bold: true,
      margin: [0, 0, 0, 2],
      pageBreak: index > 0 ? 'before' : undefined,
    },
    D.length
      ? {
          text: `${count(D.length, 'livraison')} ${dateSpan(D[0], D[D.length - 1])}`,
          fontSize: 9.5,
          margin: [0, 0, 0, 8],
        }
      : { text: '', margin: [0, 0, 0, 8] },
    {
      columns: [
        party('L’AMAP', [
          data.amap.name,
          data.amap.city,
          data.amap.distribution ? `Distribution : ${data.amap.distribution}` : null,
        ]),
        party('Le producteur', [
          p.name,
          p.address,
          [p.phone, p.email].filter(Boolean).join(' · '),
          `Chèques à l’ordre de : ${p.payee}`,
        ]),
        party('L’amapien·ne', memberLines(a)),
      ],
      columnGap: 14,
      margin: [0, 0, 0, 4],
    },
    { text: 'Engagements', style: 'section', margin: [0, 8, 0, 3] },
    ...data.conditions.map((c): Content => ({ text: c, fontSize: 8.5, margin: [0, 0, 0, 3], alignment: 'justify' })),
    { text: 'Commande', style: 'section', margin: [0, 8, 0, 3] },
    ...order(data, a),
    {
      text: [
        { text: 'Total de la saison : ', bold: true },
        { text: formatEuros(a.totalCents), bold: true },
      ],
      margin: [0, 4, 0, 0],
    },
    { text: 'Échéancier', style: 'section', margin: [0, 8, 0, 3] },
    ...schedule(data, a),
    {
      table: { widths: ['*', '*'], body: [[signature('L’amapien·ne'), signature('Le producteur')]] },
      layout: {
        hLineWidth: () => 0.8,
        vLineWidth: () => 0.8,
        hLineColor: () => '#444444',
        vLineColor: () => '#444444',
        paddingLeft: () => 8,
        paddingTop: () => 6,
      },
      margin: [0, 12, 0, 0],
      unbreakable: true,
    },
  ];
}

export function agreementDefinition(data: AgreementData, printedOn: string): TDocumentDefinitions {
  const content: Content[] = data.agreements.length
    ? data.agreements.flatMap((a, i) => agreement(data, a, i))
    : [
        { text: `${data.contractName} — ${data.producer.name}`, bold: true, margin: [0, 0, 0, 6] },
        { text: 'Aucun membre n’a souscrit à ce contrat pour l’instant.', italics: true },
      ];
  const doc = standardDocument({ amapName: data.amap.name, title: TITLE, printedOn }, content);
  // The page heading is the title once; each agreement has its own heading below it.
  doc.pageMargins = [40, 44, 40, 40];
  return doc;
}

export async function build(data: AgreementData, printedOn: string): Promise<Document> {
  const one = data.agreements.length === 1 ? data.agreements[0] : null;
  const filename = one
    ? `contrat-${slug(data.contractName)}-${slug(`${one.lastName} ${one.firstName}`)}.pdf`
    : `contrats-${slug(data.contractName)}.pdf`;
  return { filename, contentType: PDF_CONTENT_TYPE, body: await renderPdf(agreementDefinition(data, printedOn)) };
}
