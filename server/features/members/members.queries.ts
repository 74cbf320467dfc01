import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { cheques, contracts, members, memberRoles, memberships, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Actor, Role } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import type { MemberListQuery } from './members.forms.js';
import { foldName as fold } from '../../domain/name-search.js';

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

/** The digits of a phone number, an international +33 / 0033 written as the French leading 0. */
export function phoneDigits(s: string): string {
  const digits = s.replace(/\D/g, '');
  return /^\s*(\+|00)\s*33/.test(s) ? '0' + digits.replace(/^(00)?33/, '').replace(/^0/, '') : digits;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Alphabetical order as in a French directory: "Écrivain" between "Durand" and "Zola". */
function byName(a: { firstName: string; lastName: string }, b: { firstName: string; lastName: string }): number {
  return collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
}

/** A search typed as a phone number: digits, spaces, dots, dashes, +, parentheses. */
const PHONE_LIKE = /^[\d\s.\-+()/]+$/;

/**
 * Whether a member matches a search: every word in the name or e-mail (case and accents aside), or
 * the digits of a word in a phone; a search typed as a phone number ("06 12 34 56 78",
 * "+33 6 12…") is matched as a whole against the phones, whatever their spelling.
 */
function matches(
  m: { firstName: string; lastName: string; email: string | null; phone: string | null; phone2: string | null },
  q: string,
): boolean {
  const text = fold(`${m.firstName} ${m.lastName} ${m.email ?? ''}`);
  const phones = [m.phone, m.phone2].flatMap((p) => (p ? [phoneDigits(p)] : []));
  const inPhones = (digits: string) => digits.length >= 2 && phones.some((p) => p.includes(digits));
  const words = q.split(/\s+/).filter(Boolean).map(fold);
  if (PHONE_LIKE.test(q)) return inPhones(phoneDigits(q)) || words.every((word) => text.includes(word));
  return words.every((word) => text.includes(word) || inPhones(word.replace(/\D/g, '')));
}

/**
 * Members of a status matching a search on name, e-mail or phone. The search runs here rather
 * than in SQL, whose lower() and like know neither accents nor non-ASCII capitals; an AMAP has
 * a few hundred members at most.
 */
export function listMembers(db: Db, query: MemberListQuery): MemberListRow[] {
  const where: SQL[] = [];
  if (query.statut === 'actifs') where.push(eq(members.active, true));
  if (query.statut === 'inactifs') where.push(eq(members.active, false));
  const rows = db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      phone2: members.phone2,
      active: members.active,
      lastLoginAt: members.lastLoginAt,
      hasPassword: sql<number>`${members.passwordHash} is not null`,
      roles: sql<
        string | null
      >`(select group_concat(${memberRoles.role}) from ${memberRoles} where ${memberRoles.memberId} = ${members.id})`,
    })
    .from(members)
    .where(and(...where))
    .all();
  return rows
    .filter((r) => !query.q || matches(r, query.q))
    .sort(byName)
    .map(({ phone2: _phone2, ...r }) => ({
      ...r,
      hasPassword: !!r.hasPassword,
      roles: (r.roles ? r.roles.split(',') : []) as Role[],
    }));
}

export function countMembers(db: Db): { active: number; inactive: number } {
  const r = db
    .select({
      active: sql<number>`coalesce(sum(${members.active} = 1), 0)`,
      inactive: sql<number>`coalesce(sum(${members.active} = 0), 0)`,
    })
    .from(members)
    .get();
  return { active: r?.active ?? 0, inactive: r?.inactive ?? 0 };
}

export type MemberDetail = typeof members.$inferSelect & { roles: Role[] };

/** A member's row and roles: two prepared queries (the account page and the member's admin page). */
export function findMember(db: Db, id: number): MemberDetail | null {
  const m = prepared(db, 'member-by-id', () => {
    const fields = getTableColumns(members);
    return {
      fields,
      query: db
        .select(fields)
        .from(members)
        .where(eq(members.id, ph('id'))),
    };
  }).get({ id });
  if (!m) return null;
  const roles = prepared(db, 'member-roles', () => {
    const fields = { role: memberRoles.role };
    return {
      fields,
      query: db
        .select(fields)
        .from(memberRoles)
        .where(eq(memberRoles.memberId, ph('id'))),
    };
  }).all({ id });
  return { ...m, roles: roles.map((r) => r.role as Role) };
}

/**
 * Reasons a member cannot be deleted: money history that must be kept (subscriptions, cheques,
 * memberships).
 */
export function moneyHistoryOf(db: Db, memberId: number): string[] {
  const subs =
    db
      .select({ n: sql<number>`count(*)` })
      .from(subscriptions)
      .where(eq(subscriptions.memberId, memberId))
      .get()?.n ?? 0;
  const chequeCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(cheques)
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .where(eq(subscriptions.memberId, memberId))
      .get()?.n ?? 0;
  const fees =
    db
      .select({ n: sql<number>`count(*)` })
      .from(memberships)
      .where(eq(memberships.memberId, memberId))
      .get()?.n ?? 0;
  const reasons: string[] = [];
  if (subs) reasons.push(`${subs} souscription${subs > 1 ? 's' : ''}`);
  if (chequeCount) reasons.push(`${chequeCount} chèque${chequeCount > 1 ? 's' : ''}`);
  if (fees) reasons.push(`${fees} adhésion${fees > 1 ? 's' : ''}`);
  return reasons;
}

/** A member as someone else sees them: the name, and the contact details only when allowed. */
export interface SeenMember {
  id: number;
  firstName: string;
  lastName: string;
  active: boolean;
  /** Null when the actor may not see them ('see-member': a referent sees their own subscribers'). */
  contact: { email: string | null; phone: string | null } | null;
}

/**
 * One member for this actor: a referent finds anyone by name to subscribe them, and sees their
 * e-mail and phone once they hold a subscription (any status) with one of the referent's producers.
 */
export function memberSeenBy(db: Db, actor: Actor, memberId: number): SeenMember | null {
  const m = db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      active: members.active,
    })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!m) return null;
  const producerIds = db
    .selectDistinct({ id: contracts.producerId })
    .from(subscriptions)
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .where(eq(subscriptions.memberId, memberId))
    .all()
    .map((r) => r.id);
  const seen = may(actor, 'see-member', { type: 'member', memberId, producerIds });
  return {
    id: m.id,
    firstName: m.firstName,
    lastName: m.lastName,
    active: m.active,
    contact: seen ? { email: m.email, phone: m.phone } : null,
  };
}

/** Active members by name only, for a picker ("souscrire pour un membre"): no contact details. */
export function activeMemberNames(db: Db): { id: number; firstName: string; lastName: string }[] {
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .where(eq(members.active, true))
    .orderBy(asc(members.lastName), asc(members.firstName))
    .all();
}
