/**
 * The web import's two steps: the uploaded backup is kept in the data directory under a random
 * name between the preview and the import (a page cannot carry megabytes back), then deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { ImportReport } from './import-report.js';
import { importAmapj, previewAmapjImport, type ImportPreview } from './import.service.js';

const TOKEN = /^[0-9a-f]{32}$/;

function stagingDir(ctx: Ctx): string {
  return path.join(ctx.config.dataPath, 'imports');
}

function stagedFile(ctx: Ctx, token: string): string {
  if (!TOKEN.test(token)) throw new ValidationError({ field: 'fichier', message: 'Envoyez à nouveau le fichier.' });
  return path.join(stagingDir(ctx), `amapj-${token}.tar.gz`);
}

/** A preview nobody went on with leaves its file behind: gone after a day. */
function forgetOldUploads(ctx: Ctx): void {
  const dayAgo = ctx.clock().getTime() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(stagingDir(ctx))) {
    const file = path.join(stagingDir(ctx), name);
    if (name.startsWith('amapj-') && fs.statSync(file).mtimeMs < dayAgo) fs.rmSync(file, { force: true });
  }
}

function assertAdmin(actor: Actor): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
}

/** Reads the upload and keeps it for the import when it can be imported; writes nothing in the database. */
export function previewUpload(ctx: Ctx, actor: Actor, file: Buffer): { preview: ImportPreview; token: string | null } {
  assertAdmin(actor);
  const preview = previewAmapjImport(ctx, file);
  if (preview.refusal || preview.errors) return { preview, token: null };
  const token = randomBytes(16).toString('hex');
  fs.mkdirSync(stagingDir(ctx), { recursive: true });
  forgetOldUploads(ctx);
  fs.writeFileSync(stagedFile(ctx, token), file, { mode: 0o600 });
  return { preview, token };
}

/** Imports the file kept at the preview, then deletes it whatever happened. */
export function importUpload(ctx: Ctx, actor: Actor, token: string): ImportReport {
  assertAdmin(actor);
  const file = stagedFile(ctx, token);
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    throw new ValidationError({
      field: 'fichier',
      message: 'Ce fichier n’est plus là (import déjà fait ?) : envoyez-le à nouveau.',
    });
  }
  try {
    return importAmapj(ctx, actor.id, content);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
