import type { Request, Response, NextFunction } from 'express';
import type { Ctx } from '../lib/context.js';
import { adminExists } from '../features/auth/auth.queries.js';

/**
 * Until the first administrator exists, every page leads to /installation. Once one exists the
 * answer never changes back, so it is remembered and the query stops.
 */
export function firstRunGate(ctx: Ctx) {
  let installed = false;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!installed) installed = adminExists(ctx.db);
    res.locals.installed = installed;
    if (installed || req.path === '/installation') return next();
    res.redirect('/installation');
  };
}
