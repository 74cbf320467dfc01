import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AmapConfig } from '../../config.js';
import { formatMoment } from '../../lib/format.js';
import { createBackup } from './backup-create.js';
import { backupsDir, newBackupPath } from './backup-store.js';
import { formatFindings, runDoctor } from './doctor.js';
import { formatBytes, formatDuration } from './operations-format.js';
import { restoreBackup } from './restore.js';

const clock = () => new Date();

function databaseFileOf(config: AmapConfig): string {
  return path.join(config.dataPath, 'amap.sqlite');
}

function tableLines(tables: Record<string, number>): string {
  return Object.entries(tables)
    .filter(([name]) => !name.startsWith('__'))
    .map(([name, n]) => `  ${name.padEnd(24)} ${n}`)
    .join('\n');
}

/**
 * `backup [--to FILE]`: a verified copy of the live database (the server may be running). The
 * database is read as it is, without migrating it.
 */
export async function backupCommand(
  config: AmapConfig,
  to: string | undefined,
): Promise<{ text: string; exitCode: number }> {
  const file = databaseFileOf(config);
  if (!fs.existsSync(file)) return { text: `Pas de base à sauvegarder : ${file} n’existe pas.`, exitCode: 1 };
  const target = to ? path.resolve(to) : newBackupPath(backupsDir(config), 'manual', clock());
  const sqlite = new Database(file, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  try {
    const r = await createBackup(sqlite, target, { kind: 'manual', clock });
    const lines = [
      `Sauvegarde : ${r.file}`,
      `Taille : ${formatBytes(r.manifest.size)} (base de ${formatBytes(r.manifest.databaseBytes)}), durée : ${formatDuration(r.manifest.durationMs)}`,
      r.check.ok
        ? 'Vérification : réussie (intégrité de SQLite, nombre de lignes de chaque table identique à la base au moment de la copie).'
        : `Vérification : ÉCHEC\n${r.check.problems.map((p) => `  - ${p}`).join('\n')}`,
    ];
    return { text: lines.join('\n'), exitCode: r.check.ok ? 0 : 1 };
  } finally {
    sqlite.close();
  }
}

/** `restore FILE`: see restoreBackup; prints what was restored. */
export async function restoreCommand(config: AmapConfig, file: string): Promise<string> {
  const r = await restoreBackup(config, databaseFileOf(config), file, clock);
  return [
    `Restauré : la sauvegarde du ${formatMoment(r.manifest.createdAt, config.timezone)} (${r.manifest.kind}) est maintenant la base ${databaseFileOf(config)}.`,
    r.previous
      ? `L’ancienne base est gardée dans ${r.previous}${r.previousOk ? '' : ' (elle ne passait pas la vérification : gardée telle quelle)'}.`
      : 'Il n’y avait pas de base avant.',
    r.migrated.length > 0
      ? `Migrations appliquées ensuite : ${r.migrated.join(', ')}.`
      : 'Aucune migration à appliquer.',
    'Lignes par table :',
    tableLines(r.tables),
    'Vous pouvez redémarrer le serveur.',
  ].join('\n');
}

/** `doctor`: one line per check, exit code 1 when something must be fixed. */
export async function doctorCommand(
  env: Record<string, string | undefined>,
): Promise<{ text: string; exitCode: number }> {
  const findings = await runDoctor(env);
  return { text: formatFindings(findings), exitCode: findings.some((f) => f.level === 'problem') ? 1 : 0 };
}
