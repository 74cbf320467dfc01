/**
 * The monthly planning (/planning/AAAA-MM) and the season overview (/planning), for every member.
 * The PDF of a month and the sign-in sheets are documents (documents/documents.routes.ts).
 */
import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { parseMonth } from '../../documents/planning.data.js';
import { formatTime } from '../../lib/format.js';
import { openPlacesLabel } from '../../documents/planning.words.js';
import { monthPage, seasonOverview } from './planning.queries.js';

/** The planning's words, the same as the PDF's. */
const words = { formatTime, openPlacesLabel };

export function planningRoutes(ctx: Ctx): Router {
  const router = Router();

  router.get('/planning', requireLogin, (req, res) => {
    res.render('planning/season', { title: 'Planning de la saison', ...words, ...seasonOverview(ctx, actorOf(req)) });
  });

  router.get('/planning/:month', requireLogin, (req, res) => {
    const month = parseMonth(req.params.month);
    if (!month) throw new NotFoundError('Ce mois n’existe pas.');
    res.render('planning/month', { ...words, ...monthPage(ctx, actorOf(req), month) });
  });

  return router;
}
