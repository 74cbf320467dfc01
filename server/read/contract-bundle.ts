/**
 * One contract with everything a contract page or a subscription needs about it: producer, products
 * and prices, deliveries, payment dates. A read model shared by the contracts, subscriptions and
 * treasury features (none of them owns it, so none has to import another for it).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { contractProducts, contracts, deliveries, paymentDates, producers, products } from '../db/schema/index.js';
import type { Db } from '../db/client.js';

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
      capacity: contractProducts.capacity,
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
