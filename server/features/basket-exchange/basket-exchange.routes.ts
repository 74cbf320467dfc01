import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { idParam, parseId } from '../../web/params.js';
import { basketsPage } from './basket-exchange.queries.js';
import { offerBasket, takeBasket, withdrawOffer } from './basket-exchange.service.js';

function act(req: Request, res: Response, back: string, run: () => string): void {
  try {
    flash(req, 'success', run());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    flash(req, 'error', e.message);
  }
  res.redirect(back);
}

/** A short free note from the giver ("gratuit", "5 € de la main à la main"), or null. */
function noteOf(raw: unknown): string | null {
  const s = typeof raw === 'string' ? raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() : '';
  return s ? s.slice(0, 200) : null;
}

/** Baskets to give: the page of offers, "je le prends", and offering from one's absences page. */
export function basketExchangeRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(['/paniers-a-donner', '/contrats/:id/paniers'], requireLogin);

  router.get('/paniers-a-donner', (req, res) => {
    res.render('basket-exchange/list', { title: 'Paniers à donner', ...basketsPage(ctx, actorOf(req)) });
  });

  router.post('/paniers-a-donner/:id/prendre', (req, res) => {
    act(req, res, '/paniers-a-donner', () => {
      const r = takeBasket(ctx, actorOf(req), idParam(req));
      return r.already
        ? `Ce panier est déjà le vôtre : retirez-le le ${formatDayLong(r.deliveryOn)}.`
        : `C’est noté : vous retirez le panier de ${r.giverName} le ${formatDayLong(r.deliveryOn)}. Un mail vous le rappelle, à vous deux.`;
    });
  });

  router.post('/contrats/:id/paniers', (req, res) => {
    const actor = actorOf(req);
    const back = `/contrats/${idParam(req)}/absences`;
    act(req, res, back, () => {
      const deliveryId = parseId(req.body?.livraison);
      if (deliveryId === null) throw new ValidationError({ message: 'Choisissez la livraison.' });
      const o = offerBasket(
        ctx,
        actor,
        { contractId: idParam(req), memberId: actor.id, asReferent: false },
        { deliveryId, note: noteOf(req.body?.note) },
      );
      return `Votre panier du ${formatDayLong(o.deliveryOn)} est proposé aux autres membres. S’il n’est pas pris, il reste le vôtre.`;
    });
  });

  router.post('/contrats/:id/paniers/:offerId/retirer', (req, res) => {
    const actor = actorOf(req);
    act(req, res, `/contrats/${idParam(req)}/absences`, () => {
      const o = withdrawOffer(
        ctx,
        actor,
        { contractId: idParam(req), memberId: actor.id, asReferent: false },
        idParam(req, 'offerId'),
      );
      return `Votre panier du ${formatDayLong(o.deliveryOn)} n’est plus proposé.`;
    });
  });
  return router;
}
