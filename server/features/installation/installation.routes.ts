import { Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { formValues, parseForm, validationErrors } from '../../web/forms.js';
import { flash } from '../../web/flash.js';
import { logIn } from '../../web/auth.js';
import { adminExists } from '../auth/auth.queries.js';
import { installationForm } from './installation.forms.js';
import { createFirstAdmin } from './installation.service.js';

/** /installation: first run only, creates the first administrator and logs them in. */
export function installationRoutes(ctx: Ctx): Router {
  const router = Router();
  const view = 'installation/form';
  const title = 'Installation';

  router.use('/installation', (_req, _res, next) => next(adminExists(ctx.db) ? new NotFoundError() : undefined));

  router.get('/installation', (_req, res) => res.render(view, { title }));

  router.post('/installation', async (req, res, next) => {
    const form = parseForm(installationForm, req.body);
    if (!form.ok) return res.status(422).render(view, { title, errors: form.errors, values: formValues(req.body) });
    let actor;
    try {
      actor = await createFirstAdmin(ctx, form.data);
    } catch (e) {
      return res.status(422).render(view, { title, errors: validationErrors(e), values: formValues(req.body) });
    }
    logIn(req, actor)
      .then(() => {
        flash(req, 'success', 'Bienvenue ! Votre AMAP est installée et vous en êtes l’administrateur·rice.');
        res.redirect('/');
      })
      .catch(next);
  });
  return router;
}
