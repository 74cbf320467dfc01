import { eq, inArray, sql } from 'drizzle-orm';
import { members, memberRoles } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Actor, Role } from '../../lib/context.js';

// Written out: in a query on one table drizzle leaves columns unqualified, and `id` inside the
// subquery must be the member's.
const ids = (column: string, table: string) =>
  sql<string>`(${sql.raw(`select json_group_array(t.${column}) from ${table} t where t.member_id = "members"."id"`)})`;

const actorColumns = {
  id: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  email: members.email,
  active: members.active,
  roles: ids('role', 'member_roles'),
  referentOf: ids('producer_id', 'producer_referents'),
  producerOf: ids('producer_id', 'producer_accounts'),
};

/** The actor for a session: null when the member is gone or inactive (which ends the session). One query. */
export function findActiveActor(db: Db, memberId: number): Actor | null {
  // Every request of a logged-in member runs it: prepared once.
  const m = prepared(db, 'active-actor', () => ({
    fields: actorColumns,
    query: db
      .select(actorColumns)
      .from(members)
      .where(eq(members.id, ph('memberId'))),
  })).get({ memberId });
  if (!m || !m.active) return null;
  return {
    id: m.id,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    roles: JSON.parse(m.roles) as Role[],
    referentOf: JSON.parse(m.referentOf) as number[],
    producerOf: JSON.parse(m.producerOf) as number[],
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
