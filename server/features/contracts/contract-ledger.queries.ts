/**
 * The money side of one contract, per subscription: who subscribed, their total, credits and cheques
 * by status. The contract page's figures, its table of subscribers and its "why not archive yet"
 * all come from these two queries, instead of each reading the contract's cheques again.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { cheques, credits, members, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { isActive, isFrozen, type ChequeStatus } from '../../domain/cheque-status.js';
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

const subscriptionColumns = {
  id: subscriptions.id,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  creditsCents: sql<number>`(select coalesce(sum(${credits.amountCents}), 0) from ${credits} where ${credits.subscriptionId} = ${subscriptions.id})`,
};
const chequeColumns = {
  subscriptionId: subscriptions.id,
  status: cheques.status,
  n: sql<number>`count(*)`,
  cents: sql<number>`sum(${cheques.amountCents})`,
};

const FRENCH = new Intl.Collator('fr');
// Rows come in SQL's byte order, which is nearly the French one: the sort then compares little, and
// equal last names (most neighbours) skip the collator.
const byFrenchName = (a: ContractSubscriberRow, b: ContractSubscriberRow) =>
  (a.lastName === b.lastName ? 0 : FRENCH.compare(a.lastName, b.lastName)) ||
  (a.firstName === b.firstName ? 0 : FRENCH.compare(a.firstName, b.firstName));

export function contractLedger(db: Db, contractId: number): ContractLedger {
  const subs = prepared(db, 'contract-ledger-subscriptions', () => ({
    fields: subscriptionColumns,
    query: db
      .select(subscriptionColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .where(eq(subscriptions.contractId, ph('contractId')))
      .orderBy(asc(members.lastName), asc(members.firstName)),
  })).all({ contractId });
  // Grouped in the order the two indexes already give (subscription by member, cheques by status):
  // no sort of the season's cheques.
  const groups = prepared(db, 'contract-ledger-cheques', () => ({
    fields: chequeColumns,
    query: db
      .select(chequeColumns)
      .from(subscriptions)
      .innerJoin(cheques, eq(cheques.subscriptionId, subscriptions.id))
      .where(eq(subscriptions.contractId, ph('contractId')))
      .groupBy(subscriptions.memberId, cheques.status),
  })).all({ contractId });

  const bySubscription = new Map<number, { n: number; expected: number; frozen: number }>();
  let expected = 0,
    expectedCents = 0,
    received = 0,
    receivedCents = 0,
    promisedCheques = 0,
    receivedCheques = 0;
  for (const g of groups) {
    const status = g.status as ChequeStatus;
    if (!isActive(status)) continue;
    let mine = bySubscription.get(g.subscriptionId);
    if (!mine) bySubscription.set(g.subscriptionId, (mine = { n: 0, expected: 0, frozen: 0 }));
    mine.n += g.n;
    mine.expected += g.cents;
    expected += g.n;
    expectedCents += g.cents;
    if (isFrozen(status)) {
      mine.frozen += g.cents;
      received += g.n;
      receivedCents += g.cents;
    }
    if (status === 'promised') promisedCheques += g.n;
    else if (status === 'received') receivedCheques += g.n;
  }

  const subscribers: ContractSubscriberRow[] = [];
  let totalCents = 0,
    owedBackCount = 0;
  for (const s of subs) {
    const mine = bySubscription.get(s.id);
    if (owedBackCents(payableCents(s.totalCents, s.creditsCents), mine?.frozen ?? 0) > 0) owedBackCount++;
    if (s.status !== 'active') continue;
    totalCents += s.totalCents;
    subscribers.push({
      memberId: s.memberId,
      firstName: s.firstName,
      lastName: s.lastName,
      status: s.status,
      totalCents: s.totalCents,
      chequesExpectedCents: mine?.expected ?? 0,
      chequesReceivedCents: mine?.frozen ?? 0,
      chequeCount: mine?.n ?? 0,
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
