import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { myPaymentsPage } from './my-cheques.queries.js';

/** /mes-paiements: which cheques I owe, and what happened to the ones I gave. */
export function myChequesRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/mes-paiements', requireLogin, (req, res) => {
    res.render('cheques/mine', {
      title: 'Mes paiements',
      ...myPaymentsPage(ctx.db, actorOf(req).id),
      distribution: ctx.config.distribution,
    });
  });
  return router;
}
