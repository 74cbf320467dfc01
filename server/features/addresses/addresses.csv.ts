/** The mailing list as CSV (name; e-mail; phones), for a spreadsheet or a mail client's import. */
import { CSV_CONTENT_TYPE, writeCsv } from '../../lib/csv.js';
import type { Document } from '../../lib/document.js';
import { sortName } from '../../lib/format.js';
import type { AudienceMember } from './addresses.queries.js';

export function phonesOf(m: Pick<AudienceMember, 'phone' | 'phone2'>): string {
  return [m.phone, m.phone2].filter(Boolean).join(' / ');
}

/** `today` (YYYY-MM-DD) names the file. */
export function build(people: readonly AudienceMember[], today: string): Document {
  return {
    filename: `adresses-${today}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      ['Nom', 'E-mail', 'Téléphones'],
      people.map((m) => [sortName(m), m.email ?? '', phonesOf(m)]),
    ),
  };
}
