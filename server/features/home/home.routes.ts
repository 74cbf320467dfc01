import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { homePage } from './home.queries.js';

/** Accueil: "what do I have to do?" — next collection, contracts to sign, cheques to bring. */
export function homeRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/', requireLogin, (req, res) => {
    res.render('home/index', {
      title: 'Accueil',
      distribution: ctx.config.distribution,
      ...homePage(ctx, actorOf(req)),
    });
  });
  return router;
}
