import fs from 'node:fs';
import { desc, inArray, sql, type SQL } from 'drizzle-orm';
import { outbox, taskRuns } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { formatMoment } from '../../lib/format.js';
import { appVersion } from '../../lib/version.js';
import { isTaskName, tasks } from '../../jobs/tasks.js';
import type { BackupKind } from '../../domain/backup-retention.js';
import { backupsDir, listBackups, type StoredBackup } from './backup-store.js';
import { formatBytes, formatDuration, formatUptime } from './operations-format.js';

const KIND_LABELS: Record<BackupKind, string> = {
  nightly: 'de la nuit',
  manual: 'à la demande',
  'pre-migration': 'avant mise à jour',
  'pre-restore': 'avant restauration',
};

export interface BackupRow {
  name: string;
  when: string;
  kind: string;
  size: string;
  ok: boolean;
  problems: string[];
  rows: number | null;
  duration: string | null;
}

function backupRow(ctx: Ctx, b: StoredBackup): BackupRow {
  const rows = b.manifest ? Object.values(b.manifest.tables).reduce((a, n) => a + n, 0) : null;
  return {
    name: b.name,
    when: formatMoment(b.takenAt, ctx.config.timezone),
    kind: KIND_LABELS[b.kind],
    size: formatBytes(b.size),
    ok: b.ok,
    problems: b.problems,
    rows,
    duration: b.manifest ? formatDuration(b.manifest.durationMs) : null,
  };
}

/** /admin/sauvegardes: every backup with its check, and how backups are set up. */
export function backupsPage(ctx: Ctx) {
  const dir = backupsDir(ctx.config);
  return {
    backups: listBackups(dir).map((b) => backupRow(ctx, b)),
    dir,
    enabled: ctx.config.backup.enabled,
    schedule: ctx.config.backup.schedule,
    keep: ctx.config.backup.keep,
  };
}

function databaseSize(ctx: Ctx): string {
  const client = ctx.db.$client;
  if (client.memory) return 'en mémoire';
  const size = (suffix: string) => {
    try {
      return fs.statSync(client.name + suffix).size;
    } catch {
      return 0;
    }
  };
  return formatBytes(size('') + size('-wal'));
}

function diskSpace(path: string): { free: string; total: string; low: boolean } | null {
  try {
    const s = fs.statfsSync(path);
    const free = Number(s.bavail) * Number(s.bsize);
    return { free: formatBytes(free), total: formatBytes(Number(s.blocks) * Number(s.bsize)), low: free < 1e9 };
  } catch {
    return null;
  }
}

/** The last run of each task of the log, and the last failed one (two set-based queries). */
function taskHealth(ctx: Ctx) {
  const lastIds = sql`select max(${taskRuns.id}) from ${taskRuns} group by ${taskRuns.task}`;
  const lastErrorIds = sql`select max(${taskRuns.id}) from ${taskRuns} where ${taskRuns.status} = 'error' group by ${taskRuns.task}`;
  const pick = (ids: SQL) =>
    ctx.db
      .select({
        task: taskRuns.task,
        status: taskRuns.status,
        startedAt: taskRuns.startedAt,
        summary: taskRuns.summary,
        error: taskRuns.error,
      })
      .from(taskRuns)
      .where(sql`${taskRuns.id} in (${ids})`)
      .orderBy(desc(taskRuns.startedAt))
      .all();
  const errors = new Map(pick(lastErrorIds).map((r) => [r.task, r]));
  return pick(lastIds).map((r) => {
    const e = errors.get(r.task);
    return {
      task: r.task,
      label: isTaskName(r.task) ? tasks[r.task].label : r.task,
      status: r.status,
      when: formatMoment(r.startedAt, ctx.config.timezone),
      summary: r.status === 'error' ? r.error : r.summary,
      lastError:
        e && e.startedAt !== r.startedAt
          ? { when: formatMoment(e.startedAt, ctx.config.timezone), error: e.error }
          : null,
    };
  });
}

/** /admin/etat: is the server well? Version, uptime, database, backups, mails, tasks, disk. */
export function statusPage(ctx: Ctx, uptimeSeconds: number) {
  const backups = listBackups(backupsDir(ctx.config));
  const latest = backups[0] ?? null;
  const latestGood = backups.find((b) => b.ok) ?? null;
  const staleAfter = ctx.config.backup.alertAfterDays * 86_400_000;
  const mails = ctx.db
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'failed']))
    .groupBy(outbox.status)
    .all();
  const mailCount = (s: string) => mails.find((m) => m.status === s)?.n ?? 0;
  return {
    version: appVersion,
    node: process.version,
    uptime: formatUptime(uptimeSeconds),
    database: databaseSize(ctx),
    latest: latest ? backupRow(ctx, latest) : null,
    latestGood: latestGood ? backupRow(ctx, latestGood) : null,
    backupStale: !latestGood || ctx.clock().getTime() - Date.parse(latestGood.takenAt) > staleAfter,
    backupsEnabled: ctx.config.backup.enabled,
    alertAfterDays: ctx.config.backup.alertAfterDays,
    mailsPending: mailCount('pending'),
    mailsFailed: mailCount('failed'),
    smtp: ctx.config.mail.smtpUrl !== null,
    tasks: taskHealth(ctx),
    disk: diskSpace(ctx.config.dataPath),
    dataPath: ctx.config.dataPath,
  };
}
