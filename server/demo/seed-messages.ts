/**
 * A few messages in the demo's history (issue 11), sent through the real services: the referent to
 * her vegetables subscribers (with the month's planning), the coordinator to the next day's duty
 * team and an announcement to every active member. Their mails then get the statuses a week of
 * sending leaves: delivered, one failure, a few still waiting.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { contracts, dutyShifts, members, messageRecipients, messages, outbox } from '../db/schema/index.js';
import type { Ctx } from '../lib/context.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { EMPTY_FILTER } from '../features/addresses/audience-filter.js';
import { saveDraft, sendMessage } from '../features/messages/messages.service.js';

function actorByEmail(ctx: Ctx, email: string) {
  const row = ctx.db.select({ id: members.id }).from(members).where(eq(members.email, email)).get();
  return row ? findActiveActor(ctx.db, row.id) : null;
}

export async function seedMessages(ctx: Ctx): Promise<void> {
  const referent = actorByEmail(ctx, 'referent@demo.amap');
  const coordinator = actorByEmail(ctx, 'permanences@demo.amap');
  if (!referent || !coordinator) return;
  const today = ctx.today();
  const contract = ctx.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(inArray(contracts.producerId, referent.referentOf.length ? referent.referentOf : [0]))
    .orderBy(asc(contracts.id))
    .get();
  const nextDuty = ctx.db
    .select({ on: dutyShifts.dayOn })
    .from(dutyShifts)
    .where(isNull(dutyShifts.endedAt))
    .orderBy(asc(dutyShifts.dayOn))
    .all()
    .find((s) => s.on >= today);

  const sent: { id: number; daysAgo: number }[] = [];
  if (contract) {
    const id = saveDraft(ctx, referent, null, {
      subject: 'Légumes : les courges arrivent',
      body: 'Bonjour à tous,\n\nLes **courges** arrivent jeudi. Pensez à prendre un sac solide.\n\n- potimarron\n- butternut\n\nLe planning du mois est joint. Bonne semaine !',
      filter: { ...EMPTY_FILTER, contractIds: [contract.id] },
      documents: { planningMonth: today.slice(0, 7) },
      uploads: [],
    });
    await sendMessage(ctx, referent, id);
    sent.push({ id, daysAgo: 6 });
  }
  const announcement = saveDraft(ctx, coordinator, null, {
    subject: 'Assemblée générale le 30 janvier',
    body: 'Bonjour,\n\nNotre assemblée générale aura lieu le **samedi 30 janvier à 10 h**, salle des fêtes.\nOrdre du jour et inscription : https://amap.exemple.fr/ag\n\nÀ bientôt !',
    filter: { ...EMPTY_FILTER, active: true },
    documents: {},
    uploads: [],
  });
  await sendMessage(ctx, coordinator, announcement);
  sent.push({ id: announcement, daysAgo: 3 });
  if (nextDuty) {
    const id = saveDraft(ctx, coordinator, null, {
      subject: 'Votre permanence de la semaine',
      body: 'Bonjour,\n\nVous êtes de permanence à la prochaine distribution : merci d’arriver 15 minutes en avance pour installer les tables.',
      filter: { ...EMPTY_FILTER, dutyDays: [nextDuty.on] },
      documents: {},
      uploads: [],
    });
    await sendMessage(ctx, coordinator, id);
    sent.push({ id, daysAgo: 0 });
  }

  // What a week of the outbox job leaves: the older messages delivered, one address bouncing.
  const now = ctx.clock().getTime();
  ctx.db.transaction(() => {
    for (const m of sent) {
      const at = new Date(now - m.daysAgo * 86_400_000).toISOString();
      ctx.db.update(messages).set({ sentAt: at, createdAt: at, updatedAt: at }).where(eq(messages.id, m.id)).run();
      if (m.daysAgo === 0) continue;
      const ids = ctx.db
        .select({ id: messageRecipients.outboxId })
        .from(messageRecipients)
        .where(and(eq(messageRecipients.messageId, m.id), isNotNull(messageRecipients.outboxId)))
        .all()
        .map((r) => r.id!);
      const delivered = new Date(now - m.daysAgo * 86_400_000 + 5 * 60_000).toISOString();
      ctx.db
        .update(outbox)
        .set({ status: 'sent', attempts: 1, createdAt: at, sentAt: delivered })
        .where(inArray(outbox.id, ids))
        .run();
      if (m.id === announcement && ids.length > 0)
        ctx.db
          .update(outbox)
          .set({ status: 'failed', attempts: 8, sentAt: null, lastError: '550 5.1.1 Adresse inconnue du destinataire' })
          .where(eq(outbox.id, ids[0]))
          .run();
    }
  });
}
