import { desc, eq, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { attachmentListOf } from './mail-attachments.js';

export type MailStatusFilter = 'tous' | 'en-attente' | 'envoyes' | 'echecs';

const statusOf: Record<Exclude<MailStatusFilter, 'tous'>, 'pending' | 'sent' | 'failed'> = {
  'en-attente': 'pending',
  envoyes: 'sent',
  echecs: 'failed',
};

export function listMails(db: Db, filter: MailStatusFilter, limit = 300) {
  return db
    .select({
      id: outbox.id,
      toAddress: outbox.toAddress,
      toName: outbox.toName,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(filter === 'tous' ? undefined : eq(outbox.status, statusOf[filter]))
    .orderBy(desc(outbox.id))
    .limit(limit)
    .all();
}

export function countMailsByStatus(db: Db): Record<'pending' | 'sent' | 'failed', number> {
  const rows = db
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .groupBy(outbox.status)
    .all();
  const out = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export function findMail(db: Db, id: number) {
  const m = db.select().from(outbox).where(eq(outbox.id, id)).get();
  if (!m) return null;
  return { ...m, attachments: attachmentListOf(db, id) };
}
