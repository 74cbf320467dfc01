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

/** The logged-in member acting, as services see them. */
export interface Actor {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  roles: Role[];
  /** Producers whose contracts this member manages (scoped role "referent"). */
  referentOf: number[];
  /** Producers this account belongs to (scoped role "producer": read-only). */
  producerOf: number[];
}

export type Role = 'admin' | 'treasurer';

export function hasRole(actor: Actor | undefined | null, ...roles: Role[]): boolean {
  return !!actor && roles.some((r) => actor.roles.includes(r));
}

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}

/** Administrators manage every producer; referents only theirs. */
export function canManageProducer(actor: Actor | undefined | null, producerId: number): boolean {
  return !!actor && (actor.roles.includes('admin') || actor.referentOf.includes(producerId));
}

/** Read access to a producer's contracts and documents: managers, treasurers and the producer. */
export function canSeeProducer(actor: Actor | undefined | null, producerId: number): boolean {
  return (
    !!actor &&
    (canManageProducer(actor, producerId) || actor.roles.includes('treasurer') || actor.producerOf.includes(producerId))
  );
}

/** Whether the actor manages at least one producer (or all, as administrator). */
export function isManager(actor: Actor | undefined | null): boolean {
  return !!actor && (actor.roles.includes('admin') || actor.referentOf.length > 0);
}
