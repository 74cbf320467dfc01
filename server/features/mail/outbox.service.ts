import { outbox } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';

export interface OutgoingMail {
  to: { address: string | null; name?: string };
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; body: Buffer }[];
  /** Same key twice → the second mail is not queued (reminders, notifications). */
  dedupeKey?: string;
  /** Non-essential mails (reminders, announcements) are not queued for members who opted out. */
  essential?: boolean;
  optedOut?: boolean;
}

/**
 * Queues a mail in the outbox, to be sent by the outbox job. Synchronous so that it can run
 * inside the caller's transaction: the mail exists if and only if the change that caused it does.
 * Returns false when nothing was queued (no address, opted out, duplicate).
 */
export function queueMail(ctx: Pick<Ctx, 'db' | 'clock'>, mail: OutgoingMail): boolean {
  if (!mail.to.address) return false;
  const essential = mail.essential ?? true;
  if (!essential && mail.optedOut) return false;
  const now = ctx.clock().toISOString();
  const result = ctx.db
    .insert(outbox)
    .values({
      toAddress: mail.to.address,
      toName: mail.to.name ?? null,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      attachments: JSON.stringify(
        (mail.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          contentBase64: a.body.toString('base64'),
        })),
      ),
      essential,
      dedupeKey: mail.dedupeKey ?? null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
  return result.changes > 0;
}
