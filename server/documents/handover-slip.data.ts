/**
 * The data of the "bordereau de remise de chèques": one handover of the cheques of one contract
 * and one payment date to its producer, with each cheque handed over.
 */
import { eq } from 'drizzle-orm';
import { contracts, handovers, members, paymentDates, producers } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { sumCents } from '../domain/money.js';
import { chequeLines } from '../read/cheque-lines.js';
import { byName, displayName, sortName } from '../lib/format.js';

export interface HandoverSlipCheque {
  memberName: string;
  bank: string | null;
  number: string | null;
  amountCents: number;
}

export interface HandoverSlipData {
  amapName: string;
  /** The producer the handover is for (who may see the slip depends on it). */
  producerId: number;
  producerName: string;
  payee: string;
  contractName: string;
  /** Payment date of the cheques (YYYY-MM-DD). */
  dueOn: string;
  handedOverOn: string;
  handedOverBy: string;
  cheques: HandoverSlipCheque[];
  totalCents: number;
  count: number;
  /** Day the handover was undone (the slip is then void), or null. */
  undoneOn?: string | null;
}

/** The slip of a handover, or null when there is no such handover. Two queries. */
export function handoverSlipData(db: Db, handoverId: number, amapName: string): HandoverSlipData | null {
  const h = db
    .select({
      handedOverOn: handovers.handedOverOn,
      undoneAt: handovers.undoneAt,
      recordedTotal: handovers.totalCents,
      recordedCount: handovers.chequeCount,
      contractName: contracts.name,
      payee: contracts.payee,
      producerId: producers.id,
      producerName: producers.name,
      dueOn: paymentDates.dueOn,
      byFirst: members.firstName,
      byLast: members.lastName,
    })
    .from(handovers)
    .innerJoin(contracts, eq(contracts.id, handovers.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(paymentDates, eq(paymentDates.id, handovers.paymentDateId))
    .leftJoin(members, eq(members.id, handovers.createdById))
    .where(eq(handovers.id, handoverId))
    .get();
  if (!h) return null;
  const lines = chequeLines(db, { handoverId }, 'due')
    .sort(byName)
    .map((r) => ({ memberName: sortName(r), bank: r.bank, number: r.number, amountCents: r.amountCents }));
  return {
    amapName,
    producerId: h.producerId,
    producerName: h.producerName,
    payee: h.payee,
    contractName: h.contractName,
    dueOn: h.dueOn,
    handedOverOn: h.handedOverOn.slice(0, 10),
    handedOverBy:
      h.byFirst !== null && h.byLast !== null ? displayName({ firstName: h.byFirst, lastName: h.byLast }) : '',
    cheques: lines,
    // An undone handover may have given its cheques back: the slip then shows what was recorded.
    totalCents: lines.length ? sumCents(lines.map((l) => l.amountCents)) : h.recordedTotal,
    count: lines.length || h.recordedCount,
    undoneOn: h.undoneAt ? h.undoneAt.slice(0, 10) : null,
  };
}
