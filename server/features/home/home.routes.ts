import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { requireLogin } from '../../web/auth.js';

/** Accueil: "what do I have to do?" Later features add the next distribution, contracts, cheques, shifts. */
export function homeRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/', requireLogin, (_req, res) => {
    res.render('home/index', { title: 'Accueil', distribution: ctx.config.distribution });
  });
  return router;
}
