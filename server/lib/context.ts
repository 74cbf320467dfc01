import type { Db } from '../db/client.js';
import type { AmapConfig } from '../config.js';

/** What every service needs: the database, the config and the clock (tests move time). */
export interface Ctx {
  db: Db;
  config: AmapConfig;
  clock: () => Date;
}

/** The logged-in member acting, as services see them. */
export interface Actor {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  roles: Role[];
}

export type Role = 'admin' | 'treasurer';

export function hasRole(actor: Actor | undefined | null, ...roles: Role[]): boolean {
  return !!actor && roles.some((r) => actor.roles.includes(r));
}

export function nowIso(ctx: Pick<Ctx, 'clock'>): string {
  return ctx.clock().toISOString();
}
