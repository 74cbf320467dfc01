/**
 * Cheque lines (DESIGN.md §3 "read/"): the one join cheques → payment dates → subscriptions →
 * contracts → producers → members (→ handovers), shared by the treasury pages, the home page, the
 * member's payments and the documents. Plain rows, filters as parameters, one query per call.
 */
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { cheques, contracts, handovers, members, paymentDates, producers, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { bool, inList, json, ph, prepared, type Values } from '../db/prepared.js';
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

function joined(db: Db, fields: SelectedFields) {
  return db
    .select(fields)
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .leftJoin(handovers, eq(handovers.id, cheques.handoverId));
}

/**
 * `fields` selected over the cheque join (handovers left joined), filtered, grouped and ordered as
 * asked: the one place the join is written, one query. drizzle cannot carry a generic selection
 * through the joins, so the caller states the row type `R` of its `fields`. Built at each call:
 * a query that runs on every page goes through `preparedChequeRows`.
 */
export function chequeRows<R>(
  db: Db,
  fields: SelectedFields,
  filter: ChequeLineFilter,
  shape: { groupBy?: (SQL | SQLiteColumn)[]; orderBy?: (SQL | SQLiteColumn)[] } = {},
): R[] {
  let q = joined(db, fields).where(chequeWhere(filter)).$dynamic();
  if (shape.groupBy) q = q.groupBy(...shape.groupBy);
  if (shape.orderBy) q = q.orderBy(...shape.orderBy);
  return q.all() as unknown as R[];
}

type FilterKey = keyof ChequeLineFilter;

/** Each filter's condition with placeholders: the values change, the statement stays. */
const CONDITIONS: Record<FilterKey, () => SQL> = {
  producerScope: () => inList(contracts.producerId, 'producerScope'),
  chequeIds: () => inList(cheques.id, 'chequeIds'),
  memberId: () => eq(subscriptions.memberId, ph('memberId')),
  contractId: () => eq(subscriptions.contractId, ph('contractId')),
  subscriptionId: () => eq(cheques.subscriptionId, ph('subscriptionId')),
  paymentDateId: () => eq(cheques.paymentDateId, ph('paymentDateId')),
  handoverId: () => eq(cheques.handoverId, ph('handoverId')),
  dueFrom: () => gte(paymentDates.dueOn, ph('dueFrom')),
  dueUpTo: () => lte(paymentDates.dueOn, ph('dueUpTo')),
  statuses: () => inList(cheques.status, 'statuses'),
  paymentsManaged: () => eq(contracts.paymentsManaged, ph('paymentsManaged')),
};

/** The filters set (same meaning as in `chequeWhere`) and the values of their placeholders. */
function bindFilter(f: ChequeLineFilter): { keys: FilterKey[]; values: Values } {
  const values: Values = {};
  if (f.producerScope) values.producerScope = json(f.producerScope);
  if (f.chequeIds) values.chequeIds = json(f.chequeIds);
  for (const k of ['memberId', 'contractId', 'subscriptionId', 'paymentDateId', 'handoverId'] as const)
    if (f[k] !== undefined) values[k] = f[k];
  if (f.dueFrom) values.dueFrom = f.dueFrom;
  if (f.dueUpTo) values.dueUpTo = f.dueUpTo;
  if (f.statuses) values.statuses = json(f.statuses);
  if (f.paymentsManaged !== undefined) values.paymentsManaged = bool(f.paymentsManaged);
  return { keys: Object.keys(values) as FilterKey[], values };
}

/**
 * Like `chequeRows`, prepared once per database and filter shape (which filters are set) under
 * `name`, which stands for `fields` and `shape`: one name, one selection.
 */
export function preparedChequeRows<R>(
  db: Db,
  name: string,
  fields: Record<string, SQLiteColumn | SQL | SQL.Aliased>,
  filter: ChequeLineFilter,
  shape: { groupBy?: (SQL | SQLiteColumn)[]; orderBy?: (SQL | SQLiteColumn)[] } = {},
): R[] {
  const { keys, values } = bindFilter(filter);
  const q = prepared(db, `cheque-rows:${name}:${keys.join(',')}`, () => {
    let query = joined(db, fields)
      .where(and(...keys.map((k) => CONDITIONS[k]())))
      .$dynamic();
    if (shape.groupBy) query = query.groupBy(...shape.groupBy);
    if (shape.orderBy) query = query.orderBy(...shape.orderBy);
    return { fields, query };
  });
  return q.all(values) as R[];
}

/** The cheques matching the filter, in one query. */
export function chequeLines(db: Db, filter: ChequeLineFilter = {}, order: ChequeLineOrder = 'member'): ChequeLine[] {
  return preparedChequeRows<ChequeLine>(db, `lines-${order}`, lineColumns, filter, { orderBy: ORDERS[order] });
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
