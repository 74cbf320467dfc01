/**
 * The files a message's sender uploads: a few, in memory, 5 MB in all. A refused upload (too big,
 * too many) is not an error page: the form comes back with what was typed and the reason, so the
 * multipart fields before the files (the CSRF token, the text) are kept.
 */
import type { RequestHandler } from 'express';
import multer from 'multer';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 5;
export const UPLOAD_FIELD = 'pieces';

export const UPLOAD_TOO_LARGE = `Les fichiers joints dépassent 5 Mo en tout : envoyez des fichiers plus petits, ou un lien.`;
export const UPLOAD_TOO_MANY = `Joignez ${MAX_UPLOAD_FILES} fichiers au plus.`;

/** Whether this request's upload was refused, and why (set by messageUploads). */
export function uploadRefusal(locals: Record<string, unknown>): string | null {
  return typeof locals.uploadRefused === 'string' ? locals.uploadRefused : null;
}

export function messageUploads(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, fields: 300 },
  }).array(UPLOAD_FIELD, MAX_UPLOAD_FILES);
  return (req, res, next) => {
    upload(req, res, (err?: unknown) => {
      const code = (err as { code?: string } | undefined)?.code;
      if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE') {
        res.locals.uploadRefused = code === 'LIMIT_FILE_SIZE' ? UPLOAD_TOO_LARGE : UPLOAD_TOO_MANY;
        req.files = [];
        return next();
      }
      next(err);
    });
  };
}

/** The uploaded files of a request, or a reason to refuse them (over 5 MB in all). */
export function uploadedFiles(
  files: unknown,
): { ok: true; files: { filename: string; contentType: string; body: Buffer }[] } | { ok: false; error: string } {
  const list = Array.isArray(files) ? (files as Express.Multer.File[]) : [];
  const kept = list.filter((f) => f.size > 0);
  if (kept.reduce((n, f) => n + f.size, 0) > MAX_UPLOAD_BYTES) return { ok: false, error: UPLOAD_TOO_LARGE };
  return {
    ok: true,
    files: kept.map((f) => ({
      filename: f.originalname.replace(/[\\/\r\n"]/g, '_').slice(0, 120) || 'fichier',
      contentType: f.mimetype || 'application/octet-stream',
      body: f.buffer,
    })),
  };
}
