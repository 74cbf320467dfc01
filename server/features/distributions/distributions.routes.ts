import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { checkRoles } from '../../domain/duty.js';
import { NotFoundError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors, type FieldErrors } from '../../web/forms.js';
import { dayParam } from '../duty/duty.forms.js';
import { ROLE_ROWS, roleRows } from '../settings/settings.forms.js';
import { cancelForm, dayForm, newDayForm } from './distributions.forms.js';
import { dayFormValues, dayPage, distributionsPage } from './distributions.queries.js';
import { addDay, cancelDay, uncancelDay, updateDay } from './distributions.service.js';

function dayOf(req: Request): string {
  const on = dayParam(req.params.day);
  if (!on) throw new NotFoundError('Pas de distribution à cette date.');
  return on;
}

interface PageForm {
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** /distributions: the coming days and each day's page; a coordinator changes, adds and cancels days. */
export function distributionRoutes(ctx: Ctx): Router {
  const router = Router();
  const coordinator = requireAccess('coordinate-duty');
  router.use('/distributions', requireLogin);

  router.get('/distributions', (req, res) => {
    const past = req.query.passees === '1';
    res.render('distributions/list', {
      title: past ? 'Distributions passées' : 'Distributions',
      ...distributionsPage(ctx, actorOf(req), past),
    });
  });

  const renderNew = (res: Response, status = 200, form: PageForm = {}) =>
    res.status(status).render('distributions/new', {
      title: 'Ajouter une journée',
      values: form.values ?? {
        startTime: ctx.config.distribution.startTime,
        endTime: ctx.config.distribution.endTime,
        place: ctx.config.distribution.place,
      },
      errors: form.errors ?? {},
    });

  router.get('/distributions/nouvelle', ...coordinator, (_req, res) => renderNew(res));

  router.post('/distributions/nouvelle', ...coordinator, (req, res) => {
    const form = parseForm(newDayForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderNew(res, 422, { errors: form.errors, values });
    try {
      addDay(ctx, actorOf(req), form.data);
    } catch (e) {
      return renderNew(res, 422, { errors: validationErrors(e), values });
    }
    flash(req, 'success', `Journée du ${formatDayLong(form.data.on)} ajoutée.`);
    res.redirect(`/distributions/${form.data.on}`);
  });

  router.get('/distributions/:day', (req, res) => {
    const on = dayOf(req);
    const page = dayPage(ctx, actorOf(req), on);
    if (!page) throw new NotFoundError(`Il n’y a pas de distribution le ${formatDayLong(on)}.`);
    res.render('distributions/day', { title: `Distribution du ${page.card.dayLabel}`, ...page });
  });

  const renderEdit = (res: Response, on: string, status = 200, form: PageForm = {}) => {
    const current = dayFormValues(ctx, on);
    if (!current) throw new NotFoundError(`Il n’y a pas de distribution le ${formatDayLong(on)}.`);
    res.status(status).render('distributions/edit', {
      title: `Modifier la distribution du ${current.dayLabel}`,
      ...current,
      values: form.values ?? current.values,
      errors: form.errors ?? {},
      roleRows: ROLE_ROWS,
    });
  };

  router.get('/distributions/:day/modifier', ...coordinator, (req, res) => renderEdit(res, dayOf(req)));

  router.post('/distributions/:day/modifier', ...coordinator, (req, res) => {
    const on = dayOf(req);
    const form = parseForm(dayForm, req.body);
    const values = formValues(req.body);
    const roles = checkRoles(roleRows(req.body));
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if ('error' in roles && req.body?.rolesMode === 'jour') errors.roles = roles.error;
    if (!form.ok || errors.roles) return renderEdit(res, on, 422, { errors, values });
    try {
      updateDay(ctx, actorOf(req), on, form.data, form.data.rolesMode === 'jour' && !('error' in roles) ? roles : null);
    } catch (e) {
      return renderEdit(res, on, 422, { errors: validationErrors(e), values });
    }
    flash(req, 'success', `Distribution du ${formatDayLong(on)} enregistrée.`);
    res.redirect(`/distributions/${on}`);
  });

  router.post('/distributions/:day/annulation', ...coordinator, (req, res) => {
    const on = dayOf(req);
    const form = parseForm(cancelForm, req.body);
    const changed = cancelDay(ctx, actorOf(req), on, form.ok ? form.data.cancelReason : null);
    flash(
      req,
      changed ? 'success' : 'info',
      changed ? `Distribution du ${formatDayLong(on)} annulée.` : 'Cette distribution était déjà annulée.',
    );
    res.redirect(`/distributions/${on}`);
  });

  router.post('/distributions/:day/retablissement', ...coordinator, (req, res) => {
    const on = dayOf(req);
    const changed = uncancelDay(ctx, actorOf(req), on);
    flash(
      req,
      changed ? 'success' : 'info',
      changed ? `Distribution du ${formatDayLong(on)} rétablie.` : 'Cette distribution n’était pas annulée.',
    );
    res.redirect(`/distributions/${on}`);
  });

  return router;
}
