import fs from 'node:fs';
import path from 'node:path';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { backupsDir, isBackupName } from './backup-store.js';
import { runBackup, type BackupRun } from './backup.task.js';

function assertAdmin(actor: Actor): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
}

/** "Sauvegarder maintenant": a verified backup, audited with its result. */
export async function backupNow(ctx: Ctx, actor: Actor): Promise<BackupRun> {
  assertAdmin(actor);
  const run = await runBackup(ctx, ctx.today(), 'manual');
  recordAudit(ctx, {
    actorId: actor.id,
    action: 'backup.created',
    details: { file: run.details.file, ok: run.failure === null },
  });
  return run;
}

/**
 * A backup holds every member's personal data: who downloaded which one is audited before the
 * file leaves. Returns its path; an unknown or malformed name is a 404 (names come from a form).
 */
export function backupForDownload(ctx: Ctx, actor: Actor, name: string): string {
  assertAdmin(actor);
  const file = path.join(backupsDir(ctx.config), name);
  if (!isBackupName(name) || !fs.existsSync(file)) throw new NotFoundError('Cette sauvegarde n’existe pas (ou plus).');
  recordAudit(ctx, { actorId: actor.id, action: 'backup.downloaded', details: { file: name } });
  return file;
}
