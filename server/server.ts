import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from './db/client.js';
import { resolveSessionSecret, type AmapConfig } from './config.js';
import { createApp } from './app.js';
import { startJobs } from './jobs/schedule.js';
import { createMailTransport } from './lib/mailer.js';

export function databaseFile(config: AmapConfig, name = 'amap.sqlite'): string {
  return path.join(config.dataPath, name);
}

/** Opens the database, builds the app, listens and starts the jobs. Shared by main and the demo. */
export function startServer(config: AmapConfig, dbFile = databaseFile(config), onReady?: (db: Db) => void): Promise<{ server: Server; db: Db }> {
  const sessionSecret = resolveSessionSecret(config, () => randomBytes(32).toString('hex'));
  const db = openDatabase(dbFile);
  onReady?.(db);
  const ctx = { db, config: { ...config, sessionSecret }, clock: () => new Date() };
  const app = createApp(ctx);
  const jobs = startJobs(ctx, createMailTransport(config));
  return new Promise((resolve) => {
    const server = app.listen(config.server.port, () => resolve({ server, db }));
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
  });
}
