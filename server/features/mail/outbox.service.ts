import { outbox } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { attachmentStore, type MailAttachment } from './mail-attachments.js';
import { renderMail } from './mail-templates.js';

export type { MailAttachment } from './mail-attachments.js';

/** A mail ready for the outbox: rendered, addressed, its opt-out already decided. */
export interface RenderedMail {
  to: { address: string; name?: string };
  subject: string;
  text: string;
  html: string;
  essential: boolean;
  /** Same key twice → the second mail is not queued (reminders, notifications). */
  dedupeKey?: string;
  attachments?: MailAttachment[];
  /** Replies go there (a message's sender) instead of the AMAP's reply-to. */
  replyTo?: string;
}

/**
 * Writes one mail in the outbox, to be sent by the outbox job. Synchronous so that it runs
 * inside the caller's transaction: the mail exists if and only if the change that caused it does.
 * Returns false for a duplicate dedupe key. Pass one store for a batch, so shared files are stored once.
 */
export function enqueueMail(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  mail: RenderedMail,
  store = attachmentStore(ctx.db, ctx.clock().toISOString()),
): boolean {
  const now = ctx.clock().toISOString();
  const [row] = ctx.db
    .insert(outbox)
    .values({
      toAddress: mail.to.address,
      toName: mail.to.name ?? null,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      essential: mail.essential,
      dedupeKey: mail.dedupeKey ?? null,
      replyTo: mail.replyTo ?? null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .all();
  if (!row) return false;
  store.attach(row.id, mail.attachments ?? []);
  return true;
}

/**
 * A mail to an address that is no member's (a producer's): views/mail/<template>.text.ejs and
 * .html.ejs, always sent. Mail to a member goes through queueMemberMail, which knows their
 * address and preferences.
 */
export function queueMail(
  ctx: Pick<Ctx, 'db' | 'clock' | 'config'>,
  mail: {
    to: { address: string; name?: string };
    subject: string;
    template: string;
    data?: Record<string, unknown>;
    dedupeKey?: string;
    attachments?: MailAttachment[];
  },
): boolean {
  const rendered = renderMail(ctx.config, mail.template, mail.data ?? {}, 'outside');
  return enqueueMail(ctx, { ...mail, ...rendered, essential: true });
}
