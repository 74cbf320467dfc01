/** The members list as CSV, with the same columns the import reads (a round trip works). */
import { CSV_CONTENT_TYPE, writeCsv } from '../lib/csv.js';
import type { Document } from '../lib/document.js';
import { IMPORT_COLUMNS } from '../domain/member-import.js';
import type { MemberCsvRow } from './members.data.js';

/** `today` (YYYY-MM-DD) names the file. */
export function build(rows: readonly MemberCsvRow[], today: string): Document {
  return {
    filename: `membres-${today}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      [...IMPORT_COLUMNS],
      rows.map((r) => [r.lastName, r.firstName, r.email, r.phone, r.phone2, r.address, r.postalCode, r.city]),
    ),
  };
}
