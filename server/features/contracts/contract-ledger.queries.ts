/**
 * The money side of one contract, per subscription: who subscribed, their total, credits and cheques
 * by status. The contract page's figures, its table of subscribers and its "why not archive yet"
 * all come from this one query, instead of each reading the contract's cheques again.
 */
import { asc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { members, subscriptionMoneySums, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { owedBackCents, payableCents } from '../../domain/subscription-schedule.js';

export interface ContractStats {
  subscriberCount: number;
  totalCents: number;
  chequesExpected: number;
  chequesExpectedCents: number;
  chequesReceived: number;
  chequesReceivedCents: number;
}

/** One line of the contract page's table of subscribers. */
export interface ContractSubscriberRow {
  memberId: number;
  firstName: string;
  lastName: string;
  status: 'active' | 'cancelled';
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

// A subscription without a row of sums never had a cheque: nothing collected, nothing owed back.
const zero = (column: SQLWrapper) => sql<number>`coalesce(${column}, 0)`;
const ledgerColumns = {
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  creditCents: zero(subscriptionMoneySums.creditCents),
  collectedN: zero(subscriptionMoneySums.collectedN),
  collectedCents: zero(subscriptionMoneySums.collectedCents),
  receivedN: zero(subscriptionMoneySums.receivedN),
  promisedN: zero(subscriptionMoneySums.promisedN),
  promisedCents: zero(subscriptionMoneySums.promisedCents),
};

const FRENCH = new Intl.Collator('fr');
// Rows come in SQL's byte order, which is nearly the French one: the sort then compares little, and
// equal last names (most neighbours) skip the collator.
const byFrenchName = (a: ContractSubscriberRow, b: ContractSubscriberRow) =>
  (a.lastName === b.lastName ? 0 : FRENCH.compare(a.lastName, b.lastName)) ||
  (a.firstName === b.firstName ? 0 : FRENCH.compare(a.firstName, b.firstName));

export function contractLedger(db: Db, contractId: number): ContractLedger {
  // One row per subscription, its cheques' figures kept by triggers (schema/cheque-sums.ts): no
  // read of the contract's cheques.
  const rows = prepared(db, 'contract-ledger', () => ({
    fields: ledgerColumns,
    query: db
      .select(ledgerColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .leftJoin(subscriptionMoneySums, eq(subscriptionMoneySums.subscriptionId, subscriptions.id))
      .where(eq(subscriptions.contractId, ph('contractId')))
      .orderBy(asc(members.lastName), asc(members.firstName)),
  })).all({ contractId });

  const subscribers: ContractSubscriberRow[] = [];
  let totalCents = 0,
    expected = 0,
    expectedCents = 0,
    received = 0,
    receivedCents = 0,
    promisedCheques = 0,
    receivedCheques = 0,
    owedBackCount = 0;
  for (const s of rows) {
    // Cheques of every subscription count, a cancelled one's too (they may still be to collect or give back).
    const n = s.promisedN + s.collectedN;
    const cents = s.promisedCents + s.collectedCents;
    expected += n;
    expectedCents += cents;
    received += s.collectedN;
    receivedCents += s.collectedCents;
    promisedCheques += s.promisedN;
    receivedCheques += s.receivedN;
    if (owedBackCents(payableCents(s.totalCents, s.creditCents), s.collectedCents) > 0) owedBackCount++;
    if (s.status !== 'active') continue;
    totalCents += s.totalCents;
    subscribers.push({
      memberId: s.memberId,
      firstName: s.firstName,
      lastName: s.lastName,
      status: s.status,
      totalCents: s.totalCents,
      chequesExpectedCents: cents,
      chequesReceivedCents: s.collectedCents,
      chequeCount: n,
    });
  }
  subscribers.sort(byFrenchName);
  return {
    stats: {
      subscriberCount: subscribers.length,
      totalCents,
      chequesExpected: expected,
      chequesExpectedCents: expectedCents,
      chequesReceived: received,
      chequesReceivedCents: receivedCents,
    },
    subscribers,
    promisedCheques,
    receivedCheques,
    owedBackCount,
  };
}
