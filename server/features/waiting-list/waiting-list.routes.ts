import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { setWaitingListOfferDays } from '../settings/settings.service.js';
import { flash } from '../../web/flash.js';
import { validationErrors } from '../../web/forms.js';
import { idParam, parseId } from '../../web/params.js';
import { joinWaitingList, leaveWaitingList, manageWaitingEntry, type ReferentAction } from './waiting-list.service.js';
import { waitingListPage } from './waiting-list-pages.js';

const ACTIONS: Record<string, { action: ReferentAction; done: string }> = {
  monter: { action: 'up', done: 'Ordre de la liste modifié.' },
  descendre: { action: 'down', done: 'Ordre de la liste modifié.' },
  proposer: { action: 'offer', done: 'Place proposée : un e-mail lui est envoyé.' },
  retirer: { action: 'remove', done: 'Retiré·e de la liste d’attente.' },
};

/** The waiting list of a contract: the member joins or leaves it; the referent orders it. */
export function waitingListRoutes(ctx: Ctx): Router {
  const router = Router();

  router.post('/contrats/:id/liste-attente', requireLogin, (req, res) => {
    const id = idParam(req);
    try {
      joinWaitingList(ctx, actorOf(req), id, parseId(req.body?.produit));
      flash(req, 'success', 'Vous êtes sur la liste d’attente. Un e-mail vous préviendra dès qu’une place se libère.');
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(`/contrats/${id}`);
  });

  router.post('/contrats/:id/liste-attente/quitter', requireLogin, (req, res) => {
    const id = idParam(req);
    try {
      leaveWaitingList(ctx, actorOf(req), id);
      flash(req, 'success', 'Vous avez quitté la liste d’attente.');
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(`/contrats/${id}`);
  });

  router.get('/gestion/contrats/:id/liste-attente', requireLogin, (req, res) => {
    const page = waitingListPage(ctx, actorOf(req), idParam(req));
    res.render('waiting-list/list', { title: `Liste d’attente : ${page.bundle.contract.name}`, ...page });
  });

  router.post('/gestion/contrats/:id/liste-attente/:entryId/:action', requireLogin, (req, res) => {
    const id = idParam(req);
    const what = ACTIONS[String(req.params.action)];
    const entryId = idParam(req, 'entryId');
    if (what) {
      try {
        manageWaitingEntry(ctx, actorOf(req), id, entryId, what.action);
        flash(req, 'success', what.done);
      } catch (e) {
        flash(req, 'error', Object.values(validationErrors(e)).join(' '));
      }
    }
    res.redirect(`/gestion/contrats/${id}/liste-attente`);
  });
  router.post('/admin/reglages/liste-attente', ...requireAccess('administer'), (req, res) => {
    const days = Number(String(req.body?.waitingListOfferDays ?? ''));
    if (!Number.isInteger(days) || days < 1 || days > 30) {
      flash(req, 'error', 'Délai de la liste d’attente : un nombre de jours entre 1 et 30.');
    } else {
      const changed = setWaitingListOfferDays(ctx, actorOf(req), days);
      flash(
        req,
        changed ? 'success' : 'info',
        changed ? 'Délai de la liste d’attente enregistré.' : 'Rien n’a changé.',
      );
    }
    res.redirect('/admin/reglages#liste-attente');
  });
  return router;
}
