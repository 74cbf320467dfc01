/**
 * Offering a basket one cannot collect, and taking one (paniers à donner, DESIGN §5). Quantities and
 * money never change: the basket stays its subscriber's, and the sign-in sheet shows who collects
 * it. Taking is a conditional update, so that of two members taking at once exactly one gets it.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { basketOffers, contracts, deliveries, members, producers, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { displayName, formatDateNumeric } from '../../lib/format.js';
import { mayWithdrawOffer, offerProblem, takeOutcome } from '../../domain/basket-exchange.js';
import { absenceSettingsOf } from '../../read/absences.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { basketDeadline, subscriptionContext } from '../absences/absence-context.js';
import { offerProblemText } from '../absences/absence-words.js';
import type { AbsenceTarget } from '../absences/absences.service.js';

export function offerBasket(
  ctx: Ctx,
  actor: Actor,
  target: AbsenceTarget,
  input: { deliveryId: number; note: string | null },
): { deliveryOn: string } {
  return ctx.db.transaction(() => {
    const sc = subscriptionContext(ctx, actor, { ...target, forWrite: true });
    const delivery = sc.bundle.deliveries.find((d) => d.id === input.deliveryId);
    if (!delivery) throw new NotFoundError('Cette livraison n’existe pas.');
    const problem = offerProblem({
      exchangeAllowed: sc.settings.exchangeAllowed,
      cancelled: delivery.cancelled,
      now: ctx.clock(),
      deadline: basketDeadline(ctx, delivery.deliveryOn, sc.settings.exchangeHours),
      hasQuantities: sc.lines.some((l) => l.deliveryId === delivery.id && l.quantity > 0),
      absent: sc.live.some((a) => a.deliveryId === delivery.id),
      alreadyOffered: sc.offers.some((o) => o.deliveryId === delivery.id),
    });
    if (problem) throw new ValidationError({ message: offerProblemText(problem) });
    const { id } = ctx.db
      .insert(basketOffers)
      .values({
        subscriptionId: sc.subscriptionId,
        deliveryId: delivery.id,
        note: input.note,
        offeredAt: ctx.clock().toISOString(),
      })
      .returning({ id: basketOffers.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'basket.offered',
      targetType: 'subscription',
      targetId: sc.subscriptionId,
      details: { offerId: id, contractId: sc.bundle.contract.id, memberId: sc.member.id, on: delivery.deliveryOn },
    });
    return { deliveryOn: delivery.deliveryOn };
  });
}

/** The giver takes the offer back, while nobody took it. */
export function withdrawOffer(ctx: Ctx, actor: Actor, target: AbsenceTarget, offerId: number): { deliveryOn: string } {
  return ctx.db.transaction(() => {
    const sc = subscriptionContext(ctx, actor, { ...target, forWrite: true });
    const offer = sc.offers.find((o) => o.id === offerId);
    if (!offer) throw new ValidationError({ message: 'Cette offre est déjà retirée.' });
    if (!mayWithdrawOffer({ giverId: sc.member.id, takenById: offer.takenById, withdrawn: false }))
      throw new ValidationError({ message: 'Ce panier est déjà pris : voyez avec la personne qui le retire.' });
    const done = ctx.db
      .update(basketOffers)
      .set({ withdrawnAt: ctx.clock().toISOString() })
      .where(and(eq(basketOffers.id, offerId), isNull(basketOffers.takenById), isNull(basketOffers.withdrawnAt)))
      .run();
    if (done.changes !== 1) throw new ValidationError({ message: 'Ce panier vient d’être pris.' });
    const deliveryOn = sc.bundle.deliveries.find((d) => d.id === offer.deliveryId)!.deliveryOn;
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'basket.offer-withdrawn',
      targetType: 'subscription',
      targetId: sc.subscriptionId,
      details: { offerId, contractId: sc.bundle.contract.id, memberId: sc.member.id, on: deliveryOn },
    });
    return { deliveryOn };
  });
}

export type TakeResult = { already: boolean; deliveryOn: string; giverName: string };

/** "Je le prends": the actor collects this basket. Both are mailed. */
export function takeBasket(ctx: Ctx, actor: Actor, offerId: number): TakeResult {
  return ctx.db.transaction(() => {
    const row = ctx.db
      .select({
        id: basketOffers.id,
        note: basketOffers.note,
        takenById: basketOffers.takenById,
        withdrawnAt: basketOffers.withdrawnAt,
        subscriptionId: basketOffers.subscriptionId,
        subscriptionStatus: subscriptions.status,
        contractId: contracts.id,
        contractName: contracts.name,
        producerName: producers.name,
        deliveryOn: deliveries.deliveryOn,
        cancelledAt: deliveries.cancelledAt,
        giver: {
          id: members.id,
          firstName: members.firstName,
          lastName: members.lastName,
          phone: members.phone,
          email: members.email,
        },
      })
      .from(basketOffers)
      .innerJoin(subscriptions, eq(subscriptions.id, basketOffers.subscriptionId))
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .innerJoin(deliveries, eq(deliveries.id, basketOffers.deliveryId))
      .where(eq(basketOffers.id, offerId))
      .get();
    if (!row || row.subscriptionStatus !== 'active') throw new NotFoundError('Ce panier n’est plus proposé.');
    const hours = absenceSettingsOf(ctx.db, [row.contractId]).get(row.contractId)!.exchangeHours;
    const outcome = takeOutcome(
      {
        giverId: row.giver.id,
        takenById: row.takenById,
        withdrawn: row.withdrawnAt !== null || row.cancelledAt !== null,
      },
      actor.id,
      ctx.clock(),
      basketDeadline(ctx, row.deliveryOn, hours),
    );
    const giverName = displayName(row.giver);
    if (!outcome.ok) {
      throw new ValidationError({
        message: {
          own: 'C’est votre panier : vous ne pouvez pas le prendre vous-même.',
          taken: 'Trop tard : quelqu’un vient de prendre ce panier.',
          withdrawn: 'Ce panier n’est plus proposé.',
          'too-late': 'Trop tard : ce panier ne peut plus être pris.',
        }[outcome.reason],
      });
    }
    if (outcome.already) return { already: true, deliveryOn: row.deliveryOn, giverName };
    const now = ctx.clock().toISOString();
    const done = ctx.db
      .update(basketOffers)
      .set({ takenById: actor.id, takenAt: now })
      .where(and(eq(basketOffers.id, offerId), isNull(basketOffers.takenById), isNull(basketOffers.withdrawnAt)))
      .run();
    if (done.changes !== 1) throw new ValidationError({ message: 'Trop tard : quelqu’un vient de prendre ce panier.' });
    const taker = ctx.db
      .select({ firstName: members.firstName, lastName: members.lastName, phone: members.phone, email: members.email })
      .from(members)
      .where(eq(members.id, actor.id))
      .get()!;
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'basket.taken',
      targetType: 'subscription',
      targetId: row.subscriptionId,
      details: { offerId, contractId: row.contractId, memberId: row.giver.id, takerId: actor.id, on: row.deliveryOn },
    });
    const common = {
      contractName: row.contractName,
      deliveryOn: row.deliveryOn,
      giverName,
      takerName: displayName(taker),
      note: row.note,
    };
    queueMemberMails(ctx, [
      {
        memberId: row.giver.id,
        kind: 'essential',
        template: 'basket-taken',
        subject: `Votre panier du ${formatDateNumeric(row.deliveryOn)} est pris`,
        dedupeKey: `basket-taken-giver:${offerId}`,
        data: { ...common, giver: true, otherEmail: taker.email, otherPhone: taker.phone },
      },
      {
        memberId: actor.id,
        kind: 'essential',
        template: 'basket-taken',
        subject: `Vous prenez le panier de ${giverName}`,
        dedupeKey: `basket-taken-taker:${offerId}`,
        data: { ...common, giver: false, otherEmail: row.giver.email, otherPhone: row.giver.phone },
      },
    ]);
    return { already: false, deliveryOn: row.deliveryOn, giverName };
  });
}
