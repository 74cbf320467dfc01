import { Router } from 'express';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/context.js';

/** /healthz: for Docker's HEALTHCHECK and monitoring. No login, no session; checks the database. */
export function healthRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    try {
      ctx.db.get(sql`select 1`);
      res.json({ status: 'ok' });
    } catch (e) {
      res.status(503).json({ status: 'error', error: 'database' });
    }
  });
  return router;
}
