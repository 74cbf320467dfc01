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
import type { Actor } from '../../lib/context.js';
import { producerScope } from '../../domain/access.js';

export type Contract = typeof contracts.$inferSelect;

export interface ContractProduct {
  id: number;
  productId: number;
  name: string;
  unit: string;
  priceCents: number;
  maxPerDelivery: number | null;
}

export interface ContractDelivery {
  id: number;
  deliveryOn: string;
  cancelled: boolean;
}

export interface ContractPaymentDate {
  id: number;
  dueOn: string;
}

/** Everything a contract page or a subscription needs about one contract, in four queries. */
export interface ContractBundle {
  contract: Contract;
  producer: { id: number; name: string; payee: string };
  products: ContractProduct[];
  deliveries: ContractDelivery[];
  paymentDates: ContractPaymentDate[];
}

export function loadContract(db: Db, id: number): ContractBundle | null {
  return loadContracts(db, [id]).get(id) ?? null;
}

/** Several contracts at once, in four queries whatever their number (lists, "Mes contrats"). */
export function loadContracts(db: Db, ids: number[]): Map<number, ContractBundle> {
  const unique = [...new Set(ids)];
  const out = new Map<number, ContractBundle>();
  if (unique.length === 0) return out;
  const rows = db
    .select({ contract: contracts, producer: { id: producers.id, name: producers.name, payee: producers.payee } })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(inArray(contracts.id, unique))
    .all();
  if (rows.length === 0) return out;
  const found = rows.map((r) => r.contract.id);
  const productRows = db
    .select({
      contractId: contractProducts.contractId,
      id: contractProducts.id,
      productId: products.id,
      name: products.name,
      unit: products.unit,
      priceCents: contractProducts.priceCents,
      maxPerDelivery: contractProducts.maxPerDelivery,
    })
    .from(contractProducts)
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(inArray(contractProducts.contractId, found))
    .orderBy(asc(contractProducts.position), asc(contractProducts.id))
    .all();
  const dels = db
    .select({
      contractId: deliveries.contractId,
      id: deliveries.id,
      deliveryOn: deliveries.deliveryOn,
      cancelledAt: deliveries.cancelledAt,
    })
    .from(deliveries)
    .where(inArray(deliveries.contractId, found))
    .orderBy(asc(deliveries.deliveryOn))
    .all();
  const dates = db
    .select({ contractId: paymentDates.contractId, id: paymentDates.id, dueOn: paymentDates.dueOn })
    .from(paymentDates)
    .where(inArray(paymentDates.contractId, found))
    .orderBy(asc(paymentDates.dueOn))
    .all();
  for (const r of rows) {
    const cid = r.contract.id;
    out.set(cid, {
      contract: r.contract,
      producer: r.producer,
      products: productRows.filter((o) => o.contractId === cid).map(({ contractId: _c, ...o }) => o),
      deliveries: dels
        .filter((d) => d.contractId === cid)
        .map((d) => ({ id: d.id, deliveryOn: d.deliveryOn, cancelled: d.cancelledAt !== null })),
      paymentDates: dates.filter((d) => d.contractId === cid).map((d) => ({ id: d.id, dueOn: d.dueOn })),
    });
  }
  return out;
}

export interface ContractSummary {
  id: number;
  name: string;
  kind: 'fixed' | 'variable';
  status: 'draft' | 'open' | 'archived';
  opensOn: string;
  closesOn: string;
  producerId: number;
  producerName: string;
  firstDelivery: string | null;
  lastDelivery: string | null;
  deliveryCount: number;
  subscriberCount: number;
  totalCents: number;
}

const summaryColumns = {
  id: contracts.id,
  name: contracts.name,
  kind: contracts.kind,
  status: contracts.status,
  opensOn: contracts.opensOn,
  closesOn: contracts.closesOn,
  producerId: producers.id,
  producerName: producers.name,
  firstDelivery: sql<
    string | null
  >`(select min(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  lastDelivery: sql<
    string | null
  >`(select max(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  deliveryCount: sql<number>`(select count(*) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
  subscriberCount: sql<number>`(select count(*) from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.status} = 'active')`,
  totalCents: sql<number>`(select coalesce(sum(${subscriptions.totalCents}), 0) from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.status} = 'active')`,
};

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

/** Contracts members can see (open or archived, never drafts). */
export function listVisibleContracts(db: Db): ContractSummary[] {
  return db
    .select(summaryColumns)
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.status, 'open'))
    .orderBy(asc(contracts.closesOn), asc(producers.name))
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

export function contractStats(db: Db, contractId: number): ContractStats {
  const s = db
    .select({
      n: sql<number>`count(*)`,
      total: sql<number>`coalesce(sum(${subscriptions.totalCents}), 0)`,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.status, 'active')))
    .get();
  const c = db
    .select({
      expected: sql<number>`coalesce(sum(${cheques.status} in ('promised','received','handed_over')), 0)`,
      expectedCents: sql<number>`coalesce(sum(case when ${cheques.status} in ('promised','received','handed_over') then ${cheques.amountCents} end), 0)`,
      received: sql<number>`coalesce(sum(${cheques.status} in ('received','handed_over')), 0)`,
      receivedCents: sql<number>`coalesce(sum(case when ${cheques.status} in ('received','handed_over') then ${cheques.amountCents} end), 0)`,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .where(eq(subscriptions.contractId, contractId))
    .get();
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
  const ordered = db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .where(eq(subscriptions.contractId, contractId))
    .groupBy(subscriptionQuantities.deliveryId, subscriptionQuantities.contractProductId)
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
