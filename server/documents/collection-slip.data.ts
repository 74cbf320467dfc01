/**
 * The data of the "bordereau de collecte" of a contract: each member who still has cheques to bring
 * (promised, not yet received), which ones, and the totals per payment date.
 */
import { eq } from 'drizzle-orm';
import { contracts, producers } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { sumCents } from '../domain/money.js';
import { chequeLines } from '../read/cheque-lines.js';
import { byName, sortName } from '../lib/format.js';

export interface CollectionSlipMember {
  name: string;
  /** The cheques still to bring, by payment date. */
  cheques: { dueOn: string; amountCents: number }[];
  totalCents: number;
}

export interface CollectionSlipData {
  amapName: string;
  /** The contract's producer (who may see the slip depends on it). */
  producerId: number;
  contractName: string;
  producerName: string;
  payee: string;
  members: CollectionSlipMember[];
  /** Cheques still to bring per payment date, in date order. */
  byDate: { dueOn: string; count: number; totalCents: number }[];
  count: number;
  totalCents: number;
}

/** The slip's data, or null when the contract does not exist. Two queries. */
export function collectionSlipData(db: Db, contractId: number, amapName: string): CollectionSlipData | null {
  const c = db
    .select({ name: contracts.name, payee: contracts.payee, producerId: producers.id, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.id, contractId))
    .get();
  if (!c) return null;
  const rows = chequeLines(db, { contractId, statuses: ['promised'] }, 'due').filter((r) => r.amountCents > 0);

  const perMember = new Map<
    number,
    { firstName: string; lastName: string; cheques: { dueOn: string; amountCents: number }[] }
  >();
  const perDate = new Map<string, { dueOn: string; count: number; totalCents: number }>();
  for (const r of rows) {
    const m = perMember.get(r.memberId) ?? { firstName: r.firstName, lastName: r.lastName, cheques: [] };
    m.cheques.push({ dueOn: r.dueOn, amountCents: r.amountCents });
    perMember.set(r.memberId, m);
    const d = perDate.get(r.dueOn) ?? { dueOn: r.dueOn, count: 0, totalCents: 0 };
    d.count++;
    d.totalCents += r.amountCents;
    perDate.set(r.dueOn, d);
  }
  const list = [...perMember.values()].sort(byName).map((m) => ({
    name: sortName(m),
    cheques: m.cheques,
    totalCents: sumCents(m.cheques.map((x) => x.amountCents)),
  }));
  return {
    amapName,
    producerId: c.producerId,
    contractName: c.name,
    producerName: c.producerName,
    payee: c.payee,
    members: list,
    byDate: [...perDate.values()],
    count: rows.length,
    totalCents: sumCents(rows.map((r) => r.amountCents)),
  };
}
