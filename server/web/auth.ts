import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Actor, Ctx } from '../lib/context.js';
import { may, type Action } from '../domain/access.js';
import { ForbiddenError } from '../lib/errors.js';
import { findActiveActor } from '../features/auth/auth.queries.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
    interface Request {
      /** The logged-in member, reloaded at each request (web/auth.ts). */
      user?: User;
    }
  }
}

/**
 * The logged-in member of each request. The session holds only the member id; each request
 * reloads the member (one prepared query), so a deactivated member or a removed role takes effect
 * at once, and a session whose member is gone or inactive is logged out.
 */
export function sessionActor(ctx: Ctx): RequestHandler {
  return (req, _res, next) => {
    const id = req.session?.passport?.user;
    if (typeof id === 'number') {
      const actor = findActiveActor(ctx.db, id);
      if (actor) req.user = actor;
      else delete req.session.passport;
    }
    next();
  };
}

/**
 * Opens a session for this member in a new session id (no session fixation): whatever the old
 * session held is dropped, so read it before (returnTo, say).
 */
export function logIn(req: Request, actor: Actor): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.passport = { user: actor.id };
      req.user = actor;
      // The new session's form token now, not at the first page with a form: that page view
      // would then be a write.
      req.csrfToken?.(true);
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
    });
  });
}

/** Ends the member's session; the request goes on in a new, empty one (for the goodbye message). */
export function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    delete req.user;
    req.session.regenerate((err) => (err ? reject(err) : resolve()));
  });
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
