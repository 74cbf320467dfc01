import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { BackupKind } from '../../domain/backup-retention.js';
import {
  appliedMigrations,
  countRows,
  sha256File,
  writeManifest,
  type BackupCheck,
  type BackupManifest,
} from './backup-manifest.js';
import { verifyBackup } from './backup-verify.js';

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  check: BackupCheck;
}

export interface BackupOptions {
  kind: BackupKind;
  clock: () => Date;
  /** Pages copied between two turns of the event loop: the server keeps answering meanwhile. */
  pagesPerStep?: number;
}

/**
 * Copies a database while it is in use. For a file, a second, read-only connection opens a read
 * transaction, counts the rows of every table, then copies the pages through SQLite's online
 * backup API from that same transaction: the copy and the counts are the database as it was when
 * this function was called, whatever the server writes meanwhile (WAL lets it write). An
 * in-memory database (tests) is copied in one synchronous step. Returns the counts.
 */
async function copyDatabase(
  source: Database.Database,
  to: string,
  pagesPerStep: number,
): Promise<Record<string, number>> {
  if (source.memory) {
    const tables = countRows(source);
    fs.writeFileSync(to, source.serialize());
    return tables;
  }
  const reader = new Database(source.name, { readonly: true, fileMustExist: true });
  try {
    reader.exec('BEGIN');
    const tables = countRows(reader);
    await reader.backup(to, { progress: () => pagesPerStep });
    reader.exec('COMMIT');
    return tables;
  } finally {
    reader.close();
  }
}

/**
 * A compressed, checksummed and verified copy of the database in `target` (…sqlite.gz, with its
 * manifest beside it). The copy reflects the database at the moment of the call (see
 * copyDatabase). Throws when the copy cannot be made; a copy made but failing its check is
 * returned with `check.ok` false (and kept, for whoever investigates).
 */
export async function createBackup(
  source: Database.Database,
  target: string,
  options: BackupOptions,
): Promise<BackupResult> {
  const startedAt = options.clock();
  const started = performance.now();
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o750 });
  const raw = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const tables = await copyDatabase(source, raw, options.pagesPerStep ?? 256);
    const databaseBytes = fs.statSync(raw).size;
    await pipeline(fs.createReadStream(raw), createGzip({ level: 6 }), fs.createWriteStream(target, { mode: 0o600 }));
    const manifest: BackupManifest = {
      format: 1,
      kind: options.kind,
      createdAt: startedAt.toISOString(),
      durationMs: 0,
      databaseBytes,
      size: fs.statSync(target).size,
      sha256: await sha256File(target),
      tables,
      migrations: appliedMigrations(tables),
      check: null,
    };
    writeManifest(target, manifest);
    const { ok, problems, checkedAt } = await verifyBackup(target, { clock: options.clock });
    const check = { ok, problems, checkedAt };
    manifest.check = check;
    manifest.durationMs = Math.round(performance.now() - started);
    writeManifest(target, manifest);
    return { file: target, manifest, check };
  } finally {
    fs.rmSync(raw, { force: true });
  }
}
