import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { chequesToBring, contractsToSign, nextCollection, nextDistributionDay } from './home.queries.js';
import { membershipCallToAction } from '../memberships/memberships.queries.js';
import { homeDuty } from '../duty/duty.queries.js';

/** Accueil: "what do I have to do?" — next collection, contracts to sign, cheques to bring. */
export function homeRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/', requireLogin, (req, res) => {
    const me = actorOf(req).id;
    const today = ctx.today();
    const collection = nextCollection(ctx.db, me, today);
    res.render('home/index', {
      title: 'Accueil',
      distribution: ctx.config.distribution,
      today,
      collection,
      nextDay: collection ? null : nextDistributionDay(ctx.db, today),
      toSign: contractsToSign(ctx.db, me, today),
      toBring: chequesToBring(ctx.db, me),
      membership: membershipCallToAction(ctx.db, me, today),
      duty: homeDuty(ctx, actorOf(req)),
    });
  });
  return router;
}
