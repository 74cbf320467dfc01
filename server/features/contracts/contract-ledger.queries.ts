/**
 * The money side of one contract, per subscription: who subscribed, their total, credits and cheques
 * by status. The contract page's figures, its table of subscribers and its "why not archive yet"
 * all come from one query, instead of each reading the contract's cheques again.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
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
// One row: the table's rows as JSON rather than a row per subscriber (better-sqlite3 hands JavaScript
// each row and each value one at a time, which costs more than SQLite's reading them), and the
// contract's figures beside them, added up in the same pass. The table's rows carry only what it
// shows, already added up.
type RowValues = [number, string, string, number, number, number, number];
const rowJson = sql`json_array(${members.id}, ${members.firstName}, ${members.lastName}, ${subscriptions.totalCents},
  ${zero(sql`${m.promisedCents} + ${m.collectedCents}`)}, ${zero(sql`${m.collectedCents}`)},
  ${zero(sql`${m.promisedN} + ${m.collectedN}`)})`;
const ledgerColumns = {
  // In no order: sorting them here would not spare the French sort below.
  rows: sql<string>`json_group_array(${rowJson}) filter (where ${subscriptions.status} = 'active')`,
  // Over every subscription of the contract, a cancelled one's too (its cheques may still be to
  // collect or to give back).
  chequesExpected: zero(sql`sum(${m.promisedN} + ${m.collectedN})`),
  chequesExpectedCents: zero(sql`sum(${m.promisedCents} + ${m.collectedCents})`),
  chequesReceived: zero(sql`sum(${m.collectedN})`),
  chequesReceivedCents: zero(sql`sum(${m.collectedCents})`),
  promisedCheques: zero(sql`sum(${m.promisedN})`),
  receivedCheques: zero(sql`sum(${m.receivedN})`),
  owedBackCount: sql<number>`count(*) filter (where ${owesBack})`,
};

const FRENCH = new Intl.Collator('fr');
/** French order of two names; between two the collator takes as equal, the strings' own order. */
function frenchOrder(x: string, y: string): number {
  if (x === y) return 0;
  // Different ASCII initials decide alone (the collator ranks letters alphabetically, whatever their
  // case and what follows): most comparisons of a sort, for a fraction of the collator's cost.
  const a = x.charCodeAt(0) | 32;
  const b = y.charCodeAt(0) | 32;
  if (a !== b && a >= 97 && a <= 122 && b >= 97 && b <= 122) return a - b;
  return FRENCH.compare(x, y) || (x < y ? -1 : 1);
}
// Namesakes by member id.
const byFrenchName = (a: ContractSubscriberRow, b: ContractSubscriberRow) =>
  frenchOrder(a.lastName, b.lastName) || frenchOrder(a.firstName, b.firstName) || a.memberId - b.memberId;

const subscriberRow = (v: RowValues): ContractSubscriberRow => ({
  memberId: v[0],
  firstName: v[1],
  lastName: v[2],
  totalCents: v[3],
  chequesExpectedCents: v[4],
  chequesReceivedCents: v[5],
  chequeCount: v[6],
});

export function contractLedger(db: Db, contractId: number): ContractLedger {
  // Figures kept per subscription by triggers (schema/cheque-sums.ts): no read of the contract's cheques.
  const { rows, promisedCheques, receivedCheques, owedBackCount, ...cheques } = prepared(db, 'contract-ledger', () => ({
    fields: ledgerColumns,
    query: db
      .select(ledgerColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .leftJoin(m, eq(m.subscriptionId, subscriptions.id))
      .where(eq(subscriptions.contractId, ph('contractId'))),
  })).get({ contractId })!;
  const subscribers = (JSON.parse(rows) as RowValues[]).map(subscriberRow);
  subscribers.sort(byFrenchName);
  let totalCents = 0;
  for (const s of subscribers) totalCents += s.totalCents;
  return {
    stats: { subscriberCount: subscribers.length, totalCents, ...cheques },
    subscribers,
    promisedCheques,
    receivedCheques,
    owedBackCount,
  };
}
