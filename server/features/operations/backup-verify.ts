import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import {
  countRows,
  manifestPath,
  readManifest,
  sha256File,
  type BackupCheck,
  type BackupManifest,
} from './backup-manifest.js';

export interface VerifiedBackup extends BackupCheck {
  manifest: BackupManifest | null;
}

function problemsWithCounts(expected: Record<string, number>, found: Record<string, number>): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(found)])) {
    if (!(name in found)) out.push(`table ${name} absente de la copie`);
    else if (!(name in expected)) out.push(`table ${name} inattendue dans la copie`);
    else if (expected[name] !== found[name])
      out.push(`table ${name} : ${expected[name]} lignes au moment de la copie, ${found[name]} dans la copie`);
  }
  return out;
}

/** The copy inside the file, opened read-only: integrity, foreign keys, row counts. */
function checkDatabase(file: string, manifest: BackupManifest): string[] {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const bad = integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (bad.length > 0) return [`contrôle d’intégrité de SQLite en échec : ${bad.slice(0, 3).join(' ; ')}`];
    const problems = problemsWithCounts(manifest.tables, countRows(sqlite));
    const orphans = sqlite.pragma('foreign_key_check') as { table: string }[];
    if (orphans.length > 0)
      problems.push(
        `${orphans.length} ligne(s) renvoient à des lignes absentes (${[...new Set(orphans.map((o) => o.table))].join(', ')})`,
      );
    return problems;
  } catch (e) {
    return [`la copie ne s’ouvre pas comme une base SQLite (${(e as Error).message})`];
  } finally {
    sqlite?.close();
    // A read-only look at a WAL-mode copy leaves an empty -wal and -shm beside it.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

/**
 * Checks a backup against its manifest: same size and checksum, decompresses, SQLite's
 * integrity check, no broken reference, and the row count of every table equal to the count at
 * the moment of the copy. `unpackTo`: keep the decompressed copy there (a restore renames it
 * into place); it is removed when the check fails.
 */
export async function verifyBackup(
  file: string,
  options: { clock: () => Date; unpackTo?: string },
): Promise<VerifiedBackup> {
  const checkedAt = () => options.clock().toISOString();
  const manifest = readManifest(file);
  const refuse = (problems: string[]): VerifiedBackup => ({ ok: false, problems, checkedAt: checkedAt(), manifest });
  if (!fs.existsSync(file)) return refuse([`fichier introuvable : ${file}`]);
  if (!manifest)
    return refuse([
      `manifeste introuvable ou illisible (${path.basename(manifestPath(file))}) : sans lui, la copie ne peut pas être vérifiée`,
    ]);
  const size = fs.statSync(file).size;
  if (size !== manifest.size)
    return refuse([`taille : ${manifest.size} octets attendus, ${size} trouvés (fichier tronqué ou abîmé)`]);
  if ((await sha256File(file)) !== manifest.sha256)
    return refuse(['somme de contrôle différente : le fichier a été abîmé ou modifié depuis la sauvegarde']);

  // Beside the backup by default: the same disk, rather than a /tmp that may be memory.
  const unpacked = options.unpackTo ?? `${file}.verif-${randomBytes(6).toString('hex')}.tmp`;
  let problems: string[];
  try {
    await pipeline(fs.createReadStream(file), createGunzip(), fs.createWriteStream(unpacked, { mode: 0o600 }));
    problems = checkDatabase(unpacked, manifest);
  } catch (e) {
    problems = [`le fichier compressé est illisible (${(e as Error).message})`];
  }
  if (problems.length > 0 || !options.unpackTo) fs.rmSync(unpacked, { force: true });
  return { ok: problems.length === 0, problems, checkedAt: checkedAt(), manifest };
}
