/**
 * Who collects what on which day (DESIGN.md §3 "read/"): per delivery date, per member, per
 * contract, the quantities per product. Cancelled deliveries, cancelled subscriptions and zero
 * quantities are left out. A shared basket is collected by the subscriber or the co-member
 * depending on the day (domain/shared-basket.ts): the `collector` fields say who, and grouping
 * goes by collector, so every page and sheet built on it names the right household. The home page's next collection reads it today; sign-in sheets, delivery
 * sheets, the planning, reminders and calendar feeds are meant to read it too.
 */
import { and, asc, eq, gte, inArray, isNull, lte, min, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { byName } from '../lib/format.js';
import {
  contractProducts,
  contracts,
  deliveries,
  members,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
  coMemberDays,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { inList, json, ph, prepared, type Values } from '../db/prepared.js';
import { addDays } from '../domain/delivery-calendar.js';
import { coMemberCollects, deliveryRanks, type ShareMode } from '../domain/shared-basket.js';

/** Which collections; `from` and `to` (YYYY-MM-DD, inclusive) bound the delivery dates. */
export interface CollectionFilter {
  from: string;
  /** Last delivery date, inclusive; absent means no end. */
  to?: string;
  /** The subscriber (who signed and pays). */
  memberId?: number;
  /** Who collects: the subscriber, or the co-member of a shared basket on their days. */
  collectorId?: number;
  contractId?: number;
  /** Producers in scope (`producerScope` of domain/access.ts): null or absent means all. */
  producerScope?: readonly number[] | null;
  /** Only these delivery dates (YYYY-MM-DD), within from–to. */
  days?: readonly string[];
}

export interface Household {
  memberId: number;
  firstName: string;
  lastName: string;
}

/** One product a member collects on one delivery of one contract. */
export interface CollectionLine {
  deliveryOn: string;
  deliveryId: number;
  /** The subscriber, who signed and pays. */
  memberId: number;
  firstName: string;
  lastName: string;
  /** Who collects it that day: the subscriber, or the co-member of a shared basket. */
  collector: Household;
  /** The other household of a shared basket (the co-member, or the subscriber on the co-member's days). */
  sharedWith: Household | null;
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
  /** The other household of a shared basket, null for a basket of one household. */
  sharedWith: Household | null;
  products: CollectedProduct[];
}

/** What one household collects on a day (the collector: see CollectionLine). */
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
  // Narrowed to the exact collector once the day's collector is known (collectionLines).
  collectorId: () =>
    or(eq(subscriptions.memberId, ph('collectorId')), eq(subscriptions.coMemberId, ph('collectorId')))!,
  contractId: () => eq(subscriptions.contractId, ph('contractId')),
  producerScope: () => inList(contracts.producerId, 'producerScope'),
  days: () => inList(deliveries.deliveryOn, 'days'),
};

/** The filters set and the values of their placeholders. */
function bindFilter(f: CollectionFilter): { keys: FilterKey[]; values: Values } {
  const values: Values = { from: f.from };
  if (f.to !== undefined) values.to = f.to;
  if (f.memberId !== undefined) values.memberId = f.memberId;
  if (f.collectorId !== undefined) values.collectorId = f.collectorId;
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

const coMember = alias(members, 'co_member');

/**
 * A quantity line's delivery. The contract condition is implied (a subscription's lines are on its
 * contract's deliveries) but lets SQLite read the deliveries of the member's contracts in date
 * order (index contract, date) and then the line of each, instead of every line of the season.
 * Between two dates (`bounded`), the unary `+` keeps SQLite from going the other way (each line
 * of the subscription, then its delivery by id), which it prefers even when the dates keep a
 * few deliveries only; without an end, that other way is the right one and stays open.
 */
function deliveryOfLine(bounded: boolean): SQL {
  return and(
    bounded
      ? sql`+${deliveries.id} = ${subscriptionQuantities.deliveryId}`
      : eq(deliveries.id, subscriptionQuantities.deliveryId),
    eq(deliveries.contractId, subscriptions.contractId),
  )!;
}

const lineColumns = {
  deliveryOn: deliveries.deliveryOn,
  deliveryId: deliveries.id,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  coMemberId: coMember.id,
  coFirstName: coMember.firstName,
  coLastName: coMember.lastName,
  shareMode: subscriptions.shareMode,
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
  const rows = prepared(db, `collection-lines:${keys.join(',')}`, () => ({
    fields: lineColumns,
    query: db
      .select(lineColumns)
      .from(subscriptionQuantities)
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
      .innerJoin(deliveries, deliveryOfLine(keys.includes('to')))
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .leftJoin(coMember, eq(coMember.id, subscriptions.coMemberId))
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
  const coMemberDay = coMemberDaysOf(db, rows);
  const lines = rows.map((r): CollectionLine => {
    const subscriber = { memberId: r.memberId, firstName: r.firstName, lastName: r.lastName };
    let collector: Household = subscriber;
    let sharedWith: Household | null = null;
    if (r.coMemberId !== null && r.shareMode !== null) {
      const co = { memberId: r.coMemberId, firstName: r.coFirstName!, lastName: r.coLastName! };
      if (coMemberDay(r.subscriptionId, r.contractId, r.deliveryId, r.shareMode)) {
        collector = co;
        sharedWith = subscriber;
      } else sharedWith = co;
    }
    // Field by field rather than by rest and spread, which cost more than the query on a page of lines.
    return {
      deliveryOn: r.deliveryOn,
      deliveryId: r.deliveryId,
      memberId: r.memberId,
      firstName: r.firstName,
      lastName: r.lastName,
      subscriptionId: r.subscriptionId,
      contractId: r.contractId,
      contractName: r.contractName,
      producerId: r.producerId,
      producerName: r.producerName,
      contractProductId: r.contractProductId,
      productName: r.productName,
      unit: r.unit,
      quantity: r.quantity,
      collector,
      sharedWith,
    };
  });
  return filter.collectorId === undefined ? lines : lines.filter((l) => l.collector.memberId === filter.collectorId);
}

/**
 * Whether the co-member collects a shared basket's delivery: the ranks of the deliveries of the
 * shared contracts and the chosen days, two queries, only when a shared basket is in the lines.
 */
function coMemberDaysOf(
  db: Db,
  rows: readonly { subscriptionId: number; contractId: number; coMemberId: number | null }[],
): (subscriptionId: number, contractId: number, deliveryId: number, mode: ShareMode) => boolean {
  const shared = rows.filter((r) => r.coMemberId !== null);
  if (shared.length === 0) return () => false;
  const contractIds = [...new Set(shared.map((r) => r.contractId))];
  const all = db
    .select({
      contractId: deliveries.contractId,
      id: deliveries.id,
      deliveryOn: deliveries.deliveryOn,
      cancelledAt: deliveries.cancelledAt,
    })
    .from(deliveries)
    .where(inArray(deliveries.contractId, contractIds))
    .all();
  const ranks = new Map(
    contractIds.map((cid) => [
      cid,
      deliveryRanks(
        all
          .filter((d) => d.contractId === cid)
          .map((d) => ({ id: d.id, deliveryOn: d.deliveryOn, cancelled: d.cancelledAt !== null })),
      ),
    ]),
  );
  const chosen = new Set(
    db
      .select({ subscriptionId: coMemberDays.subscriptionId, deliveryId: coMemberDays.deliveryId })
      .from(coMemberDays)
      .where(inArray(coMemberDays.subscriptionId, [...new Set(shared.map((r) => r.subscriptionId))]))
      .all()
      .map((c) => `${c.subscriptionId}:${c.deliveryId}`),
  );
  return (subscriptionId, contractId, deliveryId, mode) =>
    coMemberCollects(mode, ranks.get(contractId)?.get(deliveryId), chosen.has(`${subscriptionId}:${deliveryId}`));
}

/**
 * The lines grouped by day, household and contract, keeping their order. `by`: the collector of
 * the day (default: who stands at the table) or the subscriber (who signed, for comparisons
 * across days that a shared basket's alternation would blur).
 */
export function groupCollections(
  lines: readonly CollectionLine[],
  by: 'collector' | 'subscriber' = 'collector',
): DayCollections[] {
  const days: DayCollections[] = [];
  let households = new Map<number, MemberCollection>();
  let shared = false;
  const close = () => {
    const day = days.at(-1);
    // A co-member's line joins the day in the subscriber's place: put the day back in name order.
    if (day && shared) day.members.sort(byName);
  };
  for (const l of lines) {
    let day = days.at(-1);
    if (day?.deliveryOn !== l.deliveryOn) {
      close();
      days.push((day = { deliveryOn: l.deliveryOn, members: [] }));
      households = new Map();
      shared = false;
    }
    const who =
      by === 'collector' ? l.collector : { memberId: l.memberId, firstName: l.firstName, lastName: l.lastName };
    if (by === 'collector' && l.collector.memberId !== l.memberId) shared = true;
    let member = households.get(who.memberId);
    if (!member) {
      member = { memberId: who.memberId, firstName: who.firstName, lastName: who.lastName, contracts: [] };
      households.set(who.memberId, member);
      day.members.push(member);
    }
    let contract = member.contracts.find((c) => c.subscriptionId === l.subscriptionId);
    if (!contract)
      member.contracts.push(
        (contract = {
          contractId: l.contractId,
          contractName: l.contractName,
          producerId: l.producerId,
          producerName: l.producerName,
          subscriptionId: l.subscriptionId,
          deliveryId: l.deliveryId,
          sharedWith: l.sharedWith,
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
  close();
  return days;
}

/** Who collects what on each day of the filter, one query. */
export function collections(db: Db, filter: CollectionFilter): DayCollections[] {
  return groupCollections(collectionLines(db, filter));
}

const firstDayColumns = { on: min(deliveries.deliveryOn) };

/** The first day from `filter.from` on which something is collected in the filter, or null. One query. */
export function firstCollectionDay(db: Db, filter: CollectionFilter): string | null {
  if (filter.collectorId !== undefined) return firstDayCollectedBy(db, filter);
  const { keys, values } = bindFilter(filter);
  return (
    prepared(db, `first-collection-day:${keys.join(',')}`, () => ({
      fields: firstDayColumns,
      query: db
        .select(firstDayColumns)
        .from(subscriptionQuantities)
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
        .innerJoin(deliveries, deliveryOfLine(keys.includes('to')))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(collectionWhere(keys)),
    })).get(values)?.on ?? null
  );
}

const dayColumns = {
  on: deliveries.deliveryOn,
  /** 1 when the member has a basket of their own that day (not shared): they collect, surely. */
  own: sql<number>`max(${subscriptions.memberId} = ${ph('collectorId')} and (${subscriptions.coMemberId} is null or ${subscriptions.shareMode} is null))`,
};
/** Days looked at at once for a collector: a shared basket alternates, so two are nearly always enough. */
const DAYS_AT_ONCE = 8;

/**
 * The first day a member collects on themselves: the next few days with something of the
 * member's (as subscriber or co-member). A day with a basket of their own is theirs; before it,
 * days with shared baskets only are theirs if they collect the share that day, which is known per
 * line: those few days are read as lines, and only when there are some.
 */
function firstDayCollectedBy(db: Db, filter: CollectionFilter): string | null {
  let from = filter.from;
  for (;;) {
    const { keys, values } = bindFilter({ ...filter, from });
    const days = prepared(db, `collection-days:${keys.join(',')}`, () => ({
      fields: dayColumns,
      query: db
        .select(dayColumns)
        .from(subscriptionQuantities)
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
        .innerJoin(deliveries, deliveryOfLine(keys.includes('to')))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(collectionWhere(keys))
        .groupBy(deliveries.deliveryOn)
        .orderBy(asc(deliveries.deliveryOn))
        .limit(DAYS_AT_ONCE),
    })).all(values);
    if (days.length === 0) return null;
    const ownAt = days.findIndex((d) => d.own === 1);
    const sharedOnly = (ownAt === -1 ? days : days.slice(0, ownAt)).map((d) => d.on);
    if (sharedOnly.length > 0) {
      const last = sharedOnly[sharedOnly.length - 1];
      const first = collectionLines(db, { ...filter, from: sharedOnly[0], to: last, days: sharedOnly })[0];
      if (first) return first.deliveryOn;
    }
    if (ownAt !== -1) return days[ownAt].on;
    if (days.length < DAYS_AT_ONCE || (filter.to !== undefined && days[days.length - 1].on >= filter.to)) return null;
    from = addDays(days[days.length - 1].on, 1);
  }
}
