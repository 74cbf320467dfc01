/**
 * The figures of /tresorerie: cheques per payment date around today (expected, received, handed
 * over, missing), the same per producer and month over a wider period, and how many members the
 * AMAP owes money back to.
 *
 * Both tables come from one query over the payment dates of the wider period and their per-status
 * sums (payment_date_cheque_sums, kept by triggers): a few rows per date instead of every cheque of
 * the season. The narrower table is a part of those rows and the monthly one their sum here.
 * The owed-back count reads the few subscriptions concerned from subscription_money_sums.
 */
import { and, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
import {
  contracts,
  paymentDateChequeSums,
  paymentDates,
  producers,
  owesBack,
  subscriptionMoneySums,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { inList, json, ph, prepared, type Values } from '../../db/prepared.js';

export interface PaymentDateProgress {
  contractId: number;
  contractName: string;
  producerName: string;
  paymentDateId: number;
  dueOn: string;
  expected: number;
  expectedCents: number;
  received: number;
  receivedCents: number;
  handedOver: number;
  handedOverCents: number;
  missing: number;
}

export interface ProducerMonthTotals {
  producerName: string;
  month: string;
  promisedCents: number;
  receivedCents: number;
  handedOverCents: number;
}

const { n, cents, status, paymentDateId } = paymentDateChequeSums;
const countOf = (st: string) => sql<number>`coalesce(sum(case when ${status} = ${st} then ${n} end), 0)`;
const centsOf = (st: string) => sql<number>`coalesce(sum(case when ${status} = ${st} then ${cents} end), 0)`;
const dateColumns = {
  paymentDateId: paymentDates.id,
  dueOn: paymentDates.dueOn,
  contractId: contracts.id,
  contractName: contracts.name,
  producerId: producers.id,
  producerName: producers.name,
  promised: countOf('promised'),
  promisedCents: centsOf('promised'),
  received: countOf('received'),
  receivedCents: centsOf('received'),
  handedOver: countOf('handed_over'),
  handedOverCents: centsOf('handed_over'),
};

type DateRow = {
  [K in keyof typeof dateColumns]: K extends 'dueOn' | 'contractName' | 'producerName' ? string : number;
};

/**
 * Per payment date from `from` to `to` with a cheque (any status) of a producer in scope, by date,
 * producer, contract: a few rows of the per-date sums for each payment date of the period.
 */
function paymentDateRows(db: Db, scope: number[] | null, from: string, to: string): DateRow[] {
  const values: Values = { from, to };
  if (scope !== null) values.scope = json(scope);
  return prepared(db, `treasury-home-dates:${scope === null ? 'all' : 'scope'}`, () => ({
    fields: dateColumns,
    query: db
      .select(dateColumns)
      .from(paymentDates)
      .innerJoin(contracts, eq(contracts.id, paymentDates.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      // A status whose cheques all moved on keeps a row at 0: a date with none left is not listed.
      .innerJoin(paymentDateChequeSums, and(eq(paymentDateId, paymentDates.id), gt(n, 0)))
      .where(
        and(
          gte(paymentDates.dueOn, ph('from')),
          lte(paymentDates.dueOn, ph('to')),
          scope !== null ? inList(contracts.producerId, 'scope') : undefined,
          // The same period, said to the sums too: SQLite then starts from the dates of the period
          // rather than reading the sums of every payment date ever (they grow with the seasons).
          inArray(
            paymentDateId,
            db
              .select({ id: paymentDates.id })
              .from(paymentDates)
              .where(and(gte(paymentDates.dueOn, ph('from')), lte(paymentDates.dueOn, ph('to')))),
          ),
        ),
      )
      .groupBy(paymentDates.id)
      .orderBy(paymentDates.dueOn, producers.name, contracts.name, paymentDates.id),
  })).all(values) as DateRow[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Per contract and payment date from `near.from` to `near.to` (cheques promised, received or
 * handed over), and per producer and month from `wide.from` to `wide.to` (any cheque), in one query.
 * `near` must lie within `wide`.
 */
export function treasuryHomeTotals(
  db: Db,
  scope: number[] | null,
  near: { from: string; to: string },
  wide: { from: string; to: string },
): { progress: PaymentDateProgress[]; months: ProducerMonthTotals[] } {
  const rows = paymentDateRows(db, scope, wide.from, wide.to);
  const progress: PaymentDateProgress[] = [];
  const months = new Map<string, ProducerMonthTotals & { producerId: number }>();
  for (const r of rows) {
    const expected = r.promised + r.received + r.handedOver;
    if (r.dueOn >= near.from && r.dueOn <= near.to && expected > 0)
      progress.push({
        contractId: r.contractId,
        contractName: r.contractName,
        producerName: r.producerName,
        paymentDateId: r.paymentDateId,
        dueOn: r.dueOn,
        expected,
        expectedCents: r.promisedCents + r.receivedCents + r.handedOverCents,
        received: r.received,
        receivedCents: r.receivedCents,
        handedOver: r.handedOver,
        handedOverCents: r.handedOverCents,
        missing: r.promised,
      });
    const month = r.dueOn.slice(0, 7);
    const key = `${r.producerId}:${month}`;
    const m = months.get(key);
    if (m) {
      m.promisedCents += r.promisedCents;
      m.receivedCents += r.receivedCents;
      m.handedOverCents += r.handedOverCents;
    } else
      months.set(key, {
        producerId: r.producerId,
        producerName: r.producerName,
        month,
        promisedCents: r.promisedCents,
        receivedCents: r.receivedCents,
        handedOverCents: r.handedOverCents,
      });
  }
  const byMonth = [...months.values()].sort(
    (a, b) => compare(a.month, b.month) || compare(a.producerName, b.producerName) || a.producerId - b.producerId,
  );
  return { progress, months: byMonth.map(({ producerId: _, ...m }) => m) };
}

const owedBackColumns = { n: sql<number>`count(*)` };

/**
 * How many subscriptions in scope the AMAP owes money back on (`owedBackCents > 0` of
 * domain/balance.ts: cheques collected beyond the total less credits, never below 0): the entries
 * of the partial index of subscription_money_sums, whose WHERE is that very condition.
 */
export function owedBackCount(db: Db, scope: number[] | null): number {
  const values: Values = {};
  if (scope !== null) values.scope = json(scope);
  const m = subscriptionMoneySums;
  const q = prepared(db, `treasury-owed-back:${scope === null ? 'all' : 'scope'}`, () => ({
    fields: owedBackColumns,
    query: db
      .select(owedBackColumns)
      .from(m)
      .innerJoin(subscriptions, eq(subscriptions.id, m.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(
        and(
          owesBack,
          eq(contracts.paymentsManaged, true),
          scope === null ? undefined : inList(contracts.producerId, 'scope'),
        ),
      ),
  }));
  return q.get(values)?.n ?? 0;
}
