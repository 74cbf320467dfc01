/**
 * The active subscribers of a contract with their contact details and season total, in name
 * order: what the subscriber list and the contract agreements print. One query.
 */
import { and, eq } from 'drizzle-orm';
import { members, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { byName } from '../lib/format.js';

export function contractSubscribers(db: Db, contractId: number, memberId?: number) {
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      phone2: members.phone2,
      address: members.address,
      postalCode: members.postalCode,
      city: members.city,
      totalCents: subscriptions.totalCents,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .where(
      and(
        eq(subscriptions.contractId, contractId),
        eq(subscriptions.status, 'active'),
        memberId === undefined ? undefined : eq(subscriptions.memberId, memberId),
      ),
    )
    .all()
    .sort(byName);
}
