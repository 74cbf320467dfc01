/** Every cheque of the AMAP as a spreadsheet, with the total and a count per status under it. */
import type { Document } from '../lib/document.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxColumn } from '../lib/xlsx.js';
import { CHEQUE_STATUSES, isActive, STATUS_LABELS } from '../domain/cheque-status.js';
import { formatEuros, sumCents } from '../domain/money.js';
import { ALL_CHEQUES_HEADER, type AllChequesRow } from './all-cheques.data.js';

/** Count and total per status, in the order of a cheque's life; statuses without a cheque left out. */
function perStatus(rows: readonly AllChequesRow[]) {
  return CHEQUE_STATUSES.map((status) => {
    const mine = rows.filter((r) => r.status === status);
    return { status, count: mine.length, totalCents: sumCents(mine.map((r) => r.amountCents)) };
  }).filter((s) => s.count > 0);
}

/** The cheques as an .xlsx workbook; `today` (YYYY-MM-DD) names the file. */
export async function build(rows: readonly AllChequesRow[], today = ''): Promise<Document> {
  const columns: XlsxColumn[] = [
    { header: ALL_CHEQUES_HEADER[0], width: 22 },
    { header: ALL_CHEQUES_HEADER[1], width: 24 },
    { header: ALL_CHEQUES_HEADER[2], width: 18 },
    { header: ALL_CHEQUES_HEADER[3], width: 14 },
    { header: ALL_CHEQUES_HEADER[4], width: 12, kind: 'date' },
    { header: ALL_CHEQUES_HEADER[5], width: 12, kind: 'euros' },
    { header: ALL_CHEQUES_HEADER[6], width: 20 },
    { header: ALL_CHEQUES_HEADER[7], width: 16 },
    { header: ALL_CHEQUES_HEADER[8], width: 14 },
    { header: ALL_CHEQUES_HEADER[9], width: 12, kind: 'date' },
    { header: ALL_CHEQUES_HEADER[10], width: 12, kind: 'date' },
  ];
  const counted = rows.filter((r) => isActive(r.status));
  const body = await buildWorkbook([
    {
      name: 'Chèques',
      landscape: true,
      columns,
      rows: rows.map((r) => [
        r.producerName,
        r.contractName,
        r.lastName,
        r.firstName,
        r.dueOn,
        r.amountCents,
        STATUS_LABELS[r.status],
        r.bank,
        r.number,
        r.receivedOn,
        r.handedOverOn,
      ]),
      totals: [
        `Total (${counted.length} chèques, hors annulés et rendus)`,
        '',
        '',
        '',
        '',
        sumCents(counted.map((r) => r.amountCents)),
      ],
      notes: perStatus(rows).map(
        (s) => `${STATUS_LABELS[s.status]} : ${s.count} chèque${s.count > 1 ? 's' : ''}, ${formatEuros(s.totalCents)}`,
      ),
    },
  ]);
  return { filename: `cheques${today ? `-${today}` : ''}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
