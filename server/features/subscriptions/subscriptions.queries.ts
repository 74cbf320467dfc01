import { and, eq, sql } from 'drizzle-orm';
import { credits, subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import type { QuantityLine } from './subscriptions.forms.js';
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
