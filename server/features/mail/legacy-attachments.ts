import type { Db } from '../../db/client.js';
import { attachmentStore } from './mail-attachments.js';

const LEGACY = 'outbox_legacy_attachments';

/**
 * Moves the files of mails queued before migration 0004 (base64 JSON, set aside by that
 * migration because SQLite cannot decode them) into mail_attachments, then drops the holding
 * table. Runs once, right after migrating; afterwards it costs one lookup in sqlite_master.
 */
export function convertLegacyAttachments(db: Db): number {
  const sqlite = db.$client;
  if (!sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(LEGACY)) return 0;
  const rows = sqlite
    .prepare(
      `select l.outbox_id as outboxId, l.attachments as json, o.created_at as createdAt
       from ${LEGACY} l join outbox o on o.id = l.outbox_id order by l.outbox_id`,
    )
    .all() as { outboxId: number; json: string; createdAt: string }[];
  let files = 0;
  db.transaction(() => {
    for (const row of rows) {
      const legacy = JSON.parse(row.json) as { filename: string; contentType: string; contentBase64: string }[];
      attachmentStore(db, row.createdAt).attach(
        row.outboxId,
        legacy.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          body: Buffer.from(a.contentBase64, 'base64'),
        })),
      );
      files += legacy.length;
    }
    sqlite.exec(`drop table ${LEGACY}`);
  });
  return files;
}
