import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { mayOnSomeProducer } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { STATUS_LABELS } from '../../domain/cheque-status.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { parseForm, validationErrors } from '../../web/forms.js';
import { deMonth, formatDateNumeric, formatEuros } from '../../lib/format.js';
import { receiveCheques, returnCheque, undoReception } from './cheques.service.js';
import { createHandover, undoHandover } from './handovers.service.js';
import { grantCredit } from './credits.service.js';
import { mailHandoverSlip } from './handover-mail.service.js';
import { creditForm, parseReceptions, reasonForm, receptionFilterQuery } from './treasury.forms.js';
import {
  balancesPage,
  contractReceptionPage,
  handoverPage,
  handoverPreviewPage,
  handoversPage,
  moneyContractsPage,
  receptionPage,
  subscriptionMoneyPage,
  treasuryHomePage,
} from './treasury-pages.queries.js';
import { idParam, parseId } from '../../web/params.js';

/** A local path to come back to after an action (never another site: browsers read "/\\x" as "//x"). */
function backTo(req: Request, fallback: string): string {
  const b = String(req.body?.back ?? '');
  return /^\/(?![/\\])/.test(b) ? b : fallback;
}

/** /tresorerie: cheque reception, handovers, balances and credits (treasurer; referents for their producers). */
export function treasuryRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/tresorerie', requireLogin, (req, _res, next) =>
    next(mayOnSomeProducer(actorOf(req), 'handle-money') ? undefined : new ForbiddenError()),
  );

  router.get('/tresorerie', (req, res) => {
    res.render('treasury/home', { title: 'Trésorerie', ...treasuryHomePage(ctx, actorOf(req)) });
  });

  // --- reception at the distribution table: find the member, tick their cheques ---
  router.get('/tresorerie/reception', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 60) : '';
    const page = receptionPage(ctx, actorOf(req), { q, memberId: parseId(req.query.membre) });
    if (page.redirect) return res.redirect(page.redirect);
    res.render('treasury/reception', { title: 'Réception des chèques', ...page });
  });

  router.post('/tresorerie/cheques/recevoir', (req, res) => {
    const receptions = parseReceptions(req.body ?? {});
    const fallback = '/tresorerie/reception';
    try {
      const r = receiveCheques(
        ctx,
        actorOf(req),
        receptions,
        typeof req.body?.note === 'string' ? req.body.note.slice(0, 500) : null,
      );
      const who = typeof req.body?.memberName === 'string' ? ` ${deMonth(req.body.memberName)}` : '';
      flash(
        req,
        'success',
        r.received === 0
          ? 'Ces chèques étaient déjà enregistrés comme reçus.'
          : `${r.received} chèque${r.received > 1 ? 's' : ''} reçu${r.received > 1 ? 's' : ''}${who} (${formatEuros(r.totalCents)}).`,
      );
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(backTo(req, fallback));
  });

  const chequeAction = (path: string, run: (req: Request, id: number, reason: string) => void, done: string) => {
    router.post(`/tresorerie/cheques/:id/${path}`, (req, res) => {
      const form = parseForm(reasonForm, req.body);
      try {
        if (!form.ok) throw Object.assign(new Error(), { errors: form.errors });
        run(req, idParam(req), form.data.reason);
        flash(req, 'success', done);
      } catch (e) {
        const errors = (e as { errors?: Record<string, string> }).errors ?? validationErrors(e);
        flash(req, 'error', Object.values(errors).join(' '));
      }
      res.redirect(backTo(req, '/tresorerie'));
    });
  };
  chequeAction(
    'annuler-reception',
    (req, id, reason) => undoReception(ctx, actorOf(req), id, reason),
    'Réception annulée : le chèque est de nouveau attendu.',
  );
  chequeAction(
    'rendre',
    (req, id, reason) => returnCheque(ctx, actorOf(req), id, reason),
    'Chèque noté comme rendu au membre.',
  );

  // --- reception, contract by contract ---
  router.get('/tresorerie/contrats', (req, res) => {
    res.render('treasury/contracts', { title: 'Chèques par contrat', ...moneyContractsPage(ctx, actorOf(req)) });
  });

  router.get('/tresorerie/contrats/:id', (req, res) => {
    const query = receptionFilterQuery.parse(req.query);
    const filter = { missingOnly: query.manquants, dueUpTo: query.jusqua ?? null };
    const page = contractReceptionPage(ctx, actorOf(req), idParam(req), filter);
    res.render('treasury/contract-reception', {
      title: `Chèques : ${page.bundle.contract.name}`,
      ...page,
      statusLabels: STATUS_LABELS,
      backUrl: req.originalUrl,
    });
  });

  // --- handovers ---
  router.get('/tresorerie/remises', (req, res) => {
    res.render('treasury/handovers', { title: 'Remises aux producteurs', ...handoversPage(ctx, actorOf(req)) });
  });

  /** The preview reads the contract and date from the query string, or from the posted fields. */
  const renderPreview = (req: Request, res: Response, status = 200, errors: Record<string, string> = {}) => {
    const page = handoverPreviewPage(
      ctx,
      actorOf(req),
      parseId(req.query.contrat ?? req.body?.contractId),
      parseId(req.query.date ?? req.body?.paymentDateId),
    );
    res
      .status(status)
      .render('treasury/handover-new', { title: `Remise : ${page.bundle.producer.name}`, ...page, errors });
  };
  router.get('/tresorerie/remises/nouvelle', (req, res) => renderPreview(req, res));

  router.post('/tresorerie/remises', (req, res) => {
    const contractId = parseId(req.body?.contractId);
    const paymentDateId = parseId(req.body?.paymentDateId);
    if (contractId === null || paymentDateId === null) throw new NotFoundError('Choisissez un contrat.');
    try {
      const h = createHandover(
        ctx,
        actorOf(req),
        contractId,
        paymentDateId,
        typeof req.body?.note === 'string' ? req.body.note.slice(0, 500) : null,
        { earlyConfirmed: req.body?.earlyConfirmed === 'on' },
      );
      flash(
        req,
        'success',
        `Remise enregistrée : ${h.count} chèque${h.count > 1 ? 's' : ''}, ${formatEuros(h.totalCents)}. Imprimez le bordereau et faites-le signer.`,
      );
      res.redirect(`/tresorerie/remises/${h.id}`);
    } catch (e) {
      // The preview reads the contract and date from the posted fields.
      renderPreview(req, res, 422, validationErrors(e));
    }
  });

  router.get('/tresorerie/remises/:id', (req, res) => {
    const page = handoverPage(ctx, actorOf(req), idParam(req));
    res.render('treasury/handover', { title: `Remise du ${formatDateNumeric(page.h.handedOverOn)}`, ...page });
  });

  router.post('/tresorerie/remises/:id/envoyer', async (req, res) => {
    const id = idParam(req);
    try {
      const to = await mailHandoverSlip(ctx, actorOf(req), id);
      flash(req, 'success', `Bordereau envoyé à ${to} (il part avec le prochain envoi des mails).`);
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(`/tresorerie/remises/${id}`);
  });

  router.post('/tresorerie/remises/:id/annuler', (req, res) => {
    const id = idParam(req);
    try {
      undoHandover(ctx, actorOf(req), id, String(req.body?.reason ?? ''));
      flash(req, 'success', 'Remise annulée : ses chèques sont de nouveau « reçus ».');
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(`/tresorerie/remises/${id}`);
  });

  // --- balances and credits ---
  router.get('/tresorerie/soldes', (req, res) => {
    res.render('treasury/balances', { title: 'Soldes', ...balancesPage(ctx, actorOf(req)) });
  });

  const renderSubscription = (
    req: Request,
    res: Response,
    status = 200,
    errors: Record<string, string> = {},
    values: Record<string, string> = {},
  ) => {
    const page = subscriptionMoneyPage(ctx, actorOf(req), idParam(req));
    res.status(status).render('treasury/subscription', {
      title: `${page.row.firstName} ${page.row.lastName} : ${page.row.contractName}`,
      ...page,
      errors,
      values,
      statusLabels: STATUS_LABELS,
      backUrl: req.originalUrl,
    });
  };
  router.get('/tresorerie/souscriptions/:id', (req, res) => renderSubscription(req, res));

  router.post('/tresorerie/souscriptions/:id/avoirs', (req, res) => {
    const id = idParam(req);
    const form = parseForm(creditForm, req.body);
    const values = { amount: String(req.body?.amount ?? ''), reason: String(req.body?.reason ?? '') };
    if (!form.ok) return renderSubscription(req, res, 422, form.errors, values);
    try {
      grantCredit(ctx, actorOf(req), id, form.data.amount, form.data.reason);
      flash(
        req,
        'success',
        `Avoir de ${formatEuros(form.data.amount)} enregistré ; les chèques encore attendus sont recalculés.`,
      );
      res.redirect(`/tresorerie/souscriptions/${id}`);
    } catch (e) {
      renderSubscription(req, res, 422, validationErrors(e), values);
    }
  });

  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  router.get('/tresorerie/souscriptions/:id/avoirs', (req, res) =>
    res.redirect(`/tresorerie/souscriptions/${idParam(req)}`),
  );
  return router;
}
