import { and, eq, gte, sql } from 'drizzle-orm';
import { credits, subscriptions, contracts } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { formatEuros } from '../../lib/format.js';
import { controlCharacterMessage, hasControlCharacter } from '../../domain/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { refreshSubscriptions } from '../subscriptions/subscription-refresh.service.js';
import { may } from '../../domain/access.js';

/**
 * Grants a credit (avoir) on a subscription — a missed delivery, a gesture — with its reason.
 * The promised cheques are proposed again over what is left to pay; cheques already received
 * stay, and anything they cover beyond it shows as money owed back.
 */
export function grantCredit(ctx: Ctx, actor: Actor, subscriptionId: number, amountCents: number, reason: string): void {
  const why = reason.trim();
  if (!why) throw new ValidationError({ field: 'reason', message: 'Indiquez la raison de l’avoir.' });
  if (hasControlCharacter(why))
    throw new ValidationError({ field: 'reason', message: controlCharacterMessage('Raison') });
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
    throw new ValidationError({ field: 'amount', message: 'Un montant positif, par exemple 15 ou 12,50.' });
  ctx.db.transaction(() => {
    const sub = ctx.db
      .select({
        id: subscriptions.id,
        status: subscriptions.status,
        totalCents: subscriptions.totalCents,
        contractId: subscriptions.contractId,
        producerId: contracts.producerId,
        memberId: subscriptions.memberId,
      })
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(eq(subscriptions.id, subscriptionId))
      .get();
    if (!sub) throw new NotFoundError('Cette souscription n’existe pas.');
    if (!may(actor, 'handle-money', { type: 'subscription', producerId: sub.producerId, memberId: sub.memberId }))
      throw new ForbiddenError();
    const already =
      ctx.db
        .select({ n: sql<number>`coalesce(sum(${credits.amountCents}), 0)` })
        .from(credits)
        .where(eq(credits.subscriptionId, subscriptionId))
        .get()?.n ?? 0;
    if (already + amountCents > sub.totalCents) {
      throw new ValidationError({
        field: 'amount',
        message: already
          ? `Avec les avoirs déjà accordés (${formatEuros(already)}), l’avoir dépasse le total commandé (${formatEuros(sub.totalCents)}).`
          : 'L’avoir dépasse le total commandé.',
      });
    }
    // A double click would grant it twice: the same credit on the same subscription within two
    // minutes is taken as the same one.
    const now = ctx.clock();
    const recent = ctx.db
      .select({ id: credits.id })
      .from(credits)
      .where(
        and(
          eq(credits.subscriptionId, subscriptionId),
          eq(credits.amountCents, amountCents),
          eq(credits.reason, why.slice(0, 500)),
          gte(credits.createdAt, new Date(now.getTime() - 120_000).toISOString()),
        ),
      )
      .get();
    if (recent) return;
    ctx.db
      .insert(credits)
      .values({
        subscriptionId,
        amountCents,
        reason: why.slice(0, 500),
        createdById: actor.id,
        createdAt: now.toISOString(),
      })
      .run();
    if (sub.status === 'active') refreshSubscriptions(ctx, sub.contractId, [subscriptionId]);
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'credit.granted',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: { amountCents, reason: why },
    });
  });
}
