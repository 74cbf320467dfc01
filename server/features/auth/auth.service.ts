import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMail } from '../mail/member-mail.js';
import { findActiveActor, findMemberByEmail } from './auth.queries.js';
import { verifyMemberPassword } from './legacy-password.js';
import {
  checkPasswordToken,
  consumePasswordToken,
  issuePasswordToken,
  revokePasswordTokens,
  type TokenPurpose,
} from './password-tokens.service.js';

export type LoginResult = { ok: true; actor: Actor } | { ok: false; reason: 'bad-credentials' };

/**
 * Checks e-mail and password; records the attempt in the audit log. A deactivated account gets the
 * same answer as a wrong password: telling it apart would confirm the password to whoever typed it.
 * The member learns why from the administrator; the audit log says it.
 */
export async function authenticate(ctx: Ctx, email: string, password: string): Promise<LoginResult> {
  const member = findMemberByEmail(ctx.db, email);
  const valid = member ? await verifyMemberPassword(ctx, member, password) : await verifyPassword(null, password);
  if (!member || !valid) {
    recordAudit(ctx, {
      actorId: null,
      action: 'login.failed',
      targetType: member ? 'member' : undefined,
      targetId: member?.id,
      details: { email },
    });
    return { ok: false, reason: 'bad-credentials' };
  }
  if (!member.active) {
    recordAudit(ctx, {
      actorId: member.id,
      action: 'login.refused-inactive',
      targetType: 'member',
      targetId: member.id,
    });
    return { ok: false, reason: 'bad-credentials' };
  }
  const now = ctx.clock().toISOString();
  ctx.db.transaction(() => {
    ctx.db.update(members).set({ lastLoginAt: now }).where(eq(members.id, member.id)).run();
    recordAudit(ctx, { actorId: member.id, action: 'login', targetType: 'member', targetId: member.id });
  });
  return { ok: true, actor: findActiveActor(ctx.db, member.id)! };
}

/**
 * Sends a reset link when the address belongs to an active member. Says nothing either way:
 * the page answers the same so nobody can probe which addresses have an account.
 */
export function requestPasswordReset(ctx: Ctx, email: string): void {
  const member = findMemberByEmail(ctx.db, email);
  ctx.db.transaction(() => {
    recordAudit(ctx, {
      actorId: null,
      action: 'password.reset-requested',
      targetType: member ? 'member' : undefined,
      targetId: member?.id,
      details: { email },
    });
    if (!member || !member.active || !member.email) return;
    const { link } = issuePasswordToken(ctx, member.id, 'reset');
    queueMemberMail(ctx, {
      memberId: member.id,
      kind: 'essential',
      template: 'password-reset',
      subject: `${ctx.config.amap.name} : nouveau mot de passe`,
      data: { link },
    });
  });
}

export type SetPasswordResult =
  { ok: true; memberId: number } | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'inactive' };

/** Sets the password from an invitation or reset link, which then stops working. */
export async function setPasswordWithToken(
  ctx: Ctx,
  token: string,
  purpose: TokenPurpose,
  password: string,
): Promise<SetPasswordResult> {
  const check = checkPasswordToken(ctx, token, purpose);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction((): SetPasswordResult => {
    if (!consumePasswordToken(ctx, check.tokenId)) return { ok: false, reason: 'used' };
    revokePasswordTokens(ctx, check.member.id);
    ctx.db
      .update(members)
      .set({ passwordHash, updatedAt: ctx.clock().toISOString() })
      .where(eq(members.id, check.member.id))
      .run();
    recordAudit(ctx, {
      actorId: check.member.id,
      action: `password.set-from-${purpose}`,
      targetType: 'member',
      targetId: check.member.id,
    });
    return { ok: true, memberId: check.member.id };
  });
}

/** Changes one's own password, knowing the current one. */
export async function changePassword(
  ctx: Ctx,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const member = ctx.db
    .select({ passwordHash: members.passwordHash })
    .from(members)
    .where(eq(members.id, actor.id))
    .get();
  if (!member || !(await verifyPassword(member.passwordHash, currentPassword))) {
    throw new ValidationError({ field: 'currentPassword', message: 'Mot de passe actuel incorrect.' });
  }
  const passwordHash = await hashPassword(newPassword);
  ctx.db.transaction(() => {
    ctx.db
      .update(members)
      .set({ passwordHash, updatedAt: ctx.clock().toISOString() })
      .where(eq(members.id, actor.id))
      .run();
    revokePasswordTokens(ctx, actor.id);
    recordAudit(ctx, { actorId: actor.id, action: 'password.changed', targetType: 'member', targetId: actor.id });
  });
}
