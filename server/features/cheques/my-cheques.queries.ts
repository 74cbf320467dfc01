import { asc, eq } from 'drizzle-orm';
import { contracts, credits, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { chequeLines, payeeSummaries, type PayeeSummary } from '../../read/cheque-lines.js';
import { subscriptionBalances } from '../treasury/treasury.queries.js';
import { contractPayments, paymentSentence, type ContractPayment } from './contract-payments.js';

export type PayeeGroups = PayeeSummary;

export interface MyPayments {
  /** Each contract added up in one sentence ("455,00 € : 176,00 € donnés, 279,00 € à apporter avant le 6 mai"). */
  contracts: (ContractPayment & { sentence: string })[];
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

const creditColumns = {
  contractName: contracts.name,
  amountCents: credits.amountCents,
  reason: credits.reason,
  createdAt: credits.createdAt,
};

/** "Mes paiements": every cheque of the member by what happened to it, in three queries. */
export function myPayments(db: Db, memberId: number): MyPayments {
  const rows = chequeLines(db, { memberId, statuses: ['promised', 'received', 'handed_over', 'returned'] });
  const creditRows = prepared(db, 'my-credits', () => ({
    fields: creditColumns,
    query: db
      .select(creditColumns)
      .from(credits)
      .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(eq(subscriptions.memberId, ph('memberId')))
      .orderBy(asc(credits.id)),
  })).all({ memberId });
  const owedBack = subscriptionBalances(db, null, { memberId })
    .filter((b) => b.balance.owedBackCents > 0)
    .map((b) => ({ contractName: b.contractName, amountCents: b.balance.owedBackCents }));
  return {
    contracts: contractPayments(rows).map((p) => ({ ...p, sentence: paymentSentence(p) })),
    toBring: payeeSummaries(rows.filter((r) => r.status === 'promised')),
    given: rows.filter((r) => r.status === 'received'),
    handedOver: rows.filter((r) => r.status === 'handed_over').reverse(),
    returned: rows.filter((r) => r.status === 'returned'),
    credits: creditRows,
    owedBack,
  };
}
