import { Router } from 'express';
import { z } from 'zod';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { actorOf, requireAccess } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { validationErrors } from '../../web/forms.js';
import { countMailsByStatus, findMail, listMails, type MailStatusFilter } from './mail-log.queries.js';
import { retryMail } from './outbox-retry.service.js';
import { idParam } from '../../web/params.js';
import { linkSegments } from '../../lib/links.js';

const filterQuery = z.object({ statut: z.enum(['tous', 'en-attente', 'envoyes', 'echecs']).catch('tous') });

/** /admin/mails: every mail the AMAP sent or will send, readable in full (links included). */
export function mailLogRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/admin/mails', ...requireAccess('administer'));
  const smtpConfigured = !!ctx.config.mail.smtpUrl;

  router.get('/admin/mails', (req, res) => {
    const { statut } = filterQuery.parse(req.query);
    res.render('mail/list', {
      title: 'Mails',
      statut,
      smtpConfigured,
      mails: listMails(ctx.db, statut as MailStatusFilter),
      counts: countMailsByStatus(ctx.db),
    });
  });

  router.get('/admin/mails/:id', (req, res) => {
    const mail = findMail(ctx.db, idParam(req));
    if (!mail) throw new NotFoundError('Ce mail n’existe pas.');
    res.render('mail/show', { title: mail.subject, mail, smtpConfigured, segments: linkSegments(mail.text) });
  });

  router.post('/admin/mails/:id/renvoyer', (req, res) => {
    const id = idParam(req);
    try {
      retryMail(ctx, actorOf(req), id);
      flash(req, 'success', 'Le mail repart dans la file d’envoi.');
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(`/admin/mails/${id}`);
  });
  return router;
}
