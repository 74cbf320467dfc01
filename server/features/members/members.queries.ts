import { and, asc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import { members, memberRoles } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Role } from '../../lib/context.js';
import type { MemberListQuery } from './members.forms.js';

export interface MemberListRow {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  lastLoginAt: string | null;
  hasPassword: boolean;
  roles: Role[];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** Members matching a search on name, e-mail or phone (digits compared without spaces or dots). */
export function listMembers(db: Db, query: MemberListQuery): MemberListRow[] {
  const where: SQL[] = [];
  if (query.statut === 'actifs') where.push(eq(members.active, true));
  if (query.statut === 'inactifs') where.push(eq(members.active, false));
  for (const word of query.q.split(/\s+/).filter(Boolean)) {
    const pattern = `%${escapeLike(word.toLowerCase())}%`;
    const digits = word.replace(/\D/g, '');
    const conditions: SQL[] = [
      sql`lower(${members.firstName}) like ${pattern} escape '\\'`,
      sql`lower(${members.lastName}) like ${pattern} escape '\\'`,
      sql`${members.email} like ${pattern} escape '\\'`,
    ];
    if (digits.length >= 2) {
      const digitPattern = `%${digits}%`;
      conditions.push(
        like(sql`replace(replace(replace(coalesce(${members.phone}, ''), ' ', ''), '.', ''), '-', '')`, digitPattern),
        like(sql`replace(replace(replace(coalesce(${members.phone2}, ''), ' ', ''), '.', ''), '-', '')`, digitPattern),
      );
    }
    where.push(or(...conditions)!);
  }
  const rows = db.select({
    id: members.id,
    firstName: members.firstName,
    lastName: members.lastName,
    email: members.email,
    phone: members.phone,
    active: members.active,
    lastLoginAt: members.lastLoginAt,
    hasPassword: sql<number>`${members.passwordHash} is not null`,
    roles: sql<string | null>`(select group_concat(${memberRoles.role}) from ${memberRoles} where ${memberRoles.memberId} = ${members.id})`,
  }).from(members).where(and(...where))
    .orderBy(asc(sql`lower(${members.lastName})`), asc(sql`lower(${members.firstName})`)).all();
  return rows.map((r) => ({ ...r, hasPassword: !!r.hasPassword, roles: (r.roles ? r.roles.split(',') : []) as Role[] }));
}

export function countMembers(db: Db): { active: number; inactive: number } {
  const r = db.select({
    active: sql<number>`coalesce(sum(${members.active} = 1), 0)`,
    inactive: sql<number>`coalesce(sum(${members.active} = 0), 0)`,
  }).from(members).get();
  return { active: r?.active ?? 0, inactive: r?.inactive ?? 0 };
}

export type MemberDetail = typeof members.$inferSelect & { roles: Role[] };

export function findMember(db: Db, id: number): MemberDetail | null {
  const m = db.select().from(members).where(eq(members.id, id)).get();
  if (!m) return null;
  const roles = db.select({ role: memberRoles.role }).from(memberRoles).where(eq(memberRoles.memberId, id)).all();
  return { ...m, roles: roles.map((r) => r.role as Role) };
}

/** Every member in the export's order (the CSV export and the import's duplicate check use it). */
export function allMembersForExport(db: Db) {
  return db.select({
    firstName: members.firstName, lastName: members.lastName, email: members.email, phone: members.phone,
    phone2: members.phone2, address: members.address, postalCode: members.postalCode, city: members.city, active: members.active,
  }).from(members).orderBy(asc(sql`lower(${members.lastName})`), asc(sql`lower(${members.firstName})`)).all();
}

/**
 * Reasons a member cannot be deleted: money history that must be kept. Members have none yet;
 * the season-contracts and treasury features add their subscriptions, cheques and memberships here.
 */
export function moneyHistoryOf(_db: Db, _memberId: number): string[] {
  return [];
}
