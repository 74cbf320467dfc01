/**
 * Every cheque of the AMAP, one row each (contract, producer, member, payment date, amount,
 * status, bank, number, reception and handover dates), as a spreadsheet and as CSV.
 */
import { asc, eq, sql } from 'drizzle-orm';
import {
  cheques,
  contracts,
  handovers,
  members,
  paymentDates,
  producers,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Document } from '../../lib/document.js';
import { writeCsv } from '../../lib/csv.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxColumn } from '../../lib/xlsx.js';
import { CHEQUE_STATUSES, type ChequeStatus } from '../../domain/cheque-status.js';
import { formatEuros, sumCents } from '../../domain/money.js';
import { chequeStatusLabel, countsInSchedule, CSV_CONTENT_TYPE } from './report-format.js';
import { formatDecimalEuros, formatDateNumeric } from '../../lib/format.js';

export interface AllChequesRow {
  producerName: string;
  contractName: string;
  lastName: string;
  firstName: string;
  dueOn: string;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  /** Day received (YYYY-MM-DD), or null. */
  receivedOn: string | null;
  /** Day handed over to the producer (YYYY-MM-DD), or null. */
  handedOverOn: string | null;
}

/** Every cheque, by payment date, producer, contract and member. One query. */
export function allChequesData(db: Db): AllChequesRow[] {
  const rows = db
    .select({
      producerName: producers.name,
      contractName: contracts.name,
      lastName: members.lastName,
      firstName: members.firstName,
      dueOn: paymentDates.dueOn,
      amountCents: cheques.amountCents,
      status: cheques.status,
      bank: cheques.bank,
      number: cheques.number,
      receivedAt: cheques.receivedAt,
      handedOverOn: sql<string | null>`coalesce(${handovers.handedOverOn}, ${cheques.handedOverAt})`,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .leftJoin(handovers, eq(handovers.id, cheques.handoverId))
    .orderBy(
      asc(paymentDates.dueOn),
      asc(producers.name),
      asc(contracts.name),
      asc(members.lastName),
      asc(members.firstName),
      asc(cheques.id),
    )
    .all();
  return rows.map(({ receivedAt, handedOverOn, ...r }) => ({
    ...r,
    receivedOn: receivedAt ? receivedAt.slice(0, 10) : null,
    handedOverOn: r.status === 'handed_over' && handedOverOn ? handedOverOn.slice(0, 10) : null,
  }));
}

const HEADER = [
  'Producteur',
  'Contrat',
  'Nom',
  'Prénom',
  'Échéance',
  'Montant',
  'Statut',
  'Banque',
  'N° de chèque',
  'Reçu le',
  'Remis le',
];

/** Count and total per status, in the order of a cheque's life. */
function perStatus(rows: AllChequesRow[]) {
  return CHEQUE_STATUSES.map((status) => {
    const mine = rows.filter((r) => r.status === status);
    return { status, count: mine.length, totalCents: sumCents(mine.map((r) => r.amountCents)) };
  }).filter((s) => s.count > 0);
}

/** The cheques as an .xlsx workbook; `today` (YYYY-MM-DD) names the file. */
export async function buildAllChequesXlsx(rows: AllChequesRow[], today = ''): Promise<Document> {
  const columns: XlsxColumn[] = [
    { header: HEADER[0], width: 22 },
    { header: HEADER[1], width: 24 },
    { header: HEADER[2], width: 18 },
    { header: HEADER[3], width: 14 },
    { header: HEADER[4], width: 12, kind: 'date' },
    { header: HEADER[5], width: 12, kind: 'euros' },
    { header: HEADER[6], width: 20 },
    { header: HEADER[7], width: 16 },
    { header: HEADER[8], width: 14 },
    { header: HEADER[9], width: 12, kind: 'date' },
    { header: HEADER[10], width: 12, kind: 'date' },
  ];
  const counted = rows.filter((r) => countsInSchedule(r.status));
  const body = await buildWorkbook([
    {
      name: 'Chèques',
      landscape: true,
      columns,
      rows: rows.map((r) => [
        r.producerName,
        r.contractName,
        r.lastName,
        r.firstName,
        r.dueOn,
        r.amountCents,
        chequeStatusLabel(r.status),
        r.bank,
        r.number,
        r.receivedOn,
        r.handedOverOn,
      ]),
      totals: [
        `Total (${counted.length} chèques, hors annulés et rendus)`,
        '',
        '',
        '',
        '',
        sumCents(counted.map((r) => r.amountCents)),
      ],
      notes: perStatus(rows).map(
        (s) =>
          `${chequeStatusLabel(s.status)} : ${s.count} chèque${s.count > 1 ? 's' : ''}, ${formatEuros(s.totalCents)}`,
      ),
    },
  ]);
  return { filename: `cheques${today ? `-${today}` : ''}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}

/** The cheques as CSV (`;`, UTF-8 with BOM); amounts as French decimals, dates as dd/mm/yyyy. */
export function buildAllChequesCsv(rows: AllChequesRow[], today = ''): Document {
  return {
    filename: `cheques${today ? `-${today}` : ''}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(
      HEADER,
      rows.map((r) => [
        r.producerName,
        r.contractName,
        r.lastName,
        r.firstName,
        formatDateNumeric(r.dueOn),
        formatDecimalEuros(r.amountCents),
        chequeStatusLabel(r.status),
        r.bank,
        r.number,
        formatDateNumeric(r.receivedOn),
        formatDateNumeric(r.handedOverOn),
      ]),
    ),
  };
}
