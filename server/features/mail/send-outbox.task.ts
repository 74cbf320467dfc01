import { and, asc, eq, lte } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import type { MailTransport } from '../../lib/mailer.js';
import { attachmentsOf } from './mail-attachments.js';

/** After this many failed attempts a mail is marked failed and left for the admin to see. */
export const MAX_ATTEMPTS = 8;

/** Minutes to wait before attempt n+1 after n failures: 1, 2, 4, … capped at 4 hours. */
export function retryDelayMinutes(failures: number): number {
  return Math.min(2 ** (failures - 1), 240);
}

/**
 * Announcements (the mails a member may opt out of) carry RFC 2369's List-Unsubscribe, so that
 * mail clients offer "se désabonner": it leads to the mail preferences of /compte.
 */
export function listUnsubscribe(ctx: Pick<Ctx, 'config'>): string {
  return `<${ctx.config.server.baseUrl}/compte#preferences-mail>`;
}

export interface SendOutboxResult {
  sent: number;
  failed: number;
  skipped: 'no-smtp' | null;
}

/**
 * Sends the mails that are due. Each mail is claimed (attempts+1, next attempt pushed back)
 * before it is sent, so two runs at once never send the same mail twice.
 */
export async function sendOutbox(ctx: Ctx, transport: MailTransport | null, batchSize = 50): Promise<SendOutboxResult> {
  if (!transport) return { sent: 0, failed: 0, skipped: 'no-smtp' };
  const now = ctx.clock();
  const due = ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(outbox.id))
    .limit(batchSize)
    .all();
  const files = attachmentsOf(
    ctx.db,
    due.map((m) => m.id),
  );
  const result: SendOutboxResult = { sent: 0, failed: 0, skipped: null };
  for (const mail of due) {
    const attempts = mail.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMinutes(attempts) * 60_000).toISOString();
    const claimed = ctx.db
      .update(outbox)
      .set({ attempts, nextAttemptAt: retryAt })
      .where(and(eq(outbox.id, mail.id), eq(outbox.attempts, mail.attempts), eq(outbox.status, 'pending')))
      .run();
    if (claimed.changes === 0) continue;
    try {
      await transport.sendMail({
        from: ctx.config.mail.from,
        replyTo: mail.replyTo ?? ctx.config.mail.replyTo ?? undefined,
        to: mail.toName ? `"${mail.toName.replace(/"/g, '')}" <${mail.toAddress}>` : mail.toAddress,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        headers: mail.essential ? undefined : { 'List-Unsubscribe': listUnsubscribe(ctx) },
        attachments: (files.get(mail.id) ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.body,
        })),
      });
      ctx.db
        .update(outbox)
        .set({ status: 'sent', sentAt: ctx.clock().toISOString(), lastError: null })
        .where(eq(outbox.id, mail.id))
        .run();
      result.sent++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      ctx.db
        .update(outbox)
        .set({
          lastError: message.slice(0, 1000),
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        })
        .where(eq(outbox.id, mail.id))
        .run();
      result.failed++;
    }
  }
  return result;
}
