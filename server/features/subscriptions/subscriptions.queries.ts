import { and, eq, inArray, sql } from 'drizzle-orm';
import { cheques, credits, members, subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import type { QuantityLine } from './subscriptions.forms.js';
import { ACTIVE_STATUSES } from '../../domain/cheque-status.js';
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
