import { eq, sql } from 'drizzle-orm';
import { cheques, deliveries, paymentDates, subscriptionQuantities, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { defaultPaymentDates, generateDeliveryDates, type DeliverySpec } from '../../domain/delivery-calendar.js';
import { recordAudit } from '../audit/audit.service.js';
import { refreshSubscriptions } from '../subscriptions/subscription-refresh.service.js';
import { queueScheduleChangedMails } from '../subscriptions/schedule-changed-mail.js';
import { formatDayLong } from '../../lib/format.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import { requireManagedContract } from './contracts.service.js';

function assertEditable(bundle: ContractBundle): void {
  if (bundle.contract.status === 'archived')
    throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
}

/** Whether an unusual date was confirmed (the form's "ajouter quand même" box). */
export interface DateConfirmation {
  dateConfirmed?: boolean;
}

/**
 * New dates already past, or before the subscription window opens (nobody could order them):
 * most likely a wrong year or month typed, so they are added only once confirmed.
 */
function unusualDates(bundle: ContractBundle, dates: readonly string[], today: string): string[] {
  return dates.filter(
    (d) => (d < today || d < bundle.contract.opensOn) && !bundle.deliveries.some((x) => x.deliveryOn === d),
  );
}

function whyUnusual(bundle: ContractBundle, date: string, today: string): string {
  return date < today
    ? 'est déjà passé'
    : `tombe avant l’ouverture des souscriptions (le ${formatDayLong(bundle.contract.opensOn)})`;
}

/** Adds the generated dates (those already there are kept as they are). */
export function generateDeliveries(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  spec: DeliverySpec,
  confirmation: DateConfirmation = {},
): number {
  return ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    let dates: string[];
    try {
      dates = generateDeliveryDates(spec);
    } catch (e) {
      throw new ValidationError({ message: (e as Error).message });
    }
    if (dates.length === 0) throw new ValidationError({ message: 'Aucune date ne correspond entre ces deux dates.' });
    const unusual = unusualDates(bundle, dates, ctx.today());
    if (unusual.length && !confirmation.dateConfirmed) {
      const first = unusual[0];
      throw new ValidationError({
        field: 'confirmDates',
        message:
          unusual.length === 1
            ? `Le ${formatDayLong(first)} ${whyUnusual(bundle, first, ctx.today())} : cochez la case pour ajouter ces dates quand même.`
            : `${unusual.length} de ces dates, du ${formatDayLong(first)} au ${formatDayLong(unusual[unusual.length - 1])}, sont déjà passées ou avant l’ouverture des souscriptions (le ${formatDayLong(bundle.contract.opensOn)}) : cochez la case pour les ajouter quand même.`,
      });
    }
    return addDates(ctx, actor, bundle, dates);
  });
}

export function addDelivery(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  date: string,
  confirmation: DateConfirmation = {},
): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    const existing = bundle.deliveries.find((d) => d.deliveryOn === date);
    if (existing && !existing.cancelled)
      throw new ValidationError({ field: 'date', message: 'Cette date est déjà une livraison du contrat.' });
    if (existing)
      throw new ValidationError({
        field: 'date',
        message: 'Cette livraison a été annulée : elle ne peut pas revenir.',
      });
    if (unusualDates(bundle, [date], ctx.today()).length && !confirmation.dateConfirmed)
      throw new ValidationError({
        field: 'confirmDate',
        message: `Le ${formatDayLong(date)} ${whyUnusual(bundle, date, ctx.today())} : cochez la case pour l’ajouter quand même.`,
      });
    addDates(ctx, actor, bundle, [date]);
  });
}

/**
 * New dates of a fixed contract get each subscriber's usual basket: that is what "fixed" means.
 * Totals and schedules follow.
 */
function addDates(ctx: Ctx, actor: Actor, bundle: ContractBundle, dates: string[]): number {
  const known = new Set(bundle.deliveries.map((d) => d.deliveryOn));
  const fresh = [...new Set(dates)].filter((d) => !known.has(d));
  const ids = fresh.map(
    (deliveryOn) =>
      ctx.db
        .insert(deliveries)
        .values({ contractId: bundle.contract.id, deliveryOn })
        .returning({ id: deliveries.id })
        .get().id,
  );
  if (ids.length && bundle.contract.kind === 'fixed') {
    const firstOpen = bundle.deliveries.find((d) => !d.cancelled);
    if (firstOpen) {
      for (const id of ids) {
        ctx.db.run(sql`insert into subscription_quantities (subscription_id, delivery_id, contract_product_id, quantity)
          select q.subscription_id, ${id}, q.contract_product_id, q.quantity from subscription_quantities q
          join subscriptions s on s.id = q.subscription_id and s.status = 'active'
          where q.delivery_id = ${firstOpen.id}`);
      }
    }
    const refreshed = refreshSubscriptions(ctx, bundle.contract.id);
    const when =
      fresh.length === 1
        ? `une livraison ajoutée le ${formatDayLong(fresh[0])}`
        : `${fresh.length} livraisons ajoutées (du ${formatDayLong(fresh[0])} au ${formatDayLong(fresh[fresh.length - 1])})`;
    queueScheduleChangedMails(
      ctx,
      bundle,
      { change: `${when}, avec votre panier habituel`, dedupe: `deliveries:${fresh.join(',')}` },
      refreshed,
    );
  }
  recordAudit(ctx, {
    actorId: actor.id,
    action: 'contract.deliveries-added',
    targetType: 'contract',
    targetId: bundle.contract.id,
    details: { dates: fresh },
  });
  return fresh.length;
}

function orderedOn(ctx: Ctx, deliveryId: number): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.deliveryId, deliveryId))
      .get()?.n ?? 0
  );
}

/** Removes a date nobody has ordered anything on (a mistake in the calendar). */
export function removeDelivery(ctx: Ctx, actor: Actor, contractId: number, deliveryId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    const d = bundle.deliveries.find((x) => x.id === deliveryId);
    if (!d) throw new ValidationError({ message: 'Cette livraison n’existe pas.' });
    if (orderedOn(ctx, deliveryId) > 0)
      throw new ValidationError({
        message: 'Des membres ont des produits ce jour-là : annulez la livraison plutôt que de la supprimer.',
      });
    ctx.db.delete(deliveries).where(eq(deliveries.id, deliveryId)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.delivery-removed',
      targetType: 'contract',
      targetId: contractId,
      details: { date: d.deliveryOn },
    });
  });
}

/**
 * Cancels a delivery members already ordered on: its quantities are dropped, totals and
 * schedules follow, and every member concerned gets a mail.
 */
export function cancelDelivery(ctx: Ctx, actor: Actor, contractId: number, deliveryId: number): number {
  return ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    const d = bundle.deliveries.find((x) => x.id === deliveryId);
    if (!d || d.cancelled) throw new ValidationError({ message: 'Cette livraison n’existe pas ou est déjà annulée.' });
    const concerned = ctx.db
      .selectDistinct({ subscriptionId: subscriptionQuantities.subscriptionId })
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.deliveryId, deliveryId))
      .all()
      .map((r) => r.subscriptionId);
    ctx.db
      .update(deliveries)
      .set({ cancelledAt: ctx.clock().toISOString() })
      .where(eq(deliveries.id, deliveryId))
      .run();
    ctx.db.delete(subscriptionQuantities).where(eq(subscriptionQuantities.deliveryId, deliveryId)).run();
    // Only the members who ordered that day change; the others' schedules stay as they are.
    const refreshed = concerned.length ? refreshSubscriptions(ctx, contractId, concerned) : [];
    queueScheduleChangedMails(
      ctx,
      bundle,
      {
        change: `la livraison du ${formatDayLong(d.deliveryOn)} est annulée ; ce que vous aviez commandé ce jour-là n’est pas facturé`,
        subject: `Livraison annulée le ${formatDayLong(d.deliveryOn)} (${bundle.contract.name})`,
        dedupe: `delivery-cancelled:${d.deliveryOn}`,
      },
      refreshed,
    );
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.delivery-cancelled',
      targetType: 'contract',
      targetId: contractId,
      details: { date: d.deliveryOn, subscriptions: refreshed.length },
    });
    return refreshed.length;
  });
}

/** Replaces the payment dates by one per month (default), while no cheque exists yet. */
export function resetPaymentDates(ctx: Ctx, actor: Actor, contractId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    assertNoCheques(ctx, contractId);
    const dates = defaultPaymentDates(
      bundle.deliveries.filter((d) => !d.cancelled).map((d) => d.deliveryOn),
      bundle.contract.paymentDay,
    );
    if (dates.length === 0) throw new ValidationError({ message: 'Ajoutez d’abord les dates de livraison.' });
    ctx.db.delete(paymentDates).where(eq(paymentDates.contractId, contractId)).run();
    for (const dueOn of dates) ctx.db.insert(paymentDates).values({ contractId, dueOn }).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.payment-dates-reset',
      targetType: 'contract',
      targetId: contractId,
      details: { dates },
    });
  });
}

function assertNoCheques(ctx: Ctx, contractId: number): void {
  const any = ctx.db
    .select({ id: cheques.id })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .where(eq(subscriptions.contractId, contractId))
    .limit(1)
    .get();
  if (any)
    throw new ValidationError({ message: 'Des chèques existent déjà : ajoutez ou retirez les dates une à une.' });
}

/** Adds a payment date; open schedule lines are proposed again over the new set of dates. */
export function addPaymentDate(ctx: Ctx, actor: Actor, contractId: number, dueOn: string): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    if (bundle.paymentDates.some((p) => p.dueOn === dueOn))
      throw new ValidationError({ field: 'dueOn', message: 'Cette date d’encaissement existe déjà.' });
    ctx.db.insert(paymentDates).values({ contractId, dueOn }).run();
    queueScheduleChangedMails(
      ctx,
      bundle,
      { change: `une date d’encaissement ajoutée (${formatDayLong(dueOn)})`, dedupe: `payment-date-added:${dueOn}` },
      refreshSubscriptions(ctx, contractId),
    );
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.payment-date-added',
      targetType: 'contract',
      targetId: contractId,
      details: { date: dueOn },
    });
  });
}

/**
 * Removes a payment date no cheque was ever written for (a cheque keeps its date forever:
 * money history). Schedules are proposed again over the remaining dates.
 */
export function removePaymentDate(ctx: Ctx, actor: Actor, contractId: number, paymentDateId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    assertEditable(bundle);
    const p = bundle.paymentDates.find((x) => x.id === paymentDateId);
    if (!p) throw new ValidationError({ message: 'Cette date d’encaissement n’existe pas.' });
    const used = ctx.db
      .select({ id: cheques.id })
      .from(cheques)
      .where(eq(cheques.paymentDateId, paymentDateId))
      .limit(1)
      .get();
    if (used)
      throw new ValidationError({
        message: 'Des chèques sont déjà prévus à cette date : elle ne peut plus être retirée.',
      });
    ctx.db.delete(paymentDates).where(eq(paymentDates.id, paymentDateId)).run();
    queueScheduleChangedMails(
      ctx,
      bundle,
      {
        change: `la date d’encaissement du ${formatDayLong(p.dueOn)} est retirée`,
        dedupe: `payment-date-removed:${p.dueOn}`,
      },
      refreshSubscriptions(ctx, contractId),
    );
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.payment-date-removed',
      targetType: 'contract',
      targetId: contractId,
      details: { date: p.dueOn },
    });
  });
}
