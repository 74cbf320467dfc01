import { eq } from 'drizzle-orm';
import { cheques } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { transition, type ChequeAction, type ChequeStatus } from '../../domain/cheque-status.js';
import { controlCharacterMessage, hasControlCharacter, withoutControlCharacters } from '../../domain/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { refreshSubscriptions } from '../subscriptions/subscription-refresh.service.js';
import { chequesInScope, type ChequeRow } from './treasury-access.js';

export interface Reception {
  chequeId: number;
  bank?: string | null;
  number?: string | null;
}

/** Checks and writes one transition with its audit entry; `to` replaces the usual next status. */
function apply(
  ctx: Ctx,
  actor: Actor,
  row: ChequeRow,
  action: ChequeAction,
  set: Partial<typeof cheques.$inferInsert>,
  details: Record<string, unknown>,
  to?: ChequeStatus,
): void {
  const t = transition(row.status, action);
  if (!t.ok) throw new ValidationError({ message: t.message });
  const status = to ?? t.status;
  ctx.db
    .update(cheques)
    .set({ ...set, status, updatedAt: ctx.clock().toISOString() })
    .where(eq(cheques.id, row.id))
    .run();
  recordAudit(ctx, {
    actorId: actor.id,
    action: `cheque.${action}`,
    targetType: 'cheque',
    targetId: row.id,
    details: {
      from: row.status,
      to: status,
      amountCents: row.amountCents,
      subscriptionId: row.subscriptionId,
      ...details,
    },
  });
}

/**
 * Marks cheques received at the distribution table, with bank and number when given.
 * All or nothing: one refused cheque (cancelled, already handed over…) and nothing is written.
 * A cheque already received is skipped, so a second tap on "save" does no harm.
 */
export function receiveCheques(
  ctx: Ctx,
  actor: Actor,
  receptions: Reception[],
  note: string | null = null,
): { received: number; totalCents: number } {
  // The same cheque sent twice in one form counts once (the first bank and number win).
  const unique = [...new Map([...receptions].reverse().map((r) => [r.chequeId, r])).values()].reverse();
  if (unique.length === 0) throw new ValidationError({ message: 'Cochez au moins un chèque.' });
  return ctx.db.transaction(() => {
    const rows = chequesInScope(
      ctx,
      actor,
      unique.map((r) => r.chequeId),
    );
    const now = ctx.clock().toISOString();
    let received = 0;
    let totalCents = 0;
    rows.forEach((row, i) => {
      if (row.status === 'received') return;
      const r = unique[i];
      apply(
        ctx,
        actor,
        row,
        'receive',
        {
          bank: oneLine(r.bank),
          number: oneLine(r.number),
          receivedAt: now,
          receivedById: actor.id,
        },
        { note: oneLine(note) },
      );
      received++;
      totalCents += row.amountCents;
    });
    return { received, totalCents };
  });
}

/** Bank, number, note: typed in a hurry at the table, so control characters are dropped, not refused. */
function oneLine(text: string | null | undefined): string | null {
  return withoutControlCharacters(text ?? '').trim() || null;
}

function reasonRequired(reason: string): string {
  const r = reason.trim();
  if (!r) throw new ValidationError({ field: 'reason', message: 'Indiquez la raison.' });
  if (r.length > 500) throw new ValidationError({ field: 'reason', message: '500 caractères au plus.' });
  if (hasControlCharacter(r))
    throw new ValidationError({ field: 'reason', message: controlCharacterMessage('Raison') });
  return r;
}

/**
 * A cheque ticked by mistake goes back to promised; on a cancelled subscription, which expects no
 * cheque any more, it is cancelled instead (the member is not asked to bring it again).
 */
export function undoReception(ctx: Ctx, actor: Actor, chequeId: number, reason: string): void {
  const why = reasonRequired(reason);
  ctx.db.transaction(() => {
    const [row] = chequesInScope(ctx, actor, [chequeId]);
    apply(
      ctx,
      actor,
      row,
      'undo-receive',
      { receivedAt: null, receivedById: null },
      { reason: why },
      row.subscriptionStatus === 'cancelled' ? 'cancelled' : undefined,
    );
    // The cheque is open again: the schedule is proposed again so it still adds up to the total.
    if (row.subscriptionStatus === 'active') refreshSubscriptions(ctx, row.contractId, [row.subscriptionId]);
  });
}

/** A received cheque given back to the member (cancelled subscription, money owed back). */
export function returnCheque(ctx: Ctx, actor: Actor, chequeId: number, reason: string): void {
  const why = reasonRequired(reason);
  ctx.db.transaction(() => {
    const [row] = chequesInScope(ctx, actor, [chequeId]);
    apply(ctx, actor, row, 'return', {}, { reason: why });
    // What the returned cheque covered is spread again over the open lines (if any is still due).
    if (row.subscriptionStatus === 'active') refreshSubscriptions(ctx, row.contractId, [row.subscriptionId]);
  });
}
