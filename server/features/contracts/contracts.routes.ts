import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { mayOnSomeProducer } from '../../domain/access.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import { monthLabel, monthsLabel } from '../../domain/cheque-grouping.js';
import type { DeliverySpec } from '../../domain/delivery-calendar.js';
import { contractForm, deliveryGenerationForm, singleDateForm } from './contracts.forms.js';
import {
  contractFormPage,
  contractListPage,
  contractPage,
  memberSubscriptionPage,
  subscribeForPage,
} from './contract-pages.queries.js';
import {
  archiveContract,
  copyContract,
  createContract,
  openContract,
  requireManagedContract,
  unpublishContract,
  updateContract,
} from './contracts.service.js';
import { saveContractProducts } from './contract-products.service.js';
import {
  addDelivery,
  addPaymentDate,
  cancelDelivery,
  generateDeliveries,
  removeDelivery,
  removePaymentDate,
  resetPaymentDates,
} from './contract-calendar.service.js';
import { subscriptionFlow } from '../subscriptions/subscription-flow.js';
import { idParam, parseId } from '../../web/params.js';
import { producerSheetStatus } from '../reminders/reminders.queries.js';

const BASE = '/gestion/contrats';

/** Referents' side: their contracts, each contract's page, calendar, payment dates, subscriptions on behalf. */
export function contractRoutes(ctx: Ctx): Router {
  const router = Router();
  // Referents, the treasurer and producers' accounts read contracts; each page checks which ones.
  router.use(BASE, requireLogin, (req, _res, next) =>
    next(mayOnSomeProducer(actorOf(req), 'see-orders') ? undefined : new ForbiddenError()),
  );

  router.get(BASE, (req, res) => {
    res.render('contracts/list', { title: 'Gestion des contrats', ...contractListPage(ctx, actorOf(req)) });
  });

  // --- create / edit ---
  const renderForm = (
    req: Request,
    res: Response,
    status: number,
    contractId: number | null,
    form: { values?: object; errors?: object } = {},
  ) => {
    const page = contractFormPage(ctx, actorOf(req), contractId, parseId(req.query.producteur));
    res.status(status).render('contracts/form', {
      title: contractId ? 'Modifier le contrat' : 'Nouveau contrat',
      producers: page.producers,
      contractId: page.contractId,
      defaultConditions: page.defaultConditions,
      values: form.values ?? page.values,
      errors: form.errors ?? {},
    });
  };

  router.get(`${BASE}/nouveau`, (req, res) => renderForm(req, res, 200, null));

  router.post(`${BASE}/nouveau`, (req, res) => {
    const form = parseForm(contractForm, req.body);
    if (!form.ok) return renderForm(req, res, 422, null, { values: formValues(req.body), errors: form.errors });
    try {
      const id = createContract(ctx, actorOf(req), form.data);
      flash(
        req,
        'success',
        'Contrat créé (brouillon, invisible des membres). Ajoutez les produits et les dates de livraison.',
      );
      res.redirect(`${BASE}/${id}`);
    } catch (e) {
      renderForm(req, res, 422, null, { values: formValues(req.body), errors: validationErrors(e) });
    }
  });

  router.get(`${BASE}/:id/modifier`, (req, res) => renderForm(req, res, 200, idParam(req)));

  router.post(`${BASE}/:id/modifier`, (req, res) => {
    const id = idParam(req);
    const form = parseForm(contractForm, req.body);
    if (!form.ok) return renderForm(req, res, 422, id, { values: formValues(req.body), errors: form.errors });
    try {
      updateContract(ctx, actorOf(req), id, form.data);
      flash(req, 'success', 'Contrat enregistré.');
      res.redirect(`${BASE}/${id}`);
    } catch (e) {
      renderForm(req, res, 422, id, { values: formValues(req.body), errors: validationErrors(e) });
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
    const page = contractPage(ctx, actorOf(req), idParam(req));
    res.status(status).render('contracts/show', {
      title: page.bundle.contract.name,
      ...page,
      producerSheet: producerSheetStatus(ctx, page.bundle.contract.id, page.documents.nextDelivery),
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
    saveContractProducts(ctx, actorOf(req), id, req.body ?? {});
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
    const n = generateDeliveries(ctx, actorOf(req), id, spec, { dateConfirmed: req.body?.confirmDates === 'on' });
    return n === 0
      ? 'Ces dates étaient déjà au calendrier.'
      : `${n} date${n > 1 ? 's' : ''} de livraison ajoutée${n > 1 ? 's' : ''}.`;
  });
  action('livraisons/ajouter', (req, id) => {
    const form = parseForm(singleDateForm, req.body);
    if (!form.ok) throw formError(form.errors);
    addDelivery(ctx, actorOf(req), id, form.data.date, { dateConfirmed: req.body?.confirmDate === 'on' });
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
  // The contract page's search: a few letters of a member's name.
  router.get(`${BASE}/:id/souscription`, (req, res) => {
    const id = idParam(req);
    // A member already chosen (a link kept from the former list of names): straight to the form.
    if (req.query.membre !== undefined) {
      requireManagedContract(ctx, actorOf(req), id);
      const memberId = parseId(req.query.membre);
      if (memberId === null) {
        flash(req, 'error', 'Choisissez un membre.');
        return res.redirect(`${BASE}/${id}`);
      }
      return res.redirect(`${BASE}/${id}/membres/${memberId}/souscrire`);
    }
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const page = subscribeForPage(ctx, actorOf(req), id, q);
    if (page.bundle.contract.status !== 'open') {
      flash(req, 'error', 'Ce contrat n’est pas ouvert : on ne peut pas y souscrire.');
      return res.redirect(`${BASE}/${id}`);
    }
    if (page.found === null) {
      flash(req, 'error', 'Tapez quelques lettres du nom du membre pour qui souscrire.');
      return res.redirect(`${BASE}/${id}#souscriptions`);
    }
    res.render('contracts/subscribe-for', {
      title: `Souscrire pour un membre : ${page.bundle.contract.name}`,
      ...page,
    });
  });

  router.get(`${BASE}/:id/membres/:memberId`, (req, res) => {
    const page = memberSubscriptionPage(ctx, actorOf(req), idParam(req), idParam(req, 'memberId'));
    res.render('contracts/subscription', {
      title: `${page.member.firstName} ${page.member.lastName} : ${page.bundle.contract.name}`,
      ...page,
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
  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  for (const path of [
    'produits',
    'livraisons/generer',
    'livraisons/ajouter',
    'livraisons/:deliveryId/supprimer',
    'livraisons/:deliveryId/annuler',
    'encaissements/defaut',
    'encaissements/ajouter',
    'encaissements/:paymentDateId/supprimer',
    'ouvrir',
    'brouillon',
    'archiver',
    'copier',
  ])
    router.get(`${BASE}/:id/${path}`, (req, res) => res.redirect(`${BASE}/${idParam(req)}`));
  return router;
}

function formError(errors: Record<string, string>): ValidationError {
  return new ValidationError(errors);
}
