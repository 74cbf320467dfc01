import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import type { SqliteSessionStore } from '../../web/session-store.js';
import { memberForm, memberListQuery, rolesForm } from './members.forms.js';
import { countMembers, listMembers } from './members.queries.js';
import { memberPage } from './member-page.queries.js';
import { METHOD_LABELS } from '../memberships/memberships.forms.js';
import { displayName } from '../../lib/format.js';
import {
  createMember,
  deleteMember,
  inviteMember,
  setMemberActive,
  setMemberRoles,
  updateMember,
} from './members.service.js';
import { importMembers, newImportId, previewMemberImport } from './members-import.service.js';
import { idParam } from '../../web/params.js';

/** /admin/membres: the administrator's member management (list, edit, roles, invitations, CSV). */
export function memberAdminRoutes(ctx: Ctx, sessions: SqliteSessionStore): Router {
  const router = Router();
  router.use('/admin/membres', ...requireAccess('administer'));

  router.get('/admin/membres', (req, res) => {
    const query = memberListQuery.parse(req.query);
    res.render('members/list', {
      title: 'Membres',
      query,
      members: listMembers(ctx.db, query),
      counts: countMembers(ctx.db),
    });
  });

  // The CSV export (/admin/membres/export.csv) is served by documents/documents.routes.ts.

  // --- create ---
  const renderNew = (res: Response, status = 200, extra: object = {}) =>
    res.status(status).render('members/new', { title: 'Nouveau membre', values: { sendInvitation: 'on' }, ...extra });

  router.get('/admin/membres/nouveau', (_req, res) => renderNew(res));

  router.post('/admin/membres/nouveau', (req, res) => {
    const form = parseForm(memberForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderNew(res, 422, { errors: form.errors, values });
    try {
      const id = createMember(ctx, actorOf(req), form.data);
      flash(
        req,
        'success',
        form.data.sendInvitation && form.data.email
          ? `${form.data.firstName} ${form.data.lastName} est ajouté·e ; l’invitation part vers ${form.data.email}.`
          : `${form.data.firstName} ${form.data.lastName} est ajouté·e.`,
      );
      res.redirect(`/admin/membres/${id}`);
    } catch (e) {
      renderNew(res, 422, { errors: validationErrors(e), values });
    }
  });

  // --- CSV import: upload → preview → import ---
  router.get('/admin/membres/import', (_req, res) => res.render('members/import', { title: 'Importer des membres' }));

  router.post('/admin/membres/import/apercu', (req, res) => {
    const content = req.file ? req.file.buffer.toString('utf8') : String(req.body?.csv ?? '');
    if (!content.trim()) {
      return res
        .status(422)
        .render('members/import', { title: 'Importer des membres', errors: { fichier: 'Choisissez un fichier CSV.' } });
    }
    try {
      const preview = previewMemberImport(ctx, content);
      res.render('members/import-preview', {
        title: 'Aperçu de l’import',
        preview,
        csv: content,
        importId: newImportId(),
      });
    } catch (e) {
      res.status(422).render('members/import', { title: 'Importer des membres', errors: validationErrors(e) });
    }
  });

  router.post('/admin/membres/import', (req, res) => {
    const content = String(req.body?.csv ?? '');
    const importId = String(req.body?.importId ?? '');
    if (!content || !/^[0-9a-f]{24}$/.test(importId)) {
      return res.status(422).render('members/import', {
        title: 'Importer des membres',
        errors: { fichier: 'Aperçu manquant : envoyez à nouveau le fichier.' },
      });
    }
    try {
      const result = importMembers(ctx, actorOf(req), content, importId);
      flash(
        req,
        'success',
        `${result.imported} membre${result.imported > 1 ? 's' : ''} importé${result.imported > 1 ? 's' : ''}` +
          (result.skipped
            ? `, ${result.skipped} ligne${result.skipped > 1 ? 's' : ''} écartée${result.skipped > 1 ? 's' : ''}.`
            : '.'),
      );
      res.redirect('/admin/membres');
    } catch (e) {
      res.status(422).render('members/import', { title: 'Importer des membres', errors: validationErrors(e) });
    }
  });

  // --- one member: the record, and what they have with the AMAP ---
  const renderEdit = (res: Response, id: number, status = 200, extra: { errors?: object; values?: object } = {}) => {
    const page = memberPage(ctx.db, id);
    if (!page) throw new NotFoundError('Ce membre n’existe pas.');
    res.status(status).render('members/show', {
      title: displayName(page.member),
      ...page,
      methodLabels: METHOD_LABELS,
      values: extra.values ?? page.member,
      errors: extra.errors ?? {},
    });
  };

  router.get('/admin/membres/:id', (req, res) => renderEdit(res, idParam(req)));

  router.post('/admin/membres/:id', (req, res) => {
    const id = idParam(req);
    const form = parseForm(memberForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderEdit(res, id, 422, { errors: form.errors, values });
    try {
      const { sendInvitation: _ignored, ...contact } = form.data;
      updateMember(ctx, actorOf(req), id, contact);
      flash(req, 'success', 'Fiche enregistrée.');
      res.redirect(`/admin/membres/${id}`);
    } catch (e) {
      renderEdit(res, id, 422, { errors: validationErrors(e), values });
    }
  });

  /** Actions of the member page: each redirects back with a flash saying what happened or why not. */
  const action = (
    path: string,
    run: (req: Request, id: number) => string,
    after: (id: number) => string = (id) => `/admin/membres/${id}`,
  ) => {
    router.post(`/admin/membres/:id/${path}`, (req, res) => {
      const id = idParam(req);
      try {
        flash(req, 'success', run(req, id));
        res.redirect(after(id));
      } catch (e) {
        const errors = validationErrors(e);
        flash(req, 'error', Object.values(errors).join(' '));
        res.redirect(`/admin/membres/${id}`);
      }
    });
  };

  action(
    'invitation',
    (req, id) => `Invitation envoyée à ${inviteMember(ctx, actorOf(req), id)} (lien valable 7 jours).`,
  );
  action('desactiver', (req, id) => {
    setMemberActive(ctx, actorOf(req), id, false, sessions);
    return 'Membre désactivé : il ne peut plus se connecter.';
  });
  action('reactiver', (req, id) => {
    setMemberActive(ctx, actorOf(req), id, true);
    return 'Membre réactivé.';
  });
  action('roles', (req, id) => {
    const roles = rolesForm.parse(req.body ?? {});
    setMemberRoles(ctx, actorOf(req), id, roles);
    return 'Rôles enregistrés.';
  });
  action(
    'supprimer',
    (req, id) => `${deleteMember(ctx, actorOf(req), id)} est supprimé·e.`,
    () => '/admin/membres',
  );

  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  router.get('/admin/membres/import/apercu', (_req, res) => res.redirect('/admin/membres/import'));
  return router;
}
