import http, { type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from './db/client.js';
import { ConfigError, loadConfig, resolveSessionSecret, type AmapConfig } from './config.js';
import { createApp } from './app.js';
import { startJobs } from './jobs/schedule.js';
import { createMailTransport } from './lib/mailer.js';
import { createCtx, type Ctx } from './lib/context.js';

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

/** Opens the database, builds the app, listens and starts the jobs. Shared by main and the demo. */
export async function startServer(
  config: AmapConfig,
  dbFile = databaseFile(config),
  prepare?: (ctx: Ctx) => Promise<void>,
): Promise<{ server: Server; db: Db }> {
  const sessionSecret = resolveSessionSecret(config, () => randomBytes(32).toString('hex'));
  const db = openDatabase(dbFile);
  const ctx: Ctx = createCtx(db, { ...config, sessionSecret });
  await prepare?.(ctx);
  const app = createApp(ctx);
  const jobs = startJobs(ctx, createMailTransport(config));
  const server = http.createServer(app);
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
    db.$client.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartError(
        `Le port ${config.server.port} est déjà utilisé : arrêtez l’autre serveur ou choisissez un autre port (PORT=3001 npm start).`,
      );
    }
    throw e;
  }
  const stop = () => {
    jobs.forEach((j) => j.stop());
    server.close(() => {
      db.$client.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { server, db };
}
