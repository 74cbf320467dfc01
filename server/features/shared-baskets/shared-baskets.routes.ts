import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, validationErrors } from '../../web/forms.js';
import { idParam } from '../../web/params.js';
import { ValidationError } from '../../lib/errors.js';
import { parseShareForm } from './shared-baskets.forms.js';
import { shareBasket, stopSharing } from './shared-baskets.service.js';
import { shareFormPage } from './shared-baskets.queries.js';

/** The sharing form, for the subscriber (/contrats/:id) and for a referent acting for them. */
export function sharedBasketRoutes(ctx: Ctx): Router {
  const router = Router();
  const places = [
    {
      path: '/contrats/:id/panier-partage',
      memberId: (req: Request) => actorOf(req).id,
      done: (req: Request) => `/contrats/${idParam(req)}`,
    },
    {
      path: '/gestion/contrats/:id/membres/:memberId/panier-partage',
      memberId: (req: Request) => idParam(req, 'memberId'),
      done: (req: Request) => `/gestion/contrats/${idParam(req)}/membres/${idParam(req, 'memberId')}`,
    },
  ];
  for (const p of places) {
    const render = (req: Request, res: Response, status: number, values: object, errors: Record<string, string>) => {
      const page = shareFormPage(ctx, actorOf(req), idParam(req), p.memberId(req));
      res.status(status).render('shared-baskets/form', {
        title: `Panier partagé : ${page.bundle.contract.name}`,
        ...page,
        action: req.originalUrl.replace(/\/arreter$/, '').split('?')[0],
        back: p.done(req),
        values,
        errors,
      });
    };
    router.get(p.path, requireLogin, (req, res) => render(req, res, 200, {}, {}));
    router.post(p.path, requireLogin, (req, res) => {
      const parsed = parseShareForm(req.body ?? {});
      if (!parsed.ok) return render(req, res, 422, formValues(req.body), parsed.errors);
      try {
        shareBasket(ctx, actorOf(req), idParam(req), p.memberId(req), parsed.input);
      } catch (e) {
        if (e instanceof ValidationError) return render(req, res, 422, formValues(req.body), e.errors);
        throw e;
      }
      flash(req, 'success', 'Panier partagé : l’autre foyer est prévenu par e-mail.');
      res.redirect(p.done(req));
    });
    router.post(`${p.path}/arreter`, requireLogin, (req, res) => {
      try {
        stopSharing(ctx, actorOf(req), idParam(req), p.memberId(req));
        flash(req, 'success', 'Le panier n’est plus partagé.');
      } catch (e) {
        flash(req, 'error', Object.values(validationErrors(e)).join(' '));
      }
      res.redirect(p.done(req));
    });
  }
  return router;
}
