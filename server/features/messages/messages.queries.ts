/** Reads of the messages: a draft, the history, the recipients of one message with their mail's status. */
import { asc, desc, eq, or, sql } from 'drizzle-orm';
import { members, messageRecipients, messageUploads, messages, outbox } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { byName, displayName } from '../../lib/format.js';

export type MessageRow = typeof messages.$inferSelect;

export function findMessage(db: Db, id: number): MessageRow | null {
  return db.select().from(messages).where(eq(messages.id, id)).get() ?? null;
}

/** The files uploaded to a draft: names and sizes (the bytes only when sending). */
export function uploadsOf(db: Db, messageId: number): { filename: string; size: number }[] {
  return db
    .select({ filename: messageUploads.filename, size: sql<number>`length(${messageUploads.body})` })
    .from(messageUploads)
    .where(eq(messageUploads.messageId, messageId))
    .orderBy(asc(messageUploads.position))
    .all();
}

export function uploadBodies(db: Db, messageId: number) {
  return db
    .select({ filename: messageUploads.filename, contentType: messageUploads.contentType, body: messageUploads.body })
    .from(messageUploads)
    .where(eq(messageUploads.messageId, messageId))
    .orderBy(asc(messageUploads.position))
    .all();
}

export interface MessageLine {
  id: number;
  status: 'draft' | 'sent';
  subject: string;
  senderName: string;
  createdAt: string;
  sentAt: string | null;
  recipientCount: number;
  delivered: number;
  pending: number;
  failed: number;
}

/**
 * The history, newest first: the viewer's own messages (drafts included) and, for `all`, every
 * message sent by anyone.
 */
export function listMessages(db: Db, viewer: { id: number; all: boolean }, limit = 200): MessageLine[] {
  // Spelled out: drizzle leaves the columns of a one-table select list unqualified, and "id" would be the outbox's.
  const count = (status: string) =>
    sql<number>`(select count(*) from message_recipients r join outbox o on o.id = r.outbox_id
      where r.message_id = "messages"."id" and o.status = ${status})`;
  return db
    .select({
      id: messages.id,
      status: messages.status,
      subject: messages.subject,
      senderName: messages.senderName,
      createdAt: messages.createdAt,
      sentAt: messages.sentAt,
      recipientCount: messages.recipientCount,
      delivered: count('sent'),
      pending: count('pending'),
      failed: count('failed'),
    })
    .from(messages)
    .where(or(eq(messages.senderId, viewer.id), viewer.all ? eq(messages.status, 'sent') : undefined))
    .orderBy(desc(sql`coalesce(${messages.sentAt}, ${messages.createdAt})`), desc(messages.id))
    .limit(limit)
    .all();
}

export interface RecipientLine {
  name: string;
  address: string | null;
  state: 'sent' | 'pending' | 'failed' | 'no-address' | 'opted-out';
  sentAt: string | null;
  lastError: string | null;
}

/** Who the message was for, by name, with what became of their mail. */
export function recipientsOf(db: Db, messageId: number): RecipientLine[] {
  return db
    .select({
      firstName: members.firstName,
      lastName: members.lastName,
      memberEmail: members.email,
      skipped: messageRecipients.skipped,
      toAddress: outbox.toAddress,
      status: outbox.status,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
    })
    .from(messageRecipients)
    .innerJoin(members, eq(members.id, messageRecipients.memberId))
    .leftJoin(outbox, eq(outbox.id, messageRecipients.outboxId))
    .where(eq(messageRecipients.messageId, messageId))
    .all()
    .sort(byName)
    .map((r) => ({
      name: displayName(r),
      address: r.toAddress ?? r.memberEmail,
      state: r.skipped ?? r.status ?? 'pending',
      sentAt: r.sentAt,
      lastError: r.lastError,
    }));
}
