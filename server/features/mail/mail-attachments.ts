import { createHash } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { mailAttachments, outboxAttachments } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * Stores file bodies once each, by SHA-256: the same bytes attached to 400 mails are one row.
 * Remembers the buffers it has seen, so a batch hashes a shared attachment only once.
 */
export function attachmentStore(db: Db, createdAt: string) {
  const seen = new Map<Buffer, number>();
  function idOf(body: Buffer): number {
    const known = seen.get(body);
    if (known !== undefined) return known;
    const sha256 = createHash('sha256').update(body).digest('hex');
    db.insert(mailAttachments)
      .values({ sha256, body, size: body.length, createdAt })
      .onConflictDoNothing({ target: mailAttachments.sha256 })
      .run();
    const { id } = db
      .select({ id: mailAttachments.id })
      .from(mailAttachments)
      .where(eq(mailAttachments.sha256, sha256))
      .get()!;
    seen.set(body, id);
    return id;
  }
  return {
    /** Links the files to one outbox row, in the order given. */
    attach(outboxId: number, files: MailAttachment[]): void {
      if (files.length === 0) return;
      db.insert(outboxAttachments)
        .values(
          files.map((f, position) => ({
            outboxId,
            position,
            attachmentId: idOf(f.body),
            filename: f.filename,
            contentType: f.contentType,
          })),
        )
        .run();
    },
  };
}

/** The files of these mails with their bytes, in order; each body read once however many mails share it. */
export function attachmentsOf(db: Db, outboxIds: number[]): Map<number, MailAttachment[]> {
  const out = new Map<number, MailAttachment[]>();
  if (outboxIds.length === 0) return out;
  const links = db
    .select()
    .from(outboxAttachments)
    .where(inArray(outboxAttachments.outboxId, outboxIds))
    .orderBy(asc(outboxAttachments.outboxId), asc(outboxAttachments.position))
    .all();
  if (links.length === 0) return out;
  const bodies = new Map(
    db
      .select({ id: mailAttachments.id, body: mailAttachments.body })
      .from(mailAttachments)
      .where(inArray(mailAttachments.id, [...new Set(links.map((l) => l.attachmentId))]))
      .all()
      .map((b) => [b.id, b.body]),
  );
  for (const l of links) {
    const list = out.get(l.outboxId) ?? [];
    list.push({ filename: l.filename, contentType: l.contentType, body: bodies.get(l.attachmentId)! });
    out.set(l.outboxId, list);
  }
  return out;
}

/** What the mail log shows of a mail's files: names, types and sizes, not the bytes. */
export function attachmentListOf(db: Db, outboxId: number) {
  return db
    .select({
      filename: outboxAttachments.filename,
      contentType: outboxAttachments.contentType,
      size: mailAttachments.size,
    })
    .from(outboxAttachments)
    .innerJoin(mailAttachments, eq(mailAttachments.id, outboxAttachments.attachmentId))
    .where(eq(outboxAttachments.outboxId, outboxId))
    .orderBy(asc(outboxAttachments.position))
    .all();
}
