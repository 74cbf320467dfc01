import { and, asc, eq, ne, sql } from 'drizzle-orm';
import {
  cheques,
  contracts,
  credits,
  deliveries,
  handovers,
  paymentDates,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { ChequeStatus } from '../../domain/cheque-status.js';
import { computeBalance } from '../../domain/balance.js';
import { payeeSummaries, type PayeeSummary } from '../../read/cheque-lines.js';
import { statementChoicesOf, type StatementChoices } from '../../documents/statement.data.js';
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

// A member's page reads only the member's rows, and each contract's words once per subscription
// rather than once per cheque: the cheque rows carry ids and amounts, the names are joined in JS.
const subscriptionColumns = {
  subscriptionId: subscriptions.id,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  contractId: contracts.id,
  contractName: contracts.name,
  payee: contracts.payee,
  paymentsManaged: contracts.paymentsManaged,
  // The season of the contract's statement (documents/statement.data.ts).
  firstDelivery: sql<
    string | null
  >`(select min(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`,
};

const chequeColumns = {
  subscriptionId: cheques.subscriptionId,
  status: cheques.status,
  amountCents: cheques.amountCents,
  dueOn: paymentDates.dueOn,
  bank: cheques.bank,
  number: cheques.number,
  handedOverOn: handovers.handedOverOn,
};

const creditColumns = {
  subscriptionId: credits.subscriptionId,
  contractName: contracts.name,
  amountCents: credits.amountCents,
  reason: credits.reason,
  createdAt: credits.createdAt,
};

/**
 * The cheques a member sees (promised, received, handed over, returned): a cancelled one was never
 * written. Said as "not cancelled" so that SQLite reads each subscription's cheques in one range
 * of its index rather than in one seek per status.
 */
const shown = ne(cheques.status, 'cancelled');

type SubscriptionRow = ReturnType<ReturnType<typeof queries>['subscriptions']['all']>[number];

function queries(db: Db) {
  return {
    subscriptions: prepared(db, 'my-payments-subscriptions', () => ({
      fields: subscriptionColumns,
      query: db
        .select(subscriptionColumns)
        .from(subscriptions)
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(eq(subscriptions.memberId, ph('memberId')))
        .orderBy(asc(contracts.name)),
    })),
    cheques: prepared(db, 'my-payments-cheques', () => ({
      fields: chequeColumns,
      query: db
        .select(chequeColumns)
        .from(subscriptions)
        .innerJoin(cheques, eq(cheques.subscriptionId, subscriptions.id))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
        .leftJoin(handovers, eq(handovers.id, cheques.handoverId))
        .where(and(eq(subscriptions.memberId, ph('memberId')), shown))
        .orderBy(asc(paymentDates.dueOn), asc(contracts.name), asc(cheques.id)),
    })),
    credits: prepared(db, 'my-credits', () => ({
      fields: creditColumns,
      query: db
        .select(creditColumns)
        .from(credits)
        .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(eq(subscriptions.memberId, ph('memberId')))
        .orderBy(asc(credits.id)),
    })),
  };
}

export interface MyPaymentsPage {
  p: MyPayments;
  /** The statements to download: seasons and contracts the member has one for. */
  statements: StatementChoices;
}

/** "Mes paiements": every cheque of the member by what happened to it, and the statements, in three queries. */
export function myPaymentsPage(db: Db, memberId: number): MyPaymentsPage {
  const q = queries(db);
  const subs = q.subscriptions.all({ memberId });
  return { p: myPayments(q, memberId, subs), statements: statementChoicesOf(subs) };
}

function myPayments(q: ReturnType<typeof queries>, memberId: number, subs: SubscriptionRow[]): MyPayments {
  const creditRows = q.credits.all({ memberId });
  const bySubscription = new Map(subs.map((s) => [s.subscriptionId, s]));
  const rows = q.cheques.all({ memberId }).map((c) => {
    const s = bySubscription.get(c.subscriptionId)!;
    // Spelled out rather than spread: a spread copy per cheque cost more than the query.
    return {
      subscriptionId: c.subscriptionId,
      subscriptionStatus: s.status,
      contractName: s.contractName,
      payee: s.payee,
      status: c.status as ChequeStatus,
      amountCents: c.amountCents,
      dueOn: c.dueOn,
      bank: c.bank,
      number: c.number,
      handedOverOn: c.handedOverOn,
    };
  });
  const promised: typeof rows = [];
  const given: typeof rows = [];
  const handedOver: typeof rows = [];
  const returned: typeof rows = [];
  for (const r of rows) {
    if (r.status === 'promised') promised.push(r);
    else if (r.status === 'received') given.push(r);
    else if (r.status === 'handed_over') handedOver.push(r);
    else if (r.status === 'returned') returned.push(r);
  }
  return {
    contracts: contractPayments(rows).map((p) => ({ ...p, sentence: paymentSentence(p) })),
    toBring: payeeSummaries(promised),
    given,
    handedOver: handedOver.reverse(),
    returned,
    credits: creditRows.map(({ subscriptionId: _s, ...c }) => c),
    owedBack: owedBack(subs, rows, creditRows),
  };
}

/**
 * What the AMAP owes back per contract whose payments it manages (the treasurer's balances of
 * domain/balance.ts), from the rows the page already read, in the order of the contracts' names.
 */
function owedBack(
  subs: readonly { subscriptionId: number; totalCents: number; contractName: string; paymentsManaged: boolean }[],
  rows: readonly { subscriptionId: number; amountCents: number; status: ChequeStatus }[],
  creditRows: readonly { subscriptionId: number; amountCents: number }[],
): MyPayments['owedBack'] {
  const chequesOf = new Map<number, { amountCents: number; status: ChequeStatus }[]>();
  for (const r of rows) {
    const list = chequesOf.get(r.subscriptionId);
    if (list) list.push(r);
    else chequesOf.set(r.subscriptionId, [r]);
  }
  const creditsOf = new Map<number, number>();
  for (const c of creditRows) creditsOf.set(c.subscriptionId, (creditsOf.get(c.subscriptionId) ?? 0) + c.amountCents);
  const out: MyPayments['owedBack'] = [];
  for (const s of subs) {
    if (!s.paymentsManaged) continue;
    const balance = computeBalance({
      totalCents: s.totalCents,
      creditsCents: creditsOf.get(s.subscriptionId) ?? 0,
      cheques: chequesOf.get(s.subscriptionId) ?? [],
    });
    if (balance.owedBackCents > 0) out.push({ contractName: s.contractName, amountCents: balance.owedBackCents });
  }
  return out;
}
