import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors, type FieldErrors } from '../../web/forms.js';
import {
  accountForm,
  centsToInput,
  newProducerForm,
  notifyForm,
  producerForm,
  productForm,
  referentForm,
} from './producers.forms.js';
import {
  findProducer,
  producerForMembers,
  producerListPage,
  producerPage,
  type ProducerRow,
} from './producers.queries.js';
import {
  addProducerAccount,
  addReferent,
  createProducer,
  removeProducerAccount,
  removeReferent,
  setProducerActive,
  setReferentNotify,
  updateProducer,
} from './producers.service.js';
import { createProduct, requireProduct, setProductActive, updateProduct } from './products.service.js';
import { idParam } from '../../web/params.js';
import { parenthesized } from '../../lib/format.js';

/** Administrators and the referents of the producer in the URL; others get the 403 page. */
const managesProducer: RequestHandler = (req, _res, next) => {
  const id = idParam(req, 'id');
  next(may(actorOf(req), 'manage-contracts', { type: 'producer', producerId: id }) ? undefined : new ForbiddenError());
};

/*
 * The forms of the long producer page post to a URL ending with their section (#ajouter-produit…), so
 * that a refused form re-renders scrolled to its errors; their success redirects end with #top
 * (the top of the page, where the flash is), since a redirect without fragment keeps the form's.
 */
interface PageForm {
  values?: Record<string, string>;
  errors?: FieldErrors;
}
type RenderProducerPage = (req: Request, res: Response, id: number, status?: number, form?: PageForm) => void;

function detailsValues(p: ProducerRow): Record<string, string> {
  return {
    name: p.name,
    description: p.description ?? '',
    email: p.email ?? '',
    phone: p.phone ?? '',
    address: p.address ?? '',
    payee: p.payee,
  };
}

/**
 * /producteurs: producers, their catalogue of products, referents and producer accounts.
 * Administrators manage everything; a referent manages the details and catalogue of their producers.
 */
export function producerRoutes(ctx: Ctx): Router {
  const router = Router();
  const adminOnly = requireAccess('administer');
  router.use('/producteurs', requireLogin);

  router.get('/producteurs', (req, res) => {
    res.render('producers/list', { title: 'Producteurs', ...producerListPage(ctx.db, actorOf(req)) });
  });

  // --- create (administrators) ---
  const renderNew = (res: Response, status = 200, form: PageForm = {}) =>
    res
      .status(status)
      .render('producers/new', { title: 'Nouveau producteur', values: form.values ?? {}, errors: form.errors ?? {} });

  router.get('/producteurs/nouveau', ...requireAccess('create-producers'), (_req, res) => renderNew(res));

  router.post('/producteurs/nouveau', ...requireAccess('create-producers'), (req, res) => {
    const form = parseForm(newProducerForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderNew(res, 422, { errors: form.errors, values });
    try {
      const id = createProducer(ctx, actorOf(req), form.data);
      flash(req, 'success', `${form.data.name} est ajouté. Ajoutez maintenant ses produits.`);
      res.redirect(`/producteurs/${id}`);
    } catch (e) {
      renderNew(res, 422, { errors: validationErrors(e), values });
    }
  });

  // --- the producer page ---
  const renderPage: RenderProducerPage = (req, res, id, status = 200, form = {}) => {
    const page = producerPage(ctx.db, actorOf(req), id);
    if (!page) throw new NotFoundError('Ce producteur n’existe pas.');
    res.status(status).render('producers/show', {
      title: page.producer.name,
      ...page,
      centsToInput,
      values: { ...detailsValues(page.producer), notify: 'on', ...form.values },
      errors: form.errors ?? {},
    });
  };

  // Those who manage the producer get its management page; every other member its presentation.
  router.get('/producteurs/:id', (req, res) => {
    const id = idParam(req, 'id');
    if (may(actorOf(req), 'manage-contracts', { type: 'producer', producerId: id })) return renderPage(req, res, id);
    const page = producerForMembers(ctx.db, id, ctx.today());
    if (!page) throw new NotFoundError('Ce producteur n’existe pas.');
    res.render('producers/public', { title: page.producer.name, ...page });
  });

  router.post('/producteurs/:id', managesProducer, (req, res) => {
    const id = idParam(req, 'id');
    const form = parseForm(producerForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderPage(req, res, id, 422, { errors: form.errors, values });
    try {
      updateProducer(ctx, actorOf(req), id, form.data);
      flash(req, 'success', 'Coordonnées du producteur enregistrées.');
      res.redirect(`/producteurs/${id}#top`);
    } catch (e) {
      renderPage(req, res, id, 422, { errors: validationErrors(e), values });
    }
  });

  /** Small actions of the producer page: each redirects back with a flash saying what happened or why not. */
  const action = (path: string, guard: RequestHandler[], run: (req: Request, id: number) => string) => {
    router.post(`/producteurs/:id/${path}`, ...guard, (req, res) => {
      const id = idParam(req, 'id');
      try {
        flash(req, 'success', run(req, id));
      } catch (e) {
        flash(req, 'error', Object.values(validationErrors(e)).join(' '));
      }
      res.redirect(`/producteurs/${id}`);
    });
  };

  action('desactiver', adminOnly, (req, id) => {
    setProducerActive(ctx, actorOf(req), id, false);
    return 'Producteur désactivé : son catalogue et son historique sont gardés.';
  });
  action('reactiver', adminOnly, (req, id) => {
    setProducerActive(ctx, actorOf(req), id, true);
    return 'Producteur réactivé.';
  });

  // --- referents and producer accounts (administrators): a <select> of members, re-rendered with 422 when empty ---
  router.post('/producteurs/:id/referents', ...adminOnly, (req, res) => {
    const id = idParam(req, 'id');
    const values = { ...formValues(req.body), notify: req.body?.notify ? 'on' : '' };
    const form = parseForm(referentForm, req.body);
    if (!form.ok) return renderPage(req, res, id, 422, { errors: form.errors, values });
    try {
      const r = addReferent(ctx, actorOf(req), id, form.data.referentId, form.data.notify);
      flash(
        req,
        r.added ? 'success' : 'info',
        r.added
          ? `${r.name} est maintenant référent·e de ce producteur.`
          : `${r.name} était déjà référent·e de ce producteur.`,
      );
      res.redirect(`/producteurs/${id}#top`);
    } catch (e) {
      renderPage(req, res, id, 422, { errors: validationErrors(e), values });
    }
  });

  action('referents/:memberId/notifications', adminOnly, (req, id) => {
    const { notify } = notifyForm.parse(req.body ?? {});
    const name = setReferentNotify(ctx, actorOf(req), id, idParam(req, 'memberId'), notify);
    return notify
      ? `${name} recevra les mails de ce producteur.`
      : `${name} ne recevra plus les mails de ce producteur.`;
  });
  action(
    'referents/:memberId/retirer',
    adminOnly,
    (req, id) =>
      `${removeReferent(ctx, actorOf(req), id, idParam(req, 'memberId'))} n’est plus référent·e de ce producteur.`,
  );

  router.post('/producteurs/:id/comptes', ...adminOnly, (req, res) => {
    const id = idParam(req, 'id');
    const values = formValues(req.body);
    const form = parseForm(accountForm, req.body);
    if (!form.ok) return renderPage(req, res, id, 422, { errors: form.errors, values });
    try {
      const r = addProducerAccount(ctx, actorOf(req), id, form.data.accountId);
      flash(
        req,
        r.added ? 'success' : 'info',
        r.added
          ? `${r.name} a maintenant un compte producteur : accès en lecture aux contrats et documents de ce producteur.`
          : `${r.name} avait déjà un compte pour ce producteur.`,
      );
      res.redirect(`/producteurs/${id}#top`);
    } catch (e) {
      renderPage(req, res, id, 422, { errors: validationErrors(e), values });
    }
  });

  action(
    'comptes/:memberId/retirer',
    adminOnly,
    (req, id) =>
      `${removeProducerAccount(ctx, actorOf(req), id, idParam(req, 'memberId'))} n’a plus de compte pour ce producteur.`,
  );

  // --- the catalogue: add, edit, deactivate / reactivate (never delete: contracts refer to products) ---
  router.post('/producteurs/:id/produits', managesProducer, (req, res) => {
    const id = idParam(req, 'id');
    const form = parseForm(productForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderPage(req, res, id, 422, { errors: form.errors, values });
    try {
      createProduct(ctx, actorOf(req), id, form.data);
      flash(req, 'success', `Produit ajouté : ${form.data.name} ${parenthesized(form.data.unit)}.`);
      res.redirect(`/producteurs/${id}#top`);
    } catch (e) {
      renderPage(req, res, id, 422, { errors: validationErrors(e), values });
    }
  });

  const renderProduct = (res: Response, id: number, productId: number, status = 200, form: PageForm = {}) => {
    const product = requireProduct(ctx, id, productId);
    const producer = findProducer(ctx.db, id)!;
    res.status(status).render('producers/product-edit', {
      title: `${product.name} · ${producer.name}`,
      producer,
      product,
      values: form.values ?? {
        productName: product.name,
        unit: product.unit,
        price: centsToInput(product.defaultPriceCents),
      },
      errors: form.errors ?? {},
    });
  };

  router.get('/producteurs/:id/produits/:productId', managesProducer, (req, res) =>
    renderProduct(res, idParam(req, 'id'), idParam(req, 'productId')),
  );

  router.post('/producteurs/:id/produits/:productId', managesProducer, (req, res) => {
    const id = idParam(req, 'id');
    const productId = idParam(req, 'productId');
    const form = parseForm(productForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderProduct(res, id, productId, 422, { errors: form.errors, values });
    try {
      updateProduct(ctx, actorOf(req), id, productId, form.data);
      flash(req, 'success', `Produit enregistré : ${form.data.name} ${parenthesized(form.data.unit)}.`);
      res.redirect(`/producteurs/${id}`);
    } catch (e) {
      renderProduct(res, id, productId, 422, { errors: validationErrors(e), values });
    }
  });

  action('produits/:productId/desactiver', [managesProducer], (req, id) => {
    const p = setProductActive(ctx, actorOf(req), id, idParam(req, 'productId'), false);
    return `${p.name} ${parenthesized(p.unit)} est désactivé : il reste au catalogue mais n’est plus proposé dans les nouveaux contrats.`;
  });
  action('produits/:productId/reactiver', [managesProducer], (req, id) => {
    const p = setProductActive(ctx, actorOf(req), id, idParam(req, 'productId'), true);
    return `${p.name} ${parenthesized(p.unit)} est de nouveau proposé.`;
  });

  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  for (const path of ['produits', 'referents', 'comptes'])
    router.get(`/producteurs/:id/${path}`, managesProducer, (req, res) => res.redirect(`/producteurs/${idParam(req)}`));
  return router;
}
