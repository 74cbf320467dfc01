import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, type FieldErrors } from '../../web/forms.js';
import { openPeriods } from '../memberships/memberships.queries.js';
import { settingsForm } from './settings.forms.js';
import { retentionSettingView } from '../privacy/retention.js';
import { getSettings, setMembershipRequired, settingUpdatedAt } from './settings.service.js';

/** /admin/reglages: the AMAP's settings edited in the app (administrators). */
export function settingsRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/admin/reglages', ...requireAccess('administer'));

  const render = (
    res: Response,
    status = 200,
    form: { values?: Record<string, string>; errors?: FieldErrors } = {},
  ) => {
    const current = getSettings(ctx.db);
    res.status(status).render('settings/index', {
      title: 'Réglages',
      values: form.values ?? { membershipRequired: current.membershipRequired ? 'on' : '' },
      errors: form.errors ?? {},
      membershipRequiredSince: current.membershipRequired ? settingUpdatedAt(ctx.db, 'membershipRequired') : null,
      openPeriod: openPeriods(ctx.db, ctx.today())[0] ?? null,
      retention: retentionSettingView(ctx.db),
    });
  };

  router.get('/admin/reglages', (_req, res) => render(res));

  router.post('/admin/reglages', (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) return render(res, 422, { errors: form.errors, values: formValues(req.body) });
    const changed = setMembershipRequired(ctx, actorOf(req), form.data.membershipRequired);
    flash(
      req,
      changed ? 'success' : 'info',
      !changed
        ? 'Rien n’a changé.'
        : form.data.membershipRequired
          ? 'Réglages enregistrés : l’adhésion est maintenant obligatoire pour souscrire aux contrats.'
          : 'Réglages enregistrés : l’adhésion n’est plus obligatoire pour souscrire aux contrats.',
    );
    res.redirect('/admin/reglages');
  });

  return router;
}
