/**
 * Who collects what on which day (DESIGN.md §3 "read/"): per delivery date, per member, per
 * contract, the quantities per product. Cancelled deliveries, cancelled subscriptions and zero
 * quantities are left out. The home page's next collection reads it today; sign-in sheets, delivery
 * sheets, the planning, reminders and calendar feeds are meant to read it too.
 */
import { and, asc, eq, gte, isNull, lte, min, sql, type SQL } from 'drizzle-orm';
import {
  contractProducts,
  contracts,
  deliveries,
  members,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { inList, json, ph, prepared, type Values } from '../db/prepared.js';

/** Which collections; `from` and `to` (YYYY-MM-DD, inclusive) bound the delivery dates. */
export interface CollectionFilter {
  from: string;
  /** Last delivery date, inclusive; absent means no end. */
  to?: string;
  memberId?: number;
  contractId?: number;
  /** Producers in scope (`producerScope` of domain/access.ts): null or absent means all. */
  producerScope?: readonly number[] | null;
  /** Only these delivery dates (YYYY-MM-DD), within from–to. */
  days?: readonly string[];
}

/** One product a member collects on one delivery of one contract. */
export interface CollectionLine {
  deliveryOn: string;
  deliveryId: number;
  memberId: number;
  firstName: string;
  lastName: string;
  subscriptionId: number;
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  contractProductId: number;
  productName: string;
  unit: string;
  quantity: number;
}

export interface CollectedProduct {
  contractProductId: number;
  productName: string;
  unit: string;
  quantity: number;
}

export interface ContractCollection {
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  subscriptionId: number;
  deliveryId: number;
  products: CollectedProduct[];
}

export interface MemberCollection {
  memberId: number;
  firstName: string;
  lastName: string;
  contracts: ContractCollection[];
}

export interface DayCollections {
  deliveryOn: string;
  members: MemberCollection[];
}

type FilterKey = keyof CollectionFilter;

/** Each filter's condition with placeholders: the values change, the statement stays. */
const CONDITIONS: Record<FilterKey, () => SQL> = {
  from: () => gte(deliveries.deliveryOn, ph('from')),
  to: () => lte(deliveries.deliveryOn, ph('to')),
  memberId: () => eq(subscriptions.memberId, ph('memberId')),
  contractId: () => eq(subscriptions.contractId, ph('contractId')),
  producerScope: () => inList(contracts.producerId, 'producerScope'),
  days: () => inList(deliveries.deliveryOn, 'days'),
};

/** The filters set and the values of their placeholders. */
function bindFilter(f: CollectionFilter): { keys: FilterKey[]; values: Values } {
  const values: Values = { from: f.from };
  if (f.to !== undefined) values.to = f.to;
  if (f.memberId !== undefined) values.memberId = f.memberId;
  if (f.contractId !== undefined) values.contractId = f.contractId;
  if (f.producerScope) values.producerScope = json(f.producerScope);
  if (f.days) values.days = json(f.days);
  return { keys: Object.keys(values) as FilterKey[], values };
}

function collectionWhere(keys: readonly FilterKey[]): SQL | undefined {
  return and(
    eq(subscriptions.status, 'active'),
    isNull(deliveries.cancelledAt),
    sql`${subscriptionQuantities.quantity} > 0`,
    ...keys.map((k) => CONDITIONS[k]()),
  );
}

const lineColumns = {
  deliveryOn: deliveries.deliveryOn,
  deliveryId: deliveries.id,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  subscriptionId: subscriptions.id,
  contractId: contracts.id,
  contractName: contracts.name,
  producerId: producers.id,
  producerName: producers.name,
  contractProductId: contractProducts.id,
  productName: products.name,
  unit: products.unit,
  quantity: subscriptionQuantities.quantity,
};

/**
 * Every product collected in the filter, one query; by date, member (last then first name, case
 * aside), producer, contract, then the contract's product order.
 */
export function collectionLines(db: Db, filter: CollectionFilter): CollectionLine[] {
  const { keys, values } = bindFilter(filter);
  return prepared(db, `collection-lines:${keys.join(',')}`, () => ({
    fields: lineColumns,
    query: db
      .select(lineColumns)
      .from(subscriptionQuantities)
      .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
      .innerJoin(products, eq(products.id, contractProducts.productId))
      .where(collectionWhere(keys))
      .orderBy(
        asc(deliveries.deliveryOn),
        sql`lower(${members.lastName})`,
        sql`lower(${members.firstName})`,
        asc(members.id),
        asc(producers.name),
        asc(contracts.name),
        asc(contracts.id),
        asc(contractProducts.position),
        asc(products.name),
      ),
  })).all(values);
}

/** The lines grouped by day, member and contract, keeping their order. */
export function groupCollections(lines: readonly CollectionLine[]): DayCollections[] {
  const days: DayCollections[] = [];
  for (const l of lines) {
    let day = days.at(-1);
    if (day?.deliveryOn !== l.deliveryOn) days.push((day = { deliveryOn: l.deliveryOn, members: [] }));
    let member = day.members.at(-1);
    if (member?.memberId !== l.memberId)
      day.members.push(
        (member = { memberId: l.memberId, firstName: l.firstName, lastName: l.lastName, contracts: [] }),
      );
    let contract = member.contracts.at(-1);
    if (contract?.subscriptionId !== l.subscriptionId)
      member.contracts.push(
        (contract = {
          contractId: l.contractId,
          contractName: l.contractName,
          producerId: l.producerId,
          producerName: l.producerName,
          subscriptionId: l.subscriptionId,
          deliveryId: l.deliveryId,
          products: [],
        }),
      );
    contract.products.push({
      contractProductId: l.contractProductId,
      productName: l.productName,
      unit: l.unit,
      quantity: l.quantity,
    });
  }
  return days;
}

/** Who collects what on each day of the filter, one query. */
export function collections(db: Db, filter: CollectionFilter): DayCollections[] {
  return groupCollections(collectionLines(db, filter));
}

const firstDayColumns = { on: min(deliveries.deliveryOn) };

/** The first day from `filter.from` on which something is collected in the filter, or null. One query. */
export function firstCollectionDay(db: Db, filter: CollectionFilter): string | null {
  const { keys, values } = bindFilter(filter);
  return (
    prepared(db, `first-collection-day:${keys.join(',')}`, () => ({
      fields: firstDayColumns,
      query: db
        .select(firstDayColumns)
        .from(subscriptionQuantities)
        .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(collectionWhere(keys)),
    })).get(values)?.on ?? null
  );
}
