/**
 * Cheque totals: the cheque lines of cheque-lines.ts counted and summed per status, grouped per
 * contract and payment date, per producer and month, or per member. One query per call, summed
 * from the cheque indexes first when the filter allows it (cheque-sums.ts).
 */
import { sql } from 'drizzle-orm';
import { cheques, contracts, members, paymentDates, producers } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { preparedChequeRows, type ChequeLineFilter } from './cheque-lines.js';
import { sums, sumsCover } from './cheque-sums.js';

export interface CountAndCents {
  count: number;
  cents: number;
}

/** Every cheque matching the filter, then those promised, received and handed over. */
export interface ChequeTotals extends CountAndCents {
  promised: CountAndCents;
  received: CountAndCents;
  handedOver: CountAndCents;
}

const countOf = (status: string) => sql<number>`coalesce(sum(${cheques.status} = ${status}), 0)`;
const centsOf = (status: string) =>
  sql<number>`coalesce(sum(case when ${cheques.status} = ${status} then ${cheques.amountCents} end), 0)`;

const totalColumns = {
  count: sql<number>`count(*)`,
  cents: sql<number>`coalesce(sum(${cheques.amountCents}), 0)`,
  promisedCount: countOf('promised'),
  promisedCents: centsOf('promised'),
  receivedCount: countOf('received'),
  receivedCents: centsOf('received'),
  handedOverCount: countOf('handed_over'),
  handedOverCents: centsOf('handed_over'),
};

type TotalColumns = { [K in keyof typeof totalColumns]: number };

function nest<K>(row: K & TotalColumns): K & { totals: ChequeTotals } {
  const {
    count,
    cents,
    promisedCount,
    promisedCents,
    receivedCount,
    receivedCents,
    handedOverCount,
    handedOverCents,
    ...keys
  } = row;
  return {
    ...(keys as K),
    totals: {
      count,
      cents,
      promised: { count: promisedCount, cents: promisedCents },
      received: { count: receivedCount, cents: receivedCents },
      handedOver: { count: handedOverCount, cents: handedOverCents },
    },
  };
}

export interface ContractPaymentDateTotals {
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  paymentDateId: number;
  dueOn: string;
  totals: ChequeTotals;
}

const contractAndPaymentDate = {
  contractId: contracts.id,
  contractName: contracts.name,
  producerId: producers.id,
  producerName: producers.name,
  paymentDateId: paymentDates.id,
  dueOn: paymentDates.dueOn,
};
const byContractAndPaymentDate = { ...contractAndPaymentDate, ...totalColumns };

/** Per contract and payment date, by payment date then producer and contract. */
export function totalsByContractAndPaymentDate(db: Db, filter: ChequeLineFilter): ContractPaymentDateTotals[] {
  type Keys = Omit<ContractPaymentDateTotals, 'totals'>;
  const shape = {
    groupBy: [contracts.id, paymentDates.id],
    orderBy: [paymentDates.dueOn, producers.name, contracts.name],
  };
  const rows = sumsCover('payment-date', filter)
    ? sums<Keys>(db, 'contract-date', 'payment-date', filter, { keys: contractAndPaymentDate, ...shape })
    : preparedChequeRows<Keys & TotalColumns>(db, 'totals-contract-date', byContractAndPaymentDate, filter, shape);
  return rows.map(nest<Keys>);
}

export interface ProducerMonthTotals {
  producerId: number;
  producerName: string;
  /** YYYY-MM of the payment dates. */
  month: string;
  totals: ChequeTotals;
}

const month = sql<string>`substr(${paymentDates.dueOn}, 1, 7)`;
const producerAndMonth = { producerId: producers.id, producerName: producers.name, month };
const byProducerAndMonth = { ...producerAndMonth, ...totalColumns };

/** Per producer and month of payment, by month then producer. */
export function totalsByProducerAndMonth(db: Db, filter: ChequeLineFilter): ProducerMonthTotals[] {
  type Keys = Omit<ProducerMonthTotals, 'totals'>;
  const shape = { groupBy: [producers.id, month], orderBy: [month, producers.name] };
  const rows = sumsCover('payment-date', filter)
    ? sums<Keys>(db, 'producer-month', 'payment-date', filter, { keys: producerAndMonth, ...shape })
    : preparedChequeRows<Keys & TotalColumns>(db, 'totals-producer-month', byProducerAndMonth, filter, shape);
  return rows.map(nest<Keys>);
}

export interface MemberTotals {
  memberId: number;
  firstName: string;
  lastName: string;
  totals: ChequeTotals;
}

const member = { memberId: members.id, firstName: members.firstName, lastName: members.lastName };
const byMember = { ...member, ...totalColumns };

/** Per member, in no particular order (callers sort by name as they need). */
export function totalsByMember(db: Db, filter: ChequeLineFilter): MemberTotals[] {
  type Keys = Omit<MemberTotals, 'totals'>;
  const shape = { groupBy: [members.id] };
  const rows = sumsCover('subscription', filter)
    ? sums<Keys>(db, 'member', 'subscription', filter, { keys: member, ...shape })
    : preparedChequeRows<Keys & TotalColumns>(db, 'totals-member', byMember, filter, shape);
  return rows.map(nest<Keys>);
}
