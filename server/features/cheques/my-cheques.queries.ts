import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  cheques,
  contracts,
  credits,
  handovers,
  paymentDates,
  producers,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { groupChequesByAmount, type ChequeGroup } from '../../domain/cheque-grouping.js';
import { subscriptionBalances } from '../treasury/treasury.queries.js';

export interface PayeeGroups {
  payee: string;
  count: number;
  totalCents: number;
  groups: ChequeGroup[];
}

export interface MyPayments {
  /** Promised cheques, grouped by payee then amount: what to write. */
  toBring: PayeeGroups[];
  /** Received by the AMAP, not yet handed to the producer. */
  given: {
    contractName: string;
    payee: string;
    dueOn: string;
    amountCents: number;
    bank: string | null;
    number: string | null;
  }[];
  /** Handed to the producer, with the date. */
  handedOver: {
    contractName: string;
    payee: string;
    dueOn: string;
    amountCents: number;
    handedOverOn: string | null;
  }[];
  returned: { contractName: string; dueOn: string; amountCents: number }[];
  credits: { contractName: string; amountCents: number; reason: string; createdAt: string }[];
  owedBack: { contractName: string; amountCents: number }[];
}

function byPayee(lines: { payee: string; dueOn: string; amountCents: number }[]): PayeeGroups[] {
  const map = new Map<string, { dueOn: string; amountCents: number }[]>();
  for (const l of lines) map.set(l.payee, [...(map.get(l.payee) ?? []), l]);
  return [...map.entries()].map(([payee, ls]) => ({
    payee,
    count: ls.length,
    totalCents: ls.reduce((a, l) => a + l.amountCents, 0),
    groups: groupChequesByAmount(ls),
  }));
}

/** "Mes paiements": every cheque of the member by what happened to it, in three queries. */
export function myPayments(db: Db, memberId: number): MyPayments {
  const rows = db
    .select({
      contractName: contracts.name,
      payee: contracts.payee,
      producerName: producers.name,
      dueOn: paymentDates.dueOn,
      amountCents: cheques.amountCents,
      status: cheques.status,
      bank: cheques.bank,
      number: cheques.number,
      handedOverOn: handovers.handedOverOn,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .leftJoin(handovers, eq(handovers.id, cheques.handoverId))
    .where(
      and(
        eq(subscriptions.memberId, memberId),
        inArray(cheques.status, ['promised', 'received', 'handed_over', 'returned']),
      ),
    )
    .orderBy(asc(paymentDates.dueOn), asc(contracts.name))
    .all();
  const creditRows = db
    .select({
      contractName: contracts.name,
      amountCents: credits.amountCents,
      reason: credits.reason,
      createdAt: credits.createdAt,
    })
    .from(credits)
    .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(credits.id))
    .all();
  const owedBack = subscriptionBalances(db, null, { memberId })
    .filter((b) => b.balance.owedBackCents > 0)
    .map((b) => ({ contractName: b.contractName, amountCents: b.balance.owedBackCents }));
  return {
    toBring: byPayee(rows.filter((r) => r.status === 'promised')),
    given: rows.filter((r) => r.status === 'received'),
    handedOver: rows.filter((r) => r.status === 'handed_over').reverse(),
    returned: rows.filter((r) => r.status === 'returned'),
    credits: creditRows,
    owedBack,
  };
}
