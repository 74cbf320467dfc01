import { Router, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { slug } from '../../lib/format.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { idParam } from '../../web/params.js';
import type { SqliteSessionStore } from '../../web/session-store.js';
import { anonymisationCheck, anonymiseMember } from './anonymise.service.js';
import { memberData, type MemberData } from './member-data.queries.js';
import { parseRetention, setRetentionMonths } from './retention.js';

/**
 * Personal data (RGPD): a member's own data (/compte/donnees), the same for an administrator
 * (/admin/membres/:id/donnees), the anonymisation of a former member, and how long mails and the
 * journal's details are kept (a form of /admin/reglages).
 */
export function privacyRoutes(ctx: Ctx, sessions: SqliteSessionStore): Router {
  const router = Router();

  const load = (memberId: number): MemberData => {
    const data = memberData(ctx.db, memberId, ctx.clock().toISOString());
    if (!data) throw new NotFoundError('Ce membre n’existe pas.');
    return data;
  };
  const sendJson = (res: Response, data: MemberData) => {
    const name = `donnees-${slug(`${data.member.firstName} ${data.member.lastName}`)}-${ctx.today()}.json`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.type('application/json').send(JSON.stringify(data, null, 2));
  };
  const page = (res: Response, data: MemberData, back: { href: string; label: string }, jsonHref: string) =>
    res.render('privacy/member-data', { title: 'Données personnelles', data, back, jsonHref });

  router.get('/compte/donnees', requireLogin, (req, res) =>
    page(res, load(actorOf(req).id), { href: '/compte', label: 'Mon compte' }, '/compte/donnees.json'),
  );
  router.get('/compte/donnees.json', requireLogin, (req, res) => sendJson(res, load(actorOf(req).id)));

  router.get('/admin/membres/:id/donnees', ...requireAccess('administer'), (req, res) => {
    const id = idParam(req);
    page(
      res,
      load(id),
      { href: `/admin/membres/${id}`, label: 'Fiche du membre' },
      `/admin/membres/${id}/donnees.json`,
    );
  });
  router.get('/admin/membres/:id/donnees.json', ...requireAccess('administer'), (req, res) =>
    sendJson(res, load(idParam(req))),
  );

  router.get('/admin/membres/:id/anonymiser', ...requireAccess('administer'), (req, res) => {
    res.render('privacy/anonymise', { title: 'Anonymiser', ...anonymisationCheck(ctx.db, actorOf(req), idParam(req)) });
  });
  router.post('/admin/membres/:id/anonymiser', ...requireAccess('administer'), (req, res) => {
    const id = idParam(req);
    anonymiseMember(ctx, actorOf(req), id, sessions);
    flash(
      req,
      'success',
      'Le membre est anonymisé : son nom et ses coordonnées sont effacés, son historique de paiements reste.',
    );
    res.redirect(`/admin/membres/${id}`);
  });

  router.post('/admin/reglages/conservation', ...requireAccess('administer'), (req, res) => {
    const changed = setRetentionMonths(ctx, actorOf(req), parseRetention(req.body?.retentionMonths));
    flash(req, changed ? 'success' : 'info', changed ? 'Durée de conservation enregistrée.' : 'Rien n’a changé.');
    res.redirect('/admin/reglages');
  });
  router.get('/admin/reglages/conservation', (_req, res) => res.redirect('/admin/reglages'));

  return router;
}
