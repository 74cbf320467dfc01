import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  cheques,
  contractProducts,
  contracts,
  deliveries,
  paymentDates,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
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

export interface ContractStats {
  subscriberCount: number;
  totalCents: number;
  chequesExpected: number;
  chequesExpectedCents: number;
  chequesReceived: number;
  chequesReceivedCents: number;
}

const subscriberTotals = {
  n: sql<number>`count(*)`,
  total: sql<number>`coalesce(sum(${subscriptions.totalCents}), 0)`,
};
const chequeTotals = {
  expected: sql<number>`coalesce(sum(${cheques.status} in ('promised','received','handed_over')), 0)`,
  expectedCents: sql<number>`coalesce(sum(case when ${cheques.status} in ('promised','received','handed_over') then ${cheques.amountCents} end), 0)`,
  received: sql<number>`coalesce(sum(${cheques.status} in ('received','handed_over')), 0)`,
  receivedCents: sql<number>`coalesce(sum(case when ${cheques.status} in ('received','handed_over') then ${cheques.amountCents} end), 0)`,
};

export function contractStats(db: Db, contractId: number): ContractStats {
  const s = prepared(db, 'contract-stats-subscriptions', () => ({
    fields: subscriberTotals,
    query: db
      .select(subscriberTotals)
      .from(subscriptions)
      .where(and(eq(subscriptions.contractId, ph('contractId')), eq(subscriptions.status, 'active'))),
  })).get({ contractId });
  const c = prepared(db, 'contract-stats-cheques', () => ({
    fields: chequeTotals,
    query: db
      .select(chequeTotals)
      .from(cheques)
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .where(eq(subscriptions.contractId, ph('contractId'))),
  })).get({ contractId });
  return {
    subscriberCount: s?.n ?? 0,
    totalCents: s?.total ?? 0,
    chequesExpected: c?.expected ?? 0,
    chequesExpectedCents: c?.expectedCents ?? 0,
    chequesReceived: c?.received ?? 0,
    chequesReceivedCents: c?.receivedCents ?? 0,
  };
}

/** Products of the producer's catalogue, for the contract's product form. */
export function catalogueOf(db: Db, producerId: number) {
  return db
    .select({
      id: products.id,
      name: products.name,
      unit: products.unit,
      defaultPriceCents: products.defaultPriceCents,
      active: products.active,
    })
    .from(products)
    .where(eq(products.producerId, producerId))
    .orderBy(asc(products.name))
    .all();
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

/** Three grouped queries for the whole contract, whatever the number of members. */
export function removalBlockers(db: Db, contractId: number): RemovalBlockers {
  // Per delivery and product of the contract, an index probe for one quantity line: reading and
  // grouping every line of the season cost more than the rest of the contract page.
  const ordered = db
    .select({ deliveryId: deliveries.id, contractProductId: contractProducts.id })
    .from(deliveries)
    .innerJoin(contractProducts, eq(contractProducts.contractId, deliveries.contractId))
    .where(
      and(
        eq(deliveries.contractId, contractId),
        sql`exists (select 1 from ${subscriptionQuantities}
          where ${subscriptionQuantities.deliveryId} = ${deliveries.id}
            and ${subscriptionQuantities.contractProductId} = ${contractProducts.id})`,
      ),
    )
    .all();
  const used = db
    .selectDistinct({ id: cheques.paymentDateId })
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(eq(paymentDates.contractId, contractId))
    .all();
  return {
    orderedDeliveryIds: [...new Set(ordered.map((o) => o.deliveryId))],
    orderedContractProductIds: [...new Set(ordered.map((o) => o.contractProductId))],
    usedPaymentDateIds: used.map((u) => u.id),
  };
}
