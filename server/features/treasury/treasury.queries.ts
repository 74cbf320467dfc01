import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  cheques,
  contracts,
  credits,
  handovers,
  members,
  paymentDates,
  producers,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { inList, json, ph, prepared, type Values } from '../../db/prepared.js';
import { computeBalance, type Balance } from '../../domain/balance.js';
import type { ChequeStatus } from '../../domain/cheque-status.js';
import { chequeLines, linesByPayee, type ChequeLine } from '../../read/cheque-lines.js';

export type { ChequeLine };

function scopeWhere(scope: number[] | null): SQL | undefined {
  return scope === null ? undefined : scope.length ? inArray(contracts.producerId, scope) : sql`0`;
}

export interface MemberCheques {
  memberId: number;
  firstName: string;
  lastName: string;
  cheques: ChequeLine[];
}

function byMember(lines: ChequeLine[]): MemberCheques[] {
  const out = new Map<number, MemberCheques>();
  for (const l of lines) {
    const m = out.get(l.memberId) ?? {
      memberId: l.memberId,
      firstName: l.firstName,
      lastName: l.lastName,
      cheques: [],
    };
    m.cheques.push(l);
    out.set(l.memberId, m);
  }
  return [...out.values()];
}

export interface ReceptionFilter {
  /** Only members who still owe a cheque. */
  missingOnly: boolean;
  /** Only cheques due up to this date. */
  dueUpTo: string | null;
}

/** The reception page of a contract: each member with their cheques still in play. */
export function contractReception(db: Db, contractId: number, filter: ReceptionFilter): MemberCheques[] {
  const lines = chequeLines(db, {
    contractId,
    statuses: filter.missingOnly ? ['promised'] : ['promised', 'received', 'handed_over'],
    dueUpTo: filter.dueUpTo ?? undefined,
  });
  return byMember(lines);
}

export interface PayeeCheques {
  payee: string;
  cheques: ChequeLine[];
}

/** A member's cheques in scope still to receive or just received, grouped by payee (as written). */
export function memberChequesByPayee(db: Db, scope: number[] | null, memberId: number): PayeeCheques[] {
  const lines = chequeLines(db, { producerScope: scope, memberId, statuses: ['promised', 'received'] });
  return linesByPayee(lines).map((g) => ({ payee: g.payee, cheques: g.lines }));
}

export interface HandoverPreview {
  going: ChequeLine[];
  /** Received cheques of cancelled subscriptions: owed back to the member, they do not go. */
  toReturn: ChequeLine[];
  missing: ChequeLine[];
  totalCents: number;
  missingCents: number;
}

/** What a handover of this contract and payment date would give, and what is still missing. */
export function handoverPreview(db: Db, contractId: number, paymentDateId: number): HandoverPreview {
  const lines = chequeLines(db, { contractId, paymentDateId, statuses: ['promised', 'received'] });
  const going = lines.filter((l) => l.status === 'received' && l.subscriptionStatus === 'active');
  const toReturn = lines.filter((l) => l.status === 'received' && l.subscriptionStatus !== 'active');
  const missing = lines.filter((l) => l.status === 'promised');
  return {
    going,
    toReturn,
    missing,
    totalCents: going.reduce((a, l) => a + l.amountCents, 0),
    missingCents: missing.reduce((a, l) => a + l.amountCents, 0),
  };
}

export interface HandoverRow {
  id: number;
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  dueOn: string;
  handedOverOn: string;
  totalCents: number;
  chequeCount: number;
  byName: string | null;
  undoneAt: string | null;
  undoReason: string | null;
}

export function listHandovers(db: Db, scope: number[] | null, handoverId?: number): HandoverRow[] {
  return db
    .select({
      id: handovers.id,
      contractId: contracts.id,
      contractName: contracts.name,
      producerId: producers.id,
      producerName: producers.name,
      dueOn: paymentDates.dueOn,
      handedOverOn: handovers.handedOverOn,
      totalCents: handovers.totalCents,
      chequeCount: handovers.chequeCount,
      byName: sql<string | null>`${members.firstName} || ' ' || ${members.lastName}`,
      undoneAt: handovers.undoneAt,
      undoReason: handovers.undoReason,
    })
    .from(handovers)
    .innerJoin(contracts, eq(contracts.id, handovers.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(paymentDates, eq(paymentDates.id, handovers.paymentDateId))
    .leftJoin(members, eq(members.id, handovers.createdById))
    .where(and(scopeWhere(scope), handoverId ? eq(handovers.id, handoverId) : undefined))
    .orderBy(desc(handovers.handedOverOn), desc(handovers.id))
    .all();
}

/** The cheques of one handover (for its page). */
export function handoverCheques(db: Db, handoverId: number): ChequeLine[] {
  return chequeLines(db, { handoverId });
}

export interface SubscriptionBalanceRow {
  subscriptionId: number;
  status: 'active' | 'cancelled';
  contractId: number;
  contractName: string;
  producerName: string;
  memberId: number;
  firstName: string;
  lastName: string;
  balance: Balance;
  /** Received cheques not yet handed over, which can be given back instead of money. */
  returnable: number;
}

const balanceSubscriptionColumns = {
  subscriptionId: subscriptions.id,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  contractId: contracts.id,
  contractName: contracts.name,
  producerName: producers.name,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
};
const balanceChequeColumns = {
  subscriptionId: cheques.subscriptionId,
  amountCents: cheques.amountCents,
  status: cheques.status,
};
const balanceCreditColumns = { subscriptionId: credits.subscriptionId, n: sql<number>`sum(${credits.amountCents})` };

type BalanceFilter = { memberId?: number; subscriptionId?: number };

/** The conditions of the balance queries for a scope and filter, with placeholders, and their values. */
function balanceWhere(scope: number[] | null, filter: BalanceFilter | undefined) {
  const keys = [
    scope === null ? '' : 'scope',
    filter?.memberId ? 'member' : '',
    filter?.subscriptionId ? 'subscription' : '',
  ].filter(Boolean);
  const where = and(
    scope === null ? undefined : inList(contracts.producerId, 'scope'),
    eq(contracts.paymentsManaged, true),
    filter?.memberId ? eq(subscriptions.memberId, ph('memberId')) : undefined,
    filter?.subscriptionId ? eq(subscriptions.id, ph('subscriptionId')) : undefined,
  );
  const values: Values = {};
  if (scope !== null) values.scope = json(scope);
  if (filter?.memberId) values.memberId = filter.memberId;
  if (filter?.subscriptionId) values.subscriptionId = filter.subscriptionId;
  return { key: keys.join(','), where, values };
}

/** Balances of every subscription in scope (three queries), for the "soldes" page and the member's page. */
export function subscriptionBalances(db: Db, scope: number[] | null, filter?: BalanceFilter): SubscriptionBalanceRow[] {
  // The same conditions for the three queries, as joins (not a list of ids, which would grow
  // with the seasons past SQLite's parameter limit). Prepared once per shape of the filter.
  const { key, where, values } = balanceWhere(scope, filter);
  const subs = prepared(db, `balances-subscriptions:${key}`, () => ({
    fields: balanceSubscriptionColumns,
    query: db
      .select(balanceSubscriptionColumns)
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .where(where)
      .orderBy(sql`lower(${members.lastName})`, sql`lower(${members.firstName})`, asc(contracts.name)),
  })).all(values);
  if (subs.length === 0) return [];
  const cs = prepared(db, `balances-cheques:${key}`, () => ({
    fields: balanceChequeColumns,
    query: db
      .select(balanceChequeColumns)
      .from(cheques)
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(where),
  })).all(values);
  const cr = prepared(db, `balances-credits:${key}`, () => ({
    fields: balanceCreditColumns,
    query: db
      .select(balanceCreditColumns)
      .from(credits)
      .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(where)
      .groupBy(credits.subscriptionId),
  })).all(values);
  const creditMap = new Map(cr.map((c) => [c.subscriptionId, c.n]));
  const chequeMap = new Map<number, { amountCents: number; status: ChequeStatus }[]>();
  for (const c of cs) {
    const list = chequeMap.get(c.subscriptionId) ?? [];
    list.push({ amountCents: c.amountCents, status: c.status as ChequeStatus });
    chequeMap.set(c.subscriptionId, list);
  }
  return subs.map((s) => {
    const mine = chequeMap.get(s.subscriptionId) ?? [];
    return {
      ...s,
      balance: computeBalance({
        totalCents: s.totalCents,
        creditsCents: creditMap.get(s.subscriptionId) ?? 0,
        cheques: mine,
      }),
      returnable: mine.filter((c) => c.status === 'received').length,
    };
  });
}

export function creditsOf(db: Db, subscriptionId: number) {
  return db
    .select({
      id: credits.id,
      amountCents: credits.amountCents,
      reason: credits.reason,
      createdAt: credits.createdAt,
      byName: sql<string | null>`${members.firstName} || ' ' || ${members.lastName}`,
    })
    .from(credits)
    .leftJoin(members, eq(members.id, credits.createdById))
    .where(eq(credits.subscriptionId, subscriptionId))
    .orderBy(asc(credits.id))
    .all();
}

/** Contracts with payments managed, in scope, not archived (for the reception and handover pickers). */
export function moneyContracts(db: Db, scope: number[] | null) {
  return db
    .select({ id: contracts.id, name: contracts.name, producerName: producers.name, status: contracts.status })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(and(scopeWhere(scope), eq(contracts.paymentsManaged, true), inArray(contracts.status, ['open', 'archived'])))
    .orderBy(sql`${contracts.status} = 'archived'`, asc(producers.name), asc(contracts.name))
    .all();
}
