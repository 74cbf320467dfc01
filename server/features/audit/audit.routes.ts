import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { requireAccess } from '../../web/auth.js';
import { AUDIT_KINDS } from './audit-labels.js';
import { journalHref, journalQuery } from './audit.forms.js';
import { journalView } from './audit.queries.js';

/** /admin/journal: who did what, in French sentences, filtered by person, kind and period, 50 a page. */
export function auditRoutes(ctx: Ctx): Router {
  const router = Router();
  router.get('/admin/journal', ...requireAccess('administer'), (req, res) => {
    const query = journalQuery.parse(req.query);
    res.render('audit/list', {
      title: 'Journal',
      query,
      ...journalView(ctx.db, ctx.config.timezone, query),
      kinds: AUDIT_KINDS,
      href: (p: number) => journalHref(query, p),
    });
  });
  return router;
}
