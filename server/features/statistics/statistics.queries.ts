/**
 * Producer statistics (issue "Syntheses and documents"): per contract (a season of a producer),
 * subscribers, deliveries, quantities per product and amount per month, read for a set of
 * contracts in four grouped queries whatever their number of members or dates.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  contractProducts,
  contracts,
  deliveries,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

export interface ContractFigures {
  contractId: number;
  subscribers: number;
  deliveries: number;
  firstDelivery: string | null;
  lastDelivery: string | null;
  /** Per catalogue product (the same product across seasons). */
  products: { productId: number; name: string; unit: string; quantity: number; amountCents: number }[];
  /** YYYY-MM → amount delivered that month. */
  months: { month: string; amountCents: number }[];
  totalCents: number;
}

/** The figures of these contracts, by contract id. */
export function contractFigures(db: Db, contractIds: readonly number[]): Map<number, ContractFigures> {
  const ids = [...new Set(contractIds)];
  const out = new Map<number, ContractFigures>();
  if (ids.length === 0) return out;
  for (const id of ids)
    out.set(id, {
      contractId: id,
      subscribers: 0,
      deliveries: 0,
      firstDelivery: null,
      lastDelivery: null,
      products: [],
      months: [],
      totalCents: 0,
    });
  const subs = db
    .select({ contractId: subscriptions.contractId, n: sql<number>`count(*)` })
    .from(subscriptions)
    .where(and(inArray(subscriptions.contractId, ids), eq(subscriptions.status, 'active')))
    .groupBy(subscriptions.contractId)
    .all();
  for (const s of subs) out.get(s.contractId)!.subscribers = s.n;
  const dels = db
    .select({
      contractId: deliveries.contractId,
      n: sql<number>`count(*)`,
      first: sql<string>`min(${deliveries.deliveryOn})`,
      last: sql<string>`max(${deliveries.deliveryOn})`,
    })
    .from(deliveries)
    .where(and(inArray(deliveries.contractId, ids), isNull(deliveries.cancelledAt)))
    .groupBy(deliveries.contractId)
    .all();
  for (const d of dels)
    Object.assign(out.get(d.contractId)!, { deliveries: d.n, firstDelivery: d.first, lastDelivery: d.last });

  // Quantities of active subscriptions on deliveries not cancelled.
  const ordered = and(
    inArray(subscriptions.contractId, ids),
    eq(subscriptions.status, 'active'),
    isNull(deliveries.cancelledAt),
  );
  const amount = sql<number>`sum(${subscriptionQuantities.quantity} * ${contractProducts.priceCents})`;
  const perProduct = db
    .select({
      contractId: subscriptions.contractId,
      productId: products.id,
      name: products.name,
      unit: products.unit,
      quantity: sql<number>`sum(${subscriptionQuantities.quantity})`,
      amountCents: amount,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(ordered)
    .groupBy(subscriptions.contractId, products.id)
    .orderBy(asc(subscriptions.contractId), asc(contractProducts.position), asc(products.name))
    .all();
  for (const { contractId, ...p } of perProduct) out.get(contractId)!.products.push(p);
  const month = sql<string>`substr(${deliveries.deliveryOn}, 1, 7)`;
  const perMonth = db
    .select({ contractId: subscriptions.contractId, month, amountCents: amount })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
    .where(ordered)
    .groupBy(subscriptions.contractId, month)
    .orderBy(month)
    .all();
  for (const m of perMonth) {
    const f = out.get(m.contractId)!;
    f.months.push({ month: m.month, amountCents: m.amountCents });
    f.totalCents += m.amountCents;
  }
  return out;
}

export interface SeasonRow {
  id: number;
  name: string;
  status: 'draft' | 'open' | 'archived';
  copiedFromId: number | null;
  firstDelivery: string | null;
}

/** Every contract of a producer with its first delivery, oldest season first. One query. */
export function producerSeasons(db: Db, producerId: number): SeasonRow[] {
  return db
    .select({
      id: contracts.id,
      name: contracts.name,
      status: contracts.status,
      copiedFromId: contracts.copiedFromId,
      firstDelivery: sql<
        string | null
      >`(select min(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
    })
    .from(contracts)
    .where(eq(contracts.producerId, producerId))
    .all()
    .sort((a, b) => (a.firstDelivery ?? '9999').localeCompare(b.firstDelivery ?? '9999') || a.id - b.id);
}

/**
 * The previous season of a contract: the one it was copied from (if it is the same producer's),
 * else the producer's contract whose first delivery comes last before this one's.
 */
export function previousSeason(seasons: readonly SeasonRow[], contractId: number): SeasonRow | null {
  const me = seasons.find((s) => s.id === contractId);
  if (!me) return null;
  const copied = me.copiedFromId === null ? undefined : seasons.find((s) => s.id === me.copiedFromId);
  if (copied) return copied;
  if (!me.firstDelivery) return seasons.filter((s) => s.id !== me.id && s.firstDelivery).at(-1) ?? null;
  return seasons.filter((s) => s.id !== me.id && s.firstDelivery && s.firstDelivery < me.firstDelivery!).at(-1) ?? null;
}
