/**
 * The money side of one contract, per subscription: who subscribed, their total, credits and cheques
 * by status. The contract page's figures, its table of subscribers and its "why not archive yet"
 * all come from these two queries, instead of each reading the contract's cheques again.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { members, owesBack, subscriptionMoneySums, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';

export interface ContractStats {
  subscriberCount: number;
  totalCents: number;
  chequesExpected: number;
  chequesExpectedCents: number;
  chequesReceived: number;
  chequesReceivedCents: number;
}

/** One line of the contract page's table of subscribers (an active subscription). */
export interface ContractSubscriberRow {
  memberId: number;
  firstName: string;
  lastName: string;
  totalCents: number;
  /** Σ of the cheques promised, received or handed over. */
  chequesExpectedCents: number;
  /** Σ of the cheques received or handed over. */
  chequesReceivedCents: number;
  chequeCount: number;
}

export interface ContractLedger {
  stats: ContractStats;
  /** Active subscriptions, in French alphabetical order of the members' names. */
  subscribers: ContractSubscriberRow[];
  /** Cheques still promised, and received but not handed over yet (any subscription of the contract). */
  promisedCheques: number;
  receivedCheques: number;
  /** Subscriptions whose collected cheques exceed what they now owe (money to give back). */
  owedBackCount: number;
}

// A subscription without a row of sums never had a cheque.
const zero = (value: SQL) => sql<number>`coalesce(${value}, 0)`;
const m = subscriptionMoneySums;
// Each column costs on every row (SQLite hands each value to JavaScript): the rows carry only what
// the table shows, already added up; the contract's figures come from one aggregate row.
const rowColumns = {
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  totalCents: subscriptions.totalCents,
  chequesExpectedCents: zero(sql`${m.promisedCents} + ${m.collectedCents}`),
  chequesReceivedCents: zero(sql`${m.collectedCents}`),
  chequeCount: zero(sql`${m.promisedN} + ${m.collectedN}`),
};
// Over every subscription of the contract, a cancelled one's too (its cheques may still be to
// collect or to give back).
const figureColumns = {
  chequesExpected: zero(sql`sum(${m.promisedN} + ${m.collectedN})`),
  chequesExpectedCents: zero(sql`sum(${m.promisedCents} + ${m.collectedCents})`),
  chequesReceived: zero(sql`sum(${m.collectedN})`),
  chequesReceivedCents: zero(sql`sum(${m.collectedCents})`),
  promisedCheques: zero(sql`sum(${m.promisedN})`),
  receivedCheques: zero(sql`sum(${m.receivedN})`),
  owedBackCount: sql<number>`count(*) filter (where ${owesBack})`,
};

const FRENCH = new Intl.Collator('fr');
// Rows come in SQL's byte order, which is nearly the French one: the sort then compares little, and
// equal last names (most neighbours) skip the collator.
const byFrenchName = (a: ContractSubscriberRow, b: ContractSubscriberRow) =>
  (a.lastName === b.lastName ? 0 : FRENCH.compare(a.lastName, b.lastName)) ||
  (a.firstName === b.firstName ? 0 : FRENCH.compare(a.firstName, b.firstName));

export function contractLedger(db: Db, contractId: number): ContractLedger {
  // Figures kept per subscription by triggers (schema/cheque-sums.ts): no read of the contract's cheques.
  const subscribers = prepared(db, 'contract-ledger-rows', () => ({
    fields: rowColumns,
    query: db
      .select(rowColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .leftJoin(m, eq(m.subscriptionId, subscriptions.id))
      .where(and(eq(subscriptions.contractId, ph('contractId')), eq(subscriptions.status, 'active')))
      // Namesakes by member id, whichever index SQLite walks (the sort below keeps their order).
      .orderBy(asc(members.lastName), asc(members.firstName), asc(members.id)),
  })).all({ contractId });
  const figures = prepared(db, 'contract-ledger-figures', () => ({
    fields: figureColumns,
    query: db
      .select(figureColumns)
      .from(subscriptions)
      .innerJoin(m, eq(m.subscriptionId, subscriptions.id))
      .where(eq(subscriptions.contractId, ph('contractId'))),
  })).get({ contractId })!;
  subscribers.sort(byFrenchName);
  let totalCents = 0;
  for (const s of subscribers) totalCents += s.totalCents;
  const { promisedCheques, receivedCheques, owedBackCount, ...cheques } = figures;
  return {
    stats: { subscriberCount: subscribers.length, totalCents, ...cheques },
    subscribers,
    promisedCheques,
    receivedCheques,
    owedBackCount,
  };
}
