/**
 * Shared baskets (DESIGN.md §5): the subscriber (or a referent for them) names a co-member household
 * and who collects which delivery. Money does not move: the subscriber signs and pays; only who
 * stands at the table changes, which read/collections.ts tells every page and sheet.
 */
import { and, eq, sql } from 'drizzle-orm';
import { coMemberDays, members, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { ShareMode } from '../../domain/shared-basket.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMail } from '../mail/member-mail.js';

export interface ShareInput {
  coMemberEmail: string;
  mode: ShareMode;
  /** The deliveries the co-member collects, for mode `dates`. */
  deliveryIds: number[];
}

export interface ShareTarget {
  bundle: ContractBundle;
  subscription: { id: number; memberId: number; coMemberId: number | null; shareMode: ShareMode | null };
  subscriber: { firstName: string; lastName: string };
}

/** The active subscription of the member to the contract, if the actor may share it. */
export function shareTarget(ctx: Ctx, actor: Actor, contractId: number, memberId: number): ShareTarget {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle || bundle.contract.status === 'draft') throw new NotFoundError('Ce contrat n’existe pas.');
  const sub = ctx.db
    .select({
      id: subscriptions.id,
      memberId: subscriptions.memberId,
      status: subscriptions.status,
      coMemberId: subscriptions.coMemberId,
      shareMode: subscriptions.shareMode,
      firstName: members.firstName,
      lastName: members.lastName,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
    .get();
  if (!sub || sub.status !== 'active') throw new NotFoundError('Il n’y a pas de souscription à partager.');
  const target = {
    type: 'subscription' as const,
    producerId: bundle.contract.producerId,
    memberId,
    coMemberId: sub.coMemberId,
  };
  if (!may(actor, 'share-subscription', target)) throw new ForbiddenError();
  if (bundle.contract.status === 'archived')
    throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
  return {
    bundle,
    subscription: { id: sub.id, memberId: sub.memberId, coMemberId: sub.coMemberId, shareMode: sub.shareMode },
    subscriber: { firstName: sub.firstName, lastName: sub.lastName },
  };
}

/**
 * Names the co-member (an active member household found by e-mail, not the subscriber) and who
 * collects which delivery. Both households are told by mail.
 */
export function shareBasket(ctx: Ctx, actor: Actor, contractId: number, memberId: number, input: ShareInput): void {
  ctx.db.transaction(() => {
    const { bundle, subscription } = shareTarget(ctx, actor, contractId, memberId);
    const email = input.coMemberEmail.trim().toLowerCase();
    const co = ctx.db
      .select({ id: members.id, active: members.active })
      .from(members)
      .where(eq(sql`lower(${members.email})`, email))
      .get();
    if (!co || !co.active)
      throw new ValidationError({
        field: 'coMemberEmail',
        message: 'Aucun membre actif de l’AMAP n’a cette adresse e-mail.',
      });
    if (co.id === memberId)
      throw new ValidationError({ field: 'coMemberEmail', message: 'Indiquez l’adresse de l’autre foyer.' });
    const open = new Set(bundle.deliveries.filter((d) => !d.cancelled).map((d) => d.id));
    const days = [...new Set(input.deliveryIds)].filter((id) => open.has(id));
    if (input.mode === 'dates' && days.length === 0)
      throw new ValidationError({ field: 'days', message: 'Cochez les livraisons que l’autre foyer retire.' });
    ctx.db
      .update(subscriptions)
      .set({ coMemberId: co.id, shareMode: input.mode, updatedAt: ctx.clock().toISOString() })
      .where(eq(subscriptions.id, subscription.id))
      .run();
    ctx.db.delete(coMemberDays).where(eq(coMemberDays.subscriptionId, subscription.id)).run();
    if (input.mode === 'dates')
      ctx.db
        .insert(coMemberDays)
        .values(days.map((deliveryId) => ({ subscriptionId: subscription.id, deliveryId })))
        .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'subscription.shared',
      targetType: 'subscription',
      targetId: subscription.id,
      details: { contractId, memberId, coMemberId: co.id, mode: input.mode, days: input.mode === 'dates' ? days : [] },
    });
    if (co.id !== subscription.coMemberId)
      queueMemberMail(ctx, {
        memberId: co.id,
        kind: 'essential',
        template: 'shared-basket',
        subject: `Un panier partagé avec vous : « ${bundle.contract.name} »`,
        data: { contractId, contractName: bundle.contract.name, producerName: bundle.producer.name },
      });
  });
}

/** Ends the sharing: the subscriber collects every delivery again. */
export function stopSharing(ctx: Ctx, actor: Actor, contractId: number, memberId: number): void {
  ctx.db.transaction(() => {
    const { subscription } = shareTarget(ctx, actor, contractId, memberId);
    if (subscription.coMemberId === null) throw new ValidationError({ message: 'Ce panier n’est pas partagé.' });
    ctx.db
      .update(subscriptions)
      .set({ coMemberId: null, shareMode: null, updatedAt: ctx.clock().toISOString() })
      .where(eq(subscriptions.id, subscription.id))
      .run();
    ctx.db.delete(coMemberDays).where(eq(coMemberDays.subscriptionId, subscription.id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'subscription.unshared',
      targetType: 'subscription',
      targetId: subscription.id,
      details: { contractId, memberId, coMemberId: subscription.coMemberId },
    });
  });
}
