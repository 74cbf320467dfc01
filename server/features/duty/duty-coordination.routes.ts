import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { parseForm } from '../../web/forms.js';
import { applyProposalForm, dayParam, periodQuery } from './duty.forms.js';
import { coordinationPage } from './duty-coordination.queries.js';
import { applyProposal, defaultProposalPeriod, previewProposal, type ProposalPeriod } from './duty-proposal.service.js';
import { dutyReport, seasonParam } from './duty-report.js';

/** The coordinator's pages under /coordination: the days lacking people, the proposal, the report. */
export function dutyCoordinationRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/coordination', ...requireAccess('coordinate-duty'));

  router.get('/coordination', (req, res) => {
    res.render('duty/coordination', { title: 'Coordination des permanences', ...coordinationPage(ctx, actorOf(req)) });
  });

  const renderProposal = (res: Response, period: ProposalPeriod, status = 200, error: string | null = null) => {
    let proposal = null;
    try {
      proposal = previewProposal(ctx, actorOf(res.req), period);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      error = e.message;
      status = 422;
    }
    res.status(status).render('duty/proposal', { title: 'Proposition de planning', period, proposal, error });
  };

  router.get('/coordination/proposition', (req, res) => {
    const q = periodQuery.parse(req.query);
    const fallback = defaultProposalPeriod(ctx.today());
    if ((req.query.du !== undefined && !q.from) || (req.query.au !== undefined && !q.to))
      return renderProposal(res, fallback, 422, 'Dates de la période invalides : choisissez deux jours.');
    renderProposal(res, { from: q.from ?? fallback.from, to: q.to ?? fallback.to });
  });

  router.post('/coordination/proposition', (req, res) => {
    const form = parseForm(applyProposalForm, req.body);
    const from = form.ok ? dayParam(form.data.du) : null;
    const to = form.ok ? dayParam(form.data.au) : null;
    if (!form.ok || !from || !to)
      return renderProposal(res, defaultProposalPeriod(ctx.today()), 422, 'Période invalide.');
    const back = `/coordination/proposition?du=${from}&au=${to}`;
    try {
      const r = applyProposal(ctx, actorOf(req), { from, to }, form.data.choix);
      flash(
        req,
        'success',
        `${r.applied} permanence${r.applied > 1 ? 's' : ''} enregistrée${r.applied > 1 ? 's' : ''} ; chaque membre reçoit un mail.` +
          (r.skipped
            ? ` ${r.skipped} n’étai${r.skipped > 1 ? 'en' : ''}t plus possible${r.skipped > 1 ? 's' : ''} (le planning a changé entre-temps).`
            : ''),
      );
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      flash(req, 'error', e.message);
    }
    res.redirect(back);
  });

  router.get('/coordination/bilan', (req, res) => {
    const season = seasonParam(req.query.saison);
    if (season === undefined) throw new NotFoundError('Cette saison n’existe pas.');
    const report = dutyReport(ctx, season);
    res.render('duty/report', { title: `Bilan des permanences ${report.season.label}`, report });
  });

  return router;
}
