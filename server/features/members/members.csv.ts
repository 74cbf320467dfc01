import { writeCsv } from '../../lib/csv.js';
import type { Document } from '../../lib/document.js';
import { IMPORT_COLUMNS } from '../../domain/member-import.js';

export interface MemberCsvRow {
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
}

/** The members list as CSV, with the same columns the import reads (a round trip works). */
export function buildMembersCsv(rows: MemberCsvRow[], today: string): Document {
  return {
    filename: `membres-${today}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: writeCsv(
      [...IMPORT_COLUMNS],
      rows.map((r) => [r.lastName, r.firstName, r.email, r.phone, r.phone2, r.address, r.postalCode, r.city]),
    ),
  };
}
