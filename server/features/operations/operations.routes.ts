import path from 'node:path';
import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { backupsPage, statusPage } from './operations.queries.js';
import { backupForDownload, backupNow } from './operations.service.js';

/** /admin/etat (is the server well?) and /admin/sauvegardes (backups: list, now, download). */
export function operationsRoutes(ctx: Ctx): Router {
  const router = Router();

  router.get('/admin/etat', ...requireAccess('administer'), (_req, res) => {
    res.render('operations/status', { title: 'État du serveur', ...statusPage(ctx, process.uptime()) });
  });

  router.get('/admin/sauvegardes', ...requireAccess('administer'), (_req, res) => {
    res.render('operations/backups', { title: 'Sauvegardes', ...backupsPage(ctx) });
  });

  router.post('/admin/sauvegardes', ...requireAccess('administer'), async (req, res) => {
    const run = await backupNow(ctx, actorOf(req));
    flash(req, run.failure ? 'error' : 'success', run.summary);
    res.redirect('/admin/sauvegardes');
  });

  // A POST, not a link: the download is audited, and a GET writes nothing.
  router.post('/admin/sauvegardes/telecharger', ...requireAccess('administer'), (req, res) => {
    const file = backupForDownload(ctx, actorOf(req), String(req.body?.name ?? ''));
    // send's own Cache-Control (public, max-age=0) would replace the app's no-store.
    res.download(file, path.basename(file), { cacheControl: false });
  });
  router.get('/admin/sauvegardes/telecharger', (_req, res) => res.redirect('/admin/sauvegardes'));

  return router;
}
