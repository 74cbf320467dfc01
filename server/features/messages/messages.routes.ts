/**
 * /messages: write to a mailing list from the app (form → preview of the exact mail → send once),
 * and the history with each recipient's delivery status.
 */
import { Router, type Request, type Response } from 'express';
import type { Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { ForbiddenError } from '../../lib/errors.js';
import { actorOf, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, parseForm, validationErrors, type FieldErrors } from '../../web/forms.js';
import { idParam } from '../../web/params.js';
import { parseAudienceFilter, type AudienceFilter } from '../addresses/audience-filter.js';
import { mayReachSomeone } from '../addresses/audience.js';
import { uploadedFiles, uploadRefusal } from './message-uploads.js';
import { documentsOf, messageForm, valuesOf, MESSAGE_FIELDS } from './messages.forms.js';
import { parseDocuments } from './message-documents.js';
import { draftForEdit, messageDetail, messageFormPage, messageList, messagePreview } from './messages.pages.js';
import { saveDraft, sendMessage } from './messages.service.js';

export function messageRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use('/messages', requireLogin, (req, _res, next) =>
    mayReachSomeone(actorOf(req), 'send-messages') ? next() : next(new ForbiddenError()),
  );

  router.get('/messages', (req, res) => {
    res.render('messages/list', { title: 'Messages', messages: messageList(ctx, actorOf(req)) });
  });

  const renderForm = (
    req: Request,
    res: Response,
    status: number,
    filter: AudienceFilter,
    draftId: number | null,
    values: Record<string, string>,
    errors: FieldErrors,
  ) => {
    const page = messageFormPage(ctx, actorOf(req), filter, draftId);
    res
      .status(status)
      .render('messages/form', { title: 'Nouveau message', page, values, errors, fields: MESSAGE_FIELDS });
  };

  router.get('/messages/nouveau', (req, res) => {
    renderForm(req, res, 200, parseAudienceFilter(req.query), null, {}, {});
  });

  router.get('/messages/:id/modifier', (req, res) => {
    const { draft, filter } = draftForEdit(ctx, actorOf(req), idParam(req));
    if (draft.status !== 'draft') return res.redirect(`/messages/${draft.id}`);
    renderForm(req, res, 200, filter, draft.id, valuesOf(draft, parseDocuments(draft.documents)), {});
  });

  /** Validates the form and its files, saves the draft, and shows its preview. */
  const save = (draftId: number | null) => (req: Request, res: Response) => {
    const filter = parseAudienceFilter(req.body);
    const values = formValues(req.body);
    const refused = uploadRefusal(res.locals);
    const files = uploadedFiles(req.files);
    const form = parseForm(messageForm, req.body);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (refused || !files.ok) errors.pieces = refused ?? (files as { error: string }).error;
    if (Object.keys(errors).length || !form.ok || !files.ok)
      return renderForm(req, res, errors.pieces ? 413 : 422, filter, draftId, values, errors);
    try {
      const id = saveDraft(ctx, actorOf(req), draftId, {
        subject: form.data.objet,
        body: form.data.texte,
        filter,
        documents: documentsOf(form.data),
        uploads: files.files,
      });
      res.redirect(`/messages/${id}/apercu`);
    } catch (e) {
      renderForm(req, res, 422, filter, draftId, values, validationErrors(e));
    }
  };
  router.post('/messages/nouveau', save(null));
  router.post('/messages/:id/modifier', (req, res) => save(idParam(req))(req, res));

  router.get('/messages/:id/apercu', (req, res) => {
    const preview = messagePreview(ctx, actorOf(req), idParam(req));
    if ('sent' in preview) return res.redirect(`/messages/${idParam(req)}`);
    res.render('messages/preview', { title: `Aperçu : ${preview.subject}`, preview });
  });

  /** The HTML part alone, for the preview's frame: its inline styles are the mail's, nothing runs. */
  router.get('/messages/:id/apercu.html', (req, res) => {
    const preview = messagePreview(ctx, actorOf(req), idParam(req));
    if ('sent' in preview) throw new NotFoundError('Ce message est déjà parti.');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.type('html').send(preview.mail.html);
  });

  router.post('/messages/:id/envoyer', async (req, res) => {
    const id = idParam(req);
    try {
      const r = await sendMessage(ctx, actorOf(req), id);
      if (!r.sent) flash(req, 'info', 'Ce message était déjà parti : rien n’a été envoyé une seconde fois.');
      else flash(req, 'success', `Message envoyé : ${r.queued} mail${r.queued > 1 ? 's' : ''} en file d’envoi.`);
      res.redirect(`/messages/${id}`);
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
      res.redirect(`/messages/${id}/apercu`);
    }
  });

  router.get('/messages/:id', (req, res) => {
    const detail = messageDetail(ctx, actorOf(req), idParam(req));
    if (detail.message.status === 'draft' && detail.own) return res.redirect(`/messages/${detail.message.id}/apercu`);
    res.render('messages/show', { title: detail.message.subject, detail });
  });

  return router;
}
