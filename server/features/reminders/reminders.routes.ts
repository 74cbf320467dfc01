import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { parseForm } from '../../web/forms.js';
import { idParam } from '../../web/params.js';
import { ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { contractSheetDaysForm } from '../settings/reminder-settings.forms.js';
import { resendProducerSheet } from './producer-delivery-sheets.task.js';
import { remindersPage } from './reminders.queries.js';
import { setContractSheetDelay } from './reminders.service.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * /admin/rappels: every reminder, its settings, next run and log (administrators); a contract's
 * own delivery-sheet delay; and the contract page's "Renvoyer" of the producer's sheet.
 */
export function reminderRoutes(ctx: Ctx): Router {
  const router = Router();

  const render = (res: Response, status = 200, delay: { id?: number; value?: string; error?: string } = {}) =>
    res.status(status).render('reminders/index', { title: 'Rappels', ...remindersPage(ctx), delay });

  router.get('/admin/rappels', ...requireAccess('administer'), (_req, res) => render(res));

  router.post('/admin/rappels/contrats/:id', ...requireAccess('administer'), (req, res) => {
    const id = idParam(req);
    const form = parseForm(contractSheetDaysForm, req.body);
    if (!form.ok)
      return render(res, 422, {
        id,
        value: String(req.body?.days ?? ''),
        error: form.errors.days ?? form.errors._form,
      });
    const changed = setContractSheetDelay(ctx, actorOf(req), id, form.data.days);
    flash(
      req,
      changed ? 'success' : 'info',
      changed ? 'Délai de la feuille de livraison enregistré.' : 'Rien n’a changé.',
    );
    res.redirect('/admin/rappels#feuilles');
  });

  router.post('/gestion/contrats/:id/feuille-livraison/renvoyer', requireLogin, async (req, res) => {
    const id = idParam(req);
    const day = typeof req.body?.du === 'string' && DAY.test(req.body.du) ? req.body.du : null;
    if (!day) throw new ValidationError({ message: 'Choisissez une date de livraison.' });
    const counts = await resendProducerSheet(ctx, actorOf(req), id, day);
    flash(
      req,
      counts.queued ? 'success' : 'info',
      counts.queued
        ? `Feuille de livraison du ${formatDayLong(day)} renvoyée (${counts.queued} mail${counts.queued > 1 ? 's' : ''}).`
        : 'Personne à qui l’envoyer : ni le producteur ni ses référent·es n’ont d’adresse e-mail.',
    );
    res.redirect(`/gestion/contrats/${id}#documents`);
  });

  return router;
}
