import { and, asc, eq, gte, isNull, min, sql } from 'drizzle-orm';
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
import { groupChequesByAmount, type ChequeGroup } from '../../domain/cheque-grouping.js';

export interface NextCollection {
  deliveryOn: string;
  items: { contractName: string; producerName: string; productName: string; unit: string; quantity: number }[];
}

/** The member's next delivery day (today included) and what they collect there, in two queries. */
export function nextCollection(db: Db, memberId: number, today: string): NextCollection | null {
  const mine = and(
    eq(subscriptions.memberId, memberId),
    eq(subscriptions.status, 'active'),
    isNull(deliveries.cancelledAt),
    gte(deliveries.deliveryOn, today),
  );
  const next = db
    .select({ on: min(deliveries.deliveryOn) })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .where(mine)
    .get()?.on;
  if (!next) return null;
  const items = db
    .select({
      contractName: contracts.name,
      producerName: producers.name,
      productName: products.name,
      unit: products.unit,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(and(mine, eq(deliveries.deliveryOn, next)))
    .orderBy(asc(producers.name), asc(products.name))
    .all();
  return { deliveryOn: next, items };
}

/** The AMAP's next distribution day, for members who collect nothing yet. */
export function nextDistributionDay(db: Db, today: string): string | null {
  return (
    db
      .select({ on: min(deliveries.deliveryOn) })
      .from(deliveries)
      .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
      .where(and(eq(contracts.status, 'open'), isNull(deliveries.cancelledAt), gte(deliveries.deliveryOn, today)))
      .get()?.on ?? null
  );
}

/** Contracts whose window is open and that the member has not signed. */
export function contractsToSign(db: Db, memberId: number, today: string) {
  return db
    .select({ id: contracts.id, name: contracts.name, closesOn: contracts.closesOn, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(
      and(
        eq(contracts.status, 'open'),
        sql`${contracts.opensOn} <= ${today}`,
        sql`${contracts.closesOn} >= ${today}`,
        sql`not exists (select 1 from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.memberId} = ${memberId} and ${subscriptions.status} = 'active')`,
      ),
    )
    .orderBy(asc(contracts.closesOn))
    .all();
}

export interface ChequesToBring {
  payee: string;
  count: number;
  totalCents: number;
  groups: ChequeGroup[];
}

/** Promised cheques the member still has to bring, grouped by payee (one query). */
export function chequesToBring(db: Db, memberId: number): ChequesToBring[] {
  const rows = db
    .select({ payee: contracts.payee, amountCents: cheques.amountCents, dueOn: paymentDates.dueOn })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(and(eq(subscriptions.memberId, memberId), eq(cheques.status, 'promised')))
    .orderBy(asc(contracts.payee), asc(paymentDates.dueOn))
    .all();
  const byPayee = new Map<string, { amountCents: number; dueOn: string }[]>();
  for (const r of rows) byPayee.set(r.payee, [...(byPayee.get(r.payee) ?? []), r]);
  return [...byPayee.entries()].map(([payee, lines]) => ({
    payee,
    count: lines.length,
    totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    groups: groupChequesByAmount(lines),
  }));
}
