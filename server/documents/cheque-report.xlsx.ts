/**
 * Cheque report of a contract, as a spreadsheet:
 * - "Grille": one row per member, one column per payment date, the amount of the cheque coloured
 *   by its status, totals per month and per member;
 * - "Chèques": one row per cheque with its status, bank, number and dates;
 * - "Synthèse": per payment date, what is ordered, still to collect, received and handed over.
 */
import type { Document } from '../lib/document.js';
import { isActive, STATUS_LABELS, type ChequeStatus } from '../domain/cheque-status.js';
import { formatEuros, sumCents } from '../domain/money.js';
import { monthLabel } from '../domain/cheque-grouping.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxCell, type XlsxSheet, type XlsxValue } from '../lib/xlsx.js';
import { slug } from '../lib/format.js';
import type { ChequeReportData } from './cheque-report.data.js';

/** Cell colours of the grid, by status (ARGB). */
export const STATUS_FILLS: Record<'promised' | 'received' | 'handed_over', string> = {
  promised: 'FFFFF2CC',
  received: 'FFD9EAD3',
  handed_over: 'FFCFE2F3',
};

const EMPTY_TOTALS = () => ({ count: 0, ordered: 0, promised: 0, received: 0, handedOver: 0 });

function gridSheet(data: ChequeReportData): XlsxSheet {
  const active = data.cheques.filter((c) => isActive(c.status) && c.amountCents !== 0);
  const cell = new Map<string, { amountCents: number; statuses: Set<ChequeStatus> }>();
  for (const c of active) {
    const key = `${c.memberId}:${c.paymentDateId}`;
    const v = cell.get(key) ?? { amountCents: 0, statuses: new Set() };
    v.amountCents += c.amountCents;
    v.statuses.add(c.status);
    cell.set(key, v);
  }
  const rows = data.members
    .filter((m) => m.subscriptionStatus === 'active' || active.some((c) => c.memberId === m.memberId))
    .map((m) => {
      let total = 0;
      const amounts = data.paymentDates.map((d): XlsxCell | null => {
        const v = cell.get(`${m.memberId}:${d.id}`);
        if (!v) return null;
        total += v.amountCents;
        // One status per cell in practice; should two cheques share a date, the least advanced shows.
        const status = (['promised', 'received', 'handed_over'] as const).find((s) => v.statuses.has(s))!;
        return { value: v.amountCents, fill: STATUS_FILLS[status] };
      });
      const name = m.subscriptionStatus === 'cancelled' ? `${m.firstName} (résilié)` : m.firstName;
      return [m.lastName, name, ...amounts, total];
    });
  return {
    name: 'Grille',
    landscape: true,
    columns: [
      { header: 'Nom', width: 20 },
      { header: 'Prénom', width: 16 },
      ...data.paymentDates.map((d) => ({ header: monthLabel(d.dueOn), width: 13, kind: 'euros' as const })),
      { header: 'Total', width: 14, kind: 'euros' },
    ],
    rows,
    totals: ['Total', '', ...data.paymentDates.map(() => ({ sum: true as const })), { sum: true }],
    notes: [
      `${data.contractName} — ${data.producerName}, chèques à l’ordre de ${data.payee}`,
      { value: 'promis (à collecter)', fill: STATUS_FILLS.promised },
      { value: 'reçu', fill: STATUS_FILLS.received },
      { value: 'remis au producteur', fill: STATUS_FILLS.handed_over },
    ],
  };
}

function chequesSheet(data: ChequeReportData): XlsxSheet {
  const names = new Map(data.members.map((m) => [m.memberId, m]));
  const order = new Map(data.members.map((m, i) => [m.memberId, i]));
  const sorted = [...data.cheques].sort(
    (a, b) => order.get(a.memberId)! - order.get(b.memberId)! || a.dueOn.localeCompare(b.dueOn),
  );
  const counted = sorted.filter((c) => isActive(c.status));
  return {
    name: 'Chèques',
    columns: [
      { header: 'Nom', width: 20 },
      { header: 'Prénom', width: 16 },
      { header: 'Échéance', width: 12, kind: 'date' },
      { header: 'Montant', width: 12, kind: 'euros' },
      { header: 'Statut', width: 20 },
      { header: 'Banque', width: 18 },
      { header: 'N° de chèque', width: 14 },
      { header: 'Reçu le', width: 12, kind: 'date' },
      { header: 'Remis le', width: 12, kind: 'date' },
    ],
    rows: sorted.map((c): XlsxValue[] => {
      const m = names.get(c.memberId);
      return [
        m?.lastName ?? '',
        m?.firstName ?? '',
        c.dueOn,
        c.amountCents,
        STATUS_LABELS[c.status],
        c.bank,
        c.number,
        c.receivedAt,
        c.handedOverAt,
      ];
    }),
    totals: [
      `Total (${counted.length} chèques, hors annulés et rendus)`,
      '',
      '',
      sumCents(counted.map((c) => c.amountCents)),
    ],
  };
}

function summarySheet(data: ChequeReportData): XlsxSheet {
  const perDate = new Map(data.paymentDates.map((d) => [d.id, EMPTY_TOTALS()]));
  for (const c of data.cheques) {
    const t = perDate.get(c.paymentDateId);
    if (!t || !isActive(c.status) || c.amountCents === 0) continue;
    t.count++;
    t.ordered += c.amountCents;
    if (c.status === 'promised') t.promised += c.amountCents;
    if (c.status === 'received') t.received += c.amountCents;
    if (c.status === 'handed_over') t.handedOver += c.amountCents;
  }
  const ordered = sumCents(data.members.filter((m) => m.subscriptionStatus === 'active').map((m) => m.orderedCents));
  const inCheques = sumCents([...perDate.values()].map((t) => t.ordered));
  const active = data.members.filter((m) => m.subscriptionStatus === 'active').length;
  const notes = [
    `Souscriptions actives : ${active}`,
    `Total commandé (souscriptions actives) : ${formatEuros(ordered)}`,
    `Total des chèques (promis, reçus et remis) : ${formatEuros(inCheques)}`,
  ];
  if (ordered !== inCheques) notes.push(`Écart entre commandes et chèques : ${formatEuros(inCheques - ordered)}`);
  return {
    name: 'Synthèse',
    columns: [
      { header: 'Encaissement', width: 18 },
      { header: 'Échéance', width: 12, kind: 'date' },
      { header: 'Chèques', width: 10, kind: 'integer' },
      { header: 'Montant attendu', width: 16, kind: 'euros' },
      { header: 'À collecter (promis)', width: 18, kind: 'euros' },
      { header: 'Reçu (en caisse)', width: 16, kind: 'euros' },
      { header: 'Remis au producteur', width: 18, kind: 'euros' },
    ],
    rows: data.paymentDates.map((d) => {
      const t = perDate.get(d.id)!;
      return [monthLabel(d.dueOn), d.dueOn, t.count, t.ordered, t.promised, t.received, t.handedOver];
    }),
    totals: ['Total', '', { sum: true }, { sum: true }, { sum: true }, { sum: true }, { sum: true }],
    notes,
  };
}

/** The report as an .xlsx workbook: "Grille", "Chèques" and "Synthèse". */
export async function build(data: ChequeReportData): Promise<Document> {
  return {
    filename: `cheques-${slug(data.contractName)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: await buildWorkbook([gridSheet(data), chequesSheet(data), summarySheet(data)], { creator: data.amapName }),
  };
}
