import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

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
    /** JSON array of { filename, contentType, contentBase64 }. */
    attachments: text('attachments').notNull().default('[]'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at').notNull(),
    dedupeKey: text('dedupe_key').unique(),
    /** Whether the mail may be skipped for members who opted out (announcements, reminders). */
    essential: integer('essential', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt)],
);
