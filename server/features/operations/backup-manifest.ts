import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { BackupKind } from '../../domain/backup-retention.js';

/** The result of checking a backup: what a person reads on the backups page and in the CLI. */
export interface BackupCheck {
  ok: boolean;
  /** One French sentence per problem; empty when ok. */
  problems: string[];
  checkedAt: string;
}

/**
 * What is known of a backup, written beside it (<file>.json): when the copy was taken, the
 * checksum of the compressed file and the row count of every table at the moment of the copy,
 * against which the copy is checked now and again before a restore.
 */
export interface BackupManifest {
  format: 1;
  kind: BackupKind;
  /** The moment of the copy. */
  createdAt: string;
  durationMs: number;
  /** Bytes of the database copy before compression. */
  databaseBytes: number;
  /** Bytes of the compressed file. */
  size: number;
  sha256: string;
  tables: Record<string, number>;
  /** Migrations applied in the copy: a restore applies the newer ones. */
  migrations: number;
  check: BackupCheck | null;
}

export function manifestPath(file: string): string {
  return `${file}.json`;
}

export function writeManifest(file: string, manifest: BackupManifest): void {
  const tmp = `${manifestPath(file)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, manifestPath(file));
}

/** The manifest beside a backup; null when it is missing or unreadable. */
export function readManifest(file: string): BackupManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
    return m && m.format === 1 && typeof m.sha256 === 'string' && m.tables && typeof m.tables === 'object' ? m : null;
  } catch {
    return null;
  }
}

/** Row count of every table of the database (SQLite's own tables aside), by name. */
export function countRows(sqlite: Database.Database): Record<string, number> {
  const names = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`,
    )
    .pluck()
    .all() as string[];
  const out: Record<string, number> = {};
  for (const name of names)
    out[name] = sqlite
      .prepare(`select count(*) from "${name.replace(/"/g, '""')}"`)
      .pluck()
      .get() as number;
  return out;
}

/** How many migrations a database has applied (0 for a database without drizzle's table). */
export function appliedMigrations(tables: Record<string, number>): number {
  return tables.__drizzle_migrations ?? 0;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
