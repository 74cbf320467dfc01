import { eq } from 'drizzle-orm';
import { members, memberRoles } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { emailField } from './auth.forms.js';
import { findMemberByEmail } from './auth.queries.js';
import { issuePasswordToken } from './password-tokens.service.js';

export interface CreateAdminResult {
  memberId: number;
  created: boolean;
  link: string;
}

/**
 * From the shell (`npm run amap -- create-admin`): makes a member administrator, creating them
 * if needed, and returns a one-time set-password link (7 days). Works on an installed AMAP too,
 * e.g. when the only administrator lost access.
 */
export function createAdminFromCli(ctx: Ctx, input: { email: string; name: string }): CreateAdminResult {
  const email = emailField.safeParse(input.email);
  if (!email.success)
    throw new ValidationError({ field: 'email', message: `Adresse e-mail invalide : « ${input.email} ».` });
  const words = input.name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2)
    throw new ValidationError({
      field: 'name',
      message: 'Donnez le prénom et le nom, par exemple --name "Camille Durand".',
    });
  const firstName = words[0];
  const lastName = words.slice(1).join(' ');
  const now = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    const existing = findMemberByEmail(ctx.db, email.data);
    let memberId: number;
    if (existing) {
      memberId = existing.id;
      if (!existing.active)
        ctx.db.update(members).set({ active: true, updatedAt: now }).where(eq(members.id, memberId)).run();
    } else {
      memberId = ctx.db
        .insert(members)
        .values({ firstName, lastName, email: email.data, createdAt: now, updatedAt: now })
        .returning({ id: members.id })
        .get().id;
    }
    ctx.db.insert(memberRoles).values({ memberId, role: 'admin' }).onConflictDoNothing().run();
    const { link } = issuePasswordToken(ctx, memberId, 'invitation');
    recordAudit(ctx, {
      actorId: null,
      action: 'cli.create-admin',
      targetType: 'member',
      targetId: memberId,
      details: { email: email.data, created: !existing },
    });
    return { memberId, created: !existing, link };
  });
}
