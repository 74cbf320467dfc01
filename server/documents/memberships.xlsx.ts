/** The memberships as a spreadsheet, with totals (all, received, to receive). */
import type { Document } from '../lib/document.js';
import { buildWorkbook, XLSX_CONTENT_TYPE } from '../lib/xlsx.js';
import { formatEuros, sumCents } from '../domain/money.js';
import {
  MEMBERSHIP_STATUS_LABELS,
  MEMBERSHIPS_HEADER,
  membershipsFileName,
  type MembershipsExport,
} from './memberships.data.js';
import { METHOD_LABELS } from '../features/memberships/memberships.forms.js';

/** The memberships as an .xlsx workbook, with totals (all, received, to receive). */
export async function build(data: MembershipsExport): Promise<Document> {
  const received = data.rows.filter((r) => r.status === 'received');
  const promised = data.rows.filter((r) => r.status === 'promised');
  const body = await buildWorkbook([
    {
      name: 'Adhésions',
      columns: [
        { header: MEMBERSHIPS_HEADER[0], width: 20 },
        { header: MEMBERSHIPS_HEADER[1], width: 18 },
        { header: MEMBERSHIPS_HEADER[2], width: 14 },
        { header: MEMBERSHIPS_HEADER[3], width: 26 },
        { header: MEMBERSHIPS_HEADER[4], width: 12, kind: 'euros' },
        { header: MEMBERSHIPS_HEADER[5], width: 16 },
        { header: MEMBERSHIPS_HEADER[6], width: 12 },
        { header: MEMBERSHIPS_HEADER[7], width: 12, kind: 'date' },
      ],
      rows: data.rows.map((r) => [
        r.periodName,
        r.lastName,
        r.firstName,
        r.email,
        r.amountCents,
        METHOD_LABELS[r.method],
        MEMBERSHIP_STATUS_LABELS[r.status],
        r.receivedOn,
      ]),
      totals: [`Total (${data.rows.length} adhésion${data.rows.length > 1 ? 's' : ''})`, '', '', '', { sum: true }],
      notes: [
        `Reçues : ${received.length}, ${formatEuros(sumCents(received.map((r) => r.amountCents)))}`,
        `À recevoir : ${promised.length}, ${formatEuros(sumCents(promised.map((r) => r.amountCents)))}`,
      ],
    },
  ]);
  return { filename: `${membershipsFileName(data)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
