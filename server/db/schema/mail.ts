import { sqliteTable, integer, text, index, blob, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * Every mail is written here first and sent by the outbox job: nothing is lost when SMTP is
 * down, nothing is sent twice (dedupe key), and the admin can read every mail in the mail log.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at').notNull(),
    dedupeKey: text('dedupe_key').unique(),
    /** Replies go to this address (a message's sender) rather than the AMAP's reply-to. */
    replyTo: text('reply_to'),
    /** Whether the mail may be skipped for members who opted out (announcements, reminders). */
    essential: integer('essential', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * The bytes of an attached file, stored once whatever the number of mails carrying it (a
 * planning PDF sent to 400 members is one row): the SHA-256 of the body is its identity.
 */
export const mailAttachments = sqliteTable('mail_attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sha256: text('sha256').notNull().unique(),
  body: blob('body', { mode: 'buffer' }).notNull(),
  size: integer('size').notNull(),
  createdAt: text('created_at').notNull(),
});

/**
 * Which files a mail carries, in order. The name and type belong to the mail, not to the bytes:
 * the same file may travel under two names.
 */
export const outboxAttachments = sqliteTable(
  'outbox_attachments',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    attachmentId: integer('attachment_id')
      .notNull()
      .references(() => mailAttachments.id, { onDelete: 'restrict' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.position] }), index('outbox_attachments_file_idx').on(t.attachmentId)],
);
