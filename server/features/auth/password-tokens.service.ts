import { and, eq, isNull } from 'drizzle-orm';
import { members, passwordTokens } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { newToken, hashToken } from '../../lib/tokens.js';

export type TokenPurpose = 'invitation' | 'reset';

/** How long a set-password link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  invitation: 7 * 24 * 3600 * 1000,
  reset: 3600 * 1000,
};

/** URL path of the set-password page for each purpose. */
export const TOKEN_PATH: Record<TokenPurpose, string> = {
  invitation: '/invitation',
  reset: '/reinitialisation',
};

/**
 * Creates a one-time link for a member. Earlier unused links of the same purpose stop working,
 * so only the latest mail is valid. Synchronous: call it inside the caller's transaction.
 */
export function issuePasswordToken(ctx: Ctx, memberId: number, purpose: TokenPurpose): { token: string; link: string } {
  const now = ctx.clock();
  ctx.db
    .update(passwordTokens)
    .set({ usedAt: now.toISOString() })
    .where(
      and(eq(passwordTokens.memberId, memberId), eq(passwordTokens.purpose, purpose), isNull(passwordTokens.usedAt)),
    )
    .run();
  const token = newToken();
  ctx.db
    .insert(passwordTokens)
    .values({
      memberId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]).toISOString(),
      createdAt: now.toISOString(),
    })
    .run();
  return { token, link: `${ctx.config.server.baseUrl}${TOKEN_PATH[purpose]}/${token}` };
}

export type TokenCheck =
  | { ok: true; tokenId: number; member: { id: number; firstName: string; email: string | null; active: boolean } }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'inactive' };

/** Tells whether a link still works, and why not when it does not. */
export function checkPasswordToken(ctx: Ctx, token: string, purpose: TokenPurpose): TokenCheck {
  const row = ctx.db
    .select({
      id: passwordTokens.id,
      expiresAt: passwordTokens.expiresAt,
      usedAt: passwordTokens.usedAt,
      memberId: members.id,
      firstName: members.firstName,
      email: members.email,
      active: members.active,
    })
    .from(passwordTokens)
    .innerJoin(members, eq(members.id, passwordTokens.memberId))
    .where(and(eq(passwordTokens.tokenHash, hashToken(token)), eq(passwordTokens.purpose, purpose)))
    .get();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt <= ctx.clock().toISOString()) return { ok: false, reason: 'expired' };
  if (!row.active) return { ok: false, reason: 'inactive' };
  return {
    ok: true,
    tokenId: row.id,
    member: { id: row.memberId, firstName: row.firstName, email: row.email, active: row.active },
  };
}

/** Marks a link used; false when another request used it first (double click). */
export function consumePasswordToken(ctx: Ctx, tokenId: number): boolean {
  return (
    ctx.db
      .update(passwordTokens)
      .set({ usedAt: ctx.clock().toISOString() })
      .where(and(eq(passwordTokens.id, tokenId), isNull(passwordTokens.usedAt)))
      .run().changes === 1
  );
}

/** Ends every unused link of a member: their password just changed, older links must not work. */
export function revokePasswordTokens(ctx: Ctx, memberId: number): void {
  ctx.db
    .update(passwordTokens)
    .set({ usedAt: ctx.clock().toISOString() })
    .where(and(eq(passwordTokens.memberId, memberId), isNull(passwordTokens.usedAt)))
    .run();
}
