import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { members, memberRoles } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { formatMoment } from '../../lib/format.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { createBackup, type BackupResult } from './backup-create.js';
import { backupsDir, latestGoodBackup, newBackupPath, pruneBackups } from './backup-store.js';
import { formatBytes, formatDuration } from './operations-format.js';

/** What a backup run did, for the task log (summary, details) and, when it failed, an error. */
export interface BackupRun {
  summary: string;
  details: Record<string, unknown>;
  /** Why the run failed (copy impossible or copy failing its check); null when it worked. */
  failure: string | null;
  result: BackupResult | null;
}

function activeAdminIds(ctx: Ctx): number[] {
  return ctx.db
    .select({ id: members.id })
    .from(memberRoles)
    .innerJoin(members, eq(members.id, memberRoles.memberId))
    .where(and(eq(memberRoles.role, 'admin'), eq(members.active, true)))
    .all()
    .map((r) => r.id);
}

/**
 * Mails every administrator that backups are not working (once a day at most: the dedupe key),
 * saying what failed and how old the last good backup is.
 */
function alertAdministrators(ctx: Ctx, today: string, problem: string): number {
  const latest = latestGoodBackup(backupsDir(ctx.config));
  const counts = queueMemberMails(
    ctx,
    activeAdminIds(ctx).map((memberId) => ({
      memberId,
      kind: 'essential' as const,
      template: 'backup-problem',
      subject: `Sauvegarde de ${ctx.config.amap.name} : à vérifier`,
      data: {
        problem,
        latest: latest ? formatMoment(latest.takenAt, ctx.config.timezone) : null,
        pageUrl: `${ctx.config.server.baseUrl}/admin/sauvegardes`,
      },
      dedupeKey: `backup-problem:${today}:${memberId}`,
    })),
  );
  return counts.queued;
}

/**
 * The backup task (nightly, or "sauvegarder maintenant"): a verified copy in the backups
 * directory, then the retention rule. A failure mails the administrators and is returned for
 * the task log to record as an error.
 */
export async function runBackup(ctx: Ctx, today: string, kind: 'nightly' | 'manual'): Promise<BackupRun> {
  const dir = backupsDir(ctx.config);
  let result: BackupResult | null = null;
  let failure: string | null = null;
  try {
    result = await createBackup(ctx.db.$client, newBackupPath(dir, kind, ctx.clock()), { kind, clock: ctx.clock });
    if (!result.check.ok)
      failure = `la copie ${path.basename(result.file)} ne passe pas la vérification : ${result.check.problems.join(' ; ')}`;
  } catch (e) {
    failure = `la copie n’a pas pu être faite (${(e as Error).message})`;
  }
  const removed = pruneBackups(dir, { keep: ctx.config.backup.keep, today, timezone: ctx.config.timezone });
  const alerted = failure ? alertAdministrators(ctx, today, failure) : 0;
  const details = {
    file: result ? path.basename(result.file) : null,
    size: result?.manifest.size ?? null,
    durationMs: result?.manifest.durationMs ?? null,
    ok: failure === null,
    removed,
    alerted,
  };
  const pruned = removed.length > 0 ? ` ; ${removed.length} ancienne(s) supprimée(s)` : '';
  if (failure) return { summary: `Échec : ${failure}${pruned}.`, details, failure, result };
  return {
    summary: `Sauvegarde vérifiée : ${path.basename(result!.file)} (${formatBytes(result!.manifest.size)}, ${formatDuration(result!.manifest.durationMs)})${pruned}.`,
    details,
    failure: null,
    result,
  };
}

/**
 * The daily look at the backups: when the newest good one is older than backup.alertAfterDays
 * (the nightly run stopped, or fails night after night), the administrators are told.
 */
export function checkBackupFreshness(ctx: Ctx, today: string): { summary: string; stale: boolean; alerted: number } {
  if (!ctx.config.backup.enabled)
    return { summary: 'Sauvegardes désactivées (backup.enabled).', stale: false, alerted: 0 };
  const latest = latestGoodBackup(backupsDir(ctx.config));
  const limit = ctx.config.backup.alertAfterDays * 86_400_000;
  if (latest && ctx.clock().getTime() - Date.parse(latest.takenAt) <= limit)
    return {
      summary: `Dernière sauvegarde vérifiée : ${formatMoment(latest.takenAt, ctx.config.timezone)}.`,
      stale: false,
      alerted: 0,
    };
  const problem = latest
    ? `la dernière sauvegarde vérifiée date du ${formatMoment(latest.takenAt, ctx.config.timezone)}, il y a plus de ${ctx.config.backup.alertAfterDays} jours`
    : 'aucune sauvegarde vérifiée n’existe';
  const alerted = alertAdministrators(ctx, today, problem);
  return { summary: `À vérifier : ${problem} (${alerted} mail(s) aux administrateurs).`, stale: true, alerted };
}
