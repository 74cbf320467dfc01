import { formatDecimalEuros } from '../../lib/format.js';
import { Router, type Request, type Response } from 'express';
import { asc, eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { canManageProducer, canSeeProducer, isManager } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import { monthLabel, monthsLabel } from '../../domain/cheque-grouping.js';
import type { DeliverySpec } from '../../domain/delivery-calendar.js';
import { contractForm, deliveryGenerationForm, parseContractProducts, singleDateForm } from './contracts.forms.js';
import { catalogueOf, contractStats, listManagedContracts, manageableProducers } from './contracts.queries.js';
import { loadContract } from '../../read/contract-bundle.js';
import {
  archiveContract,
  archiveProblems,
  copyContract,
  createContract,
  openContract,
  openingProblems,
  requireManagedContract,
  setContractProducts,
  unpublishContract,
  updateContract,
} from './contracts.service.js';
import {
  addDelivery,
  addPaymentDate,
  cancelDelivery,
  generateDeliveries,
  removeDelivery,
  removePaymentDate,
  resetPaymentDates,
} from './contract-calendar.service.js';
import { windowState } from '../../domain/subscription-window.js';
import {
  contractSubscribers,
  storedSubscription,
  subscriptionSummary,
} from '../subscriptions/subscriptions.queries.js';
import { subscriptionFlow } from '../subscriptions/subscription-flow.js';
import { idParam } from '../../web/params.js';

const BASE = '/gestion/contrats';

/** Referents' side: their contracts, each contract's page, calendar, payment dates, subscriptions on behalf. */
export function contractRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(BASE, requireLogin, (req, _res, next) => {
    const a = actorOf(req);
    next(isManager(a) || a.roles.includes('treasurer') || a.producerOf.length ? undefined : new ForbiddenError());
  });
  const today = () => ctx.today();

  router.get(BASE, (req, res) => {
    const actor = actorOf(req);
    res.render('contracts/list', {
      title: 'Gestion des contrats',
      contracts: listManagedContracts(ctx.db, actor),
      canCreate: manageableProducers(ctx.db, actor).length > 0,
      today: today(),
    });
  });

  // --- create / edit ---
  const renderForm = (
    req: Request,
    res: Response,
    status: number,
    extra: { contractId?: number; values?: object; errors?: object },
  ) => {
    res.status(status).render('contracts/form', {
      title: extra.contractId ? 'Modifier le contrat' : 'Nouveau contrat',
      producers: manageableProducers(ctx.db, actorOf(req)),
      contractId: extra.contractId ?? null,
      values: extra.values ?? {},
      errors: extra.errors ?? {},
    });
  };

  router.get(`${BASE}/nouveau`, (req, res) => {
    if (manageableProducers(ctx.db, actorOf(req)).length === 0)
      throw new ForbiddenError('Vous n’êtes référent·e d’aucun producteur.');
    const t = today();
    renderForm(req, res, 200, {
      values: {
        kind: 'fixed',
        opensOn: t,
        closesOn: t,
        paymentsManaged: 'on',
        membersEditAmounts: 'on',
        paymentDay: '5',
        proposalRule: 'whole-euros',
        producerId: String(req.query.producteur ?? ''),
      },
    });
  });

  router.post(`${BASE}/nouveau`, (req, res) => {
    const form = parseForm(contractForm, req.body);
    if (!form.ok) return renderForm(req, res, 422, { values: formValues(req.body), errors: form.errors });
    try {
      const id = createContract(ctx, actorOf(req), form.data);
      flash(
        req,
        'success',
        'Contrat créé (brouillon, invisible des membres). Ajoutez les produits et les dates de livraison.',
      );
      res.redirect(`${BASE}/${id}`);
    } catch (e) {
      renderForm(req, res, 422, { values: formValues(req.body), errors: validationErrors(e) });
    }
  });

  router.get(`${BASE}/:id/modifier`, (req, res) => {
    const { contract: c } = requireManagedContract(ctx, actorOf(req), idParam(req));
    renderForm(req, res, 200, {
      contractId: c.id,
      values: {
        ...c,
        producerId: String(c.producerId),
        paymentDay: String(c.paymentDay),
        paymentsManaged: c.paymentsManaged ? 'on' : '',
        membersEditAmounts: c.membersEditAmounts ? 'on' : '',
        minCheque: c.minChequeCents === null ? '' : formatDecimalEuros(c.minChequeCents),
        description: c.description ?? '',
        memberInfo: c.memberInfo ?? '',
        paymentInfo: c.paymentInfo ?? '',
      },
    });
  });

  router.post(`${BASE}/:id/modifier`, (req, res) => {
    const id = idParam(req);
    requireManagedContract(ctx, actorOf(req), id);
    const form = parseForm(contractForm, req.body);
    if (!form.ok)
      return renderForm(req, res, 422, { contractId: id, values: formValues(req.body), errors: form.errors });
    try {
      updateContract(ctx, actorOf(req), id, form.data);
      flash(req, 'success', 'Contrat enregistré.');
      res.redirect(`${BASE}/${id}`);
    } catch (e) {
      renderForm(req, res, 422, { contractId: id, values: formValues(req.body), errors: validationErrors(e) });
    }
  });

  // --- the contract page ---
  const renderPage = (
    req: Request,
    res: Response,
    status = 200,
    errors: Record<string, string> = {},
    values: Record<string, string> = {},
  ) => {
    const actor = actorOf(req);
    const bundle = loadContract(ctx.db, idParam(req));
    if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
    if (!canSeeProducer(actor, bundle.contract.producerId))
      throw new ForbiddenError('Vous ne gérez pas les contrats de ce producteur.');
    const t = today();
    const canManage = canManageProducer(actor, bundle.contract.producerId);
    res.status(status).render('contracts/show', {
      title: bundle.contract.name,
      bundle,
      canManage,
      today: t,
      window: windowState(bundle.contract, t),
      stats: contractStats(ctx.db, bundle.contract.id),
      openingProblems: openingProblems(bundle),
      archiveProblems: bundle.contract.status === 'open' ? archiveProblems(ctx, bundle, t) : [],
      catalogue: canManage ? catalogueOf(ctx.db, bundle.contract.producerId) : [],
      subscribers: contractSubscribers(ctx.db, bundle.contract.id),
      activeMembers: canManage
        ? ctx.db
            .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
            .from(members)
            .where(eq(members.active, true))
            .orderBy(asc(members.lastName), asc(members.firstName))
            .all()
        : [],
      errors,
      values,
      monthLabel,
    });
  };

  router.get(`${BASE}/:id`, (req, res) => renderPage(req, res));

  /**
   * A POST action of the contract page: run, then back to the page (or where `run` says) with a
   * flash; refused rules re-render it.
   */
  const action = (path: string, run: (req: Request, id: number) => string | { message: string; to: string }) => {
    router.post(`${BASE}/:id/${path}`, (req, res) => {
      const id = idParam(req);
      try {
        const result = run(req, id);
        const { message, to } = typeof result === 'string' ? { message: result, to: `${BASE}/${id}` } : result;
        flash(req, 'success', message);
        res.redirect(to);
      } catch (e) {
        renderPage(req, res, 422, validationErrors(e), formValues(req.body));
      }
    });
  };

  action('produits', (req, id) => {
    const bundle = requireManagedContract(ctx, actorOf(req), id);
    const parsed = parseContractProducts(req.body ?? {}, catalogueOf(ctx.db, bundle.contract.producerId));
    if (!parsed.ok) throw formError(parsed.errors);
    setContractProducts(ctx, actorOf(req), id, parsed.products);
    return 'Produits et prix enregistrés.';
  });

  action('livraisons/generer', (req, id) => {
    const form = parseForm(deliveryGenerationForm, req.body);
    if (!form.ok) throw formError(form.errors);
    const { from, to, frequency, weekday, nth } = form.data;
    const spec: DeliverySpec =
      frequency === 'monthly'
        ? { from, to, frequency, weekday, nth: nth as 1 | 2 | 3 | 4 | 5 }
        : { from, to, frequency, weekday };
    const n = generateDeliveries(ctx, actorOf(req), id, spec);
    return n === 0
      ? 'Ces dates étaient déjà au calendrier.'
      : `${n} date${n > 1 ? 's' : ''} de livraison ajoutée${n > 1 ? 's' : ''}.`;
  });
  action('livraisons/ajouter', (req, id) => {
    const form = parseForm(singleDateForm, req.body);
    if (!form.ok) throw formError(form.errors);
    addDelivery(ctx, actorOf(req), id, form.data.date);
    return 'Date de livraison ajoutée.';
  });
  action('livraisons/:deliveryId/supprimer', (req, id) => {
    removeDelivery(ctx, actorOf(req), id, idParam(req, 'deliveryId'));
    return 'Date de livraison supprimée.';
  });
  action('livraisons/:deliveryId/annuler', (req, id) => {
    const n = cancelDelivery(ctx, actorOf(req), id, idParam(req, 'deliveryId'));
    return `Livraison annulée. ${n} membre${n > 1 ? 's' : ''} concerné${n > 1 ? 's' : ''} : totaux et chèques recalculés, un e-mail les prévient.`;
  });
  action('encaissements/defaut', (req, id) => {
    resetPaymentDates(ctx, actorOf(req), id);
    return 'Dates d’encaissement recalculées : une par mois.';
  });
  action('encaissements/ajouter', (req, id) => {
    // Its own field name: the page has a delivery date field called `date` too.
    const form = parseForm(singleDateForm, { date: req.body?.dueOn });
    if (!form.ok) throw formError({ dueOn: form.errors.date ?? Object.values(form.errors)[0] });
    addPaymentDate(ctx, actorOf(req), id, form.data.date);
    return 'Date d’encaissement ajoutée.';
  });
  action('encaissements/:paymentDateId/supprimer', (req, id) => {
    removePaymentDate(ctx, actorOf(req), id, idParam(req, 'paymentDateId'));
    return 'Date d’encaissement retirée.';
  });
  action('ouvrir', (req, id) => {
    openContract(ctx, actorOf(req), id);
    return 'Contrat ouvert : les membres le voient et peuvent souscrire pendant la période de souscription.';
  });
  action('brouillon', (req, id) => {
    unpublishContract(ctx, actorOf(req), id);
    return 'Contrat repassé en brouillon : les membres ne le voient plus.';
  });
  action('archiver', (req, id) => {
    archiveContract(ctx, actorOf(req), id);
    return 'Contrat archivé.';
  });
  action('copier', (req, id) => ({
    message:
      'Copie pour la saison suivante créée (brouillon) : vérifiez les dates, les prix et la période de souscription, puis ouvrez-la.',
    to: `${BASE}/${copyContract(ctx, actorOf(req), id)}`,
  }));

  // --- subscriptions on behalf of a member ---
  router.get(`${BASE}/:id/souscription`, (req, res) => {
    const id = idParam(req);
    requireManagedContract(ctx, actorOf(req), id);
    const memberId = Number(req.query.membre);
    if (!Number.isSafeInteger(memberId) || memberId <= 0) {
      flash(req, 'error', 'Choisissez un membre.');
      return res.redirect(`${BASE}/${id}`);
    }
    res.redirect(`${BASE}/${id}/membres/${memberId}/souscrire`);
  });

  router.get(`${BASE}/:id/membres/:memberId`, (req, res) => {
    const bundle = requireManagedContract(ctx, actorOf(req), idParam(req));
    const memberId = idParam(req, 'memberId');
    const member = ctx.db
      .select({
        id: members.id,
        firstName: members.firstName,
        lastName: members.lastName,
        email: members.email,
        phone: members.phone,
        active: members.active,
      })
      .from(members)
      .where(eq(members.id, memberId))
      .get();
    const stored = member ? storedSubscription(ctx.db, bundle.contract.id, memberId) : null;
    // A referent may act for any active member, and sees those who subscribed to this contract;
    // not the contact details of inactive members with nothing here.
    if (!member || (!member.active && !stored)) throw new NotFoundError('Ce membre n’existe pas.');
    res.render('contracts/subscription', {
      title: `${member.firstName} ${member.lastName} : ${bundle.contract.name}`,
      bundle,
      member,
      stored,
      summary: stored && stored.status === 'active' ? subscriptionSummary(ctx.db, bundle, stored) : null,
      monthsLabel,
    });
  });

  subscriptionFlow(router, ctx, {
    path: `${BASE}/:id/membres/:memberId`,
    base: (req) => `${BASE}/${idParam(req)}/membres/${idParam(req, 'memberId')}`,
    memberId: (req) => idParam(req, 'memberId'),
    done: (req) => `${BASE}/${idParam(req)}/membres/${idParam(req, 'memberId')}`,
    back: (req) => `${BASE}/${idParam(req)}`,
  });
  return router;
}

function formError(errors: Record<string, string>): ValidationError {
  return new ValidationError(errors);
}
