/** Every cheque of the AMAP as CSV (`;`, UTF-8 with BOM); amounts as French decimals, dates as dd/mm/yyyy. */
import type { Document } from '../lib/document.js';
import { CSV_CONTENT_TYPE, writeCsv } from '../lib/csv.js';
import { STATUS_LABELS } from '../domain/cheque-status.js';
import { formatDateNumeric, formatDecimalEuros } from '../lib/format.js';
import { ALL_CHEQUES_HEADER, type AllChequesRow } from './all-cheques.data.js';

/** `today` (YYYY-MM-DD) names the file. */
export function build(rows: readonly AllChequesRow[], today = ''): Document {
  return {
    filename: `cheques${today ? `-${today}` : ''}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      ALL_CHEQUES_HEADER,
      rows.map((r) => [
        r.producerName,
        r.contractName,
        r.lastName,
        r.firstName,
        formatDateNumeric(r.dueOn),
        formatDecimalEuros(r.amountCents),
        STATUS_LABELS[r.status],
        r.bank,
        r.number,
        formatDateNumeric(r.receivedOn),
        formatDateNumeric(r.handedOverOn),
      ]),
    ),
  };
}
