/**
 * What the capacity rules need, read in a few set-based queries: the places taken per delivery
 * and product, and the waiting list of a contract.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { members, subscriptionQuantities, subscriptions, waitingListEntries } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { placeKey } from '../../domain/capacity.js';
import type { Entry } from '../../domain/waiting-list.js';
import type { ContractBundle } from '../../read/contract-bundle.js';

/** Capped products of a contract: contract product id → places per delivery. */
export function capacitiesOf(bundle: ContractBundle): Map<number, number> {
  return new Map(bundle.products.filter((p) => p.capacity !== null).map((p) => [p.id, p.capacity!]));
}

/**
 * Σ quantities of the contract's active subscriptions per delivery and capped product (placeKey),
 * leaving out one subscription (the one being changed). One query.
 */
export function placesTaken(db: Db, bundle: ContractBundle, exceptSubscriptionId: number | null): Map<string, number> {
  const capped = [...capacitiesOf(bundle).keys()];
  if (capped.length === 0) return new Map();
  const rows = db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
      taken: sql<number>`sum(${subscriptionQuantities.quantity})`,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .where(
      and(
        eq(subscriptions.contractId, bundle.contract.id),
        eq(subscriptions.status, 'active'),
        inArray(subscriptionQuantities.contractProductId, capped),
        exceptSubscriptionId === null ? undefined : ne(subscriptions.id, exceptSubscriptionId),
      ),
    )
    .groupBy(subscriptionQuantities.deliveryId, subscriptionQuantities.contractProductId)
    .all();
  return new Map(rows.map((r) => [placeKey(r.deliveryId, r.contractProductId), r.taken]));
}

export interface ListedEntry extends Entry {
  firstName: string;
  lastName: string;
  email: string | null;
  offeredOn: string | null;
  createdAt: string;
}

/** Every entry of the contract's waiting list (any status), with the member's name. One query. */
export function waitingEntries(db: Db, contractId: number): ListedEntry[] {
  return db
    .select({
      id: waitingListEntries.id,
      memberId: waitingListEntries.memberId,
      contractProductId: waitingListEntries.contractProductId,
      position: waitingListEntries.position,
      status: waitingListEntries.status,
      offeredOn: waitingListEntries.offeredOn,
      offerExpiresOn: waitingListEntries.offerExpiresOn,
      createdAt: waitingListEntries.createdAt,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
    })
    .from(waitingListEntries)
    .innerJoin(members, eq(members.id, waitingListEntries.memberId))
    .where(eq(waitingListEntries.contractId, contractId))
    .orderBy(asc(waitingListEntries.position), asc(waitingListEntries.id))
    .all();
}

/** The contracts with someone in their waiting list (the task's round goes through them). One query. */
export function contractsWithWaitingList(db: Db): number[] {
  return db
    .selectDistinct({ contractId: waitingListEntries.contractId })
    .from(waitingListEntries)
    .where(inArray(waitingListEntries.status, ['waiting', 'offered']))
    .all()
    .map((r) => r.contractId);
}

/** The member's entries in every waiting list, active ones only ("Mes contrats"). One query. */
const memberEntryColumns = { contractId: waitingListEntries.contractId };

export function memberWaitingEntries(db: Db, memberId: number) {
  // "Mes contrats" asks at every view, and almost always finds nothing: prepared once.
  return prepared(db, 'member-waiting-entries', () => ({
    fields: memberEntryColumns,
    query: db
      .select(memberEntryColumns)
      .from(waitingListEntries)
      .where(
        and(
          eq(waitingListEntries.memberId, ph('memberId')),
          inArray(waitingListEntries.status, ['waiting', 'offered']),
        ),
      ),
  }))
    .all({ memberId })
    .map((r) => r.contractId);
}

/** The member's subscription to the contract and its stored quantities: id null when none. Two queries. */
export function ownQuantities(db: Db, contractId: number, memberId: number) {
  const sub = db
    .select({ id: subscriptions.id, status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
    .get();
  if (!sub) return { subscriptionId: null, lines: [] };
  const lines =
    sub.status === 'active'
      ? db
          .select({
            deliveryId: subscriptionQuantities.deliveryId,
            contractProductId: subscriptionQuantities.contractProductId,
            quantity: subscriptionQuantities.quantity,
          })
          .from(subscriptionQuantities)
          .where(eq(subscriptionQuantities.subscriptionId, sub.id))
          .all()
      : [];
  return { subscriptionId: sub.id, lines };
}
