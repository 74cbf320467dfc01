import { Router, type Request, type Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { ICalCalendar } from 'ical-generator';
import type { Ctx } from '../../lib/context.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { amapFeed, memberFeed } from './calendar-feeds.js';
import { amapFeedIsPublic, calendarSettingView, setAmapFeedPublic } from './calendar-settings.js';
import { memberOfCalendarToken, renewCalendarToken } from './calendar-tokens.js';
import { icsBody } from './ics.js';

function notFound(_req: Request, res: Response): void {
  res.status(404).type('text/plain; charset=utf-8').send('Calendrier introuvable.\n');
}

function sendCalendar(res: Response, cal: ICalCalendar, filename: string): void {
  // Personal data: kept by nobody but the member's own client, and only a few minutes.
  res.setHeader('Cache-Control', 'private, max-age=300');
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.status(200).type('text/calendar; charset=utf-8').send(icsBody(cal));
}

/**
 * The feeds: public URLs (a calendar app fetches them without logging in), mounted before the
 * session middleware so that a feed never opens or sets a session. A token opens its feed only.
 * Guessing is slowed down like logins: 30 failed fetches from one address in 15 minutes → 429;
 * a phone polling its good URL never counts.
 */
export function calendarFeedRoutes(ctx: Ctx): Router {
  const router = Router();
  router.use(
    '/calendrier',
    rateLimit({
      windowMs: 15 * 60 * 1000,
      limit: 30,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
      handler: (_req, res) =>
        res.status(429).type('text/plain; charset=utf-8').send('Trop de tentatives. Réessayez dans 15 minutes.\n'),
    }),
  );

  router.get('/calendrier/amap.ics', (req, res) => {
    if (!amapFeedIsPublic(ctx.db)) return notFound(req, res);
    sendCalendar(res, amapFeed(ctx), 'distributions.ics');
  });

  router.get('/calendrier/amap/:token.ics', (req, res) => {
    if (!memberOfCalendarToken(ctx, req.params.token)) return notFound(req, res);
    sendCalendar(res, amapFeed(ctx), 'distributions.ics');
  });

  router.get('/calendrier/:token.ics', (req, res) => {
    const member = memberOfCalendarToken(ctx, req.params.token);
    if (!member) return notFound(req, res);
    sendCalendar(res, memberFeed(ctx, member.id), 'amap.ics');
  });

  // Anything else under /calendrier: the same answer as a wrong token, and no session either.
  router.use('/calendrier', notFound);
  return router;
}

/** The forms: a new URL from /compte, the public/private choice from the settings page. */
export function calendarRoutes(ctx: Ctx): Router {
  const router = Router();

  router.post('/compte/calendrier', requireLogin, (req, res) => {
    const had = req.body?.renouveler === '1';
    renewCalendarToken(ctx, actorOf(req).id);
    flash(
      req,
      'success',
      had
        ? 'Nouvelle adresse de calendrier créée : l’ancienne ne fonctionne plus. Ajoutez la nouvelle à votre agenda.'
        : 'Votre adresse de calendrier est prête : ajoutez-la à votre agenda.',
    );
    res.redirect('/compte#calendrier');
  });
  router.get('/compte/calendrier', (_req, res) => res.redirect('/compte#calendrier'));

  // The settings page shows the public/private choice (views/calendar/_settings-block.ejs); its
  // view model comes from here, so that the settings feature, which this one reads the day
  // defaults from, does not depend on it in turn.
  router.use('/admin/reglages', (_req, res, next) => {
    res.locals.calendarFeed = calendarSettingView(ctx);
    next();
  });

  router.post('/admin/reglages/calendrier', ...requireAccess('administer'), (req, res) => {
    const value = req.body?.calendarFeedPublic === 'on';
    const changed = setAmapFeedPublic(ctx, actorOf(req), value);
    flash(
      req,
      changed ? 'success' : 'info',
      !changed
        ? 'Rien n’a changé.'
        : value
          ? 'Le calendrier des distributions est maintenant public.'
          : 'Le calendrier des distributions n’est plus public : il faut l’adresse personnelle d’un membre.',
    );
    res.redirect('/admin/reglages#calendrier');
  });
  router.get('/admin/reglages/calendrier', (_req, res) => res.redirect('/admin/reglages'));
  return router;
}
