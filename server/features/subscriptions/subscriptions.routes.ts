import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { canManageProducer } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { monthsLabel } from '../../domain/cheque-grouping.js';
import { loadContract, loadContracts } from '../../read/contract-bundle.js';
import { listVisibleContracts } from '../../read/contract-summaries.js';
import { windowState } from '../../domain/subscription-window.js';
import { membershipBlocker } from '../memberships/memberships.service.js';
import {
  mySubscriptions,
  storedSubscription,
  subscribedContractIds,
  subscriptionSummary,
} from './subscriptions.queries.js';
import { subscriptionFlow } from './subscription-flow.js';
import { idParam } from '../../web/params.js';

/** The member's side: contracts to sign, one contract, the subscription steps, "Mes contrats". */
export function subscriptionRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(['/contrats', '/mes-contrats'], requireLogin);
  const today = () => ctx.today();

  router.get('/contrats', (req, res) => {
    const t = today();
    const all = listVisibleContracts(ctx.db);
    const mine = subscribedContractIds(ctx.db, actorOf(req).id);
    const withState = all.map((c) => ({ ...c, window: windowState(c, t), subscribed: mine.has(c.id) }));
    const bundles = loadContracts(
      ctx.db,
      all.map((c) => c.id),
    );
    const productsOf = new Map(all.map((c) => [c.id, bundles.get(c.id)!.products]));
    res.render('subscriptions/contracts', {
      title: 'Contrats',
      blocker: membershipBlocker(ctx, actorOf(req).id, t),
      open: withState.filter((c) => c.window === 'open'),
      upcoming: withState.filter((c) => c.window === 'upcoming'),
      closed: withState.filter((c) => c.window === 'closed'),
      productsOf,
    });
  });

  router.get('/contrats/:id', (req, res) => {
    const actor = actorOf(req);
    const bundle = loadContract(ctx.db, idParam(req));
    if (!bundle || (bundle.contract.status === 'draft' && !canManageProducer(actor, bundle.contract.producerId)))
      throw new NotFoundError('Ce contrat n’existe pas.');
    const stored = storedSubscription(ctx.db, bundle.contract.id, actor.id);
    res.render('subscriptions/contract', {
      title: bundle.contract.name,
      bundle,
      window: windowState(bundle.contract, today()),
      subscription: stored && stored.status === 'active' ? subscriptionSummary(ctx.db, bundle, stored) : null,
      cancelled: stored?.status === 'cancelled',
      monthsLabel,
      distribution: ctx.config.distribution,
      canManage: canManageProducer(actor, bundle.contract.producerId),
      blocker: membershipBlocker(ctx, actor.id, today()),
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
    const subs = mySubscriptions(ctx.db, actorOf(req).id, today());
    res.render('subscriptions/mine', {
      title: 'Mes contrats',
      monthsLabel,
      current: subs.filter((s) => s.contractStatus !== 'archived' && s.status === 'active'),
      past: subs.filter((s) => s.contractStatus === 'archived' || s.status === 'cancelled'),
    });
  });
  return router;
}
