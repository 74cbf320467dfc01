/**
 * One contract with everything a contract page or a subscription needs about it: producer, products
 * and prices, deliveries, payment dates. A read model shared by the contracts, subscriptions and
 * treasury features (none of them owns it, so none has to import another for it).
 */
import { asc, eq, getTableColumns } from 'drizzle-orm';
import { contractProducts, contracts, deliveries, paymentDates, producers, products } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { inList, json, prepared } from '../db/prepared.js';

export type Contract = typeof contracts.$inferSelect;

export interface ContractProduct {
  id: number;
  productId: number;
  name: string;
  unit: string;
  priceCents: number;
  maxPerDelivery: number | null;
  /** Places per delivery for all members together; null: no limit. */
  capacity: number | null;
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
  capacity: contractProducts.capacity,
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

/** The products of several contracts, by contract, in one query (the list of contracts needs no more). */
export function contractProductsOf(db: Db, ids: number[]): Map<number, ContractProduct[]> {
  const out = new Map<number, ContractProduct[]>();
  if (ids.length === 0) return out;
  for (const [cid, rows] of byContract(bundleQueries(db).products.all({ ids: json([...new Set(ids)]) })))
    out.set(
      cid,
      rows.map(({ contractId: _c, ...o }) => o),
    );
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
