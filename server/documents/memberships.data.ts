/**
 * The data of the memberships export: the membership fees (adhésions) of one period or of all,
 * with member, amount, method, status and day received.
 */
import { eq } from 'drizzle-orm';
import { members, membershipPeriods, memberships } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { slug } from '../lib/format.js';
import type { MembershipMethod } from '../features/memberships/memberships.forms.js';

export type MembershipStatus = 'promised' | 'received';

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = { promised: 'à recevoir', received: 'reçue' };

export interface MembershipExportRow {
  periodName: string;
  lastName: string;
  firstName: string;
  email: string | null;
  amountCents: number;
  method: MembershipMethod;
  status: MembershipStatus;
  /** Day received (YYYY-MM-DD), or null. */
  receivedOn: string | null;
}

export interface MembershipsExport {
  /** The period exported, or null for all periods. */
  periodName: string | null;
  rows: MembershipExportRow[];
}

/**
 * The memberships of one period (or of every period, latest first), by member name.
 * Null when `periodId` names no period. Two queries at most.
 */
export function membershipsExportData(db: Db, periodId?: number): MembershipsExport | null {
  let periodName: string | null = null;
  if (periodId !== undefined) {
    const p = db
      .select({ name: membershipPeriods.name })
      .from(membershipPeriods)
      .where(eq(membershipPeriods.id, periodId))
      .get();
    if (!p) return null;
    periodName = p.name;
  }
  const q = db
    .select({
      periodId: memberships.periodId,
      startsOn: membershipPeriods.startsOn,
      periodName: membershipPeriods.name,
      lastName: members.lastName,
      firstName: members.firstName,
      email: members.email,
      amountCents: memberships.amountCents,
      method: memberships.method,
      status: memberships.status,
      receivedAt: memberships.receivedAt,
    })
    .from(memberships)
    .innerJoin(membershipPeriods, eq(membershipPeriods.id, memberships.periodId))
    .innerJoin(members, eq(members.id, memberships.memberId));
  const rows = (periodId !== undefined ? q.where(eq(memberships.periodId, periodId)) : q).all();
  // Latest period first; members in French alphabetical order inside each period.
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  rows.sort(
    (a, b) =>
      b.startsOn.localeCompare(a.startsOn) ||
      a.periodId - b.periodId ||
      collator.compare(a.lastName, b.lastName) ||
      collator.compare(a.firstName, b.firstName),
  );
  return {
    periodName,
    rows: rows.map(({ receivedAt, periodId: _p, startsOn: _s, ...r }) => ({
      ...r,
      receivedOn: receivedAt ? receivedAt.slice(0, 10) : null,
    })),
  };
}

/** The columns of the export, the same in the spreadsheet and the CSV. */
export const MEMBERSHIPS_HEADER = [
  'Période',
  'Nom',
  'Prénom',
  'E-mail',
  'Montant',
  'Mode de paiement',
  'Statut',
  'Reçue le',
];

/** The file name without extension: the period's, or every period's. */
export function membershipsFileName(data: MembershipsExport): string {
  return `adhesions-${data.periodName ? slug(data.periodName) : 'toutes-periodes'}`;
}
