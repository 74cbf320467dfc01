import { members, memberRoles } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { recordAudit } from '../audit/audit.service.js';
import { adminExists, findActiveActor, findMemberByEmail } from '../auth/auth.queries.js';
import type { InstallationInput } from './installation.forms.js';

/**
 * Creates the AMAP's first administrator. Refused once any administrator exists, checked again
 * inside the transaction so two people submitting at once cannot both become administrator.
 */
export async function createFirstAdmin(ctx: Ctx, input: InstallationInput): Promise<Actor> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock().toISOString();
  const id = ctx.db.transaction(() => {
    if (adminExists(ctx.db)) throw new ValidationError({ message: 'L’installation est déjà faite : connectez-vous.' });
    if (findMemberByEmail(ctx.db, input.email))
      throw new ValidationError({ field: 'email', message: 'Cette adresse est déjà utilisée.' });
    const { id } = ctx.db
      .insert(members)
      .values({
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: members.id })
      .get();
    ctx.db.insert(memberRoles).values({ memberId: id, role: 'admin' }).run();
    recordAudit(ctx, {
      actorId: id,
      action: 'installation',
      targetType: 'member',
      targetId: id,
      details: { email: input.email },
    });
    return id;
  });
  return findActiveActor(ctx.db, id)!;
}
