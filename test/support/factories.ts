import { eq } from 'drizzle-orm';
import { members, memberRoles, outbox } from '../../server/db/schema/index.js';
import type { Ctx, Role } from '../../server/lib/context.js';
import { hashPassword } from '../../server/lib/passwords.js';

export const PASSWORD = 'un mot de passe solide';

let seq = 0;

export interface MemberFactoryInput {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  password?: string | null;
  roles?: Role[];
  active?: boolean;
}

/** Inserts a member (with a password unless told otherwise) and returns its id and e-mail. */
export async function createMember(
  ctx: Ctx,
  input: MemberFactoryInput = {},
): Promise<{ id: number; email: string | null; password: string | null }> {
  seq++;
  const now = ctx.clock().toISOString();
  const email = input.email === undefined ? `membre${seq}@exemple.fr` : input.email;
  const password = input.password === undefined ? PASSWORD : input.password;
  const { id } = ctx.db
    .insert(members)
    .values({
      firstName: input.firstName ?? `Prénom${seq}`,
      lastName: input.lastName ?? `Nom${seq}`,
      email,
      phone: input.phone ?? null,
      passwordHash: password ? await hashPassword(password) : null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: members.id })
    .get();
  for (const role of input.roles ?? []) ctx.db.insert(memberRoles).values({ memberId: id, role }).run();
  return { id, email, password };
}

export function createAdmin(ctx: Ctx, input: MemberFactoryInput = {}) {
  return createMember(ctx, {
    firstName: 'Alice',
    lastName: 'Admin',
    ...input,
    roles: ['admin', ...(input.roles ?? [])],
  });
}

export function outboxMails(ctx: Ctx) {
  return ctx.db.select().from(outbox).orderBy(outbox.id).all();
}

export function memberRow(ctx: Ctx, id: number) {
  return ctx.db.select().from(members).where(eq(members.id, id)).get();
}

/** The first link to this server found in a mail's text. */
export function linkIn(text: string, baseUrl = 'http://amap.test'): string {
  const m = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/\\S+)`).exec(text);
  if (!m) throw new Error('no link in mail:\n' + text);
  return m[1];
}
