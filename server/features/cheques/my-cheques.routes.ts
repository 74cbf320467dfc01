import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { myPayments } from './my-cheques.queries.js';
import { statementChoices } from '../../documents/statement.data.js';

/** /mes-paiements: which cheques I owe, and what happened to the ones I gave. */
export function myChequesRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/mes-paiements', requireLogin, (req, res) => {
    res.render('cheques/mine', {
      title: 'Mes paiements',
      p: myPayments(ctx.db, actorOf(req).id),
      // The statements to download (documents/): seasons and contracts the member has one for.
      statements: statementChoices(ctx.db, actorOf(req).id),
      distribution: ctx.config.distribution,
    });
  });
  return router;
}
