import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { actorOf, requireLogin, safeReturnTo } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { parseForm } from '../../web/forms.js';
import { idParam } from '../../web/params.js';
import { dayParam, takePlaceForm } from './duty.forms.js';
import { myShiftsPage, rosterPage } from './duty.queries.js';
import { cannotCome, leaveShift, standIn, takePlace, type Outcome } from './duty.service.js';

/** Where an action goes back to: the page it was tapped on (a local path), else the roster. */
function back(req: Request): string {
  const to = req.body?.retour;
  return typeof to === 'string' && to !== '' ? safeReturnTo(to) : '/permanences';
}

/** Runs one duty action; a refusal is a flash message on the page the member came from, nothing written. */
function act(req: Request, res: Response, run: () => string): void {
  try {
    flash(req, 'success', run());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    flash(req, 'error', e.message);
  }
  res.redirect(back(req));
}

const inRole = (o: Outcome<string>) => (o.roleName ? ` (« ${o.roleName} »)` : '');

/** The duty roster of members: /permanences, /mes-permanences and the taps on them. */
export function dutyRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(['/permanences', '/mes-permanences'], requireLogin);

  router.get('/permanences', (req, res) => {
    res.render('duty/roster', { title: 'Permanences', ...rosterPage(ctx, actorOf(req)) });
  });

  router.get('/mes-permanences', (req, res) => {
    res.render('duty/mine', { title: 'Mes permanences', ...myShiftsPage(ctx, actorOf(req)) });
  });

  router.post('/permanences/:day/inscription', (req, res) => {
    const on = dayParam(req.params.day);
    if (!on) throw new NotFoundError('Pas de distribution à cette date.');
    const form = parseForm(takePlaceForm, req.body);
    act(req, res, () => {
      if (!form.ok) throw new ValidationError({ message: Object.values(form.errors)[0] });
      const actor = actorOf(req);
      const memberId = form.data.memberId ?? actor.id;
      const o = takePlace(ctx, actor, { on, memberId, roleName: form.data.roleName });
      const day = formatDayLong(o.on);
      if (memberId !== actor.id)
        return o.kind === 'already'
          ? `Ce membre est déjà de permanence le ${day}.`
          : `Inscription faite pour le ${day}${inRole(o)} ; un mail le lui dit.`;
      return o.kind === 'already'
        ? `Vous êtes déjà inscrit·e le ${day}${inRole(o)}.`
        : `Merci ! Vous êtes inscrit·e le ${day}${inRole(o)}.`;
    });
  });

  router.post('/permanences/equipe/:id/retrait', (req, res) => {
    act(req, res, () => {
      const o = leaveShift(ctx, actorOf(req), idParam(req));
      const day = formatDayLong(o.on);
      if (o.kind === 'already') return `Cette place du ${day} est déjà libérée.`;
      return o.kind === 'removed'
        ? `Retiré·e de la permanence du ${day}.`
        : `Vous n’êtes plus de permanence le ${day}.`;
    });
  });

  router.post('/permanences/equipe/:id/empechement', (req, res) => {
    act(req, res, () => {
      const o = cannotCome(ctx, actorOf(req), idParam(req));
      const day = formatDayLong(o.on);
      return o.kind === 'already'
        ? `Un·e remplaçant·e est déjà recherché·e pour le ${day}.`
        : `C’est noté : un·e remplaçant·e est recherché·e pour le ${day}. Vous restez sur le planning jusqu’à ce que quelqu’un prenne votre place.`;
    });
  });

  router.post('/permanences/equipe/:id/remplacement', (req, res) => {
    act(req, res, () => {
      const o = standIn(ctx, actorOf(req), idParam(req));
      const day = formatDayLong(o.on);
      return o.kind === 'already'
        ? `Vous remplacez déjà cette personne le ${day}.`
        : `Merci ! Vous êtes de permanence le ${day}${inRole(o)} à la place de la personne empêchée.`;
    });
  });

  return router;
}
