/**
 * What makes the vegetables papers worth reading in the demo: a member away at the next delivery
 * whose basket comes the week after (the delivery sheets say what changed), a household that joins
 * at the delivery after next, two notes for the people handing out the baskets; and cheques
 * received at the distribution before their payment date, not on the day the demo was built.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  cheques,
  deliveries,
  members,
  paymentDates,
  subscriptionQuantities,
  subscriptions,
} from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { loadContract } from '../read/contract-bundle.js';
import { saveSubscription } from '../features/subscriptions/subscriptions.service.js';

const NOTES = [
  'Récupère aussi le panier de sa voisine, Mme Girard.',
  'Arrive vers 19 h 15 : garder son panier de côté.',
];

export function vegetablesSeasonLife(
  ctx: Ctx,
  admin: Actor,
  contractId: number,
  subscribers: readonly number[],
  newcomer: number,
): void {
  const today = ctx.today();
  const bundle = loadContract(ctx.db, contractId)!;
  const dates = bundle.deliveries.filter((d) => !d.cancelled);
  const next = dates.findIndex((d) => d.deliveryOn >= today);
  if (next < 0 || next + 2 >= dates.length) return;

  // Away at the next delivery: that basket comes the week after, with the usual one.
  const away = subscribers[5];
  const sub = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, away)))
    .get()!;
  const lines = ctx.db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .where(eq(subscriptionQuantities.subscriptionId, sub.id))
    .all()
    .map((l) =>
      l.deliveryId === dates[next].id
        ? { ...l, quantity: 0 }
        : l.deliveryId === dates[next + 1].id
          ? { ...l, quantity: l.quantity + 1 }
          : l,
    )
    .filter((l) => l.quantity > 0);
  saveSubscription(ctx, admin, contractId, away, lines, null);

  // A household joining late: a small basket from the delivery after next.
  saveSubscription(
    ctx,
    admin,
    contractId,
    newcomer,
    dates.slice(next + 2).map((d) => ({ deliveryId: d.id, contractProductId: bundle.products[0].id, quantity: 1 })),
    null,
  );

  NOTES.forEach((pickupNote, i) =>
    ctx.db
      .update(members)
      .set({ pickupNote })
      .where(eq(members.id, subscribers[6 + 3 * i]))
      .run(),
  );
}

/**
 * The received cheques of a contract dated at the distribution (18:30 in Paris) on or before their
 * payment date, the contract's first delivery at the earliest: members bring them at a distribution.
 */
export function receivedAtDistributions(ctx: Ctx, contractId: number): void {
  const days = ctx.db
    .select({ on: deliveries.deliveryOn })
    .from(deliveries)
    .where(eq(deliveries.contractId, contractId))
    .all()
    .map((d) => d.on)
    .sort();
  const received = ctx.db
    .select({ id: cheques.id, dueOn: paymentDates.dueOn })
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(and(eq(paymentDates.contractId, contractId), isNotNull(cheques.receivedAt)))
    .all();
  const byDay = new Map<string, number[]>();
  for (const c of received) {
    const on = days.filter((d) => d <= c.dueOn).at(-1) ?? days[0];
    byDay.set(on, [...(byDay.get(on) ?? []), c.id]);
  }
  for (const [on, ids] of byDay)
    ctx.db
      .update(cheques)
      .set({ receivedAt: `${on}T17:30:00.000Z` })
      .where(inArray(cheques.id, ids))
      .run();
}
