/**
 * Declaring and withdrawing an absence (DESIGN §5): one use case each, in one transaction. The
 * quantities move as `domain/absences.ts` decides; with deduct, the total and the open cheques are
 * proposed again by the subscriptions' refresh (frozen cheques stay, any excess is owed back).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { absences, subscriptionQuantities } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { placeKey } from '../../domain/capacity.js';
import { capacitiesOf, placesTaken, waitingEntries } from '../waiting-list/waiting-list.queries.js';
import { heldPlaces } from '../../domain/waiting-list.js';
import { displayName, formatDayLong } from '../../lib/format.js';
import {
  applyAbsence,
  declarationProblem,
  movedCount,
  withdrawAbsence,
  withdrawalProblem,
  type QuantityLine,
} from '../../domain/absences.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { refreshSubscriptions, type RefreshedSubscription } from '../subscriptions/subscription-refresh.service.js';
import { subscriptionContext, type SubscriptionContext } from './absence-context.js';
import { absenceProblemText } from './absence-words.js';

export interface AbsenceTarget {
  contractId: number;
  memberId: number;
  asReferent: boolean;
}

export interface AbsenceOutcome {
  deliveryOn: string;
  targetOn: string | null;
  refreshed: RefreshedSubscription | null;
}

/** Rewrites the subscription's quantities of these deliveries to what `after` holds for them. */
function writeQuantities(ctx: Ctx, subscriptionId: number, deliveryIds: number[], after: QuantityLine[]): void {
  ctx.db
    .delete(subscriptionQuantities)
    .where(
      and(
        eq(subscriptionQuantities.subscriptionId, subscriptionId),
        inArray(subscriptionQuantities.deliveryId, deliveryIds),
      ),
    )
    .run();
  const rows = after.filter((l) => deliveryIds.includes(l.deliveryId)).map((l) => ({ subscriptionId, ...l }));
  if (rows.length) ctx.db.insert(subscriptionQuantities).values(rows).run();
}

function dayOf(sc: SubscriptionContext, deliveryId: number | null): string | null {
  return deliveryId === null ? null : (sc.bundle.deliveries.find((d) => d.id === deliveryId)?.deliveryOn ?? null);
}

/** A referent acting for the member: the member is told by mail (their basket or money changed). */
function mailMember(
  ctx: Ctx,
  actor: Actor,
  sc: SubscriptionContext,
  declared: boolean,
  absenceId: number,
  o: AbsenceOutcome,
): void {
  if (!sc.asReferent || actor.id === sc.member.id) return;
  queueMemberMails(ctx, [
    {
      memberId: sc.member.id,
      kind: 'essential',
      template: 'absence-changed',
      subject: `${declared ? 'Absence signalée' : 'Absence retirée'} : livraison du ${formatDayLong(o.deliveryOn)}`,
      dedupeKey: `absence-${declared ? 'declared' : 'withdrawn'}:${absenceId}`,
      data: {
        declared,
        byName: displayName(actor),
        deliveryOn: o.deliveryOn,
        targetOn: o.targetOn,
        contractId: sc.bundle.contract.id,
        contractName: sc.bundle.contract.name,
        producerName: sc.bundle.producer.name,
        r: o.refreshed,
      },
    },
  ]);
}

/**
 * Per capped product, the places a carry-over may still take on the target delivery: its capacity
 * less the other subscriptions' quantities, the places held by waiting-list offers, and what this
 * one already collects there.
 */
function placesLeftOn(ctx: Ctx, sc: SubscriptionContext, deliveryId: number): Map<number, number> | undefined {
  const capacities = capacitiesOf(sc.bundle);
  if (capacities.size === 0) return undefined;
  const others = placesTaken(ctx.db, sc.bundle, sc.subscriptionId);
  // A place offered to someone on the waiting list is theirs while the offer holds.
  const held = heldPlaces(
    waitingEntries(ctx.db, sc.bundle.contract.id),
    ctx.today(),
    [...capacities.keys()],
    sc.member.id,
  );
  const left = new Map<number, number>();
  for (const [productId, capacity] of capacities) {
    const own = sc.lines
      .filter((l) => l.deliveryId === deliveryId && l.contractProductId === productId)
      .reduce((n, l) => n + l.quantity, 0);
    left.set(
      productId,
      capacity - (others.get(placeKey(deliveryId, productId)) ?? 0) - (held.get(productId) ?? 0) - own,
    );
  }
  return left;
}

/** The member will not collect on `deliveryId`: carry the quantities over to `targetDeliveryId`, or deduct them. */
export function declareAbsence(
  ctx: Ctx,
  actor: Actor,
  target: AbsenceTarget,
  input: { deliveryId: number; targetDeliveryId: number | null },
): AbsenceOutcome {
  return ctx.db.transaction(() => {
    const sc = subscriptionContext(ctx, actor, { ...target, forWrite: true });
    const mode = sc.settings.mode;
    const targetDeliveryId = mode === 'carry-over' ? input.targetDeliveryId : null;
    const problem = declarationProblem({
      settings: sc.settings,
      today: ctx.today(),
      deliveries: sc.bundle.deliveries,
      deliveryId: input.deliveryId,
      targetDeliveryId,
      lines: sc.lines,
      live: sc.live,
      offered: sc.offers.some((o) => o.deliveryId === input.deliveryId),
      byReferent: sc.asReferent,
      placesLeft: targetDeliveryId === null ? undefined : placesLeftOn(ctx, sc, targetDeliveryId),
    });
    if (problem) throw new ValidationError({ message: absenceProblemText(problem) });
    const { lines, moved } = applyAbsence(sc.lines, { deliveryId: input.deliveryId, mode, targetDeliveryId });
    writeQuantities(
      ctx,
      sc.subscriptionId,
      targetDeliveryId === null ? [input.deliveryId] : [input.deliveryId, targetDeliveryId],
      lines,
    );
    const now = ctx.clock().toISOString();
    const { id } = ctx.db
      .insert(absences)
      .values({
        subscriptionId: sc.subscriptionId,
        deliveryId: input.deliveryId,
        mode,
        targetDeliveryId,
        moved,
        movedCount: movedCount(moved),
        declaredById: actor.id,
        declaredAt: now,
      })
      .returning({ id: absences.id })
      .get();
    // Carry-over changes neither the total nor the cheques; deduct lowers the total.
    const refreshed =
      mode === 'deduct' ? (refreshSubscriptions(ctx, sc.bundle.contract.id, [sc.subscriptionId])[0] ?? null) : null;
    const outcome = { deliveryOn: dayOf(sc, input.deliveryId)!, targetOn: dayOf(sc, targetDeliveryId), refreshed };
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'absence.declared',
      targetType: 'subscription',
      targetId: sc.subscriptionId,
      details: {
        contractId: sc.bundle.contract.id,
        memberId: sc.member.id,
        onBehalf: sc.asReferent && actor.id !== sc.member.id,
        mode,
        on: outcome.deliveryOn,
        targetOn: outcome.targetOn,
        count: movedCount(moved),
        totalCents: refreshed?.totalCents,
      },
    });
    mailMember(ctx, actor, sc, true, id, outcome);
    return outcome;
  });
}

/** Withdraws a live absence: what it moved goes back to its day (and the total back up with deduct). */
export function cancelAbsence(ctx: Ctx, actor: Actor, target: AbsenceTarget, absenceId: number): AbsenceOutcome {
  return ctx.db.transaction(() => {
    const sc = subscriptionContext(ctx, actor, { ...target, forWrite: true });
    const absence = sc.live.find((a) => a.id === absenceId);
    if (!absence) throw new ValidationError({ message: 'Cette absence est déjà retirée.' });
    const deliveryOn = dayOf(sc, absence.deliveryId)!;
    const problem = withdrawalProblem({
      settings: sc.settings,
      today: ctx.today(),
      deliveryOn,
      byReferent: sc.asReferent,
    });
    if (problem) throw new ValidationError({ message: absenceProblemText(problem) });
    const lines = withdrawAbsence(sc.lines, absence);
    writeQuantities(
      ctx,
      sc.subscriptionId,
      absence.targetDeliveryId === null ? [absence.deliveryId] : [absence.deliveryId, absence.targetDeliveryId],
      lines,
    );
    const now = ctx.clock().toISOString();
    ctx.db
      .update(absences)
      .set({ withdrawnAt: now, withdrawnById: actor.id })
      .where(and(eq(absences.id, absenceId), isNull(absences.withdrawnAt)))
      .run();
    const refreshed =
      absence.mode === 'deduct'
        ? (refreshSubscriptions(ctx, sc.bundle.contract.id, [sc.subscriptionId])[0] ?? null)
        : null;
    const outcome = { deliveryOn, targetOn: dayOf(sc, absence.targetDeliveryId), refreshed };
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'absence.withdrawn',
      targetType: 'subscription',
      targetId: sc.subscriptionId,
      details: {
        contractId: sc.bundle.contract.id,
        memberId: sc.member.id,
        onBehalf: sc.asReferent && actor.id !== sc.member.id,
        mode: absence.mode,
        on: deliveryOn,
        targetOn: outcome.targetOn,
        totalCents: refreshed?.totalCents,
      },
    });
    mailMember(ctx, actor, sc, false, absenceId, outcome);
    return outcome;
  });
}
