/**
 * /adresses: a mailing list from filters that combine (GET form, so the URL is shareable), and
 * its CSV. Who reaches whom is domain/access.ts's 'list-addresses'.
 */
import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { sendDocument } from '../../lib/document.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { parseAudienceFilter } from './audience-filter.js';
import { resolveAudience } from './audience.js';
import { addressesPage } from './addresses.page.js';
import * as addressesCsv from './addresses.csv.js';

export function addressRoutes(ctx: Ctx): Router {
  const router = Router();

  router.get('/adresses', requireLogin, (req, res) => {
    const page = addressesPage(ctx, actorOf(req), parseAudienceFilter(req.query));
    res.render('addresses/index', { title: 'Liste d’adresses', page });
  });

  router.get('/adresses.csv', requireLogin, (req, res) => {
    const { members } = resolveAudience(ctx, actorOf(req), 'list-addresses', parseAudienceFilter(req.query));
    sendDocument(res, addressesCsv.build(members, ctx.today()));
  });

  return router;
}
