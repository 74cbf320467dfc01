import { and, asc, eq, getTableColumns, gte, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { members, membershipPeriods, memberships } from '../../db/schema/index.js';
import { sumCents } from '../../domain/money.js';
import { windowState, type WindowState } from '../../domain/subscription-window.js';
import { sortName } from '../../lib/format.js';
import type { MembershipMethod, RosterFilter } from './memberships.forms.js';

export type PeriodRow = typeof membershipPeriods.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Lower case without accents, for a search on a few letters of a name. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function findPeriod(db: Db, id: number): PeriodRow | null {
  return db.select().from(membershipPeriods).where(eq(membershipPeriods.id, id)).get() ?? null;
}

const periodColumns = getTableColumns(membershipPeriods);
const membershipColumns = getTableColumns(memberships);

/** Periods whose sign-up window contains today, the one closing first first. */
export function openPeriods(db: Db, today: string): PeriodRow[] {
  // Read by the home page and /contrats of every member: prepared once.
  return prepared(db, 'open-periods', () => ({
    fields: periodColumns,
    query: db
      .select(periodColumns)
      .from(membershipPeriods)
      .where(and(lte(membershipPeriods.opensOn, ph('today')), gte(membershipPeriods.closesOn, ph('today'))))
      .orderBy(asc(membershipPeriods.closesOn), asc(membershipPeriods.id)),
  })).all({ today });
}

export function membershipOf(db: Db, periodId: number, memberId: number): MembershipRow | null {
  return (
    prepared(db, 'membership-of', () => ({
      fields: membershipColumns,
      query: db
        .select(membershipColumns)
        .from(memberships)
        .where(and(eq(memberships.periodId, ph('periodId')), eq(memberships.memberId, ph('memberId')))),
    })).get({ periodId, memberId }) ?? null
  );
}

export function findMembership(db: Db, id: number): MembershipRow | null {
  return db.select().from(memberships).where(eq(memberships.id, id)).get() ?? null;
}

/**
 * For the home page: an open period the member has not joined yet, or null.
 * (A member who joined, even only promised, has nothing left to do here.)
 */
export function membershipCallToAction(
  db: Db,
  memberId: number,
  today: string,
): { periodId: number; name: string; closesOn: string; minimumCents: number; suggestedCents: number | null } | null {
  const p = openPeriods(db, today).find((period) => !membershipOf(db, period.id, memberId));
  return p
    ? {
        periodId: p.id,
        name: p.name,
        closesOn: p.closesOn,
        minimumCents: p.minimumCents,
        suggestedCents: p.suggestedCents,
      }
    : null;
}

/**
 * Whether the member holds a membership (promised or received) in a period that runs today
 * (startsOn ≤ today ≤ endsOn) or whose sign-up window contains today.
 */
export function hasCurrentMembership(db: Db, memberId: number, today: string): boolean {
  const row = db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(membershipPeriods, eq(membershipPeriods.id, memberships.periodId))
    .where(
      and(
        eq(memberships.memberId, memberId),
        or(
          and(lte(membershipPeriods.startsOn, today), gte(membershipPeriods.endsOn, today)),
          and(lte(membershipPeriods.opensOn, today), gte(membershipPeriods.closesOn, today)),
        ),
      ),
    )
    .get();
  return !!row;
}

export interface PeriodTotals {
  paidCount: number;
  paidCents: number;
  promisedCount: number;
  promisedCents: number;
  /** Active members without a membership for the period. */
  notJoinedCount: number;
  /** Received money by method, to check the cash box and the bank. */
  paidByMethod: Record<MembershipMethod, number>;
}

function totalsOf(
  rows: Pick<MembershipRow, 'status' | 'amountCents' | 'method'>[],
  notJoinedCount: number,
): PeriodTotals {
  const paid = rows.filter((r) => r.status === 'received');
  const promised = rows.filter((r) => r.status === 'promised');
  const byMethod = (m: MembershipMethod) => sumCents(paid.filter((r) => r.method === m).map((r) => r.amountCents));
  return {
    paidCount: paid.length,
    paidCents: sumCents(paid.map((r) => r.amountCents)),
    promisedCount: promised.length,
    promisedCents: sumCents(promised.map((r) => r.amountCents)),
    notJoinedCount,
    paidByMethod: { cheque: byMethod('cheque'), cash: byMethod('cash'), transfer: byMethod('transfer') },
  };
}

export interface PeriodCard extends PeriodRow {
  window: WindowState;
  /** The period runs today (between its start and end). */
  current: boolean;
  totals: PeriodTotals;
}

/** /tresorerie/adhesions: every period, the latest first, with its figures. */
export function listPeriods(db: Db, today: string): PeriodCard[] {
  const periods = db
    .select()
    .from(membershipPeriods)
    .all()
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || b.id - a.id);
  const all = db
    .select({
      periodId: memberships.periodId,
      memberId: memberships.memberId,
      status: memberships.status,
      amountCents: memberships.amountCents,
      method: memberships.method,
    })
    .from(memberships)
    .all();
  const activeIds = new Set(
    db
      .select({ id: members.id })
      .from(members)
      .where(eq(members.active, true))
      .all()
      .map((m) => m.id),
  );
  return periods.map((p) => {
    const rows = all.filter((r) => r.periodId === p.id);
    const joined = new Set(rows.map((r) => r.memberId));
    const notJoined = [...activeIds].filter((id) => !joined.has(id)).length;
    return {
      ...p,
      window: windowState(p, today),
      current: p.startsOn <= today && today <= p.endsOn,
      totals: totalsOf(rows, notJoined),
    };
  });
}

export interface RosterLine {
  memberId: number;
  firstName: string;
  lastName: string;
  active: boolean;
  membership: {
    id: number;
    amountCents: number;
    method: MembershipMethod;
    status: 'promised' | 'received';
    receivedAt: string | null;
  } | null;
}

export interface PeriodRoster {
  period: PeriodRow;
  window: WindowState;
  totals: PeriodTotals;
  /** How many lines each filter shows (before the search on names). */
  counts: Record<RosterFilter, number>;
  lines: RosterLine[];
  /** Members the treasurer may record a payment for: active, not received yet. */
  choices: { id: number; label: string; amountCents: number | null; method: MembershipMethod | null }[];
}

/**
 * The period page: every active member (and any inactive one who joined) with their membership,
 * filtered (paid, promised, not joined) and searched on a few letters of the name; totals are
 * those of the whole period.
 */
export function periodRoster(
  db: Db,
  periodId: number,
  today: string,
  query: { filtre: RosterFilter; q: string },
): PeriodRoster | null {
  const period = findPeriod(db, periodId);
  if (!period) return null;
  const rows = db.select().from(memberships).where(eq(memberships.periodId, periodId)).all();
  const byMember = new Map(rows.map((r) => [r.memberId, r]));
  const people = db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, active: members.active })
    .from(members)
    .all()
    .filter((m) => m.active || byMember.has(m.id))
    .sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName));
  const all: RosterLine[] = people.map((m) => {
    const r = byMember.get(m.id);
    return {
      memberId: m.id,
      firstName: m.firstName,
      lastName: m.lastName,
      active: m.active,
      membership: r
        ? { id: r.id, amountCents: r.amountCents, method: r.method, status: r.status, receivedAt: r.receivedAt }
        : null,
    };
  });
  const keep: Record<RosterFilter, (l: RosterLine) => boolean> = {
    toutes: () => true,
    payees: (l) => l.membership?.status === 'received',
    promises: (l) => l.membership?.status === 'promised',
    'non-adherents': (l) => !l.membership && l.active,
  };
  const counts = Object.fromEntries(Object.entries(keep).map(([k, f]) => [k, all.filter(f).length])) as Record<
    RosterFilter,
    number
  >;
  const words = fold(query.q).split(' ').filter(Boolean);
  const matches = (l: RosterLine) => {
    const name = fold(`${l.firstName} ${l.lastName}`);
    return words.every((w) => name.includes(w));
  };
  const lines = all.filter(keep[query.filtre]).filter(matches);
  const choices = all
    .filter((l) => l.active && l.membership?.status !== 'received')
    .map((l) => ({
      id: l.memberId,
      label: sortName(l),
      amountCents: l.membership?.amountCents ?? null,
      method: l.membership?.method ?? null,
    }));
  return {
    period,
    window: windowState(period, today),
    totals: totalsOf(rows, counts['non-adherents']),
    counts,
    lines,
    choices,
  };
}

export interface MyMembership {
  periodId: number;
  periodName: string;
  startsOn: string;
  endsOn: string;
  payee: string;
  amountCents: number;
  method: MembershipMethod;
  status: 'promised' | 'received';
  receivedAt: string | null;
}

/** The member's memberships, the latest period first (for /adhesion). */
export function myMemberships(db: Db, memberId: number): MyMembership[] {
  return db
    .select({
      periodId: membershipPeriods.id,
      periodName: membershipPeriods.name,
      startsOn: membershipPeriods.startsOn,
      endsOn: membershipPeriods.endsOn,
      payee: membershipPeriods.payee,
      amountCents: memberships.amountCents,
      method: memberships.method,
      status: memberships.status,
      receivedAt: memberships.receivedAt,
    })
    .from(memberships)
    .innerJoin(membershipPeriods, eq(membershipPeriods.id, memberships.periodId))
    .where(eq(memberships.memberId, memberId))
    .all()
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn));
}
