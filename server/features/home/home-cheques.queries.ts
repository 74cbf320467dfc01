/**
 * The home page's cheque block: per contract one sentence, per payee the cheques to write, and
 * how many were handed over. The member has a few dozen cheques and a few subscriptions: one
 * statement hands both lists over as two JSON values of one row, and JavaScript adds them up in
 * one pass. better-sqlite3 charges per row and per value it hands over, so this costs less than
 * two aggregates in SQLite returning a dozen rows of ten values.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cheques, contracts, members, paymentDates, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { PayeeSummary } from '../../read/cheque-lines.js';
import type { ChequeGroup } from '../../domain/cheque-grouping.js';
import type { ChequeStatus } from '../../domain/cheque-status.js';
import { byFirstPayment, paymentSentence, type ContractPayment } from '../cheques/contract-payments.js';

export interface HomeCheques {
  /** Contracts with cheques still to bring, each in one sentence with its due date. */
  contracts: (ContractPayment & { sentence: string })[];
  /** Promised cheques grouped by payee in alphabetical order: what to write. */
  toBring: PayeeSummary[];
  /** Cheques the AMAP already handed over to the producers. */
  handedOverCount: number;
}

/** [subscription id, status, amount, due date, cheque id]: promised, received or handed over. */
type ChequeRow = [number, ChequeStatus, number, string, number];
/** [subscription id, 1 if active, contract name, payee, hex(contract name)] */
type SubscriptionRow = [number, 0 | 1, string, string, string];

/** The member's cheques and subscriptions, each list as one JSON array. */
function memberRows(db: Db, memberId: number) {
  return prepared(db, 'home-cheques-json', () => {
    const chequeRows = db
      .select({
        rows: sql`json_group_array(json_array(${cheques.subscriptionId}, ${cheques.status}, ${cheques.amountCents}, ${paymentDates.dueOn}, ${cheques.id}))`,
      })
      .from(subscriptions)
      .innerJoin(
        cheques,
        and(
          eq(cheques.subscriptionId, subscriptions.id),
          inArray(cheques.status, ['promised', 'received', 'handed_over']),
        ),
      )
      .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
      .where(eq(subscriptions.memberId, members.id));
    const subscriptionRows = db
      .select({
        rows: sql`json_group_array(json_array(${subscriptions.id}, ${subscriptions.status} = 'active', ${contracts.name}, ${contracts.payee}, hex(${contracts.name})))`,
      })
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(eq(subscriptions.memberId, members.id));
    const fields = { cheques: sql<string>`(${chequeRows})`, subscriptions: sql<string>`(${subscriptionRows})` };
    return {
      fields,
      query: db
        .select(fields)
        .from(members)
        .where(eq(members.id, ph('memberId'))),
    };
  }).get({ memberId });
}

type Subscription = ContractPayment & { active: boolean; firstDueOn: string; hexName: string };

const byFirstPaymentThenId = (a: Subscription, b: Subscription) =>
  byFirstPayment(a, b) || a.subscriptionId - b.subscriptionId;
const byPayee = (a: { payee: string }, b: { payee: string }) => (a.payee < b.payee ? -1 : a.payee > b.payee ? 1 : 0);

/**
 * The member's cheques for the home page. Contracts come in the order of their first payment
 * date, ties in subscription order (as the page always listed them).
 */
export function homeCheques(db: Db, memberId: number): HomeCheques {
  const row = memberRows(db, memberId);
  const subs = new Map<number, Subscription>();
  for (const [id, active, contractName, payee, hexName] of JSON.parse(row?.subscriptions ?? '[]') as SubscriptionRow[])
    subs.set(id, {
      subscriptionId: id,
      contractName,
      payee,
      totalCents: 0,
      givenCents: 0,
      toBringCents: 0,
      toBringCount: 0,
      dueBy: null,
      handedOverCount: 0,
      active: active === 1,
      firstDueOn: '',
      hexName,
    });
  // Per payee, per amount, the group and its first cheque (see `firstLine`).
  const payees = new Map<
    string,
    { summary: PayeeSummary; byAmount: Map<number, { group: ChequeGroup; first: string }> }
  >();
  let handedOverCount = 0;
  for (const [subscriptionId, status, amountCents, dueOn, id] of JSON.parse(row?.cheques ?? '[]') as ChequeRow[]) {
    const s = subs.get(subscriptionId)!;
    s.totalCents += amountCents;
    if (s.firstDueOn === '' || dueOn < s.firstDueOn) s.firstDueOn = dueOn;
    if (status === 'handed_over') {
      s.handedOverCount++;
      handedOverCount++;
    }
    if (status !== 'promised') continue;
    s.toBringCents += amountCents;
    s.toBringCount++;
    if (s.dueBy === null || dueOn < s.dueBy) s.dueBy = dueOn;
    let p = payees.get(s.payee);
    if (!p)
      payees.set(
        s.payee,
        (p = { summary: { payee: s.payee, count: 0, totalCents: 0, groups: [] }, byAmount: new Map() }),
      );
    p.summary.count++;
    p.summary.totalCents += amountCents;
    // A zero cheque is among the cheques counted but makes no group (domain/cheque-grouping.ts).
    if (amountCents === 0) continue;
    const first = firstLine(dueOn, s.hexName, id);
    const g = p.byAmount.get(amountCents);
    if (!g) p.byAmount.set(amountCents, { group: { amountCents, count: 1, dueOns: [dueOn] }, first });
    else {
      g.group.count++;
      g.group.dueOns.push(dueOn);
      if (first < g.first) g.first = first;
    }
  }
  const toBring: PayeeSummary[] = [];
  for (const { summary, byAmount } of payees.values()) {
    const groups = [...byAmount.values()].sort((a, b) => (a.first < b.first ? -1 : 1));
    for (const { group } of groups) {
      group.dueOns.sort();
      summary.groups.push(group);
    }
    toBring.push(summary);
  }
  toBring.sort(byPayee);
  const contractsToBring: HomeCheques['contracts'] = [];
  const toBringOn = [...subs.values()].filter((s) => s.active && s.toBringCents > 0);
  for (const s of toBringOn.sort(byFirstPaymentThenId)) {
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
    contractsToBring.push({ ...p, sentence: paymentSentence(p) });
  }
  return { contracts: contractsToBring, toBring, handedOverCount };
}

/**
 * A cheque in the order a member's cheque lines are read (due date, contract name, cheque):
 * grouping those lines one by one ordered the groups, and broke their ties, by a group's first
 * line. The name goes in hex (as SQLite writes it) so that a shorter name sorts first, as in
 * ORDER BY, whatever follows it; the id is padded as printf('%012d') does.
 */
function firstLine(dueOn: string, hexName: string, id: number): string {
  return `${dueOn}${hexName} ${String(id).padStart(12, '0')}`;
}
