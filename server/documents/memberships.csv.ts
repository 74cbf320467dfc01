/** The memberships export as CSV. */
import type { Document } from '../lib/document.js';
import { CSV_CONTENT_TYPE, writeCsv } from '../lib/csv.js';
import { formatDateNumeric, formatDecimalEuros } from '../lib/format.js';
import {
  MEMBERSHIP_STATUS_LABELS,
  MEMBERSHIPS_HEADER,
  membershipsFileName,
  type MembershipsExport,
} from './memberships.data.js';
import { METHOD_LABELS } from '../features/memberships/memberships.forms.js';

/** The memberships as CSV (`;`, UTF-8 with BOM); amounts as French decimals, dates as dd/mm/yyyy. */
export function build(data: MembershipsExport): Document {
  return {
    filename: `${membershipsFileName(data)}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      MEMBERSHIPS_HEADER,
      data.rows.map((r) => [
        r.periodName,
        r.lastName,
        r.firstName,
        r.email,
        formatDecimalEuros(r.amountCents),
        METHOD_LABELS[r.method],
        MEMBERSHIP_STATUS_LABELS[r.status],
        formatDateNumeric(r.receivedOn),
      ]),
    ),
  };
}
