import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import {
  cheques,
  contractProducts,
  contracts,
  deliveries,
  paymentDates,
  producers,
  products,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { inList, json, ph, prepared } from '../../db/prepared.js';
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

const bundleContract = {
  ...getTableColumns(contracts),
  pId: producers.id,
  pName: producers.name,
  pPayee: producers.payee,
};
const bundleProduct = {
  contractId: contractProducts.contractId,
  id: contractProducts.id,
  productId: products.id,
  name: products.name,
  unit: products.unit,
  priceCents: contractProducts.priceCents,
  maxPerDelivery: contractProducts.maxPerDelivery,
};
const bundleDelivery = {
  contractId: deliveries.contractId,
  id: deliveries.id,
  deliveryOn: deliveries.deliveryOn,
  cancelledAt: deliveries.cancelledAt,
};
const bundleDate = { contractId: paymentDates.contractId, id: paymentDates.id, dueOn: paymentDates.dueOn };

/** The four queries of `loadContracts`, prepared once: every contract page runs them. */
const bundleQueries = (db: Db) => ({
  contracts: prepared(db, 'bundle-contracts', () => ({
    fields: bundleContract,
    query: db
      .select(bundleContract)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(inList(contracts.id, 'ids')),
  })),
  products: prepared(db, 'bundle-products', () => ({
    fields: bundleProduct,
    query: db
      .select(bundleProduct)
      .from(contractProducts)
      .innerJoin(products, eq(products.id, contractProducts.productId))
      .where(inList(contractProducts.contractId, 'ids'))
      .orderBy(asc(contractProducts.position), asc(contractProducts.id)),
  })),
  deliveries: prepared(db, 'bundle-deliveries', () => ({
    fields: bundleDelivery,
    query: db
      .select(bundleDelivery)
      .from(deliveries)
      .where(inList(deliveries.contractId, 'ids'))
      .orderBy(asc(deliveries.deliveryOn)),
  })),
  dates: prepared(db, 'bundle-dates', () => ({
    fields: bundleDate,
    query: db
      .select(bundleDate)
      .from(paymentDates)
      .where(inList(paymentDates.contractId, 'ids'))
      .orderBy(asc(paymentDates.dueOn)),
  })),
});

/** Rows by contract id, keeping their order. */
function byContract<T extends { contractId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.contractId);
    if (list) list.push(r);
    else out.set(r.contractId, [r]);
  }
  return out;
}

/** Several contracts at once, in four queries whatever their number (lists, "Mes contrats"). */
export function loadContracts(db: Db, ids: number[]): Map<number, ContractBundle> {
  const unique = [...new Set(ids)];
  const out = new Map<number, ContractBundle>();
  if (unique.length === 0) return out;
  const q = bundleQueries(db);
  const rows = q.contracts.all({ ids: json(unique) });
  if (rows.length === 0) return out;
  const found = { ids: json(rows.map((r) => r.id)) };
  const productRows = byContract(q.products.all(found));
  const dels = byContract(q.deliveries.all(found));
  const dates = byContract(q.dates.all(found));
  for (const { pId, pName, pPayee, ...contract } of rows) {
    const cid = contract.id;
    out.set(cid, {
      contract,
      producer: { id: pId, name: pName, payee: pPayee },
      products: (productRows.get(cid) ?? []).map(({ contractId: _c, ...o }) => o),
      deliveries: (dels.get(cid) ?? []).map((d) => ({
        id: d.id,
        deliveryOn: d.deliveryOn,
        cancelled: d.cancelledAt !== null,
      })),
      paymentDates: (dates.get(cid) ?? []).map((d) => ({ id: d.id, dueOn: d.dueOn })),
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
  // Every member's /contrats runs it: prepared once.
  return prepared(db, 'visible-contracts', () => ({
    fields: summaryColumns,
    query: db
      .select(summaryColumns)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(eq(contracts.status, 'open'))
      .orderBy(asc(contracts.closesOn), asc(producers.name)),
  })).all();
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
