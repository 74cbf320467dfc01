import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import {
  cheques,
  contracts,
  credits,
  members,
  paymentDates,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { inList, json, ph, prepared } from '../../db/prepared.js';
import { loadContracts, type ContractBundle } from '../../read/contract-bundle.js';
import type { QuantityLine } from './subscriptions.forms.js';
import { ACTIVE_STATUSES, isFrozen, type ChequeStatus } from '../../domain/cheque-status.js';
import { sumCents } from '../../domain/money.js';
import { frozenCents, owedBackCents, payableCents } from '../../domain/subscription-schedule.js';
import { currentSchedule } from './schedule.js';
import { summarizeSubscription, type SubscriptionSummary } from './subscription-summary.js';

export interface StoredSubscription {
  id: number;
  status: 'active' | 'cancelled';
  totalCents: number;
  /** Σ credits (avoirs) granted on it. */
  creditsCents: number;
  lines: QuantityLine[];
}

/** Σ credits granted on the subscription of the row, as a column (no query of its own). */
const creditsColumn = sql<number>`(select coalesce(sum(${credits.amountCents}), 0) from ${credits} where ${credits.subscriptionId} = ${subscriptions.id})`;

export function storedSubscription(db: Db, contractId: number, memberId: number): StoredSubscription | null {
  const s = db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      totalCents: subscriptions.totalCents,
      creditsCents: creditsColumn,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
    .get();
  if (!s) return null;
  const lines = db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .where(eq(subscriptionQuantities.subscriptionId, s.id))
    .all();
  return { ...s, lines };
}

/** The summary of a stored subscription, with each cheque's status. */
export function subscriptionSummary(db: Db, bundle: ContractBundle, sub: StoredSubscription): SubscriptionSummary {
  const schedule = bundle.contract.paymentsManaged ? currentSchedule(db, sub.id, bundle.paymentDates) : [];
  return summarizeSubscription(
    bundle,
    sub.lines,
    schedule.map((l) => ({ dueOn: l.dueOn, amountCents: l.amountCents, status: l.status })),
    sub.totalCents,
    owedBackCents(payableCents(sub.totalCents, sub.creditsCents), frozenCents(schedule)),
  );
}

export interface MySubscription {
  summary: SubscriptionSummary;
  status: 'active' | 'cancelled';
  contractStatus: 'draft' | 'open' | 'archived';
  closesOn: string;
  /** Deliveries still to come (today included). */
  deliveriesLeft: number;
}

const mySubscriptionColumns = {
  id: subscriptions.id,
  contractId: subscriptions.contractId,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  creditsCents: creditsColumn,
};
const quantityColumns = getTableColumns(subscriptionQuantities);
const myChequeColumns = {
  subscriptionId: cheques.subscriptionId,
  amountCents: cheques.amountCents,
  status: cheques.status,
  dueOn: paymentDates.dueOn,
};

/** "Mes contrats": every subscription of the member, current seasons first. A few queries per contract, none per line. */
export function mySubscriptions(db: Db, memberId: number, today: string): MySubscription[] {
  // "Mes contrats" is a member page: its three queries are prepared once.
  const subs = prepared(db, 'my-subscriptions', () => ({
    fields: mySubscriptionColumns,
    query: db
      .select(mySubscriptionColumns)
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(eq(subscriptions.memberId, ph('memberId')))
      .orderBy(asc(contracts.status), asc(contracts.closesOn)),
  })).all({ memberId });
  if (subs.length === 0) return [];
  const ids = { ids: json(subs.map((s) => s.id)) };
  const quantities = prepared(db, 'my-subscriptions-quantities', () => ({
    fields: quantityColumns,
    query: db
      .select(quantityColumns)
      .from(subscriptionQuantities)
      .where(inList(subscriptionQuantities.subscriptionId, 'ids')),
  })).all(ids);
  const allCheques = prepared(db, 'my-subscriptions-cheques', () => ({
    fields: myChequeColumns,
    query: db
      .select(myChequeColumns)
      .from(cheques)
      .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
      .where(and(inList(cheques.subscriptionId, 'ids'), inArray(cheques.status, [...ACTIVE_STATUSES])))
      .orderBy(asc(paymentDates.dueOn)),
  })).all(ids);
  const bundles = loadContracts(
    db,
    subs.map((s) => s.contractId),
  );
  return subs.flatMap((s) => {
    const bundle = bundles.get(s.contractId);
    if (!bundle || bundle.contract.status === 'draft') return [];
    const lines = quantities.filter((q) => q.subscriptionId === s.id);
    const mine = allCheques
      .filter((c) => c.subscriptionId === s.id)
      .map((c) => ({ dueOn: c.dueOn, amountCents: c.amountCents, status: c.status as ChequeStatus }));
    const owedBack = owedBackCents(
      payableCents(s.totalCents, s.creditsCents),
      sumCents(mine.filter((c) => isFrozen(c.status)).map((c) => c.amountCents)),
    );
    const summary = summarizeSubscription(bundle, lines, mine, s.totalCents, owedBack);
    const delivered = new Set(lines.map((l) => l.deliveryId));
    const deliveriesLeft = bundle.deliveries.filter(
      (d) => !d.cancelled && delivered.has(d.id) && d.deliveryOn >= today,
    ).length;
    return [
      {
        summary,
        status: s.status,
        contractStatus: bundle.contract.status,
        closesOn: bundle.contract.closesOn,
        deliveriesLeft,
      },
    ];
  });
}

/** The member's own subscription ids by contract, to mark "déjà souscrit" on the contracts list. */
const subscribedColumns = { contractId: subscriptions.contractId };

export function subscribedContractIds(db: Db, memberId: number): Set<number> {
  return new Set(
    prepared(db, 'subscribed-contract-ids', () => ({
      fields: subscribedColumns,
      query: db
        .select(subscribedColumns)
        .from(subscriptions)
        .where(and(eq(subscriptions.memberId, ph('memberId')), eq(subscriptions.status, 'active'))),
    }))
      .all({ memberId })
      .map((r) => r.contractId),
  );
}

export interface ContractSubscriberRow {
  memberId: number;
  firstName: string;
  lastName: string;
  status: 'active' | 'cancelled';
  totalCents: number;
  chequesExpectedCents: number;
  chequesReceivedCents: number;
  chequeCount: number;
}

const subscriberColumns = {
  id: subscriptions.id,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
};
const subscriberChequeColumns = {
  subscriptionId: cheques.subscriptionId,
  amountCents: cheques.amountCents,
  status: cheques.status,
};
const FRENCH = new Intl.Collator('fr');

/** The subscriptions of a contract for its referents, in two queries. */
export function contractSubscribers(db: Db, contractId: number): ContractSubscriberRow[] {
  const rows = prepared(db, 'contract-subscribers', () => ({
    fields: subscriberColumns,
    query: db
      .select(subscriberColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .where(eq(subscriptions.contractId, ph('contractId'))),
  })).all({ contractId });
  if (rows.length === 0) return [];
  const cs = prepared(db, 'contract-subscribers-cheques', () => ({
    fields: subscriberChequeColumns,
    query: db
      .select(subscriberChequeColumns)
      .from(cheques)
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .where(and(eq(subscriptions.contractId, ph('contractId')), inArray(cheques.status, [...ACTIVE_STATUSES]))),
  })).all({ contractId });
  const bySubscription = new Map<number, typeof cs>();
  for (const c of cs) {
    const list = bySubscription.get(c.subscriptionId);
    if (list) list.push(c);
    else bySubscription.set(c.subscriptionId, [c]);
  }
  return rows
    .map((r) => {
      const mine = bySubscription.get(r.id) ?? [];
      return {
        memberId: r.memberId,
        firstName: r.firstName,
        lastName: r.lastName,
        status: r.status,
        totalCents: r.totalCents,
        chequesExpectedCents: mine.reduce((a, c) => a + c.amountCents, 0),
        chequesReceivedCents: mine.filter((c) => c.status !== 'promised').reduce((a, c) => a + c.amountCents, 0),
        chequeCount: mine.length,
      };
    })
    .sort((a, b) => FRENCH.compare(a.lastName, b.lastName) || FRENCH.compare(a.firstName, b.firstName));
}
