import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { validationErrors } from '../../web/forms.js';
import { lastAmapjImport } from './import.service.js';
import { importUpload, previewUpload } from './import-upload.service.js';
import { STATUS_WORDS } from './import-report.js';
import { formatDateNumeric } from '../../lib/format.js';

/** /admin/import: upload an AmapJ backup, read the preview, import, read the report. */
export function importAmapjRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/admin/import', ...requireAccess('administer'));
  const upload = (res: Response, status = 200, errors: object = {}) =>
    res
      .status(status)
      .render('import-amapj/upload', { title: 'Importer depuis AmapJ', errors, done: lastAmapjImport(ctx) !== null });

  router.get('/admin/import', (_req, res) => upload(res));

  router.post('/admin/import/apercu', (req, res) => {
    if (!req.file?.buffer.length)
      return upload(res, 422, { fichier: 'Choisissez la sauvegarde AmapJ (fichier .tar.gz).' });
    try {
      const { preview, token } = previewUpload(ctx, actorOf(req), req.file.buffer);
      res.render('import-amapj/preview', { title: 'Aperçu de l’import AmapJ', preview, token });
    } catch (e) {
      upload(res, 422, validationErrors(e));
    }
  });

  router.post('/admin/import', (req, res) => {
    try {
      const report = importUpload(ctx, actorOf(req), String(req.body?.token ?? ''));
      flash(
        req,
        'success',
        `Import AmapJ fait : ${report.contracts.length} contrats repris, ${report.differences} différence(s).`,
      );
      res.redirect('/admin/import/rapport');
    } catch (e) {
      upload(res, 422, validationErrors(e));
    }
  });

  router.get('/admin/import/rapport', (_req, res) => {
    const stored = lastAmapjImport(ctx);
    if (!stored) return res.redirect('/admin/import');
    res.render('import-amapj/report', {
      title: 'Rapport de l’import AmapJ',
      stored,
      statusWords: STATUS_WORDS,
      formatDateNumeric,
    });
  });
  // A refused form re-renders at the POST's URL; that URL opened later by GET goes back to the start.
  router.get('/admin/import/apercu', (_req, res) => res.redirect('/admin/import'));
  return router;
}
