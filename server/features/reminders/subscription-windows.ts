/**
 * The contracts whose subscription window a reminder speaks of, and who to tell: shared by the
 * window-opening and window-closing tasks. Set-based: three queries whatever the number of members.
 */
import { and, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import { contracts, members, producers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

export interface WindowContract {
  id: number;
  name: string;
  producerId: number;
  producerName: string;
  opensOn: string;
  closesOn: string;
}

/** Open contracts whose window opens (field `opensOn`) or closes (`closesOn`) between two days. */
export function contractsWindow(
  db: Db,
  field: 'opensOn' | 'closesOn',
  from: string,
  to: string,
  today: string,
): WindowContract[] {
  return db
    .select({
      id: contracts.id,
      name: contracts.name,
      producerId: producers.id,
      producerName: producers.name,
      opensOn: contracts.opensOn,
      closesOn: contracts.closesOn,
    })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(
      and(
        eq(contracts.status, 'open'),
        gte(contracts[field], from),
        lte(contracts[field], to),
        lte(contracts.opensOn, today),
        gte(contracts.closesOn, today),
      ),
    )
    .orderBy(contracts.id)
    .all();
}

export function activeMemberIds(db: Db): number[] {
  return db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.active, true))
    .all()
    .map((m) => m.id);
}

/** Contract id → members with an active subscription to it. */
export function subscribersOf(db: Db, contractIds: number[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>(contractIds.map((id) => [id, new Set()]));
  if (contractIds.length === 0) return out;
  for (const s of db
    .select({ contractId: subscriptions.contractId, memberId: subscriptions.memberId })
    .from(subscriptions)
    .where(and(inArray(subscriptions.contractId, contractIds), eq(subscriptions.status, 'active')))
    .all())
    out.get(s.contractId)!.add(s.memberId);
  return out;
}

/**
 * Producer id → members who subscribed to another contract of that producer before (active or
 * cancelled later: they knew the producer), excluding the contracts given.
 */
export function previousSubscribersOf(
  db: Db,
  producerIds: number[],
  excludeContractIds: number[],
): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>(producerIds.map((id) => [id, new Set()]));
  if (producerIds.length === 0) return out;
  for (const s of db
    .select({ producerId: contracts.producerId, memberId: subscriptions.memberId, contractId: contracts.id })
    .from(subscriptions)
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .where(and(inArray(contracts.producerId, producerIds), ne(contracts.status, 'draft')))
    .all())
    if (!excludeContractIds.includes(s.contractId)) out.get(s.producerId)!.add(s.memberId);
  return out;
}
