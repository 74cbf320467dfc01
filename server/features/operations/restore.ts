import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrationState, openDatabase } from '../../db/client.js';
import type { AmapConfig } from '../../config.js';
import { createBackup } from './backup-create.js';
import { backupsDir, newBackupPath } from './backup-store.js';
import { verifyBackup } from './backup-verify.js';
import type { BackupManifest } from './backup-manifest.js';
import { describeHolder, lockPath, lockState, releaseLock, writeLock } from './server-lock.js';

/** A restore refused before anything changed; the message says why and what to do. */
export class RestoreRefused extends Error {}

export interface RestoreReport {
  /** The backup put in place, as its manifest describes it. */
  manifest: BackupManifest;
  /** The copy of the database that was replaced (null when there was none). */
  previous: string | null;
  /** Whether that copy passed its check (a damaged database is a reason to restore). */
  previousOk: boolean | null;
  /** Migrations applied after the restore (the backup came from an older version). */
  migrated: string[];
  /** Row counts of the restored database, after migrations. */
  tables: Record<string, number>;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Puts a backup in place of the database: checks the backup first (a bad one is refused and
 * nothing changes); refuses while a server holds the data directory; takes a backup of the
 * current database (kept even when it fails its check: it is all there is); replaces the file;
 * applies the migrations this version brings. The lock is held throughout so a server cannot
 * start in the middle.
 */
export async function restoreBackup(
  config: Pick<AmapConfig, 'dataPath' | 'backupPath'>,
  dbFile: string,
  backupFile: string,
  clock: () => Date,
  migrationsFolder?: string,
): Promise<RestoreReport> {
  const lock = lockState(config.dataPath);
  if (lock.state === 'held')
    throw new RestoreRefused(
      `La base est utilisée par ${describeHolder(lock.holder)} : arrêtez le serveur d’abord ` +
        '(sudo systemctl stop amap, ou docker compose stop amap), puis relancez la restauration.',
    );
  if (lock.state === 'elsewhere')
    throw new RestoreRefused(
      `Le fichier ${lockPath(config.dataPath)} dit que ${describeHolder(lock.holder)} utilise la base, depuis une autre machine ` +
        'ou un autre conteneur. Arrêtez ce serveur ; s’il est déjà arrêté, supprimez ce fichier et relancez la restauration.',
    );

  const staging = `${dbFile}.restauration`;
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const check = await verifyBackup(path.resolve(backupFile), { clock, unpackTo: staging });
  if (!check.ok || !check.manifest)
    throw new RestoreRefused(
      `Sauvegarde refusée, la base actuelle n’a pas été touchée :\n${check.problems.map((p) => `  - ${p}`).join('\n')}`,
    );

  writeLock(config.dataPath, 'restauration', clock());
  try {
    let previous: string | null = null;
    let previousOk: boolean | null = null;
    if (fs.existsSync(dbFile)) {
      const current = new Database(dbFile, { fileMustExist: true });
      try {
        const copy = await createBackup(current, newBackupPath(backupsDir(config), 'pre-restore', clock()), {
          kind: 'pre-restore',
          clock,
        });
        previous = copy.file;
        previousOk = copy.check.ok;
      } finally {
        current.close();
      }
    }
    for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(dbFile + suffix, { force: true });
    fs.renameSync(staging, dbFile);
    for (const suffix of SIDE_FILES) fs.rmSync(staging + suffix, { force: true });

    const before = new Database(dbFile, { fileMustExist: true });
    const { pending } = migrationState(before, migrationsFolder);
    before.close();
    const db = openDatabase(dbFile, { migrationsFolder });
    try {
      const tables = Object.fromEntries(
        Object.keys(check.manifest.tables).map((t) => [
          t,
          db.$client
            .prepare(`select count(*) from "${t.replace(/"/g, '""')}"`)
            .pluck()
            .get() as number,
        ]),
      );
      return { manifest: check.manifest, previous, previousOk, migrated: pending, tables };
    } finally {
      db.$client.close();
    }
  } finally {
    fs.rmSync(staging, { force: true });
    releaseLock(config.dataPath);
  }
}
