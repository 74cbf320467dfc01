import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { auditLog, members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { readCsvRecords, type CsvRecord } from '../../lib/csv.js';
import {
  checkImportLines,
  mapColumns,
  nameKey,
  type ExistingMembers,
  type ImportLine,
} from '../../domain/member-import.js';
import { recordAudit } from '../audit/audit.service.js';

export const MAX_IMPORT_LINES = 2000;

export interface ImportPreview {
  lines: ImportLine[];
  valid: number;
  invalid: number;
}

function existingMembers(ctx: Ctx): ExistingMembers {
  const rows = ctx.db
    .select({ email: members.email, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .all();
  return {
    emails: new Set(rows.flatMap((r) => (r.email ? [r.email] : []))),
    names: new Set(rows.map((r) => nameKey(r.firstName, r.lastName))),
  };
}

/** Reads and checks a members CSV; writes nothing. File-level problems are a ValidationError. */
export function previewMemberImport(ctx: Ctx, content: string): ImportPreview {
  let rows: CsvRecord[];
  try {
    rows = readCsvRecords(content);
  } catch (e) {
    throw new ValidationError({ field: 'fichier', message: (e as Error).message });
  }
  if (rows.length < 2)
    throw new ValidationError({
      field: 'fichier',
      message: 'Le fichier est vide : il faut une ligne d’en-tête puis une ligne par membre.',
    });
  if (rows.length - 1 > MAX_IMPORT_LINES)
    throw new ValidationError({
      field: 'fichier',
      message: `Trop de lignes (${rows.length - 1}) : ${MAX_IMPORT_LINES} au plus par import.`,
    });
  const { columns, problems } = mapColumns(rows[0].cells);
  if (problems.length) throw new ValidationError({ field: 'fichier', message: problems.join(' ') });
  const data = rows.slice(1);
  const lines = checkImportLines(
    data.map((r) => r.cells),
    columns,
    existingMembers(ctx),
    data.map((r) => r.line),
  );
  const invalid = lines.filter((l) => l.problems.length).length;
  return { lines, valid: lines.length - invalid, invalid };
}

/** A fresh id for one preview; the import refuses an id already used (second click, back button). */
export function newImportId(): string {
  return randomBytes(12).toString('hex');
}

export interface ImportResult {
  imported: number;
  skipped: number;
}

/**
 * Imports every valid line of the file in one transaction, after checking it again against
 * the database of now. Nothing is written if the same preview was already imported.
 */
export function importMembers(ctx: Ctx, actor: Actor, content: string, importId: string): ImportResult {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
  return ctx.db.transaction(() => {
    const already = ctx.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        sql`${auditLog.action} = 'members.imported' and json_extract(${auditLog.details}, '$.importId') = ${importId}`,
      )
      .get();
    if (already) throw new ValidationError({ message: 'Cet import a déjà été fait : les membres sont dans la liste.' });
    const preview = previewMemberImport(ctx, content);
    const now = ctx.clock().toISOString();
    const valid = preview.lines.filter((l) => !l.problems.length);
    if (valid.length === 0) throw new ValidationError({ message: 'Aucune ligne valide à importer.' });
    for (const line of valid) {
      ctx.db
        .insert(members)
        .values({ ...line.member, createdAt: now, updatedAt: now })
        .run();
    }
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'members.imported',
      details: { importId, imported: valid.length, skipped: preview.invalid },
    });
    return { imported: valid.length, skipped: preview.invalid };
  });
}
