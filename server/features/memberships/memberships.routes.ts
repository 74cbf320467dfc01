import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { actorOf, requireLogin, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors, type FieldErrors } from '../../web/forms.js';
import { deMonth, formatEuros } from '../../lib/format.js';
import {
  FILTERS,
  METHOD_LABELS,
  feeToInput,
  joinForm,
  paymentPhrase,
  periodForm,
  recordForm,
  rosterQuery,
  type RosterFilter,
} from './memberships.forms.js';
import {
  listPeriods,
  membershipOf,
  myMemberships,
  openPeriods,
  periodRoster,
  type PeriodRow,
} from './memberships.queries.js';
import {
  createPeriod,
  joinMembership,
  markReceived,
  recordPaidMembership,
  requirePeriod,
  undoReception,
  updatePeriod,
} from './memberships.service.js';
import { idParam } from '../../web/params.js';

interface PageForm {
  values?: Record<string, string>;
  errors?: FieldErrors;
}

function periodValues(p: PeriodRow): Record<string, string> {
  return {
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    opensOn: p.opensOn,
    closesOn: p.closesOn,
    minimum: feeToInput(p.minimumCents),
    suggested: feeToInput(p.suggestedCents),
    payee: p.payee,
    info: p.info ?? '',
  };
}

/** Where a reception action goes back to: the period page, same filter, search box emptied for the next person. */
function backToPeriod(periodId: number, filtre: unknown): string {
  const f = FILTERS.includes(filtre as RosterFilter) && filtre !== 'toutes' ? `?filtre=${filtre}` : '';
  return `/tresorerie/adhesions/periodes/${periodId}${f}`;
}

const PERIOD_BASE = '/tresorerie/adhesions/periodes';

/**
 * Memberships (adhésions): the treasurer's periods and lists under /tresorerie/adhesions, and the
 * member's form at /adhesion.
 */
export function membershipRoutes(ctx: Ctx): Router {
  const router = Router();
  const today = () => ctx.today();
  router.use('/tresorerie/adhesions', ...requireAccess('manage-memberships'));
  router.use('/adhesion', requireLogin);

  // --- periods ---
  router.get('/tresorerie/adhesions', (_req, res) => {
    res.render('memberships/periods', { title: 'Adhésions', periods: listPeriods(ctx.db, today()), METHOD_LABELS });
  });

  const renderPeriodForm = (res: Response, period: PeriodRow | null, status = 200, form: PageForm = {}) =>
    res.status(status).render('memberships/period-form', {
      title: period ? `Modifier « ${period.name} »` : 'Nouvelle période d’adhésion',
      period,
      values: form.values ?? (period ? periodValues(period) : { payee: ctx.config.amap.name }),
      errors: form.errors ?? {},
    });

  router.get(`${PERIOD_BASE}/nouvelle`, (_req, res) => renderPeriodForm(res, null));

  router.post(`${PERIOD_BASE}/nouvelle`, (req, res) => {
    const form = parseForm(periodForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderPeriodForm(res, null, 422, { errors: form.errors, values });
    try {
      const id = createPeriod(ctx, actorOf(req), form.data);
      flash(req, 'success', `Période « ${form.data.name} » créée.`);
      res.redirect(`${PERIOD_BASE}/${id}`);
    } catch (e) {
      renderPeriodForm(res, null, 422, { errors: validationErrors(e), values });
    }
  });

  router.get(`${PERIOD_BASE}/:id/modifier`, (req, res) =>
    renderPeriodForm(res, requirePeriod(ctx, idParam(req, 'id'))),
  );

  router.post(`${PERIOD_BASE}/:id/modifier`, (req, res) => {
    const period = requirePeriod(ctx, idParam(req, 'id'));
    const form = parseForm(periodForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderPeriodForm(res, period, 422, { errors: form.errors, values });
    try {
      const changed = updatePeriod(ctx, actorOf(req), period.id, form.data);
      flash(req, changed ? 'success' : 'info', changed ? 'Période enregistrée.' : 'Rien n’a changé.');
      res.redirect(`${PERIOD_BASE}/${period.id}`);
    } catch (e) {
      renderPeriodForm(res, period, 422, { errors: validationErrors(e), values });
    }
  });

  // --- the period page: every member and their membership, at the distribution table ---
  const renderRoster = (req: Request, res: Response, id: number, status = 200, form: PageForm = {}) => {
    const query = rosterQuery.parse(req.query);
    const roster = periodRoster(ctx.db, id, today(), query);
    if (!roster) throw new NotFoundError('Cette période d’adhésion n’existe pas.');
    const chosen = roster.choices.find((c) => c.id === query.membre);
    const defaults: Record<string, string> = chosen
      ? {
          memberId: String(chosen.id),
          amount: feeToInput(chosen.amountCents ?? roster.period.suggestedCents ?? roster.period.minimumCents),
          method: chosen.method ?? 'cheque',
        }
      : { amount: feeToInput(roster.period.suggestedCents ?? roster.period.minimumCents), method: 'cheque' };
    res.status(status).render('memberships/period', {
      title: roster.period.name,
      ...roster,
      query,
      METHOD_LABELS,
      recordOpen: !!chosen || !!form.errors,
      chosen: chosen ?? null,
      values: form.values ?? defaults,
      errors: form.errors ?? {},
    });
  };

  router.get(`${PERIOD_BASE}/:id`, (req, res) => renderRoster(req, res, idParam(req, 'id')));

  router.post(`${PERIOD_BASE}/:id/enregistrer`, (req, res) => {
    const id = idParam(req, 'id');
    requirePeriod(ctx, id);
    const form = parseForm(recordForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderRoster(req, res, id, 422, { errors: form.errors, values });
    try {
      const r = recordPaidMembership(ctx, actorOf(req), id, form.data);
      flash(
        req,
        r.changed ? 'success' : 'info',
        r.changed
          ? `Adhésion ${deMonth(r.name)} reçue : ${formatEuros(r.amountCents)} (${METHOD_LABELS[r.method]}).`
          : `L’adhésion ${deMonth(r.name)} était déjà reçue : rien n’a changé.`,
      );
      res.redirect(backToPeriod(id, req.body?.filtre));
    } catch (e) {
      renderRoster(req, res, id, 422, { errors: validationErrors(e), values });
    }
  });

  router.post('/tresorerie/adhesions/:membershipId/recue', (req, res) => {
    const r = markReceived(ctx, actorOf(req), idParam(req, 'membershipId'));
    flash(
      req,
      r.changed ? 'success' : 'info',
      r.changed
        ? `Adhésion ${deMonth(r.name)} reçue : ${formatEuros(r.amountCents)} (${METHOD_LABELS[r.method]}).`
        : `L’adhésion ${deMonth(r.name)} était déjà reçue.`,
    );
    res.redirect(backToPeriod(r.periodId, req.body?.filtre));
  });

  router.post('/tresorerie/adhesions/:membershipId/annuler-reception', (req, res) => {
    const r = undoReception(ctx, actorOf(req), idParam(req, 'membershipId'));
    flash(
      req,
      r.changed ? 'success' : 'info',
      r.changed
        ? `Réception annulée : l’adhésion ${deMonth(r.name)} est de nouveau promise.`
        : `L’adhésion ${deMonth(r.name)} n’était pas reçue : rien n’a changé.`,
    );
    res.redirect(backToPeriod(r.periodId, req.body?.filtre));
  });

  // --- the member's form ---
  const renderJoin = (req: Request, res: Response, status = 200, form: PageForm = {}) => {
    const me = actorOf(req).id;
    const t = today();
    const open = openPeriods(ctx.db, t);
    const period = open.find((p) => !membershipOf(ctx.db, p.id, me)) ?? open[0] ?? null;
    const membership = period ? membershipOf(ctx.db, period.id, me) : null;
    const defaults: Record<string, string> = period
      ? {
          periodId: String(period.id),
          amount: feeToInput(membership?.amountCents ?? period.suggestedCents ?? period.minimumCents),
          method: membership?.method ?? '',
        }
      : {};
    res.status(status).render('memberships/join', {
      title: 'Mon adhésion',
      period,
      membership,
      METHOD_LABELS,
      paymentPhrase,
      history: myMemberships(ctx.db, me).filter((m) => m.periodId !== period?.id),
      values: { ...defaults, ...form.values },
      errors: form.errors ?? {},
    });
  };

  router.get('/adhesion', (req, res) => renderJoin(req, res));

  router.post('/adhesion', (req, res) => {
    const form = parseForm(joinForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderJoin(req, res, 422, { errors: form.errors, values });
    try {
      const r = joinMembership(ctx, actorOf(req), form.data, today());
      const what = `${formatEuros(r.membership.amountCents)}, ${paymentPhrase(r.membership.method, r.period.payee)}`;
      if (r.kind === 'unchanged')
        flash(req, 'info', `Votre adhésion était déjà enregistrée ainsi (${what}) : rien n’a changé.`);
      else
        flash(
          req,
          'success',
          `${r.kind === 'created' ? 'Votre adhésion est enregistrée' : 'Votre adhésion est modifiée'} : ${what}.`,
        );
      res.redirect('/adhesion');
    } catch (e) {
      renderJoin(req, res, 422, { errors: validationErrors(e), values });
    }
  });

  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  router.get(`${PERIOD_BASE}/:id/enregistrer`, (req, res) => res.redirect(`${PERIOD_BASE}/${idParam(req)}`));
  return router;
}
