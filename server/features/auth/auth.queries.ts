import { eq, inArray } from 'drizzle-orm';
import { members, memberRoles, producerAccounts, producerReferents } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Actor, Role } from '../../lib/context.js';

/** The actor for a session: null when the member is gone or inactive (which ends the session). */
export function findActiveActor(db: Db, memberId: number): Actor | null {
  const m = db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      active: members.active,
    })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!m || !m.active) return null;
  const roles = db.select({ role: memberRoles.role }).from(memberRoles).where(eq(memberRoles.memberId, memberId)).all();
  const referentOf = db
    .select({ id: producerReferents.producerId })
    .from(producerReferents)
    .where(eq(producerReferents.memberId, memberId))
    .all();
  const producerOf = db
    .select({ id: producerAccounts.producerId })
    .from(producerAccounts)
    .where(eq(producerAccounts.memberId, memberId))
    .all();
  return {
    id: m.id,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    roles: roles.map((r) => r.role as Role),
    referentOf: referentOf.map((r) => r.id),
    producerOf: producerOf.map((r) => r.id),
  };
}

export function findMemberByEmail(db: Db, email: string) {
  return db.select().from(members).where(eq(members.email, email.trim().toLowerCase())).get() ?? null;
}

export function adminExists(db: Db): boolean {
  return !!db
    .select({ id: memberRoles.memberId })
    .from(memberRoles)
    .innerJoin(members, eq(members.id, memberRoles.memberId))
    .where(inArray(memberRoles.role, ['admin']))
    .limit(1)
    .get();
}
