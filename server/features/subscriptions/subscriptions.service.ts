import { and, eq, isNull } from 'drizzle-orm';
import { absences, members, subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { rebalanceEdited, validateSchedule } from '../../domain/payment-schedule.js';
import { reschedule } from '../../domain/subscription-schedule.js';
import { subscriptionTotalCents } from '../../domain/subscription-total.js';
import { windowState } from '../../domain/subscription-window.js';
import { recordAudit } from '../audit/audit.service.js';
import { membershipBlocker } from '../memberships/memberships.service.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import type { QuantityLine } from './subscriptions.forms.js';
import { currentSchedule, grantedCredits, subscriptionIdOf, writeCheques, type ScheduleLine } from './schedule.js';
import { queueReferentNotifications, queueSubscriptionMail } from './subscription-mail.js';
import { formatDateNumeric } from '../../lib/format.js';
import { refuseBeyondCapacity } from '../waiting-list/capacity-check.js';
import { holdsOffer, placesChanged } from '../waiting-list/waiting-list.service.js';

export interface SubscriptionAccess {
  bundle: ContractBundle;
  member: { id: number; firstName: string; lastName: string; email: string | null; mailOptOut: boolean };
  /** A referent (or administrator) acting for the member. */
  onBehalf: boolean;
}

/**
 * Who may create, change or cancel a subscription: the member while the window is open, a
 * referent of the producer (or an administrator) at any time until the contract is archived.
 */
export function subscriptionAccess(ctx: Ctx, actor: Actor, contractId: number, memberId: number): SubscriptionAccess {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  const manager = may(actor, 'manage-contracts', {
    type: 'subscription',
    producerId: bundle.contract.producerId,
    memberId,
  });
  if (!manager && (actor.id !== memberId || bundle.contract.status === 'draft')) {
    throw actor.id === memberId ? new NotFoundError('Ce contrat n’existe pas.') : new ForbiddenError();
  }
  if (bundle.contract.status === 'archived')
    throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
  if (!manager) {
    const today = ctx.today();
    // The AMAP may require a current membership before anyone subscribes (admin setting).
    const blocker = membershipBlocker(ctx, memberId, today);
    if (blocker) throw new ValidationError({ message: blocker });
    const state = windowState(bundle.contract, today);
    // A member offered a freed place from the waiting list may take it outside the window.
    if (state !== 'open' && !holdsOffer(ctx, contractId, memberId)) {
      throw new ValidationError({
        message:
          state === 'upcoming'
            ? `Les souscriptions ouvrent le ${formatDateNumeric(bundle.contract.opensOn)}.`
            : `Les souscriptions sont closes depuis le ${formatDateNumeric(bundle.contract.closesOn)} : adressez-vous au référent du contrat.`,
      });
    }
  }
  const member = ctx.db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      mailOptOut: members.mailOptOut,
      active: members.active,
    })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member || !member.active) throw new NotFoundError('Ce membre n’existe pas ou n’est plus actif.');
  return { bundle, member, onBehalf: actor.id !== memberId };
}

export interface SubscriptionDraft extends SubscriptionAccess {
  lines: QuantityLine[];
  totalCents: number;
  /** Σ credits (avoirs) the treasurer granted on the subscription. */
  grantedCreditsCents: number;
  /** What the cheques must cover: total − credits. The computed line makes the schedule sum to it. */
  payableCents: number;
  schedule: ScheduleLine[];
  /** One amount per payment date: proposed, or as typed with the last open line computed. */
  amounts: number[];
  /** Whether amounts may be typed: referents always, members if the contract allows it. */
  editable: boolean;
  /** Index of the line computed as the total minus the others (-1 when none). */
  computedIndex: number;
  /** Frozen cheques beyond what is payable: money owed back to the member. */
  creditCents: number;
  unassignedCents: number;
  /** The cheques typed exceed what is payable ("trop payé"): their sum, to say both numbers. */
  overpaidChequesCents: number | null;
  /** `amount_<paymentDateId>` or `_form` → French message; empty when the schedule is valid. */
  errors: Record<string, string>;
}

/**
 * The subscription as it would be saved: total, and the schedule proposed over the lines not
 * frozen, or as typed. Reads only; `saveSubscription` runs it again inside its transaction.
 */
export function draftSubscription(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  memberId: number,
  lines: QuantityLine[],
  typed: Map<number, number> | null,
): SubscriptionDraft {
  const access = subscriptionAccess(ctx, actor, contractId, memberId);
  const { bundle } = access;
  const deliveryOn = new Map(bundle.deliveries.map((d) => [d.id, d]));
  const productIds = new Set(bundle.products.map((o) => o.id));
  for (const l of lines) {
    const d = deliveryOn.get(l.deliveryId);
    if (!d || d.cancelled || !productIds.has(l.contractProductId))
      throw new ValidationError({ message: 'Le contrat a changé pendant votre saisie : recommencez.' });
  }
  refuseBeyondCapacity(ctx, bundle, memberId, lines);
  const totalCents = subscriptionTotalCents(
    lines.map((l) => ({
      deliveryOn: deliveryOn.get(l.deliveryId)!.deliveryOn,
      contractProductId: l.contractProductId,
      quantity: l.quantity,
    })),
    new Map(bundle.products.map((o) => [o.id, o.priceCents])),
    new Set(),
  );
  const c = bundle.contract;
  const subscriptionId = subscriptionIdOf(ctx.db, contractId, memberId);
  const schedule = c.paymentsManaged ? currentSchedule(ctx.db, subscriptionId, bundle.paymentDates) : [];
  const settings = { rule: c.proposalRule, minChequeCents: c.minChequeCents };
  // Credits (avoirs) granted by the treasurer lower what the cheques must cover.
  const grantedCreditsCents =
    subscriptionId === null ? 0 : (grantedCredits(ctx.db, [subscriptionId]).get(subscriptionId) ?? 0);
  const base = reschedule({ totalCents, creditsCents: grantedCreditsCents, lines: schedule, settings });
  const payable = base.payableCents;
  const editable = access.onBehalf || c.membersEditAmounts;
  const computedIndex = schedule.map((l) => !l.frozen).lastIndexOf(true);
  const errors: Record<string, string> = {};
  let amounts = base.amounts;
  if (typed && editable && computedIndex >= 0 && base.creditCents === 0) {
    amounts = rebalanceEdited(
      payable,
      schedule.map((l) => (l.frozen ? l : { amountCents: typed.get(l.paymentDateId) ?? 0, frozen: false })),
    );
    const check = validateSchedule(payable, amounts, {
      minChequeCents: c.minChequeCents,
      frozen: schedule.map((l) => l.frozen),
    });
    if (!check.ok) {
      for (const e of check.errors) {
        const field = e.index >= 0 ? `amount_${schedule[e.index].paymentDateId}` : '_form';
        errors[field] ??= e.message;
      }
    }
  }
  const overpaid = computedIndex >= 0 && amounts[computedIndex] < 0;
  return {
    ...access,
    lines,
    totalCents,
    grantedCreditsCents,
    payableCents: payable,
    schedule,
    amounts,
    editable,
    computedIndex,
    creditCents: base.creditCents,
    unassignedCents: base.unassignedCents,
    overpaidChequesCents: overpaid ? payable - amounts[computedIndex] : null,
    errors,
  };
}

/**
 * Creates or changes the member's subscription: quantities, total, and cheques, in one
 * transaction. The unique (contract, member) index and the synchronous transaction make a double
 * submit update the same subscription instead of creating a second one.
 */
export function saveSubscription(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  memberId: number,
  lines: QuantityLine[],
  typed: Map<number, number> | null,
): number {
  return ctx.db.transaction(() => {
    const draft = draftSubscription(ctx, actor, contractId, memberId, lines, typed);
    if (Object.keys(draft.errors).length) throw new ValidationError(draft.errors);
    const now = ctx.clock().toISOString();
    const existing = ctx.db
      .select({ id: subscriptions.id, status: subscriptions.status })
      .from(subscriptions)
      .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
      .get();
    const { id } = ctx.db
      .insert(subscriptions)
      .values({ contractId, memberId, totalCents: draft.totalCents, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [subscriptions.contractId, subscriptions.memberId],
        set: { status: 'active', totalCents: draft.totalCents, updatedAt: now, cancelledAt: null },
      })
      .returning({ id: subscriptions.id })
      .get();
    ctx.db.delete(subscriptionQuantities).where(eq(subscriptionQuantities.subscriptionId, id)).run();
    // One multi-row insert per chunk (SQLite takes at most 32 766 parameters per statement).
    for (let i = 0; i < lines.length; i += 2000) {
      ctx.db
        .insert(subscriptionQuantities)
        .values(lines.slice(i, i + 2000).map((l) => ({ subscriptionId: id, ...l })))
        .run();
    }
    // The form's quantities replace everything, what absences had moved included: none stays live.
    ctx.db
      .update(absences)
      .set({ withdrawnAt: now, withdrawnById: actor.id })
      .where(and(eq(absences.subscriptionId, id), isNull(absences.withdrawnAt)))
      .run();
    writeCheques(ctx, id, draft.schedule, draft.amounts);
    const created = !existing || existing.status === 'cancelled';
    recordAudit(ctx, {
      actorId: actor.id,
      action: created ? 'subscription.created' : 'subscription.updated',
      targetType: 'subscription',
      targetId: id,
      details: {
        contractId,
        memberId,
        onBehalf: draft.onBehalf,
        totalCents: draft.totalCents,
        amounts: draft.amounts,
        creditCents: draft.creditCents,
      },
    });
    placesChanged(ctx, contractId, memberId);
    queueSubscriptionMail(ctx, draft, created ? 'created' : 'updated');
    queueReferentNotifications(ctx, draft, created ? 'created' : 'updated');
    return id;
  });
}

/**
 * Cancels the subscription: quantities go, promised cheques are cancelled, cheques already
 * received stay and become money owed back (credit). The row stays: money history is kept.
 */
export function cancelSubscription(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  memberId: number,
): { creditCents: number } {
  return ctx.db.transaction(() => {
    const access = subscriptionAccess(ctx, actor, contractId, memberId);
    const sub = ctx.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
      .get();
    if (!sub || sub.status === 'cancelled')
      throw new ValidationError({ message: 'Il n’y a pas de souscription à annuler.' });
    const now = ctx.clock().toISOString();
    const c = access.bundle.contract;
    const schedule = c.paymentsManaged ? currentSchedule(ctx.db, sub.id, access.bundle.paymentDates) : [];
    // Nothing is owed any more: open cheques go, frozen ones are all owed back.
    const { amounts, creditCents } = reschedule({
      totalCents: 0,
      creditsCents: 0,
      lines: schedule,
      settings: { rule: c.proposalRule, minChequeCents: c.minChequeCents },
    });
    writeCheques(ctx, sub.id, schedule, amounts);
    ctx.db.delete(subscriptionQuantities).where(eq(subscriptionQuantities.subscriptionId, sub.id)).run();
    ctx.db
      .update(subscriptions)
      .set({ status: 'cancelled', totalCents: 0, cancelledAt: now, updatedAt: now })
      .where(eq(subscriptions.id, sub.id))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'subscription.cancelled',
      targetType: 'subscription',
      targetId: sub.id,
      details: { contractId, memberId, onBehalf: access.onBehalf, creditCents },
    });
    placesChanged(ctx, contractId, memberId);
    queueSubscriptionMail(ctx, { ...access, lines: [], totalCents: 0, schedule, amounts, creditCents }, 'cancelled');
    queueReferentNotifications(ctx, { ...access, totalCents: 0 }, 'cancelled');
    return { creditCents };
  });
}
