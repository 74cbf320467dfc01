import fs from 'node:fs';
import Database from 'better-sqlite3';
import { migrationState, openDatabase, type Db } from '../../db/client.js';
import type { AmapConfig } from '../../config.js';
import { createBackup, type BackupResult } from './backup-create.js';
import { backupsDir, newBackupPath } from './backup-store.js';
import { describeHolder, lockState, releaseLock, writeLock } from './server-lock.js';

/** A reason not to start that the person can fix; the message says how. */
export class OpenRefused extends Error {}

/**
 * When this version of the code brings migrations the database has not applied yet, a verified
 * backup of the database as it is, so the upgrade can be undone (`restore` that file with the
 * previous version). Nothing for a new database, or one already up to date. A backup that cannot
 * be made or fails its check stops the start: migrating without a way back is what this prevents.
 */
export async function backupBeforeMigrations(
  file: string,
  config: Pick<AmapConfig, 'dataPath' | 'backupPath'>,
  clock: () => Date,
  migrationsFolder?: string,
): Promise<{ pending: string[]; backup: BackupResult | null }> {
  if (!fs.existsSync(file)) return { pending: [], backup: null };
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    const { applied, pending } = migrationState(sqlite, migrationsFolder);
    if (applied === 0 || pending.length === 0) return { pending: applied === 0 ? [] : pending, backup: null };
    const backup = await createBackup(sqlite, newBackupPath(backupsDir(config), 'pre-migration', clock()), {
      kind: 'pre-migration',
      clock,
    });
    if (!backup.check.ok)
      throw new OpenRefused(
        `La sauvegarde d’avant migration (${backup.file}) ne passe pas la vérification : ${backup.check.problems.join(' ; ')}. ` +
          'Les migrations ne sont pas appliquées ; lancez « npm run amap -- doctor » pour voir ce qui ne va pas.',
      );
    return { pending, backup };
  } finally {
    sqlite.close();
  }
}

/**
 * What the server does with its database at start: refuses a data directory another live process
 * holds, takes the lock, backs up before pending migrations, then opens (and migrates).
 */
export async function openForServer(
  file: string,
  config: Pick<AmapConfig, 'dataPath' | 'backupPath'>,
  clock: () => Date,
  migrationsFolder?: string,
): Promise<{ db: Db; pending: string[]; backup: BackupResult | null; staleLock: boolean }> {
  const lock = lockState(config.dataPath);
  if (lock.state === 'held')
    throw new OpenRefused(
      `Ces données sont déjà utilisées par ${describeHolder(lock.holder)} : arrêtez-le d’abord (ou utilisez un autre DATA_DIR).`,
    );
  // A lock from another container is what a recreated container finds: the old one is gone.
  writeLock(config.dataPath, 'serveur', clock());
  try {
    const { pending, backup } = await backupBeforeMigrations(file, config, clock, migrationsFolder);
    const db = openDatabase(file, { migrationsFolder });
    return { db, pending, backup, staleLock: lock.state !== 'free' };
  } catch (e) {
    releaseLock(config.dataPath);
    throw e;
  }
}
