/** The data of a contract's cheque report: its payment dates, its subscribers and every cheque. */
import { asc, eq } from 'drizzle-orm';
import { contracts, members, paymentDates, producers, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { ChequeStatus } from '../domain/cheque-status.js';
import { chequeLines } from '../read/cheque-lines.js';
import { byName } from '../lib/format.js';

export interface ChequeReportMember {
  memberId: number;
  lastName: string;
  firstName: string;
  subscriptionStatus: 'active' | 'cancelled';
  /** The subscription's total (0 once cancelled). */
  orderedCents: number;
}

export interface ChequeReportCheque {
  memberId: number;
  paymentDateId: number;
  dueOn: string;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  receivedAt: string | null;
  handedOverAt: string | null;
}

export interface ChequeReportData {
  amapName: string;
  /** The contract's producer (who may see the report, and its bank details, depends on it). */
  producerId: number;
  contractName: string;
  producerName: string;
  payee: string;
  paymentDates: { id: number; dueOn: string }[];
  /** Every member with a subscription to the contract, active or cancelled, sorted by name. */
  members: ChequeReportMember[];
  /** Every cheque of the contract, whatever its status. */
  cheques: ChequeReportCheque[];
}

/** The report's data, or null when the contract does not exist. Four queries. */
export function chequeReportData(db: Db, contractId: number, amapName = ''): ChequeReportData | null {
  const c = db
    .select({ name: contracts.name, payee: contracts.payee, producerId: producers.id, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.id, contractId))
    .get();
  if (!c) return null;
  const dates = db
    .select({ id: paymentDates.id, dueOn: paymentDates.dueOn })
    .from(paymentDates)
    .where(eq(paymentDates.contractId, contractId))
    .orderBy(asc(paymentDates.dueOn))
    .all();
  const subs = db
    .select({
      memberId: members.id,
      lastName: members.lastName,
      firstName: members.firstName,
      subscriptionStatus: subscriptions.status,
      orderedCents: subscriptions.totalCents,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .where(eq(subscriptions.contractId, contractId))
    .all()
    .sort(byName);
  const rows = chequeLines(db, { contractId }, 'due').map((l) => ({
    memberId: l.memberId,
    paymentDateId: l.paymentDateId,
    dueOn: l.dueOn,
    amountCents: l.amountCents,
    status: l.status,
    bank: l.bank,
    number: l.number,
    receivedAt: l.receivedAt,
    handedOverAt: l.handedOverAt,
  }));
  return {
    amapName,
    producerId: c.producerId,
    contractName: c.name,
    producerName: c.producerName,
    payee: c.payee,
    paymentDates: dates,
    members: subs,
    cheques: rows,
  };
}

/** The same report without the members' banks and cheque numbers (for who may not handle the money). */
export function withoutBankDetails(data: ChequeReportData): ChequeReportData {
  return { ...data, cheques: data.cheques.map((c) => ({ ...c, bank: null, number: null })) };
}
