import type { Db } from '../db/client.js';
import type { AmapConfig } from '../config.js';
import { todayIn } from './today.js';

/** What every service needs: the database, the config and the clock (tests move time). */
export interface Ctx {
  db: Db;
  config: AmapConfig;
  clock: () => Date;
  /** Today (YYYY-MM-DD) in the AMAP's timezone: the only way code asks what day it is. */
  today: () => string;
}

/** The one way to build a Ctx, so that "today" always follows the clock and the timezone. */
export function createCtx(db: Db, config: AmapConfig, clock: () => Date = () => new Date()): Ctx {
  return { db, config, clock, today: () => todayIn(config.timezone, clock()) };
}

export type { Actor, Role } from '../domain/access.js';

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}
