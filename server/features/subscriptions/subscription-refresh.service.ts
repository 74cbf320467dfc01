import { and, eq, inArray } from 'drizzle-orm';
import { subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { loadContract } from '../../read/contract-bundle.js';
import { subscriptionTotalCents, type SubscriptionLine } from '../../domain/subscription-total.js';
import { reschedule } from '../../domain/subscription-schedule.js';
import { contractSchedules, grantedCredits, writeCheques } from './schedule.js';

export interface RefreshedSubscription {
  subscriptionId: number;
  memberId: number;
  oldTotalCents: number;
  totalCents: number;
  /** Money owed back to the member once frozen cheques exceed what is payable. */
  creditCents: number;
}

/**
 * After what subscriptions owe changed behind the member's back (the calendar or the payment dates
 * of the contract, a credit granted, a cheque undone or returned): recomputes each active
 * subscription's total from its quantities and proposes its open schedule lines again over total −
 * credits (frozen cheques stay). Set-based: a few queries for the whole contract, whatever the number
 * of members. Inside the caller's transaction.
 */
export function refreshSubscriptions(ctx: Ctx, contractId: number, onlyIds?: number[]): RefreshedSubscription[] {
  const bundle = loadContract(ctx.db, contractId)!;
  const subs = ctx.db
    .select({ id: subscriptions.id, memberId: subscriptions.memberId, totalCents: subscriptions.totalCents })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.contractId, contractId),
        eq(subscriptions.status, 'active'),
        onlyIds ? inArray(subscriptions.id, onlyIds) : undefined,
      ),
    )
    .all();
  if (subs.length === 0) return [];
  const ids = subs.map((s) => s.id);
  const quantities = ctx.db
    .select()
    .from(subscriptionQuantities)
    .where(inArray(subscriptionQuantities.subscriptionId, ids))
    .all();
  const deliveryOn = new Map(bundle.deliveries.map((d) => [d.id, d.deliveryOn]));
  const cancelled = new Set(bundle.deliveries.filter((d) => d.cancelled).map((d) => d.deliveryOn));
  const prices = new Map(bundle.products.map((o) => [o.id, o.priceCents]));
  const schedules = bundle.contract.paymentsManaged ? contractSchedules(ctx.db, ids, bundle.paymentDates) : new Map();
  const settings = { rule: bundle.contract.proposalRule, minChequeCents: bundle.contract.minChequeCents };
  const granted = grantedCredits(ctx.db, ids);
  const now = ctx.clock().toISOString();
  const linesOf = new Map(ids.map((id) => [id, [] as SubscriptionLine[]]));
  for (const q of quantities) {
    const line = {
      deliveryOn: deliveryOn.get(q.deliveryId)!,
      contractProductId: q.contractProductId,
      quantity: q.quantity,
    };
    linesOf.get(q.subscriptionId)!.push(line);
  }
  return subs.map((s) => {
    const lines = linesOf.get(s.id)!;
    const totalCents = subscriptionTotalCents(lines, prices, cancelled);
    const schedule = schedules.get(s.id) ?? [];
    const { amounts, creditCents } = reschedule({
      totalCents,
      creditsCents: granted.get(s.id) ?? 0,
      lines: schedule,
      settings,
    });
    writeCheques(ctx, s.id, schedule, amounts);
    if (totalCents !== s.totalCents)
      ctx.db.update(subscriptions).set({ totalCents, updatedAt: now }).where(eq(subscriptions.id, s.id)).run();
    return { subscriptionId: s.id, memberId: s.memberId, oldTotalCents: s.totalCents, totalCents, creditCents };
  });
}
