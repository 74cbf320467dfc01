/**
 * The cheque totals of cheque-totals.ts in two steps: the cheques are first counted and summed per
 * payment date (or subscription) and status from their covering indexes, and only those few sums
 * are joined to payment dates, contracts, producers or members. Summing thousands of cheques this
 * way reads no cheque row and joins no table per cheque, where the one-step join of cheque-lines.ts
 * looks up six tables for each. Used for the filters it can answer (`sumsCover`); the others go
 * through the one-step join.
 *
 * A cheque's payment date is one of its subscription's contract (a schedule is built from that
 * contract's payment dates), so per payment date the contract is the payment date's.
 */
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { cheques, contracts, members, paymentDates, producers, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { bool, inList, json, ph, prepared, type Values } from '../db/prepared.js';
import type { ChequeLineFilter } from './cheque-lines.js';

export type SumsBy = 'payment-date' | 'subscription';

/** The filters each way of summing can take. */
const COVERED: Record<SumsBy, ReadonlySet<keyof ChequeLineFilter>> = {
  'payment-date': new Set([
    'producerScope',
    'statuses',
    'dueFrom',
    'dueUpTo',
    'contractId',
    'paymentDateId',
    'paymentsManaged',
  ]),
  subscription: new Set([
    'producerScope',
    'statuses',
    'dueFrom',
    'dueUpTo',
    'contractId',
    'paymentDateId',
    'paymentsManaged',
    'memberId',
    'subscriptionId',
  ]),
};

/** The filters set (same meaning as in cheque-lines.ts) and the values of their placeholders. */
function bind(f: ChequeLineFilter): { keys: (keyof ChequeLineFilter)[]; values: Values } {
  const values: Values = {};
  if (f.producerScope) values.producerScope = json(f.producerScope);
  if (f.chequeIds) values.chequeIds = json(f.chequeIds);
  for (const k of ['memberId', 'contractId', 'subscriptionId', 'paymentDateId', 'handoverId'] as const)
    if (f[k] !== undefined) values[k] = f[k];
  if (f.dueFrom) values.dueFrom = f.dueFrom;
  if (f.dueUpTo) values.dueUpTo = f.dueUpTo;
  if (f.statuses) values.statuses = json(f.statuses);
  if (f.paymentsManaged !== undefined) values.paymentsManaged = bool(f.paymentsManaged);
  return { keys: Object.keys(values) as (keyof ChequeLineFilter)[], values };
}

/** Whether `sums` answers this filter. */
export function sumsCover(by: SumsBy, f: ChequeLineFilter): boolean {
  return bind(f).keys.every((k) => COVERED[by].has(k));
}

/** The first step: cheques counted and summed per `by` and status, filtered on the cheque and its date. */
function chequeSums(db: Db, by: SumsBy, keys: readonly (keyof ChequeLineFilter)[]) {
  const group = by === 'payment-date' ? cheques.paymentDateId : cheques.subscriptionId;
  const dates =
    keys.includes('dueFrom') || keys.includes('dueUpTo')
      ? sql`${cheques.paymentDateId} in (select ${paymentDates.id} from ${paymentDates} where ${and(
          keys.includes('dueFrom') ? gte(paymentDates.dueOn, ph('dueFrom')) : undefined,
          keys.includes('dueUpTo') ? lte(paymentDates.dueOn, ph('dueUpTo')) : undefined,
        )})`
      : undefined;
  return db
    .select({
      groupId: sql<number>`${group}`.as('sum_group_id'),
      status: sql<string>`${cheques.status}`.as('sum_status'),
      n: sql<number>`count(*)`.as('sum_n'),
      cents: sql<number>`sum(${cheques.amountCents})`.as('sum_cents'),
    })
    .from(cheques)
    .where(
      and(
        keys.includes('statuses') ? inList(cheques.status, 'statuses') : undefined,
        keys.includes('paymentDateId') ? eq(cheques.paymentDateId, ph('paymentDateId')) : undefined,
        keys.includes('subscriptionId') ? eq(cheques.subscriptionId, ph('subscriptionId')) : undefined,
        dates,
      ),
    )
    .groupBy(group, cheques.status)
    .as('sums');
}

type Sums = ReturnType<typeof chequeSums>;

/** The totals of cheque-totals.ts over the first step's sums. */
function totalsOver(c: Sums) {
  const countOf = (status: string) => sql<number>`coalesce(sum(case when ${c.status} = ${status} then ${c.n} end), 0)`;
  const centsOf = (status: string) =>
    sql<number>`coalesce(sum(case when ${c.status} = ${status} then ${c.cents} end), 0)`;
  return {
    count: sql<number>`coalesce(sum(${c.n}), 0)`,
    cents: sql<number>`coalesce(sum(${c.cents}), 0)`,
    promisedCount: countOf('promised'),
    promisedCents: centsOf('promised'),
    receivedCount: countOf('received'),
    receivedCents: centsOf('received'),
    handedOverCount: countOf('handed_over'),
    handedOverCents: centsOf('handed_over'),
  };
}

export type SummedTotals = { [K in keyof ReturnType<typeof totalsOver>]: number };

type Field = SQLiteColumn | SQL | SQL.Aliased;

/**
 * `keyFields(tables)` and the totals, grouped by `groupBy(tables)` and ordered by `orderBy`, over
 * the sums per `by`; prepared once per database, `name` and filter shape.
 */
export function sums<R>(
  db: Db,
  name: string,
  by: SumsBy,
  filter: ChequeLineFilter,
  shape: { keys: Record<string, Field>; groupBy: (SQLiteColumn | SQL)[]; orderBy?: (SQLiteColumn | SQL)[] },
): (R & SummedTotals)[] {
  const { keys, values } = bind(filter);
  return prepared(db, `cheque-sums:${name}:${keys.join(',')}`, () => {
    const c = chequeSums(db, by, keys);
    const fields = { ...shape.keys, ...totalsOver(c) };
    const where = and(
      keys.includes('producerScope') ? inList(contracts.producerId, 'producerScope') : undefined,
      keys.includes('paymentsManaged') ? eq(contracts.paymentsManaged, ph('paymentsManaged')) : undefined,
      keys.includes('contractId') ? eq(contracts.id, ph('contractId')) : undefined,
      keys.includes('memberId') ? eq(subscriptions.memberId, ph('memberId')) : undefined,
    );
    const base =
      by === 'payment-date'
        ? db
            .select(fields)
            .from(c)
            .innerJoin(paymentDates, eq(paymentDates.id, c.groupId))
            .innerJoin(contracts, eq(contracts.id, paymentDates.contractId))
            .innerJoin(producers, eq(producers.id, contracts.producerId))
        : db
            .select(fields)
            .from(c)
            .innerJoin(subscriptions, eq(subscriptions.id, c.groupId))
            .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
            .innerJoin(producers, eq(producers.id, contracts.producerId))
            .innerJoin(members, eq(members.id, subscriptions.memberId));
    let query = base
      .where(where)
      .groupBy(...shape.groupBy)
      .$dynamic();
    if (shape.orderBy) query = query.orderBy(...shape.orderBy);
    return { fields, query };
  }).all(values) as (R & SummedTotals)[];
}
