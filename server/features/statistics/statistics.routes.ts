import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { idParam } from '../../web/params.js';
import { statisticsPage } from './statistics-page.js';

/** /gestion/contrats/:id/statistiques: a contract's figures beside the producer's previous season. */
export function statisticsRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/gestion/contrats/:id/statistiques', requireLogin, (req, res) => {
    const page = statisticsPage(ctx, actorOf(req), idParam(req));
    res.render('statistics/show', { title: `Statistiques — ${page.contract.name}`, ...page });
  });
  return router;
}
