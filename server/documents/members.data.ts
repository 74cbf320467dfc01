/** The data of the members export: every member's name and contact details, by name. */
import { members } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { byName } from '../lib/format.js';

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

/** Every member, active or not, in French alphabetical order. One query. */
export function membersExportData(db: Db): MemberCsvRow[] {
  return db
    .select({
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      phone2: members.phone2,
      address: members.address,
      postalCode: members.postalCode,
      city: members.city,
    })
    .from(members)
    .all()
    .sort(byName);
}
