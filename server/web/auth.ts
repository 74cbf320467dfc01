import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor, Ctx } from '../lib/context.js';
import { may, type Action } from '../domain/access.js';
import { ForbiddenError } from '../lib/errors.js';
import { authenticate } from '../features/auth/auth.service.js';
import { findActiveActor } from '../features/auth/auth.queries.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport puts the logged-in member on req.user
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
  }
}

/**
 * One Passport instance per app (the module's global one would leak between test apps).
 * The session holds only the member id; each request reloads the member, so a deactivated
 * member or a removed role takes effect at once.
 */
export type PassportInstance = InstanceType<typeof Passport>;

export function createPassport(ctx: Ctx): PassportInstance {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      authenticate(ctx, email, password)
        .then((r) => (r.ok ? done(null, r.actor) : done(null, false, { message: r.reason })))
        .catch(done);
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as Actor).id));
  passport.deserializeUser((id: number, done) => {
    try {
      done(null, findActiveActor(ctx.db, id) ?? false);
    } catch (e) {
      done(e);
    }
  });
  return passport;
}

/** Sends anonymous visitors to the login page, remembering the page they asked for. */
export const requireLogin: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (req.user) return next();
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  res.redirect('/connexion');
};

/**
 * Logged in and allowed to do this AMAP-wide action (administer, manage-memberships, handle-money
 * on every producer…); otherwise the 403 page. Actions on one producer are decided by the service.
 */
export function requireAccess(action: Action): RequestHandler[] {
  return [
    requireLogin,
    (req, _res, next) => (may(req.user, action, { type: 'amap' }) ? next() : next(new ForbiddenError())),
  ];
}

/** The actor of a request behind requireLogin. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new ForbiddenError('Connexion nécessaire.');
  return req.user;
}

/** Only local paths are followed after login (no open redirect). */
export function safeReturnTo(path: unknown): string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\')
    ? path
    : '/';
}
