import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import type { SqliteSessionStore } from '../../web/session-store.js';
import { findMember } from '../members/members.queries.js';
import { changePassword } from '../auth/auth.service.js';
import { changePasswordForm, contactForm } from './account.forms.js';
import { updateOwnContact } from './account.service.js';
import { calendarAccountView } from '../calendar/calendar-tokens.js';

/** /compte: a member's own contact details, mail preference and password. */
export function accountRoutes(ctx: Ctx, sessions: SqliteSessionStore): Router {
  const router = Router();
  router.use('/compte', requireLogin);

  const render = (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    const member = findMember(ctx.db, actorOf(req).id)!;
    res.status(status).render('account/index', {
      title: 'Mon compte',
      member,
      values: {
        ...member,
        mailOptOut: member.mailOptOut ? 'on' : '',
        acceptsDutyCalls: member.acceptsDutyCalls ? 'on' : '',
      },
      errors: {},
      passwordErrors: {},
      calendar: calendarAccountView(ctx, member.id),
      ...extra,
    });
  };

  router.get('/compte', (req, res) => render(req, res));

  router.post('/compte', (req, res) => {
    const form = parseForm(contactForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return render(req, res, 422, { errors: form.errors, values });
    try {
      updateOwnContact(ctx, actorOf(req), form.data);
      flash(req, 'success', 'Vos coordonnées sont enregistrées.');
      res.redirect('/compte');
    } catch (e) {
      render(req, res, 422, { errors: validationErrors(e), values });
    }
  });

  router.post('/compte/mot-de-passe', async (req, res) => {
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) return render(req, res, 422, { passwordErrors: form.errors });
    try {
      await changePassword(ctx, actorOf(req), form.data.currentPassword, form.data.password);
    } catch (e) {
      return render(req, res, 422, { passwordErrors: validationErrors(e) });
    }
    // Other devices logged in with the old password are logged out; this one stays.
    sessions.destroyForMember(actorOf(req).id, req.sessionID);
    flash(req, 'success', 'Votre mot de passe est changé.');
    res.redirect('/compte');
  });
  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  router.get('/compte/mot-de-passe', (_req, res) => res.redirect('/compte'));
  return router;
}
