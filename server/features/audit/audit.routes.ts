import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { requireAccess } from '../../web/auth.js';
import { latestAuditEntries } from './audit.queries.js';
import { auditLabel } from './audit-labels.js';

/** /admin/journal: the latest entries of the audit log. */
export function auditRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/admin/journal', ...requireAccess('administer'), (_req, res) => {
    res.render('audit/list', { title: 'Journal', entries: latestAuditEntries(ctx.db, 300), auditLabel });
  });
  return router;
}
