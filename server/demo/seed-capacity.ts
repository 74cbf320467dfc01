/**
 * Demo: the vegetables contract is full (each basket's places are all taken) with two households
 * waiting, and two households share a bread subscription on alternate weeks — the amapien demo
 * account collects the even ones, so its home page and "Mes contrats" show it.
 */
import { and, eq, inArray, like, ne, notInArray, sql } from 'drizzle-orm';
import { contractProducts, contracts, members, subscriptionQuantities, subscriptions } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { joinWaitingList } from '../features/waiting-list/waiting-list.service.js';
import { shareBasket } from '../features/shared-baskets/shared-baskets.service.js';
import { loadContract } from '../read/contract-bundle.js';

function contractNamed(ctx: Ctx, prefix: string): number {
  return ctx.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(like(contracts.name, `${prefix}%`))
    .get()!.id;
}

export function seedCapacityAndSharing(ctx: Ctx, admin: Actor): void {
  const vegetablesId = contractNamed(ctx, 'Légumes');
  const veg = loadContract(ctx.db, vegetablesId)!;
  // Each basket has as many places as its busiest delivery takes (a carried-over basket included):
  // no delivery has a place for a newcomer, so the contract is full.
  for (const cp of veg.products) {
    const busiest = ctx.db
      .select({ n: sql<number>`sum(${subscriptionQuantities.quantity})` })
      .from(subscriptionQuantities)
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
      .where(and(eq(subscriptionQuantities.contractProductId, cp.id), eq(subscriptions.status, 'active')))
      .groupBy(subscriptionQuantities.deliveryId)
      .orderBy(sql`1 desc`)
      .limit(1)
      .get();
    ctx.db
      .update(contractProducts)
      .set({ capacity: Math.max(1, busiest?.n ?? 0) })
      .where(eq(contractProducts.id, cp.id))
      .run();
  }
  const vegSubscribers = ctx.db
    .select({ id: subscriptions.memberId })
    .from(subscriptions)
    .where(eq(subscriptions.contractId, vegetablesId))
    .all()
    .map((r) => r.id);
  const waiting = ctx.db
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(and(eq(members.active, true), notInArray(members.id, vegSubscribers)))
    .all()
    .filter((m) => !m.email?.endsWith('@demo.amap'))
    .slice(0, 2);
  waiting.forEach((m, i) =>
    joinWaitingList(ctx, findActiveActor(ctx.db, m.id)!, vegetablesId, i === 0 ? veg.products[0].id : null),
  );

  const breadId = contractNamed(ctx, 'Pain');
  const amapien = ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'amapien@demo.amap')).get();
  const breadSubscriber = ctx.db
    .select({ memberId: subscriptions.memberId })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.contractId, breadId),
        eq(subscriptions.status, 'active'),
        amapien ? ne(subscriptions.memberId, amapien.id) : undefined,
      ),
    )
    .get();
  if (!amapien || !breadSubscriber) return;
  // Only if the amapien has no bread of their own: a household collects one basket per contract.
  const own = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, breadId), inArray(subscriptions.memberId, [amapien.id])))
    .get();
  if (own) return;
  shareBasket(ctx, admin, breadId, breadSubscriber.memberId, {
    coMemberEmail: 'amapien@demo.amap',
    mode: 'alternate',
    deliveryIds: [],
  });
}
