import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { monthsLabel } from '../../domain/cheque-grouping.js';
import { memberContractPage, myContractsPage, openContractsPage } from './subscription-pages.queries.js';
import { subscriptionFlow } from './subscription-flow.js';
import { idParam } from '../../web/params.js';

/** The member's side: contracts to sign, one contract, the subscription steps, "Mes contrats". */
export function subscriptionRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(['/contrats', '/mes-contrats'], requireLogin);

  router.get('/contrats', (req, res) => {
    res.render('subscriptions/contracts', { title: 'Contrats', ...openContractsPage(ctx, actorOf(req)) });
  });

  router.get('/contrats/:id', (req, res) => {
    const page = memberContractPage(ctx, actorOf(req), idParam(req));
    res.render('subscriptions/contract', {
      title: page.bundle.contract.name,
      ...page,
      monthsLabel,
      distribution: ctx.config.distribution,
    });
  });

  subscriptionFlow(router, ctx, {
    path: '/contrats/:id',
    base: (req) => `/contrats/${idParam(req)}`,
    memberId: (req) => actorOf(req).id,
    done: (req) => `/contrats/${idParam(req)}`,
    back: (req) => `/contrats/${idParam(req)}`,
  });

  router.get('/mes-contrats', (req, res) => {
    res.render('subscriptions/mine', { title: 'Mes contrats', monthsLabel, ...myContractsPage(ctx, actorOf(req)) });
  });
  return router;
}
