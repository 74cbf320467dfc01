import path from 'node:path';
import { randomBytes } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import compression from 'compression';
import multer from 'multer';
import { csrfSync } from 'csrf-sync';
import type { Db } from './db/client.js';
import type { AmapConfig } from './config.js';
import { createCtx, type Ctx } from './lib/context.js';
import { ForbiddenError } from './lib/errors.js';
import { rootDir, staticDir, viewsDir } from './lib/paths.js';
import { SqliteSessionStore } from './web/session-store.js';
import { sessions } from './web/session.js';
import { sessionActor } from './web/auth.js';
import { securityHeaders } from './web/security-headers.js';
import { chain } from './web/chain.js';
import { routersByFirstSegment } from './web/route-index.js';
import { compileViewsWithoutWith } from './web/view-compiler.js';
import { flashLocals } from './web/flash.js';
import { appLocals, viewLocals } from './web/locals.js';
import { errorHandler, notFound } from './web/errors.js';
import { requestLog } from './web/request-log.js';
import { createLogger, serverLogger, type Logger } from './lib/logger.js';
import { firstRunGate } from './web/first-run.js';
import { healthRoutes } from './features/health/health.routes.js';
import { installationRoutes } from './features/installation/installation.routes.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { homeRoutes } from './features/home/home.routes.js';
import { accountRoutes } from './features/account/account.routes.js';
import { memberAdminRoutes } from './features/members/members.routes.js';
import { producerRoutes } from './features/producers/producers.routes.js';
import { contractRoutes } from './features/contracts/contracts.routes.js';
import { subscriptionRoutes } from './features/subscriptions/subscriptions.routes.js';
import { waitingListRoutes } from './features/waiting-list/waiting-list.routes.js';
import { sharedBasketRoutes } from './features/shared-baskets/shared-baskets.routes.js';
import { treasuryRoutes } from './features/treasury/treasury.routes.js';
import { myChequesRoutes } from './features/cheques/my-cheques.routes.js';
import { documentRoutes } from './documents/documents.routes.js';
import { statisticsRoutes } from './features/statistics/statistics.routes.js';
import { mailLogRoutes } from './features/mail/mail-log.routes.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { membershipRoutes } from './features/memberships/memberships.routes.js';
import { settingsRoutes } from './features/settings/settings.routes.js';
import { taskRoutes } from './features/tasks/tasks.routes.js';
import { reminderRoutes } from './features/reminders/reminders.routes.js';
import { planningRoutes } from './features/planning/planning.routes.js';
import { dutyRoutes } from './features/duty/duty.routes.js';
import { dutyCoordinationRoutes } from './features/duty/duty-coordination.routes.js';
import { distributionRoutes } from './features/distributions/distributions.routes.js';
import { operationsRoutes } from './features/operations/operations.routes.js';
import { privacyRoutes } from './features/privacy/privacy.routes.js';
import { calendarFeedRoutes, calendarRoutes } from './features/calendar/calendar.routes.js';
import { absenceRoutes } from './features/absences/absences.routes.js';
import { basketExchangeRoutes } from './features/basket-exchange/basket-exchange.routes.js';
import { addressRoutes } from './features/addresses/addresses.routes.js';
import { messageRoutes } from './features/messages/messages.routes.js';
import { messageUploads } from './features/messages/message-uploads.js';
import { importAmapjRoutes } from './features/import-amapj/import.routes.js';

export interface AppDeps {
  db: Db;
  config: AmapConfig;
  clock?: () => Date;
  /**
   * The request and error log. A function gets the JSON lines of errors only (tests collect them);
   * without it, a logger at the config's level.
   */
  log?: Logger | ((line: string) => void);
}

function loggerOf(deps: AppDeps): Logger {
  if (typeof deps.log === 'function') return createLogger({ level: 'error', write: deps.log });
  return deps.log ?? serverLogger(deps.config.log.level);
}

/** Builds the whole web app without listening, so tests can drive it with supertest. */
export function createApp(deps: AppDeps): Express {
  const ctx: Ctx = createCtx(deps.db, deps.config, deps.clock);
  const { config } = deps;
  const https = config.server.baseUrl.startsWith('https://');
  const app = express();
  const logger = loggerOf(deps);

  app.set('views', viewsDir);
  compileViewsWithoutWith({ lineNumbers: app.get('env') !== 'production' });
  app.set('view engine', 'ejs');
  app.set('trust proxy', config.server.trustProxy);
  app.disable('x-powered-by');
  // Every page and document is sent with Cache-Control: no-store (below): a browser keeps none,
  // so it never asks again with the ETag that Express would compute from each body (a SHA-1 of
  // the whole page at every request). Static files keep theirs (express.static).
  app.set('etag', false);
  // The views' locals as plain objects: Express makes app.locals and each request's res.locals
  // without a prototype, which V8 keeps as dictionaries, and res.render spreads both into every
  // page's locals: seven times slower than copying plain objects (11 against 1.6 µs a page).
  // The spread that views read was a plain object already.
  app.locals = { ...app.locals, ...appLocals(config) };

  // Pages like a contract's reception list are large and read on a phone at the distribution.
  // A client that asks for no encoding skips the middleware (it wraps the response's methods).
  const compress = compression();
  app.use(
    chain(
      (_req, res, next) => {
        res.locals = {};
        next();
      },
      requestLog(logger),
      securityHeaders(https),
      (req, res, next) => (req.headers['accept-encoding'] ? compress(req, res, next) : next()),
    ),
  );
  app.use('/static', express.static(staticDir, { maxAge: '1h' }));
  app.use(
    '/static/vendor',
    express.static(path.join(rootDir, 'node_modules', '@picocss', 'pico', 'css'), { maxAge: '1d' }),
  );

  // Real time, like the cookie's expiry (the app clock may be a test's).
  const sessionStore = new SqliteSessionStore(deps.db);

  // Multipart bodies (CSV uploads) are parsed before the CSRF check so the token field is read
  // from them like from any form: one small file, in memory, and only for logged-in members
  // (no anonymous page takes a file).
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 50 },
  }).single('fichier');
  // A message's attachments: several files, 5 MB in all, a refusal shown on the form.
  const messageUpload = messageUploads();
  // An AmapJ backup (issue 16) is far larger than a CSV: its own limit, on its own page only.
  const amapjUpload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 10 },
  }).single('fichier');
  const multipartBodies: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    if (!req.user) return next(new ForbiddenError('Connectez-vous avant d’envoyer un fichier.'));
    const parser =
      req.path === '/admin/import/apercu' ? amapjUpload : req.path.startsWith('/messages/') ? messageUpload : upload;
    parser(req, res, next);
  };

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      req.body && typeof req.body._csrf === 'string'
        ? req.body._csrf
        : (req.headers['x-csrf-token'] as string | undefined),
  });

  app.use(
    chain(
      // Every page and document past the static files is private or personal: a shared computer
      // must keep none of them once the member has logged out (the back button included).
      (_req, res, next) => {
        res.setHeader('Cache-Control', 'no-store');
        next();
      },
      // Calendar apps fetch the feeds without a session: before the session middleware, which would set a cookie.
      routersByFirstSegment([healthRoutes(ctx), calendarFeedRoutes(ctx)]),
      express.urlencoded({ extended: false, limit: '2mb' }),
      sessions({
        name: 'amap.sid',
        secret: config.sessionSecret || randomBytes(32).toString('hex'),
        store: sessionStore,
        maxAgeMs: 30 * 24 * 3600 * 1000,
        secure: https,
      }),
      sessionActor(ctx),
      multipartBodies,
      flashLocals,
      viewLocals((req) => generateToken(req)),
      csrfSynchronisedProtection,
      firstRunGate(ctx),
      // In this order: the first router with a matching route answers.
      routersByFirstSegment([
        installationRoutes(ctx),
        authRoutes(ctx, sessionStore),
        homeRoutes(ctx),
        accountRoutes(ctx, sessionStore),
        privacyRoutes(ctx, sessionStore),
        calendarRoutes(ctx),
        // Before the members admin, whose /admin/membres/:id would take /admin/membres/export.csv.
        documentRoutes(ctx),
        statisticsRoutes(ctx),
        memberAdminRoutes(ctx, sessionStore),
        producerRoutes(ctx),
        waitingListRoutes(ctx),
        sharedBasketRoutes(ctx),
        contractRoutes(ctx),
        subscriptionRoutes(ctx),
        absenceRoutes(ctx),
        basketExchangeRoutes(ctx),
        treasuryRoutes(ctx),
        myChequesRoutes(ctx),
        membershipRoutes(ctx),
        settingsRoutes(ctx),
        mailLogRoutes(ctx),
        auditRoutes(ctx),
        taskRoutes(ctx),
        reminderRoutes(ctx),
        planningRoutes(ctx),
        dutyRoutes(ctx),
        dutyCoordinationRoutes(ctx),
        distributionRoutes(ctx),
        operationsRoutes(ctx),
        addressRoutes(ctx),
        messageRoutes(ctx),
        importAmapjRoutes(ctx),
      ]),
    ),
  );

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
