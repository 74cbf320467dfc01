import { Router, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { members, subscriptions } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { STATUS_LABELS } from '../../domain/cheque-status.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { parseForm, validationErrors } from '../../web/forms.js';
import { formatDateNumeric, formatEuros } from '../../lib/format.js';
import { auditLabel } from '../audit/audit-labels.js';
import { loadContract } from '../../read/contract-bundle.js';
import { receiveCheques, returnCheque, undoReception } from './cheques.service.js';
import { createHandover, undoHandover } from './handovers.service.js';
import { grantCredit } from './credits.service.js';
import { mailHandoverSlip } from './handover-mail.service.js';
import { canHandleMoney, moneyScope } from './treasury-access.js';
import { creditForm, parseReceptions, reasonForm, receptionFilterQuery } from './treasury.forms.js';
import {
  chequeLines,
  contractReception,
  creditsOf,
  handoverCheques,
  handoverPreview,
  latestMoneyEntries,
  listHandovers,
  memberChequesByPayee,
  moneyContracts,
  paymentDateProgress,
  producerMonthTotals,
  searchMembersWithCheques,
  subscriptionBalances,
} from './treasury.queries.js';
import { idParam } from '../../web/params.js';

/** A local path to come back to after an action (never another site: browsers read "/\\x" as "//x"). */
function backTo(req: Request, fallback: string): string {
  const b = String(req.body?.back ?? '');
  return /^\/(?![/\\])/.test(b) ? b : fallback;
}

/** /tresorerie: cheque reception, handovers, balances and credits (treasurer; referents for their producers). */
export function treasuryRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/tresorerie', requireLogin, (req, _res, next) =>
    next(canHandleMoney(actorOf(req)) ? undefined : new ForbiddenError()),
  );
  const today = () => ctx.today();

  router.get('/tresorerie', (req, res) => {
    const scope = moneyScope(actorOf(req));
    const t = today();
    res.render('treasury/home', {
      title: 'Trésorerie',
      progress: paymentDateProgress(ctx.db, scope, addDays(t, -45), addDays(t, 45)),
      months: producerMonthTotals(ctx.db, scope, addDays(t, -100), addDays(t, 100)),
      // The journal is AMAP-wide: referents see only their producers' figures above.
      entries: scope === null ? latestMoneyEntries(ctx.db, 15) : [],
      showJournal: scope === null,
      auditLabel,
      today: t,
      owed: subscriptionBalances(ctx.db, scope).filter((s) => s.balance.owedBackCents > 0).length,
    });
  });

  // --- reception at the distribution table: find the member, tick their cheques ---
  router.get('/tresorerie/reception', (req, res) => {
    const scope = moneyScope(actorOf(req));
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 60) : '';
    const memberId = Number(req.query.membre);
    const member =
      Number.isSafeInteger(memberId) && memberId > 0
        ? (ctx.db
            .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
            .from(members)
            .where(eq(members.id, memberId))
            .get() ?? null)
        : null;
    const found = q ? searchMembersWithCheques(ctx.db, scope, q) : [];
    // One result: straight to that member's cheques.
    if (!member && found.length === 1) return res.redirect(`/tresorerie/reception?membre=${found[0].id}`);
    const payees = member ? memberChequesByPayee(ctx.db, scope, member.id) : [];
    res.render('treasury/reception', {
      title: 'Réception des chèques',
      q,
      found,
      payees,
      // Someone with no cheque in the actor's scope is not shown (not even their name).
      member: member && (payees.length > 0 || scope === null) ? member : null,
    });
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
      const who = typeof req.body?.memberName === 'string' ? ` de ${req.body.memberName}` : '';
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
    res.render('treasury/contracts', {
      title: 'Chèques par contrat',
      contracts: moneyContracts(ctx.db, moneyScope(actorOf(req))),
    });
  });

  router.get('/tresorerie/contrats/:id', (req, res) => {
    const bundle = loadContract(ctx.db, idParam(req));
    if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
    if (!canHandleMoney(actorOf(req), bundle.contract.producerId))
      throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
    const filter = receptionFilterQuery.parse(req.query);
    res.render('treasury/contract-reception', {
      title: `Chèques : ${bundle.contract.name}`,
      bundle,
      filter: { missingOnly: filter.manquants, dueUpTo: filter.jusqua ?? null },
      rows: contractReception(ctx.db, bundle.contract.id, {
        missingOnly: filter.manquants,
        dueUpTo: filter.jusqua ?? null,
      }),
      statusLabels: STATUS_LABELS,
      backUrl: req.originalUrl,
    });
  });

  // --- handovers ---
  router.get('/tresorerie/remises', (req, res) => {
    const scope = moneyScope(actorOf(req));
    res.render('treasury/handovers', {
      title: 'Remises aux producteurs',
      handovers: listHandovers(ctx.db, scope),
      contracts: moneyContracts(ctx.db, scope),
    });
  });

  const renderPreview = (req: Request, res: Response, status = 200, errors: Record<string, string> = {}) => {
    const contractId = Number(req.query.contrat ?? req.body?.contractId);
    const bundle = Number.isSafeInteger(contractId) && contractId > 0 ? loadContract(ctx.db, contractId) : null;
    if (!bundle) throw new NotFoundError('Choisissez un contrat.');
    if (!canHandleMoney(actorOf(req), bundle.contract.producerId))
      throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
    const t = today();
    const requested = Number(req.query.date ?? req.body?.paymentDateId);
    // Default: the latest payment date already due, else the first one.
    const due = bundle.paymentDates.filter((p) => p.dueOn <= t);
    const date = bundle.paymentDates.find((p) => p.id === requested) ?? due[due.length - 1] ?? bundle.paymentDates[0];
    if (!date) throw new NotFoundError('Ce contrat n’a pas de date d’encaissement.');
    res.status(status).render('treasury/handover-new', {
      title: `Remise : ${bundle.producer.name}`,
      bundle,
      date,
      preview: handoverPreview(ctx.db, bundle.contract.id, date.id),
      errors,
    });
  };
  router.get('/tresorerie/remises/nouvelle', (req, res) => renderPreview(req, res));

  router.post('/tresorerie/remises', (req, res) => {
    const contractId = Number(req.body?.contractId);
    const paymentDateId = Number(req.body?.paymentDateId);
    try {
      const h = createHandover(
        ctx,
        actorOf(req),
        contractId,
        paymentDateId,
        typeof req.body?.note === 'string' ? req.body.note.slice(0, 500) : null,
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
    const [h] = listHandovers(ctx.db, null, idParam(req));
    if (!h) throw new NotFoundError('Cette remise n’existe pas.');
    if (!canHandleMoney(actorOf(req), h.producerId))
      throw new ForbiddenError('Cette remise ne concerne pas vos producteurs.');
    const bundle = loadContract(ctx.db, h.contractId)!;
    res.render('treasury/handover', {
      title: `Remise du ${formatDateNumeric(h.handedOverOn)}`,
      h,
      bundle,
      cheques: handoverCheques(ctx.db, h.id),
    });
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
    const all = subscriptionBalances(ctx.db, moneyScope(actorOf(req)));
    res.render('treasury/balances', {
      title: 'Soldes',
      owed: all.filter((s) => s.balance.owedBackCents > 0),
      unbalanced: all.filter(
        (s) => s.status === 'active' && s.balance.owedBackCents === 0 && s.balance.unscheduledCents !== 0,
      ),
    });
  });

  const renderSubscription = (
    req: Request,
    res: Response,
    status = 200,
    errors: Record<string, string> = {},
    values: Record<string, string> = {},
  ) => {
    const [row] = subscriptionBalances(ctx.db, moneyScope(actorOf(req)), { subscriptionId: idParam(req) });
    if (!row) throw new NotFoundError('Cette souscription n’existe pas ou ne vous concerne pas.');
    res.status(status).render('treasury/subscription', {
      title: `${row.firstName} ${row.lastName} : ${row.contractName}`,
      row,
      errors,
      values,
      cheques: chequeLines(ctx.db, null, eq(subscriptions.id, row.subscriptionId)),
      credits: creditsOf(ctx.db, row.subscriptionId),
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

  return router;
}
