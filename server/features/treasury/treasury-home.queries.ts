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
const countOf = (st: string) => sql`coalesce(sum(case when ${status} = ${st} then ${n} end), 0)`;
const centsOf = (st: string) => sql`coalesce(sum(case when ${status} = ${st} then ${cents} end), 0)`;
/** A payment date's row, as the JSON array `dateRow` writes it. */
type DateRow = [
  paymentDateId: number,
  dueOn: string,
  contractId: number,
  contractName: string,
  producerId: number,
  producerName: string,
  promised: number,
  promisedCents: number,
  received: number,
  receivedCents: number,
  handedOver: number,
  handedOverCents: number,
];
const dateRow = sql`json_array(${paymentDates.id}, ${paymentDates.dueOn}, ${contracts.id}, ${contracts.name},
  ${producers.id}, ${producers.name}, ${countOf('promised')}, ${centsOf('promised')}, ${countOf('received')},
  ${centsOf('received')}, ${countOf('handed_over')}, ${centsOf('handed_over')})`;

/**
 * Per payment date from `from` to `to` with a cheque (any status) of a producer in scope, by date,
 * producer, contract: a few rows of the per-date sums for each payment date of the period.
 * A hundred rows of twelve values come as one JSON text: better-sqlite3 hands JavaScript each value
 * one at a time, and this read 366 → 237 µs on the bench AMAP (109 dates).
 */
function paymentDateRows(db: Db, scope: number[] | null, from: string, to: string): DateRow[] {
  const values: Values = { from, to };
  if (scope !== null) values.scope = json(scope);
  const text = prepared(db, `treasury-home-dates:${scope === null ? 'all' : 'scope'}`, () => {
    const dated = db
      .select({ row: dateRow.as('row') })
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
      .orderBy(paymentDates.dueOn, producers.name, contracts.name, paymentDates.id)
      .as('dated');
    // Strung together in the subquery's order, which SQLite keeps (as the contract page's picker).
    const fields = { rows: sql<string | null>`'[' || group_concat(${dated.row}) || ']'` };
    return { fields, query: db.select(fields).from(dated) };
  }).get(values)!.rows;
  return text === null ? [] : (JSON.parse(text) as DateRow[]);
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
  for (const [
    paymentDateId,
    dueOn,
    contractId,
    contractName,
    producerId,
    producerName,
    promised,
    promisedCents,
    received,
    receivedCents,
    handedOver,
    handedOverCents,
  ] of rows) {
    const expected = promised + received + handedOver;
    if (dueOn >= near.from && dueOn <= near.to && expected > 0)
      progress.push({
        contractId,
        contractName,
        producerName,
        paymentDateId,
        dueOn,
        expected,
        expectedCents: promisedCents + receivedCents + handedOverCents,
        received,
        receivedCents,
        handedOver,
        handedOverCents,
        missing: promised,
      });
    const month = dueOn.slice(0, 7);
    const key = `${producerId}:${month}`;
    const m = months.get(key);
    if (m) {
      m.promisedCents += promisedCents;
      m.receivedCents += receivedCents;
      m.handedOverCents += handedOverCents;
    } else months.set(key, { producerId, producerName, month, promisedCents, receivedCents, handedOverCents });
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
