/**
 * Cheque lines (DESIGN.md §3 "read/"): the one join cheques → payment dates → subscriptions →
 * contracts → producers → members (→ handovers), shared by the treasury pages, the home page, the
 * member's payments and the documents. Plain rows, filters as parameters, one query per call.
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { cheques, contracts, handovers, members, paymentDates, producers, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { ChequeStatus } from '../domain/cheque-status.js';
import { groupChequesByAmount, type ChequeGroup } from '../domain/cheque-grouping.js';

/** One cheque with its payment date, contract, producer, member and handover. */
export interface ChequeLine {
  id: number;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  /** Moment received (ISO), or null. */
  receivedAt: string | null;
  /** Moment the cheque itself was marked handed over (ISO), or null. */
  handedOverAt: string | null;
  dueOn: string;
  paymentDateId: number;
  subscriptionId: number;
  subscriptionStatus: 'active' | 'cancelled';
  contractId: number;
  contractName: string;
  payee: string;
  producerId: number;
  producerName: string;
  memberId: number;
  firstName: string;
  lastName: string;
  handoverId: number | null;
  /** Day of its handover to the producer (YYYY-MM-DD), or null. */
  handedOverOn: string | null;
}

/** Which cheques; every field left out means "any". */
export interface ChequeLineFilter {
  /** Producers in scope (`producerScope` of domain/access.ts): null or absent means all. */
  producerScope?: readonly number[] | null;
  chequeIds?: readonly number[];
  memberId?: number;
  contractId?: number;
  subscriptionId?: number;
  paymentDateId?: number;
  handoverId?: number;
  /** Payment dates from this day, inclusive (YYYY-MM-DD). */
  dueFrom?: string;
  /** Payment dates up to this day, inclusive (YYYY-MM-DD). */
  dueUpTo?: string;
  statuses?: readonly ChequeStatus[];
  /** Only contracts whose payments the AMAP manages. */
  paymentsManaged?: boolean;
}

/**
 * - `member`: by member (last then first name, case aside), then payment date and contract: the
 *   treasurer's lists and a member's own cheques;
 * - `due`: by payment date, producer, contract, member: exports and per-contract documents.
 */
export type ChequeLineOrder = 'member' | 'due';

const lineColumns = {
  id: cheques.id,
  amountCents: cheques.amountCents,
  status: cheques.status,
  bank: cheques.bank,
  number: cheques.number,
  receivedAt: cheques.receivedAt,
  handedOverAt: cheques.handedOverAt,
  dueOn: paymentDates.dueOn,
  paymentDateId: paymentDates.id,
  subscriptionId: subscriptions.id,
  subscriptionStatus: subscriptions.status,
  contractId: contracts.id,
  contractName: contracts.name,
  payee: contracts.payee,
  producerId: producers.id,
  producerName: producers.name,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  handoverId: cheques.handoverId,
  handedOverOn: handovers.handedOverOn,
};

/** The condition of a filter, for `joinedCheques` (and the totals of cheque-totals.ts). */
export function chequeWhere(f: ChequeLineFilter): SQL | undefined {
  const scope = f.producerScope;
  return and(
    scope === null || scope === undefined
      ? undefined
      : scope.length
        ? inArray(contracts.producerId, [...scope])
        : sql`0`,
    f.chequeIds ? (f.chequeIds.length ? inArray(cheques.id, [...f.chequeIds]) : sql`0`) : undefined,
    f.memberId !== undefined ? eq(subscriptions.memberId, f.memberId) : undefined,
    f.contractId !== undefined ? eq(subscriptions.contractId, f.contractId) : undefined,
    f.subscriptionId !== undefined ? eq(cheques.subscriptionId, f.subscriptionId) : undefined,
    f.paymentDateId !== undefined ? eq(cheques.paymentDateId, f.paymentDateId) : undefined,
    f.handoverId !== undefined ? eq(cheques.handoverId, f.handoverId) : undefined,
    f.dueFrom ? gte(paymentDates.dueOn, f.dueFrom) : undefined,
    f.dueUpTo ? lte(paymentDates.dueOn, f.dueUpTo) : undefined,
    f.statuses ? (f.statuses.length ? inArray(cheques.status, [...f.statuses]) : sql`0`) : undefined,
    f.paymentsManaged !== undefined ? eq(contracts.paymentsManaged, f.paymentsManaged) : undefined,
  );
}

const ORDERS: Record<ChequeLineOrder, (SQL | SQLiteColumn)[]> = {
  member: [
    sql`lower(${members.lastName})`,
    sql`lower(${members.firstName})`,
    asc(paymentDates.dueOn),
    asc(contracts.name),
  ],
  due: [
    asc(paymentDates.dueOn),
    asc(producers.name),
    asc(contracts.name),
    asc(members.lastName),
    asc(members.firstName),
    asc(cheques.id),
  ],
};

/**
 * `fields` selected over the cheque join (handovers left joined), filtered, grouped and ordered as
 * asked: the one place the join is written, one query. drizzle cannot carry a generic selection
 * through the joins, so the caller states the row type `R` of its `fields`.
 */
export function chequeRows<R>(
  db: Db,
  fields: SelectedFields,
  filter: ChequeLineFilter,
  shape: { groupBy?: (SQL | SQLiteColumn)[]; orderBy?: (SQL | SQLiteColumn)[] } = {},
): R[] {
  let q = db
    .select(fields)
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .leftJoin(handovers, eq(handovers.id, cheques.handoverId))
    .where(chequeWhere(filter))
    .$dynamic();
  if (shape.groupBy) q = q.groupBy(...shape.groupBy);
  if (shape.orderBy) q = q.orderBy(...shape.orderBy);
  return q.all() as unknown as R[];
}

/** The cheques matching the filter, in one query. */
export function chequeLines(db: Db, filter: ChequeLineFilter = {}, order: ChequeLineOrder = 'member'): ChequeLine[] {
  return chequeRows<ChequeLine>(db, lineColumns, filter, { orderBy: ORDERS[order] });
}

/** Lines grouped by payee, as a member writes cheques; payees in the order they first appear. */
export function linesByPayee<T extends { payee: string }>(lines: readonly T[]): { payee: string; lines: T[] }[] {
  const out = new Map<string, T[]>();
  for (const l of lines) {
    const list = out.get(l.payee);
    if (list) list.push(l);
    else out.set(l.payee, [l]);
  }
  return [...out.entries()].map(([payee, list]) => ({ payee, lines: list }));
}

/** What a member writes to one payee ("4 chèques : 3 × 76 €, 1 × 75 €"): count, total, amount groups. */
export interface PayeeSummary {
  payee: string;
  count: number;
  totalCents: number;
  groups: ChequeGroup[];
}

export function payeeSummaries(
  lines: readonly { payee: string; dueOn: string; amountCents: number }[],
): PayeeSummary[] {
  return linesByPayee(lines).map(({ payee, lines: list }) => ({
    payee,
    count: list.length,
    totalCents: list.reduce((a, l) => a + l.amountCents, 0),
    groups: groupChequesByAmount(list),
  }));
}
