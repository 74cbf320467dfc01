import { and, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';

/** Puts a failed mail back in the queue for a new series of attempts (after fixing SMTP, say). */
export function retryMail(ctx: Ctx, actor: Actor, id: number): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
  ctx.db.transaction(() => {
    const changed = ctx.db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: ctx.clock().toISOString() })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
      .run().changes;
    if (!changed) throw new ValidationError({ message: 'Seul un mail en échec peut être renvoyé.' });
    recordAudit(ctx, { actorId: actor.id, action: 'mail.retried', targetType: 'mail', targetId: id });
  });
}
