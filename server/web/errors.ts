import type { Request, Response, NextFunction } from 'express';
import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { safeUrl } from '../lib/log-redact.js';

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

/**
 * The single error middleware: 403/404 pages with a French message, CSRF failures as 403,
 * too-large uploads as 413, everything else a 500 page logged (with its stack) under the request id
 * of the request's log line, which the page shows.
 */
export function errorHandler(logger: Logger) {
  return (err: any, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) return;
    let status: number =
      typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
    let message: string = err?.message ?? '';
    if (err instanceof ValidationError) {
      // A rule refused the action outside a form that could show it (a closed window, say).
      status = 422;
      message = err.message;
    } else if (err?.code === 'EBADCSRFTOKEN' || (status === 403 && /csrf/i.test(message))) {
      status = 403;
      message = 'Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.';
    } else if (err?.code === 'LIMIT_FILE_SIZE' || status === 413) {
      status = 413;
      message = 'Le fichier envoyé est trop gros (2 Mo au plus).';
    } else if (err?.name === 'MulterError') {
      status = 400;
      message = 'Envoi de fichier inattendu : utilisez le formulaire de la page.';
    } else if (err?.type === 'entity.parse.failed' || (status === 400 && !(err instanceof NotFoundError))) {
      status = 400;
      message = 'La requête est mal formée.';
    }
    if (status >= 500) {
      const requestId = String(req.id ?? randomBytes(6).toString('hex'));
      const path = safeUrl(req.originalUrl);
      logger.error(
        { err, requestId, method: req.method, path, memberId: req.user?.id ?? null },
        `erreur ${requestId} ${req.method} ${path}`,
      );
      res.status(500).render('errors/500', { title: 'Erreur du serveur', requestId });
      return;
    }
    const view = status === 404 ? 'errors/404' : status === 403 ? 'errors/403' : 'errors/4xx';
    const titles: Record<number, string> = {
      422: 'Action impossible',
      400: 'Requête invalide',
      403: 'Accès refusé',
      404: 'Page introuvable',
      413: 'Fichier trop gros',
      429: 'Trop de tentatives',
    };
    res.status(status).render(view, { title: titles[status] ?? 'Erreur', message });
  };
}
