/**
 * The home page's cheque block: per contract one sentence, per payee the cheques to write, and
 * how many were handed over. The page shows sums, never a cheque, so SQLite adds the member's
 * cheques up (two aggregates over the same few dozen rows) and the page maps a dozen rows
 * instead of one object per cheque.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cheques, contracts, paymentDates, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { PayeeSummary } from '../../read/cheque-lines.js';
import type { ChequeGroup } from '../../domain/cheque-grouping.js';
import { byFirstPayment, paymentSentence, type ContractPayment } from '../cheques/contract-payments.js';

export interface HomeCheques {
  /** Contracts with cheques still to bring, each in one sentence with its due date. */
  contracts: (ContractPayment & { sentence: string })[];
  /** Promised cheques grouped by payee in alphabetical order: what to write. */
  toBring: PayeeSummary[];
  /** Cheques the AMAP already handed over to the producers. */
  handedOverCount: number;
}

/**
 * A group's first cheque in the order a member's cheque lines are read (due date, contract name,
 * cheque): grouping those lines one by one ordered the groups, and broke their ties, by it. The
 * name goes in hex so that a shorter name sorts first, as in ORDER BY, whatever follows it.
 */
const firstLine = sql`min(${paymentDates.dueOn} || hex(${contracts.name}) || ' ' || printf('%012d', ${cheques.id}))`;

const promised = sql`${cheques.status} = 'promised'`;
const subscriptionColumns = {
  subscriptionId: sql<number>`${subscriptions.id}`,
  active: sql<number>`${subscriptions.status} = 'active'`,
  contractName: sql<string>`${contracts.name}`,
  payee: sql<string>`${contracts.payee}`,
  totalCents: sql<number>`sum(${cheques.amountCents})`,
  toBringCents: sql<number>`coalesce(sum(case when ${promised} then ${cheques.amountCents} end), 0)`,
  toBringCount: sql<number>`sum(${promised})`,
  dueBy: sql<string | null>`min(case when ${promised} then ${paymentDates.dueOn} end)`,
  handedOverCount: sql<number>`sum(${cheques.status} = 'handed_over')`,
  firstDueOn: sql<string>`min(${paymentDates.dueOn})`,
};

/** Per subscription, its totals as contract-payments.ts adds them up. */
function perSubscription(db: Db, memberId: number) {
  return prepared(db, 'home-cheques-per-subscription', () => ({
    fields: subscriptionColumns,
    query: db
      .select(subscriptionColumns)
      .from(cheques)
      .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(
        and(
          eq(subscriptions.memberId, ph('memberId')),
          inArray(cheques.status, ['promised', 'received', 'handed_over']),
        ),
      )
      // No ORDER BY: homeCheques sorts the contracts itself, and the sums do not depend on the order.
      .groupBy(subscriptions.id),
  })).all({ memberId });
}

const promisedColumns = {
  payee: sql<string>`${contracts.payee}`,
  amountCents: sql<number>`${cheques.amountCents}`,
  count: sql<number>`count(*)`,
  dueOns: sql<string>`json_group_array(${paymentDates.dueOn})`,
};

/** Promised cheques per payee and amount. */
function promisedByAmount(db: Db, memberId: number) {
  return prepared(db, 'home-cheques-promised-by-amount', () => ({
    fields: promisedColumns,
    query: db
      .select(promisedColumns)
      .from(cheques)
      .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(and(eq(subscriptions.memberId, ph('memberId')), promised))
      .groupBy(contracts.payee, cheques.amountCents)
      .orderBy(firstLine),
  })).all({ memberId });
}

const byPayee = (a: { payee: string }, b: { payee: string }) => (a.payee < b.payee ? -1 : a.payee > b.payee ? 1 : 0);

/** The member's cheques for the home page, in two aggregate queries. */
export function homeCheques(db: Db, memberId: number): HomeCheques {
  const subs = perSubscription(db, memberId);
  const toBring = subs
    .filter((s) => s.active === 1 && s.toBringCents > 0)
    .sort(byFirstPayment)
    .map((s) => {
      const p: ContractPayment = {
        subscriptionId: s.subscriptionId,
        contractName: s.contractName,
        payee: s.payee,
        totalCents: s.totalCents,
        givenCents: s.totalCents - s.toBringCents,
        toBringCents: s.toBringCents,
        toBringCount: s.toBringCount,
        dueBy: s.dueBy,
        handedOverCount: s.handedOverCount,
      };
      return { ...p, sentence: paymentSentence(p) };
    });
  const payees = new Map<string, PayeeSummary>();
  for (const r of promisedByAmount(db, memberId)) {
    let p = payees.get(r.payee);
    if (!p) payees.set(r.payee, (p = { payee: r.payee, count: 0, totalCents: 0, groups: [] }));
    p.count += r.count;
    p.totalCents += r.amountCents * r.count;
    // A zero line is among the cheques counted but makes no group (domain/cheque-grouping.ts).
    if (r.amountCents !== 0) {
      const group: ChequeGroup = {
        amountCents: r.amountCents,
        count: r.count,
        dueOns: (JSON.parse(r.dueOns) as string[]).sort(),
      };
      p.groups.push(group);
    }
  }
  return {
    contracts: toBring,
    toBring: [...payees.values()].sort(byPayee),
    handedOverCount: subs.reduce((n, s) => n + s.handedOverCount, 0),
  };
}
