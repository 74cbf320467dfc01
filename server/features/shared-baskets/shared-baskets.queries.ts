/**
 * What the shared-basket pages show: the sharing form, the subscriber's "partagé avec", and the
 * co-member's side (quantities and days only: the cheques are the subscriber's).
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { ph, prepared } from '../../db/prepared.js';
import { coMemberDays, contracts, members, producers, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { coMemberDeliveryIds, type ShareMode } from '../../domain/shared-basket.js';
import { displayName } from '../../lib/format.js';
import { collections } from '../../read/collections.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import { shareTarget } from './shared-baskets.service.js';

/** The sharing form of a subscription: the co-member, the mode, and the days each household collects. */
export function shareFormPage(ctx: Ctx, actor: Actor, contractId: number, memberId: number) {
  const target = shareTarget(ctx, actor, contractId, memberId);
  const { subscription } = target;
  const co =
    subscription.coMemberId === null
      ? null
      : (ctx.db
          .select({ firstName: members.firstName, lastName: members.lastName, email: members.email })
          .from(members)
          .where(eq(members.id, subscription.coMemberId))
          .get() ?? null);
  const chosen = new Set(
    ctx.db
      .select({ deliveryId: coMemberDays.deliveryId })
      .from(coMemberDays)
      .where(eq(coMemberDays.subscriptionId, subscription.id))
      .all()
      .map((r) => r.deliveryId),
  );
  const coDays =
    subscription.shareMode === null
      ? new Set<number>()
      : coMemberDeliveryIds(subscription.shareMode, target.bundle.deliveries, chosen);
  return { ...target, coMember: co, coDays, chosen, onBehalf: actor.id !== memberId };
}

export interface Sharing {
  coMemberName: string;
  mode: ShareMode;
  /** Deliveries not cancelled the co-member collects, of how many. */
  coMemberDays: number;
  deliveries: number;
}

/** The subscriber's side: with whom the basket is shared and how many days each. Two queries at most. */
export function sharingOf(ctx: Ctx, bundle: ContractBundle, memberId: number): Sharing | null {
  const sub = ctx.db
    .select({
      id: subscriptions.id,
      coMemberId: subscriptions.coMemberId,
      shareMode: subscriptions.shareMode,
      firstName: members.firstName,
      lastName: members.lastName,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.coMemberId))
    .where(
      and(
        eq(subscriptions.contractId, bundle.contract.id),
        eq(subscriptions.memberId, memberId),
        eq(subscriptions.status, 'active'),
      ),
    )
    .get();
  if (!sub || sub.shareMode === null) return null;
  const chosen = new Set(
    ctx.db
      .select({ deliveryId: coMemberDays.deliveryId })
      .from(coMemberDays)
      .where(eq(coMemberDays.subscriptionId, sub.id))
      .all()
      .map((r) => r.deliveryId),
  );
  return {
    coMemberName: displayName(sub),
    mode: sub.shareMode,
    coMemberDays: coMemberDeliveryIds(sub.shareMode, bundle.deliveries, chosen).size,
    deliveries: bundle.deliveries.filter((d) => !d.cancelled).length,
  };
}

export interface SharedWithMe {
  contractId: number;
  contractName: string;
  producerName: string;
  subscriberName: string;
  /** My days to come and what I collect on each. */
  days: { deliveryOn: string; items: { productName: string; unit: string; quantity: number }[] }[];
}

const sharedColumns = {
  id: subscriptions.id,
  contractId: subscriptions.contractId,
  contractName: contracts.name,
  producerId: contracts.producerId,
  producerName: producers.name,
  memberId: subscriptions.memberId,
  firstName: members.firstName,
  lastName: members.lastName,
};

/**
 * The baskets other households share with the member, with the member's days to come (from the
 * collections read model: the same days the sign-in sheet shows). No cheque in it. A few queries.
 */
export function sharedWithMe(ctx: Ctx, actor: Actor, contractId?: number): SharedWithMe[] {
  const subs = prepared(ctx.db, 'shared-with-me', () => ({
    fields: sharedColumns,
    query: ctx.db
      .select(sharedColumns)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(
        and(
          eq(subscriptions.coMemberId, ph('coMemberId')),
          eq(subscriptions.status, 'active'),
          ne(contracts.status, 'draft'),
          // One statement for "Mes contrats" (every contract) and a contract page (one).
          sql`(${ph('contractId')} is null or ${subscriptions.contractId} = ${ph('contractId')})`,
        ),
      )
      .orderBy(asc(contracts.name)),
  }))
    .all({ coMemberId: actor.id, contractId: contractId ?? null })
    .filter((s) =>
      may(actor, 'see-subscription-quantities', {
        type: 'subscription',
        producerId: s.producerId,
        memberId: s.memberId,
        coMemberId: actor.id,
      }),
    );
  if (subs.length === 0) return [];
  const out = new Map<number, SharedWithMe>(
    subs.map((s) => [
      s.contractId,
      {
        contractId: s.contractId,
        contractName: s.contractName,
        producerName: s.producerName,
        subscriberName: displayName(s),
        days: [],
      },
    ]),
  );
  const shared = new Set(subs.map((s) => s.id));
  for (const day of collections(ctx.db, { collectorId: actor.id, from: ctx.today(), contractId }))
    for (const m of day.members)
      for (const c of m.contracts) {
        // The member's own subscriptions are in the collections too: only the shared ones here.
        const entry = out.get(c.contractId);
        if (entry && shared.has(c.subscriptionId)) entry.days.push({ deliveryOn: day.deliveryOn, items: c.products });
      }
  return [...out.values()];
}
