import fs from 'node:fs';
import path from 'node:path';
import type { AmapConfig } from '../../config.js';
import { backupRetention, type BackupKind } from '../../domain/backup-retention.js';
import { todayIn } from '../../lib/today.js';
import { manifestPath, readManifest, type BackupManifest } from './backup-manifest.js';

/** <dataDir>/backups unless backup.dir says otherwise. */
export function backupsDir(config: Pick<AmapConfig, 'dataPath' | 'backupPath'>): string {
  return config.backupPath ?? path.join(config.dataPath, 'backups');
}

const KINDS: readonly BackupKind[] = ['nightly', 'manual', 'pre-migration', 'pre-restore'];
const NAME = /^amap-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z-([a-z-]+?)(?:-\d+)?\.sqlite\.gz$/;

/** "amap-2026-11-28T03-30-00Z-nightly.sqlite.gz": sorts by date, says what it is, safe in any URL. */
export function backupFileName(kind: BackupKind, at: Date): string {
  return `amap-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${kind}.sqlite.gz`;
}

/** A free path for a new backup of this kind at this moment in `dir` (two in one second get -2, -3…). */
export function newBackupPath(dir: string, kind: BackupKind, at: Date): string {
  const base = backupFileName(kind, at);
  let candidate = path.join(dir, base);
  for (let n = 2; fs.existsSync(candidate); n++)
    candidate = path.join(dir, base.replace('.sqlite.gz', `-${n}.sqlite.gz`));
  return candidate;
}

/** Whether a name is one of our backup files (and nothing else: it comes from a URL on download). */
export function isBackupName(name: string): boolean {
  const m = NAME.exec(name);
  return m !== null && (KINDS as string[]).includes(m[5]) && path.basename(name) === name;
}

export interface StoredBackup {
  name: string;
  file: string;
  kind: BackupKind;
  takenAt: string;
  size: number;
  manifest: BackupManifest | null;
  /** Checked and found good; false when the check failed or the manifest is missing. */
  ok: boolean;
  problems: string[];
}

/** The backups in `dir`, newest first (an absent directory has none). */
export function listBackups(dir: string): StoredBackup[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: StoredBackup[] = [];
  for (const name of names) {
    if (!isBackupName(name)) continue;
    const m = NAME.exec(name)!;
    const file = path.join(dir, name);
    const manifest = readManifest(file);
    const fromName = `${m[1]}T${m[2]}:${m[3]}:${m[4]}.000Z`;
    out.push({
      name,
      file,
      kind: m[5] as BackupKind,
      takenAt: manifest?.createdAt ?? fromName,
      size: fs.statSync(file).size,
      manifest,
      ok: manifest?.check?.ok === true,
      problems: manifest ? (manifest.check?.problems ?? ['pas encore vérifiée']) : ['manifeste manquant'],
    });
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name));
}

export function removeBackup(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(manifestPath(file), { force: true });
}

/** Applies the retention rule (domain/backup-retention.ts) to `dir`; returns the names removed. */
export function pruneBackups(dir: string, rule: { keep: number; today: string; timezone: string }): string[] {
  const backups = listBackups(dir);
  const { remove } = backupRetention(
    backups.map((b) => ({
      name: b.name,
      takenAt: b.takenAt,
      takenOn: todayIn(rule.timezone, new Date(b.takenAt)),
      kind: b.kind,
      ok: b.ok,
    })),
    { keep: rule.keep, today: rule.today },
  );
  for (const name of remove) removeBackup(path.join(dir, name));
  return remove;
}

/** The newest backup that passed its check, if any. */
export function latestGoodBackup(dir: string): StoredBackup | null {
  return listBackups(dir).find((b) => b.ok) ?? null;
}
