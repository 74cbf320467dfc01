import http, { type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db } from './db/client.js';
import { ConfigError, loadConfig, resolveSessionSecret, type AmapConfig } from './config.js';
import { createApp } from './app.js';
import { startJobs } from './jobs/schedule.js';
import { createMailTransport } from './lib/mailer.js';
import { createCtx, type Ctx } from './lib/context.js';
import { serverLogger, type Logger } from './lib/logger.js';
import { OpenRefused, openForServer } from './features/operations/database-open.js';
import { releaseLock } from './features/operations/server-lock.js';

/** A start-up problem the person can fix; printed without a stack trace. */
export class StartError extends Error {}

/** The config, or one line per problem on stderr and exit code 1 (a start must not half-work). */
export function loadConfigOrExit(): AmapConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

export function databaseFile(config: AmapConfig, name = 'amap.sqlite'): string {
  return path.join(config.dataPath, name);
}

/**
 * Opens the database (lock, backup before pending migrations, migrate), builds the app, listens
 * and starts the jobs. Shared by main and the demo. SIGTERM/SIGINT stop it cleanly: no new
 * connection, the requests under way finish, the database is closed and the lock removed.
 */
export async function startServer(
  config: AmapConfig,
  dbFile = databaseFile(config),
  prepare?: (ctx: Ctx) => Promise<void>,
  logger: Logger = serverLogger(config.log.level),
): Promise<{ server: Server; db: Db; logger: Logger }> {
  const sessionSecret = resolveSessionSecret(config, () => randomBytes(32).toString('hex'));
  const clock = () => new Date();
  let opened: Awaited<ReturnType<typeof openForServer>>;
  try {
    opened = await openForServer(dbFile, config, clock);
  } catch (e) {
    if (e instanceof OpenRefused) throw new StartError(e.message);
    throw e;
  }
  const { db } = opened;
  if (opened.staleLock) logger.warn('verrou laissé par un arrêt brutal : remplacé');
  if (opened.backup)
    logger.info(
      { backup: opened.backup.file, migrations: opened.pending },
      `sauvegarde avant migration : ${opened.backup.file} (${opened.pending.length} migration(s) appliquée(s) ensuite)`,
    );
  const ctx: Ctx = createCtx(db, { ...config, sessionSecret }, clock);
  const closeDb = () => {
    db.$client.close();
    releaseLock(config.dataPath);
  };
  await prepare?.(ctx);
  const app = createApp({ ...ctx, log: logger });
  const jobs = startJobs(ctx, createMailTransport(config), (line) => logger.error(line));
  const server = http.createServer(app);
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    jobs.forEach((j) => j.stop());
    closeDb();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartError(
        `Le port ${config.server.port} est déjà utilisé : arrêtez l’autre serveur ou choisissez un autre port (PORT=3001 npm start).`,
      );
    }
    throw e;
  }
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal, inFlight }, `arrêt demandé (${signal}), ${inFlight} requête(s) en cours`);
    jobs.forEach((j) => j.stop());
    server.close(() => {
      closeDb();
      logger.info('arrêté proprement');
      logger.flush();
      process.exit(0);
    });
    setTimeout(() => {
      logger.warn({ inFlight }, `arrêt forcé après 8 s, ${inFlight} requête(s) encore en cours`);
      closeDb();
      logger.flush();
      process.exit(0);
    }, 8000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { server, db, logger };
}
