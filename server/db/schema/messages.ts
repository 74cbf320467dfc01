import { sqliteTable, integer, text, blob, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';
import { outbox } from './mail.js';

/**
 * A message written in the app to a mailing list (issue 11, "Messages from the app"). A draft until
 * "Envoyer": the preview reads it, the send turns it into one outbox mail per recipient, once
 * (the status changes from draft to sent in the transaction that queues the mails).
 */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    senderId: integer('sender_id').references(() => members.id, { onDelete: 'set null' }),
    /** Kept for the history when the sender is gone. */
    senderName: text('sender_name').notNull(),
    status: text('status', { enum: ['draft', 'sent'] })
      .notNull()
      .default('draft'),
    subject: text('subject').notNull(),
    /** What the sender typed (paragraphs, **bold**, lists, links), rendered at send time. */
    body: text('body').notNull(),
    /** The mailing list's filter, as the query string of /adresses. */
    filter: text('filter').notNull(),
    /** The filter in words as the sender saw it ("Souscripteurs de « Pain 2027 »"), for the history. */
    audienceWords: text('audience_words').notNull().default(''),
    /** Documents of the app to attach (JSON: planning month, sign-in sheet day, delivery sheet). */
    documents: text('documents').notNull().default('{}'),
    /** Sent even to members who opted out (about their own contracts, cheques, duty), decided by the filter. */
    essential: integer('essential', { mode: 'boolean' }).notNull().default(false),
    recipientCount: integer('recipient_count').notNull().default(0),
    /** JSON list of { filename, size } of the files the mails carried. */
    attachmentNames: text('attachment_names').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('messages_sender_idx').on(t.senderId, t.createdAt)],
);

/** Files the sender uploaded to a draft; their bytes move to the mail attachments when it is sent. */
export const messageUploads = sqliteTable(
  'message_uploads',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    body: blob('body', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.position] })],
);

/** Each member the message was for: their mail in the outbox, or why they got none. */
export const messageRecipients = sqliteTable(
  'message_recipients',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    outboxId: integer('outbox_id').references(() => outbox.id, { onDelete: 'set null' }),
    skipped: text('skipped', { enum: ['no-address', 'opted-out'] }),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.memberId] }), index('message_recipients_member_idx').on(t.memberId)],
);
