import { lt, or } from 'drizzle-orm';
import { passwordTokens, sessions } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';

/** Removes expired sessions and password links that expired or were used more than a day ago. */
export function purgeExpired(ctx: Ctx): { sessions: number; tokens: number } {
  const now = ctx.clock();
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
  const s = ctx.db.delete(sessions).where(lt(sessions.expiresAt, now.getTime())).run().changes;
  const t = ctx.db
    .delete(passwordTokens)
    .where(or(lt(passwordTokens.expiresAt, dayAgo), lt(passwordTokens.usedAt, dayAgo)))
    .run().changes;
  return { sessions: s, tokens: t };
}
