/**
 * The page of baskets to give (/paniers-a-donner): the coming days' offers, by day, with what the
 * basket holds, who offers it, and what this member may do (take it, it is theirs, it is taken).
 * Four queries whatever the number of offers.
 */
import { and, asc, eq, gte, inArray, isNull } from 'drizzle-orm';
import {
  basketOffers,
  contractProducts,
  contracts,
  deliveries,
  members,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { displayName } from '../../lib/format.js';
import { absenceSettingsOf } from '../../read/absences.js';
import { basketDeadline } from '../absences/absence-context.js';

export interface BasketCard {
  offerId: number;
  contractName: string;
  producerName: string;
  giverName: string;
  items: string;
  note: string | null;
  state: 'available' | 'mine' | 'taken-by-me' | 'taken';
  takenBy: string | null;
  deadline: Date;
}

export function basketsPage(ctx: Ctx, actor: Actor) {
  const today = ctx.today();
  const now = ctx.clock();
  const rows = ctx.db
    .select({
      offerId: basketOffers.id,
      subscriptionId: basketOffers.subscriptionId,
      deliveryId: basketOffers.deliveryId,
      deliveryOn: deliveries.deliveryOn,
      note: basketOffers.note,
      takenById: basketOffers.takenById,
      contractId: contracts.id,
      contractName: contracts.name,
      producerName: producers.name,
      giver: { id: members.id, firstName: members.firstName, lastName: members.lastName },
    })
    .from(basketOffers)
    .innerJoin(deliveries, eq(deliveries.id, basketOffers.deliveryId))
    .innerJoin(subscriptions, eq(subscriptions.id, basketOffers.subscriptionId))
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(
      and(
        isNull(basketOffers.withdrawnAt),
        isNull(deliveries.cancelledAt),
        eq(subscriptions.status, 'active'),
        gte(deliveries.deliveryOn, today),
      ),
    )
    .orderBy(asc(deliveries.deliveryOn), asc(producers.name), asc(basketOffers.id))
    .all();
  const subIds = [...new Set(rows.map((r) => r.subscriptionId))];
  const quantities = subIds.length
    ? ctx.db
        .select({
          subscriptionId: subscriptionQuantities.subscriptionId,
          deliveryId: subscriptionQuantities.deliveryId,
          quantity: subscriptionQuantities.quantity,
          name: products.name,
        })
        .from(subscriptionQuantities)
        .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
        .innerJoin(products, eq(products.id, contractProducts.productId))
        .where(
          and(
            inArray(subscriptionQuantities.subscriptionId, subIds),
            inArray(
              subscriptionQuantities.deliveryId,
              rows.map((r) => r.deliveryId),
            ),
          ),
        )
        .orderBy(asc(contractProducts.position))
        .all()
    : [];
  const takerIds = [...new Set(rows.flatMap((r) => (r.takenById ? [r.takenById] : [])))];
  const takers = new Map(
    takerIds.length
      ? ctx.db
          .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
          .from(members)
          .where(inArray(members.id, takerIds))
          .all()
          .map((m) => [m.id, displayName(m)])
      : [],
  );
  const settings = absenceSettingsOf(ctx.db, [...new Set(rows.map((r) => r.contractId))]);
  const days: { on: string; baskets: BasketCard[] }[] = [];
  for (const r of rows) {
    const deadline = basketDeadline(ctx, r.deliveryOn, settings.get(r.contractId)!.exchangeHours);
    const mine = r.giver.id === actor.id;
    const state: BasketCard['state'] = mine
      ? 'mine'
      : r.takenById === actor.id
        ? 'taken-by-me'
        : r.takenById !== null
          ? 'taken'
          : 'available';
    // Past its deadline an untaken basket stays its subscriber's: only those concerned still see it.
    if (state === 'available' && now.getTime() >= deadline.getTime()) continue;
    if (state === 'taken') continue;
    let day = days.at(-1);
    if (day?.on !== r.deliveryOn) days.push((day = { on: r.deliveryOn, baskets: [] }));
    day.baskets.push({
      offerId: r.offerId,
      contractName: r.contractName,
      producerName: r.producerName,
      giverName: displayName(r.giver),
      items: quantities
        .filter((q) => q.subscriptionId === r.subscriptionId && q.deliveryId === r.deliveryId && q.quantity > 0)
        .map((q) => `${q.quantity} × ${q.name}`)
        .join(', '),
      note: r.note,
      state,
      takenBy: r.takenById ? (takers.get(r.takenById) ?? null) : null,
      deadline,
    });
  }
  return { days };
}
