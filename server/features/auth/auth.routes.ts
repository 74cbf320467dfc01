import { Router, type Request, type Response, type NextFunction } from 'express';
import type { Ctx } from '../../lib/context.js';
import { formValues, parseForm } from '../../web/forms.js';
import { flash } from '../../web/flash.js';
import { logIn, logOut, safeReturnTo } from '../../web/auth.js';
import type { SqliteSessionStore } from '../../web/session-store.js';
import { forgotPasswordForm, loginForm, setPasswordForm } from './auth.forms.js';
import { authenticate, requestPasswordReset, setPasswordWithToken } from './auth.service.js';
import { checkPasswordToken, type TokenPurpose } from './password-tokens.service.js';
import { loginRateLimiters, resetRateLimiters } from './login-rate-limit.js';

const LOGIN = 'auth/login';

const tokenProblems: Record<'unknown' | 'expired' | 'used' | 'inactive', string> = {
  unknown: 'Ce lien n’est pas valable. Vérifiez qu’il a été copié en entier.',
  expired: 'Ce lien a expiré.',
  used: 'Ce lien a déjà servi : il ne fonctionne qu’une fois.',
  inactive: 'Ce compte est désactivé. Contactez l’AMAP.',
};

/** Login, logout, forgotten password, and the set-password pages of invitation and reset links. */
export function authRoutes(ctx: Ctx, sessions: SqliteSessionStore): Router {
  const router = Router();

  router.get('/connexion', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render(LOGIN, {
      title: 'Connexion',
      values: { email: typeof req.query.email === 'string' ? req.query.email : '' },
    });
  });

  router.post('/connexion', ...loginRateLimiters(), (req: Request, res: Response, next: NextFunction) => {
    const form = parseForm(loginForm, req.body);
    const values = formValues(req.body);
    if (!form.ok) return res.status(422).render(LOGIN, { title: 'Connexion', errors: form.errors, values });
    const returnTo = safeReturnTo(req.session.returnTo);
    authenticate(ctx, form.data.email, form.data.password)
      .then((r) => {
        if (!r.ok) {
          const message = 'Adresse e-mail ou mot de passe incorrect.';
          return res.status(401).render(LOGIN, { title: 'Connexion', errors: { _form: message }, values });
        }
        // A new session id (no session fixation); returnTo was read before.
        return logIn(req, r.actor).then(() => res.redirect(returnTo));
      })
      .catch(next);
  });

  router.post('/deconnexion', (req, res, next) => {
    logOut(req)
      .then(() => {
        flash(req, 'info', 'Vous êtes déconnecté·e. À bientôt !');
        res.redirect('/connexion');
      })
      .catch(next);
  });

  router.get('/mot-de-passe-oublie', (_req, res) => res.render('auth/forgot', { title: 'Mot de passe oublié' }));

  router.post('/mot-de-passe-oublie', ...resetRateLimiters(), (req, res) => {
    const form = parseForm(forgotPasswordForm, req.body);
    if (!form.ok)
      return res
        .status(422)
        .render('auth/forgot', { title: 'Mot de passe oublié', errors: form.errors, values: formValues(req.body) });
    requestPasswordReset(ctx, form.data.email);
    res.render('auth/forgot-sent', { title: 'Mot de passe oublié', email: form.data.email });
  });

  setPasswordPages(
    router,
    ctx,
    sessions,
    'invitation',
    '/invitation/:token',
    'Bienvenue : choisissez votre mot de passe',
  );
  setPasswordPages(router, ctx, sessions, 'reset', '/reinitialisation/:token', 'Nouveau mot de passe');
  return router;
}

function setPasswordPages(
  router: Router,
  ctx: Ctx,
  sessions: SqliteSessionStore,
  purpose: TokenPurpose,
  path: string,
  title: string,
): void {
  const view = 'auth/set-password';
  router.get(path, (req, res) => {
    const check = checkPasswordToken(ctx, String(req.params.token), purpose);
    if (!check.ok)
      return res.status(410).render('auth/token-problem', { title, problem: tokenProblems[check.reason], purpose });
    res.render(view, { title, purpose, member: check.member });
  });

  router.post(path, async (req, res) => {
    const token = String(req.params.token);
    const check = checkPasswordToken(ctx, token, purpose);
    if (!check.ok)
      return res.status(410).render('auth/token-problem', { title, problem: tokenProblems[check.reason], purpose });
    const form = parseForm(setPasswordForm, req.body);
    if (!form.ok) return res.status(422).render(view, { title, purpose, member: check.member, errors: form.errors });
    const result = await setPasswordWithToken(ctx, token, purpose, form.data.password);
    if (!result.ok)
      return res.status(410).render('auth/token-problem', { title, problem: tokenProblems[result.reason], purpose });
    // A new password ends the sessions opened with the old one.
    sessions.destroyForMember(result.memberId);
    flash(req, 'success', 'Votre mot de passe est enregistré. Vous pouvez vous connecter.');
    res.redirect(`/connexion?email=${encodeURIComponent(check.member.email ?? '')}`);
  });
}
