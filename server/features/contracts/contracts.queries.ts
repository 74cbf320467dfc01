import { and, asc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import {
  cheques,
  contractProducts,
  contracts,
  deliveries,
  members,
  paymentDates,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { bool, ph, prepared } from '../../db/prepared.js';
import type { Actor } from '../../lib/context.js';
import { producerScope } from '../../domain/access.js';
import { contractSummaryColumns as summaryColumns, type ContractSummary } from '../../read/contract-summaries.js';

/** The contracts whose orders an actor may read (administrator, treasurer: all), newest season first. */
export function listManagedContracts(db: Db, actor: Actor): ContractSummary[] {
  const producerIds = producerScope(actor, 'see-orders');
  if (producerIds && producerIds.length === 0) return [];
  return db
    .select(summaryColumns)
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(producerIds ? inArray(contracts.producerId, producerIds) : undefined)
    .orderBy(
      sql`case ${contracts.status} when 'archived' then 1 else 0 end`,
      sql`${contracts.opensOn} desc`,
      asc(producers.name),
    )
    .all();
}

const catalogueColumns = {
  id: products.id,
  name: products.name,
  unit: products.unit,
  defaultPriceCents: products.defaultPriceCents,
  active: products.active,
};

/** Products of the producer's catalogue, for the contract's product form. */
export function catalogueOf(db: Db, producerId: number) {
  return prepared(db, 'contract-catalogue', () => ({
    fields: catalogueColumns,
    query: db
      .select(catalogueColumns)
      .from(products)
      .where(eq(products.producerId, ph('producerId')))
      .orderBy(asc(products.name)),
  })).all({ producerId });
}

type MemberName = { id: number; firstName: string; lastName: string };

/**
 * The referent's "subscribe for a member" picker: the active members without a subscription in
 * force on this contract (a subscriber's own is opened from the table of subscribers; one who
 * cancelled may subscribe again). On a big contract, most members are left out of the list.
 */
export function subscribableMembers(db: Db, contractId: number): MemberName[] {
  const names = prepared(db, 'contract-subscribable-members', () => {
    const sorted = db
      .select({ row: sql`json_array(${members.id}, ${members.firstName}, ${members.lastName})`.as('row') })
      .from(members)
      .where(
        and(
          eq(members.active, ph('active')),
          // One list of the contract's subscribers, probed by each member (member_id is never null), rather
          // than a look-up of each member's subscription row.
          sql`${members.id} not in (select ${subscriptions.memberId} from ${subscriptions}
            where ${subscriptions.contractId} = ${ph('contractId')} and ${subscriptions.status} = 'active')`,
        ),
      )
      .orderBy(asc(members.lastName), asc(members.firstName), asc(members.id))
      .as('sorted');
    // One row of JSON rather than a row per member (better-sqlite3 hands JavaScript each row and value
    // one at a time), strung together in the subquery's order: SQLite keeps it, and reads it from the
    // index of active members' names, with no sort.
    const fields = { names: sql<string | null>`'[' || group_concat(${sorted.row}) || ']'` };
    return { fields, query: db.select(fields).from(sorted) };
  }).get({ active: bool(true), contractId })!.names;
  if (names === null) return [];
  return (JSON.parse(names) as [number, string, string][]).map((n) => ({ id: n[0], firstName: n[1], lastName: n[2] }));
}

/** Producers the actor may create contracts for. */
export function manageableProducers(db: Db, actor: Actor) {
  const scope = producerScope(actor, 'manage-contracts');
  if (scope !== null && scope.length === 0) return [];
  return db
    .select({ id: producers.id, name: producers.name, payee: producers.payee })
    .from(producers)
    .where(and(eq(producers.active, true), scope === null ? undefined : inArray(producers.id, scope)))
    .orderBy(asc(producers.name))
    .all();
}

/** What can no longer be removed from a contract, because members ordered it or cheques use it. */
export interface RemovalBlockers {
  /** Deliveries with quantities on them (cancel them instead). */
  orderedDeliveryIds: number[];
  /** Contract products someone ordered. */
  orderedContractProductIds: number[];
  /** Payment dates some cheque was written for. */
  usedPaymentDateIds: number[];
}

const orderedDeliveryColumns = { id: deliveries.id };
const orderedProductColumns = { id: contractProducts.id };
/** A quantity line of this delivery and contract product. */
const quantityOf = (deliveryId: SQLWrapper, contractProductId: SQLWrapper) =>
  sql`exists (select 1 from ${subscriptionQuantities}
    where ${subscriptionQuantities.deliveryId} = ${deliveryId}
      and ${subscriptionQuantities.contractProductId} = ${contractProductId})`;
const usedDateColumns = { id: paymentDates.id };

/** Three queries for the whole contract, whatever the number of members. */
export function removalBlockers(db: Db, contractId: number): RemovalBlockers {
  // Index probes that stop at the first quantity line found: reading and grouping every line of the
  // season cost more than the rest of the contract page, and the page needs only which deliveries
  // and which products have one (not every pair of them).
  const orderedDeliveries = prepared(db, 'contract-ordered-deliveries', () => ({
    fields: orderedDeliveryColumns,
    query: db
      .select(orderedDeliveryColumns)
      .from(deliveries)
      .where(
        and(
          eq(deliveries.contractId, ph('contractId')),
          sql`exists (select 1 from ${contractProducts}
            where ${contractProducts.contractId} = ${deliveries.contractId}
              and ${quantityOf(deliveries.id, contractProducts.id)})`,
        ),
      ),
  })).all({ contractId });
  const orderedProducts = prepared(db, 'contract-ordered-products', () => ({
    fields: orderedProductColumns,
    query: db
      .select(orderedProductColumns)
      .from(contractProducts)
      .where(
        and(
          eq(contractProducts.contractId, ph('contractId')),
          sql`exists (select 1 from ${deliveries}
            where ${deliveries.contractId} = ${contractProducts.contractId}
              and ${quantityOf(deliveries.id, contractProducts.id)})`,
        ),
      ),
  })).all({ contractId });
  // Likewise one probe per payment date, not every cheque of the contract.
  const used = prepared(db, 'contract-used-payment-dates', () => ({
    fields: usedDateColumns,
    query: db
      .select(usedDateColumns)
      .from(paymentDates)
      .where(
        and(
          eq(paymentDates.contractId, ph('contractId')),
          sql`exists (select 1 from ${cheques} where ${cheques.paymentDateId} = ${paymentDates.id})`,
        ),
      ),
  })).all({ contractId });
  return {
    orderedDeliveryIds: orderedDeliveries.map((d) => d.id),
    orderedContractProductIds: orderedProducts.map((p) => p.id),
    usedPaymentDateIds: used.map((u) => u.id),
  };
}
