/**
 * Membership fees (adhésions) of one period or of all, as a spreadsheet and as CSV: period,
 * member, amount, method, status and day received.
 */
import { eq } from 'drizzle-orm';
import { members, membershipPeriods, memberships } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Document } from '../../lib/document.js';
import { writeCsv } from '../../lib/csv.js';
import { buildWorkbook, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js';
import { formatEuros, sumCents } from '../../domain/money.js';
import { CSV_CONTENT_TYPE } from './report-format.js';
import { formatDecimalEuros, formatDateNumeric, slug } from '../../lib/format.js';

export type MembershipMethod = 'cheque' | 'cash' | 'transfer';
export type MembershipStatus = 'promised' | 'received';

export const METHOD_LABELS: Record<MembershipMethod, string> = {
  cheque: 'chèque',
  cash: 'espèces',
  transfer: 'virement',
};
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

const HEADER = ['Période', 'Nom', 'Prénom', 'E-mail', 'Montant', 'Mode de paiement', 'Statut', 'Reçue le'];

function baseName(data: MembershipsExport): string {
  return `adhesions-${data.periodName ? slug(data.periodName) : 'toutes-periodes'}`;
}

/** The memberships as an .xlsx workbook, with totals (all, received, to receive). */
export async function buildMembershipsXlsx(data: MembershipsExport): Promise<Document> {
  const received = data.rows.filter((r) => r.status === 'received');
  const promised = data.rows.filter((r) => r.status === 'promised');
  const body = await buildWorkbook([
    {
      name: 'Adhésions',
      columns: [
        { header: HEADER[0], width: 20 },
        { header: HEADER[1], width: 18 },
        { header: HEADER[2], width: 14 },
        { header: HEADER[3], width: 26 },
        { header: HEADER[4], width: 12, kind: 'euros' },
        { header: HEADER[5], width: 16 },
        { header: HEADER[6], width: 12 },
        { header: HEADER[7], width: 12, kind: 'date' },
      ],
      rows: data.rows.map((r) => [
        r.periodName,
        r.lastName,
        r.firstName,
        r.email,
        r.amountCents,
        METHOD_LABELS[r.method],
        MEMBERSHIP_STATUS_LABELS[r.status],
        r.receivedOn,
      ]),
      totals: [`Total (${data.rows.length} adhésion${data.rows.length > 1 ? 's' : ''})`, '', '', '', { sum: true }],
      notes: [
        `Reçues : ${received.length}, ${formatEuros(sumCents(received.map((r) => r.amountCents)))}`,
        `À recevoir : ${promised.length}, ${formatEuros(sumCents(promised.map((r) => r.amountCents)))}`,
      ],
    },
  ]);
  return { filename: `${baseName(data)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}

/** The memberships as CSV (`;`, UTF-8 with BOM); amounts as French decimals, dates as dd/mm/yyyy. */
export function buildMembershipsCsv(data: MembershipsExport): Document {
  return {
    filename: `${baseName(data)}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      HEADER,
      data.rows.map((r) => [
        r.periodName,
        r.lastName,
        r.firstName,
        r.email,
        formatDecimalEuros(r.amountCents),
        METHOD_LABELS[r.method],
        MEMBERSHIP_STATUS_LABELS[r.status],
        formatDateNumeric(r.receivedOn),
      ]),
    ),
  };
}
