/**
 * Everything the absence and basket rules read about one member's subscription, loaded once with
 * the access check: the contract, its settings, the quantities, the live absences and offers.
 * Shared by the absences and basket-exchange features (the latter imports it, never the reverse).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { absences, basketOffers, members, subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import type { AbsenceSettings, LiveAbsence, QuantityLine } from '../../domain/absences.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import { absenceSettingsOf } from '../../read/absences.js';
import { takeDeadline } from '../../domain/basket-exchange.js';

export interface LiveOffer {
  id: number;
  deliveryId: number;
  note: string | null;
  takenById: number | null;
}

export interface SubscriptionContext {
  bundle: ContractBundle;
  member: { id: number; firstName: string; lastName: string };
  subscriptionId: number;
  settings: AbsenceSettings;
  lines: QuantityLine[];
  live: (LiveAbsence & { id: number })[];
  offers: LiveOffer[];
  /** A referent (or administrator) acting for the member, from the contract's pages. */
  asReferent: boolean;
}

/**
 * Loads the subscription of `memberId` to `contractId` for `actor`. A member reaches only their
 * own; `asReferent` requires managing the contract's producer. `forWrite` also refuses an archived
 * contract (its quantities no longer change).
 */
export function subscriptionContext(
  ctx: Ctx,
  actor: Actor,
  input: { contractId: number; memberId: number; asReferent: boolean; forWrite?: boolean },
): SubscriptionContext {
  const bundle = loadContract(ctx.db, input.contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  const producerId = bundle.contract.producerId;
  if (input.asReferent) {
    if (!may(actor, 'manage-contracts', { type: 'subscription', producerId, memberId: input.memberId }))
      throw new ForbiddenError();
  } else if (actor.id !== input.memberId) throw new ForbiddenError();
  if (bundle.contract.status === 'draft' && !input.asReferent) throw new NotFoundError('Ce contrat n’existe pas.');
  if (input.forWrite && bundle.contract.status === 'archived')
    throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
  const sub = ctx.db
    .select({ id: subscriptions.id, firstName: members.firstName, lastName: members.lastName })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .where(
      and(
        eq(subscriptions.contractId, input.contractId),
        eq(subscriptions.memberId, input.memberId),
        eq(subscriptions.status, 'active'),
      ),
    )
    .get();
  if (!sub) throw new NotFoundError('Pas de souscription en cours à ce contrat.');
  const lines = ctx.db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .where(eq(subscriptionQuantities.subscriptionId, sub.id))
    .all();
  const live = ctx.db
    .select({
      id: absences.id,
      deliveryId: absences.deliveryId,
      mode: absences.mode,
      targetDeliveryId: absences.targetDeliveryId,
      moved: absences.moved,
    })
    .from(absences)
    .where(and(eq(absences.subscriptionId, sub.id), isNull(absences.withdrawnAt)))
    .all();
  const offers = ctx.db
    .select({
      id: basketOffers.id,
      deliveryId: basketOffers.deliveryId,
      note: basketOffers.note,
      takenById: basketOffers.takenById,
    })
    .from(basketOffers)
    .where(and(eq(basketOffers.subscriptionId, sub.id), isNull(basketOffers.withdrawnAt)))
    .all();
  return {
    bundle,
    member: { id: input.memberId, firstName: sub.firstName, lastName: sub.lastName },
    subscriptionId: sub.id,
    settings: absenceSettingsOf(ctx.db, [input.contractId]).get(input.contractId)!,
    lines,
    live,
    offers,
    asReferent: input.asReferent,
  };
}

/**
 * The moment after which a basket of that day can no longer be offered nor taken: some hours before
 * the distribution's usual start (config), in the AMAP's timezone.
 */
export function basketDeadline(ctx: Pick<Ctx, 'config'>, deliveryOn: string, hours: number): Date {
  return takeDeadline({ on: deliveryOn, startTime: ctx.config.distribution.startTime }, hours, ctx.config.timezone);
}
