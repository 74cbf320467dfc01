import { Router } from 'express';
import { z } from 'zod';
import type { Ctx } from '../../lib/context.js';
import { requireAccess } from '../../web/auth.js';
import { taskLogPage } from './tasks.queries.js';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1) });

/** /admin/taches: the task log, so an administrator can see what ran, when, and what it did. */
export function taskRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/admin/taches', ...requireAccess('administer'), (req, res) => {
    const { page } = pageQuery.parse(req.query);
    res.render('tasks/list', { title: 'Tâches', ...taskLogPage(ctx.db, page) });
  });
  return router;
}
