import { Router, type Request, type Response } from 'express';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import { idParam, parseId } from '../../web/params.js';
import { absencesPage } from './absences.queries.js';
import { cancelAbsence, declareAbsence, type AbsenceOutcome, type AbsenceTarget } from './absences.service.js';
import { absenceSettingsForm } from './absence-settings.forms.js';
import { absenceSettingsPage, saveAbsenceSettings } from './absence-settings.service.js';

const MEMBER = '/contrats/:id/absences';
const REFERENT = '/gestion/contrats/:id/membres/:memberId/absences';

/** Runs one action; a refusal is a flash message on the page, nothing written. */
function act(req: Request, res: Response, back: string, run: () => string): void {
  try {
    flash(req, 'success', run());
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    flash(req, 'error', e.message);
  }
  res.redirect(back);
}

function declared(o: AbsenceOutcome, you: boolean): string {
  const who = you ? 'Absence signalée' : 'Absence signalée pour ce membre';
  if (o.targetOn) return `${who} le ${formatDayLong(o.deliveryOn)} : panier reporté au ${formatDayLong(o.targetOn)}.`;
  return `${who} le ${formatDayLong(o.deliveryOn)} : le total du contrat est recalculé.`;
}

/** Absences of a subscription (member and referent sides) and a contract's absence settings. */
export function absenceRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(['/contrats/:id/absences', '/gestion/contrats/:id/membres/:memberId/absences'], requireLogin);
  router.use('/gestion/contrats/:id/absences', requireLogin);

  const sides: {
    path: string;
    target: (req: Request, actor: Actor) => AbsenceTarget;
    base: (req: Request) => string;
  }[] = [
    {
      path: MEMBER,
      target: (req, actor) => ({ contractId: idParam(req), memberId: actor.id, asReferent: false }),
      base: (req) => `/contrats/${idParam(req)}/absences`,
    },
    {
      path: REFERENT,
      target: (req) => ({ contractId: idParam(req), memberId: idParam(req, 'memberId'), asReferent: true }),
      base: (req) => `/gestion/contrats/${idParam(req)}/membres/${idParam(req, 'memberId')}/absences`,
    },
  ];
  for (const side of sides) {
    router.get(side.path, (req, res) => {
      const page = absencesPage(ctx, actorOf(req), side.target(req, actorOf(req)));
      res.render('absences/page', { title: `Absences : ${page.bundle.contract.name}`, ...page });
    });
    router.post(side.path, (req, res) => {
      const actor = actorOf(req);
      const target = side.target(req, actor);
      act(req, res, side.base(req), () => {
        const deliveryId = parseId(req.body?.livraison);
        if (deliveryId === null) throw new ValidationError({ message: 'Choisissez la livraison.' });
        const o = declareAbsence(ctx, actor, target, { deliveryId, targetDeliveryId: parseId(req.body?.report) });
        return declared(o, !target.asReferent);
      });
    });
    router.post(`${side.path}/:absenceId/retirer`, (req, res) => {
      const actor = actorOf(req);
      act(req, res, side.base(req), () => {
        const o = cancelAbsence(ctx, actor, side.target(req, actor), idParam(req, 'absenceId'));
        return `Absence du ${formatDayLong(o.deliveryOn)} retirée${o.targetOn ? ` : le panier n’est plus reporté au ${formatDayLong(o.targetOn)}` : ''}.`;
      });
    });
    router.get(`${side.path}/:absenceId/retirer`, (req, res) => res.redirect(side.base(req)));
  }

  const renderSettings = (req: Request, res: Response, status: number, form?: { values: object; errors: object }) => {
    const page = absenceSettingsPage(ctx, actorOf(req), idParam(req));
    res.status(status).render('absences/settings', {
      title: `Absences et paniers à donner : ${page.bundle.contract.name}`,
      ...page,
      values: form?.values ?? page.settings,
      errors: form?.errors ?? {},
    });
  };
  router.get('/gestion/contrats/:id/absences', (req, res) => renderSettings(req, res, 200));
  router.post('/gestion/contrats/:id/absences', (req, res) => {
    const id = idParam(req);
    const form = parseForm(absenceSettingsForm, req.body);
    const values = {
      ...formValues(req.body),
      absencesAllowed: !!req.body?.absencesAllowed,
      exchangeAllowed: !!req.body?.exchangeAllowed,
    };
    if (!form.ok) return renderSettings(req, res, 422, { values, errors: form.errors });
    try {
      saveAbsenceSettings(ctx, actorOf(req), id, form.data);
    } catch (e) {
      return renderSettings(req, res, 422, { values, errors: validationErrors(e) });
    }
    flash(req, 'success', 'Réglages des absences enregistrés.');
    res.redirect(`/gestion/contrats/${id}`);
  });
  return router;
}
