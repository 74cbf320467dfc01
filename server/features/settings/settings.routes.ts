import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, type FieldErrors } from '../../web/forms.js';
import { openPeriods } from '../memberships/memberships.queries.js';
import { checkRoles } from '../../domain/duty.js';
import { dutySettingsForm, roleRows, ROLE_ROWS, settingsForm } from './settings.forms.js';
import {
  getSettings,
  setDutySettings,
  setMembershipRequired,
  settingUpdatedAt,
  type Settings,
} from './settings.service.js';

/** The duty settings as the form shows them. */
function dutyValues(s: Settings): Record<string, string> {
  const values: Record<string, string> = {
    dutyPlacesPerDay: String(s.dutyPlacesPerDay),
    dutyWithdrawalHours: String(s.dutyWithdrawalHours),
    dutyShiftsPerSeason: String(s.dutyShiftsPerSeason),
    dutySeasonStartMonth: String(s.dutySeasonStartMonth),
  };
  s.dutyRoles.forEach((r, i) => {
    values[`roleName${i + 1}`] = r.name;
    values[`rolePlaces${i + 1}`] = String(r.places);
  });
  return values;
}
import { retentionSettingView } from '../privacy/retention.js';
import { reminderSettings, saveReminderSettings } from './reminder-settings.js';
import { reminderFormValues, reminderSettingsForm } from './reminder-settings.forms.js';

/** /admin/reglages: the AMAP's settings edited in the app (administrators). */
export function settingsRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/admin/reglages', ...requireAccess('administer'));

  const render = (
    res: Response,
    status = 200,
    form: { values?: Record<string, string>; errors?: FieldErrors } = {},
    duty: { values?: Record<string, string>; errors?: FieldErrors } = {},
    reminders: { values?: Record<string, string>; errors?: FieldErrors } = {},
  ) => {
    const current = getSettings(ctx.db);
    res.status(status).render('settings/index', {
      title: 'Réglages',
      values: form.values ?? { membershipRequired: current.membershipRequired ? 'on' : '' },
      errors: form.errors ?? {},
      dutyValues: duty.values ?? dutyValues(current),
      dutyErrors: duty.errors ?? {},
      roleRows: ROLE_ROWS,
      distribution: ctx.config.distribution,
      membershipRequiredSince: current.membershipRequired ? settingUpdatedAt(ctx.db, 'membershipRequired') : null,
      openPeriod: openPeriods(ctx.db, ctx.today())[0] ?? null,
      retention: retentionSettingView(ctx.db),
      reminderValues: reminders.values ?? reminderFormValues(reminderSettings(ctx.db, ctx.config)),
      reminderErrors: reminders.errors ?? {},
      waitingListOfferDays: current.waitingListOfferDays,
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

  router.post('/admin/reglages/permanences', (req, res) => {
    const form = parseForm(dutySettingsForm, req.body);
    const roles = checkRoles(roleRows(req.body));
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if ('error' in roles) errors.dutyRoles = roles.error;
    if (!form.ok || 'error' in roles)
      return render(
        res,
        422,
        {},
        {
          errors: { ...errors, _duty: 'Réglages non enregistrés : corrigez les champs signalés.' },
          values: formValues(req.body),
        },
      );
    const changed = setDutySettings(ctx, actorOf(req), { ...form.data, dutyRoles: roles });
    flash(req, changed ? 'success' : 'info', changed ? 'Réglages des permanences enregistrés.' : 'Rien n’a changé.');
    res.redirect('/admin/reglages');
  });

  router.post('/admin/reglages/rappels', (req, res) => {
    const form = parseForm(reminderSettingsForm, req.body);
    if (!form.ok) return render(res, 422, {}, {}, { errors: form.errors, values: formValues(req.body) });
    const changed = saveReminderSettings(ctx, actorOf(req), form.data);
    flash(req, changed ? 'success' : 'info', changed ? 'Réglages des rappels enregistrés.' : 'Rien n’a changé.');
    res.redirect('/admin/reglages#rappels');
  });

  return router;
}
