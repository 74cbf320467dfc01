import { and, eq, inArray, isNull } from 'drizzle-orm';
import { cheques, handovers, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { transition, type ChequeStatus } from '../../domain/cheque-status.js';
import { controlCharacterMessage, hasControlCharacter, withoutControlCharacters } from '../../domain/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadContract } from '../../read/contract-bundle.js';
import { may } from '../../domain/access.js';
import { addMonths } from '../../domain/delivery-calendar.js';
import { formatMonthYear } from '../../lib/format.js';

/**
 * A payment date more than a month after today: its cheques are not due yet, and handing them
 * over now is most likely the wrong line picked (the producer would cash them early).
 */
export function handedOverEarly(dueOn: string, today: string): boolean {
  return dueOn > addMonths(today, 1);
}

/**
 * Hands the producer every received cheque of one contract for one payment date. Cheques still
 * promised stay promised (the page lists them as missing). Inside one transaction, so a second
 * click finds no received cheque left and hands nothing over twice. A payment date more than a
 * month away needs `earlyConfirmed` (the form's "Ces chèques sont à encaisser en mai 2027" box).
 */
export function createHandover(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  paymentDateId: number,
  note: string | null,
  options: { earlyConfirmed?: boolean } = {},
): { id: number; count: number; totalCents: number } {
  return ctx.db.transaction(() => {
    const bundle = loadContract(ctx.db, contractId);
    const date = bundle?.paymentDates.find((p) => p.id === paymentDateId);
    if (!bundle || !date) throw new NotFoundError('Ce contrat ou cette date d’encaissement n’existe pas.');
    if (!may(actor, 'handle-money', { type: 'contract', producerId: bundle.contract.producerId }))
      throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
    if (handedOverEarly(date.dueOn, ctx.today()) && !options.earlyConfirmed)
      throw new ValidationError({
        field: 'earlyConfirmed',
        message: `Ces chèques sont à encaisser en ${formatMonthYear(date.dueOn)} : cochez la case pour les remettre dès maintenant.`,
      });
    const going = ctx.db
      .select({ id: cheques.id, amountCents: cheques.amountCents, status: cheques.status })
      .from(cheques)
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .where(
        and(
          eq(subscriptions.contractId, contractId),
          eq(cheques.paymentDateId, paymentDateId),
          eq(cheques.status, 'received'),
          // A cancelled subscription's cheques are owed back to the member, not the producer's.
          eq(subscriptions.status, 'active'),
        ),
      )
      .all();
    if (going.length === 0)
      throw new ValidationError({ message: 'Aucun chèque reçu à remettre pour cette date (déjà remis ?).' });
    const now = ctx.clock().toISOString();
    const totalCents = going.reduce((a, c) => a + c.amountCents, 0);
    const { id } = ctx.db
      .insert(handovers)
      .values({
        contractId,
        paymentDateId,
        handedOverOn: ctx.today(),
        totalCents,
        chequeCount: going.length,
        note:
          withoutControlCharacters(note ?? '')
            .trim()
            .slice(0, 500) || null,
        createdById: actor.id,
        createdAt: now,
      })
      .returning({ id: handovers.id })
      .get();
    ctx.db
      .update(cheques)
      .set({ status: nextStatus(going, 'hand-over'), handoverId: id, handedOverAt: now, updatedAt: now })
      .where(
        inArray(
          cheques.id,
          going.map((c) => c.id),
        ),
      )
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'handover.created',
      targetType: 'handover',
      targetId: id,
      details: { contractId, paymentDateId, count: going.length, totalCents, chequeIds: going.map((c) => c.id) },
    });
    return { id, count: going.length, totalCents };
  });
}

/** Undoes a handover (slip not signed, wrong producer…): its cheques go back to received. */
export function undoHandover(ctx: Ctx, actor: Actor, handoverId: number, reason: string): void {
  const why = reason.trim();
  if (!why) throw new ValidationError({ field: 'reason', message: 'Indiquez la raison.' });
  if (hasControlCharacter(why))
    throw new ValidationError({ field: 'reason', message: controlCharacterMessage('Raison') });
  ctx.db.transaction(() => {
    const h = ctx.db.select().from(handovers).where(eq(handovers.id, handoverId)).get();
    if (!h) throw new NotFoundError('Cette remise n’existe pas.');
    const bundle = loadContract(ctx.db, h.contractId)!;
    if (!may(actor, 'handle-money', { type: 'handover', producerId: bundle.contract.producerId }))
      throw new ForbiddenError('Cette remise ne concerne pas vos producteurs.');
    if (h.undoneAt) throw new ValidationError({ message: 'Cette remise est déjà annulée.' });
    const now = ctx.clock().toISOString();
    const back = ctx.db
      .select({ id: cheques.id, status: cheques.status })
      .from(cheques)
      .where(eq(cheques.handoverId, handoverId))
      .all();
    const moved =
      back.length === 0
        ? 0
        : ctx.db
            .update(cheques)
            .set({ status: nextStatus(back, 'undo-hand-over'), handoverId: null, handedOverAt: null, updatedAt: now })
            .where(
              inArray(
                cheques.id,
                back.map((c) => c.id),
              ),
            )
            .run().changes;
    ctx.db
      .update(handovers)
      .set({ undoneAt: now, undoneById: actor.id, undoReason: why.slice(0, 500) })
      .where(and(eq(handovers.id, handoverId), isNull(handovers.undoneAt)))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'handover.undone',
      targetType: 'handover',
      targetId: handoverId,
      details: { reason: why, cheques: moved, totalCents: h.totalCents },
    });
  });
}

/**
 * The one status every cheque of a handover goes to, as the cheque state machine says; the first
 * cheque it refuses stops the whole handover with its French reason (nothing is written).
 */
function nextStatus(rows: readonly { status: ChequeStatus }[], move: 'hand-over' | 'undo-hand-over'): ChequeStatus {
  let next: ChequeStatus | null = null;
  for (const row of rows) {
    const t = transition(row.status, move);
    if (!t.ok) throw new ValidationError({ message: t.message });
    next = t.status;
  }
  if (next === null) throw new Error(`nextStatus: no cheque to ${move}`);
  return next;
}
