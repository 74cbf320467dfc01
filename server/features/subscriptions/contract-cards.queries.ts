/**
 * /contrats: the open contracts as members see them, each with its deliveries' span, whether this
 * member subscribed, and its products (a JSON column: one value per contract rather than one row
 * per product). One prepared statement; no subscriber counts or totals, which the page never shows.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { contractProducts, contracts, deliveries, producers, products, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { windowState, type WindowState } from '../../domain/subscription-window.js';

export interface CardProduct {
  name: string;
  unit: string;
  priceCents: number;
}

export interface ContractCard {
  id: number;
  name: string;
  kind: 'fixed' | 'variable';
  status: 'draft' | 'open' | 'archived';
  opensOn: string;
  closesOn: string;
  producerName: string;
  /** Deliveries not cancelled: how many, the first and the last. */
  deliveryCount: number;
  firstDelivery: string | null;
  lastDelivery: string | null;
  /** The member has an active subscription to it. */
  subscribed: boolean;
  products: CardProduct[];
  /** Where its subscription window stands today. */
  window: WindowState;
}

const live = sql`${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null`;
const columns = {
  id: contracts.id,
  name: contracts.name,
  kind: contracts.kind,
  status: contracts.status,
  opensOn: contracts.opensOn,
  closesOn: contracts.closesOn,
  producerName: producers.name,
  firstDelivery: sql<string | null>`(select min(${deliveries.deliveryOn}) from ${deliveries} where ${live})`,
  lastDelivery: sql<string | null>`(select max(${deliveries.deliveryOn}) from ${deliveries} where ${live})`,
  deliveryCount: sql<number>`(select count(*) from ${deliveries} where ${live})`,
  subscribed: sql<number>`exists (select 1 from ${subscriptions} where ${and(
    eq(subscriptions.contractId, contracts.id),
    eq(subscriptions.memberId, ph('memberId')),
    eq(subscriptions.status, 'active'),
  )})`,
  products: sql<string>`(select json_group_array(json_array(${products.name}, ${products.unit}, ${contractProducts.priceCents})
    order by ${contractProducts.position}, ${contractProducts.id})
    from ${contractProducts} join ${products} on ${products.id} = ${contractProducts.productId}
    where ${contractProducts.contractId} = ${contracts.id})`,
};

/** Open contracts by closing date, then producer; each row becomes its card in one pass. */
export function contractCards(db: Db, memberId: number, today: string): ContractCard[] {
  return prepared(db, 'contract-cards', () => ({
    fields: columns,
    query: db
      .select(columns)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(eq(contracts.status, 'open'))
      .orderBy(asc(contracts.closesOn), asc(producers.name)),
  }))
    .all({ memberId })
    .map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      status: c.status,
      opensOn: c.opensOn,
      closesOn: c.closesOn,
      producerName: c.producerName,
      deliveryCount: c.deliveryCount,
      firstDelivery: c.firstDelivery,
      lastDelivery: c.lastDelivery,
      subscribed: c.subscribed === 1,
      products: (JSON.parse(c.products) as [string, string, number][]).map(([name, unit, priceCents]) => ({
        name,
        unit,
        priceCents,
      })),
      window: windowState(c, today),
    }));
}
