/**
 * "Bordereau de collecte" of a contract: for each member who still has cheques to bring (promised,
 * not yet received), which cheques, for how much, when they are cashed, and a box to tick at the
 * distribution. Members with nothing left to bring are left out; sorted by last name.
 */
import { and, asc, eq } from 'drizzle-orm';
import { cheques, contracts, members, paymentDates, producers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Document } from '../../lib/document.js';
import {
  dataTable,
  PDF_CONTENT_TYPE,
  renderPdf,
  standardDocument,
  tickBox,
  type Content,
  type TableCell,
} from '../../lib/pdf.js';
import { formatEuros, sumCents } from '../../domain/money.js';
import { groupChequesByAmount, monthLabel, monthsLabel } from '../../domain/cheque-grouping.js';
import { byName, sortName, slug } from '../../lib/format.js';

export interface CollectionSlipMember {
  name: string;
  /** The cheques still to bring, by payment date. */
  cheques: { dueOn: string; amountCents: number }[];
  totalCents: number;
}

export interface CollectionSlipData {
  amapName: string;
  contractName: string;
  producerName: string;
  payee: string;
  members: CollectionSlipMember[];
  /** Cheques still to bring per payment date, in date order. */
  byDate: { dueOn: string; count: number; totalCents: number }[];
  count: number;
  totalCents: number;
}

/** The slip's data, or null when the contract does not exist. Two queries. */
export function collectionSlipData(db: Db, contractId: number, amapName: string): CollectionSlipData | null {
  const c = db
    .select({ name: contracts.name, payee: contracts.payee, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.id, contractId))
    .get();
  if (!c) return null;
  const rows = db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      dueOn: paymentDates.dueOn,
      amountCents: cheques.amountCents,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(and(eq(subscriptions.contractId, contractId), eq(cheques.status, 'promised')))
    .orderBy(asc(paymentDates.dueOn), asc(cheques.id))
    .all()
    .filter((r) => r.amountCents > 0);

  const perMember = new Map<
    number,
    { firstName: string; lastName: string; cheques: { dueOn: string; amountCents: number }[] }
  >();
  const perDate = new Map<string, { dueOn: string; count: number; totalCents: number }>();
  for (const r of rows) {
    const m = perMember.get(r.memberId) ?? { firstName: r.firstName, lastName: r.lastName, cheques: [] };
    m.cheques.push({ dueOn: r.dueOn, amountCents: r.amountCents });
    perMember.set(r.memberId, m);
    const d = perDate.get(r.dueOn) ?? { dueOn: r.dueOn, count: 0, totalCents: 0 };
    d.count++;
    d.totalCents += r.amountCents;
    perDate.set(r.dueOn, d);
  }
  const list = [...perMember.values()].sort(byName).map((m) => ({
    name: sortName(m),
    cheques: m.cheques,
    totalCents: sumCents(m.cheques.map((x) => x.amountCents)),
  }));
  return {
    amapName,
    contractName: c.name,
    producerName: c.producerName,
    payee: c.payee,
    members: list,
    byDate: [...perDate.values()],
    count: rows.length,
    totalCents: sumCents(rows.map((r) => r.amountCents)),
  };
}

function chequesWord(n: number): string {
  return `${n} chèque${n > 1 ? 's' : ''}`;
}

/** "3 chèques de 76,00 €, de juin à août 2027" */
function groupLine(g: { count: number; amountCents: number; dueOns: string[] }): string {
  return `${chequesWord(g.count)} de ${formatEuros(g.amountCents)}, ${monthsLabel(g.dueOns)}`;
}

/** The slip as an A4 PDF; `printedAt` is the day printed (YYYY-MM-DD). */
export async function buildCollectionSlip(data: CollectionSlipData, printedAt: string): Promise<Document> {
  const title = 'Bordereau de collecte des chèques';
  const rows: TableCell[][] = data.members.map((m) => [
    { text: m.name, bold: true },
    { stack: groupChequesByAmount(m.cheques).map(groupLine) },
    String(m.cheques.length),
    formatEuros(m.totalCents),
    tickBox(11),
  ]);
  const content: Content[] = data.members.length
    ? [
        dataTable({
          widths: [130, '*', 30, 62, 34],
          header: ['Membre', 'Chèques à apporter', 'Nb', 'Total', 'Reçu'],
          rows,
          footer: [
            [
              `Total : ${data.members.length} membre${data.members.length > 1 ? 's' : ''}`,
              '',
              String(data.count),
              formatEuros(data.totalCents),
              '',
            ],
          ],
          right: [2, 3],
          center: [4],
        }),
        { text: 'Par date d’encaissement', style: 'section' },
        {
          ...dataTable({
            widths: [150, 70, 90],
            header: ['Encaissement', 'Chèques', 'Montant'],
            rows: data.byDate.map((d) => [monthLabel(d.dueOn), String(d.count), formatEuros(d.totalCents)]),
            footer: [['Total', String(data.count), formatEuros(data.totalCents)]],
            right: [1, 2],
          }),
          unbreakable: true,
        },
      ]
    : [{ text: 'Tous les chèques de ce contrat ont été reçus : il n’y a rien à collecter.', italics: true }];
  const doc = standardDocument(
    {
      amapName: data.amapName,
      title,
      printedOn: printedAt,
      subtitle: [
        `Contrat : ${data.contractName} — ${data.producerName}`,
        `Chèques à l’ordre de : ${data.payee}`,
        `Restent à collecter : ${chequesWord(data.count)}, ${formatEuros(data.totalCents)}`,
      ],
    },
    content,
  );
  return {
    filename: `bordereau-collecte-${slug(data.contractName)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
