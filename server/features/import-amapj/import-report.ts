/**
 * The report after an import: per contract, AmapJ's figures (read from its own rows, not from our
 * plan) against what this server now holds (read back from the database). Any difference is listed
 * in words; nothing is corrected.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cheques, handovers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { formatEuros } from '../../lib/format.js';
import type { AmapjData } from './amapj-model.js';
import type { ContractIds } from './import-write.js';

export type ReportedStatus = 'promised' | 'received' | 'handed_over';
const AMAPJ_STATUS: Record<string, ReportedStatus> = {
  A_FOURNIR: 'promised',
  AMAP: 'received',
  PRODUCTEUR: 'handed_over',
};
export const STATUS_WORDS: Record<ReportedStatus, string> = {
  promised: 'à fournir',
  received: 'reçus',
  handed_over: 'remis au producteur',
};

interface Figures {
  count: number;
  cents: number;
}

export interface ContractReport {
  name: string;
  subscribers: { amapj: number; ours: number };
  totalCents: { amapj: number; ours: number };
  cheques: { status: ReportedStatus; amapj: Figures; ours: Figures }[];
  handovers: { on: string; amapjCents: number; oursCents: number }[];
  differences: string[];
}

export interface ImportReport {
  contracts: ContractReport[];
  differences: number;
}

const zero = (): Figures => ({ count: 0, cents: 0 });

/** What AmapJ says about each contract, from its rows. */
function amapjFigures(data: AmapjData) {
  const price = new Map(data.contractProducts.map((p) => [p.id, p.priceCents ?? 0]));
  const contractOf = new Map(data.subscriptions.map((s) => [s.id, s.contractId]));
  const perContract = new Map<number, { subscribers: number; total: number; cheques: Map<ReportedStatus, Figures> }>();
  const of = (id: number | null | undefined) => {
    if (id === null || id === undefined) return undefined;
    let f = perContract.get(id);
    if (!f) perContract.set(id, (f = { subscribers: 0, total: 0, cheques: new Map() }));
    return f;
  };
  for (const s of data.subscriptions) {
    const f = of(s.contractId);
    if (f) f.subscribers++;
  }
  for (const c of data.cells) {
    const f = of(contractOf.get(c.subscriptionId ?? -1));
    if (f) f.total += c.quantity * (price.get(c.contractProductId ?? -1) ?? 0);
  }
  for (const p of data.payments) {
    const f = of(contractOf.get(p.subscriptionId ?? -1));
    const status = AMAPJ_STATUS[p.state ?? ''];
    if (!f || !status || p.amountCents === 0) continue;
    const figures = f.cheques.get(status) ?? zero();
    figures.count++;
    figures.cents += p.amountCents;
    f.cheques.set(status, figures);
  }
  return perContract;
}

export function buildImportReport(db: Db, data: AmapjData, contractIds: ContractIds): ImportReport {
  const ids = [...contractIds.values()];
  const subs = db
    .select({
      contractId: subscriptions.contractId,
      n: sql<number>`count(*)`,
      total: sql<number>`sum(${subscriptions.totalCents})`,
    })
    .from(subscriptions)
    .where(inArray(subscriptions.contractId, ids))
    .groupBy(subscriptions.contractId)
    .all();
  const chequeRows = db
    .select({
      contractId: subscriptions.contractId,
      status: cheques.status,
      n: sql<number>`count(*)`,
      cents: sql<number>`sum(${cheques.amountCents})`,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .where(inArray(subscriptions.contractId, ids))
    .groupBy(subscriptions.contractId, cheques.status)
    .all();
  const handoverRows = db
    .select({
      id: handovers.id,
      contractId: handovers.contractId,
      on: handovers.handedOverOn,
      cents: handovers.totalCents,
    })
    .from(handovers)
    .where(and(inArray(handovers.contractId, ids)))
    .orderBy(handovers.id)
    .all();
  const amapj = amapjFigures(data);
  const amapjHandovers = [...data.handovers];
  const paymentDateContract = new Map(data.paymentDates.map((p) => [p.id, p.contractId]));

  const contracts: ContractReport[] = [];
  let differences = 0;
  for (const c of data.contracts) {
    const ourId = contractIds.get(c.id);
    if (ourId === undefined) continue;
    const theirs = amapj.get(c.id) ?? { subscribers: 0, total: 0, cheques: new Map() };
    const mine = subs.find((s) => s.contractId === ourId);
    const report: ContractReport = {
      name: c.name,
      subscribers: { amapj: theirs.subscribers, ours: mine?.n ?? 0 },
      totalCents: { amapj: theirs.total, ours: mine?.total ?? 0 },
      cheques: (['promised', 'received', 'handed_over'] as const).map((status) => {
        const row = chequeRows.find((r) => r.contractId === ourId && r.status === status);
        return {
          status,
          amapj: theirs.cheques.get(status) ?? zero(),
          ours: { count: row?.n ?? 0, cents: row?.cents ?? 0 },
        };
      }),
      handovers: [],
      differences: [],
    };
    const ourHandovers = handoverRows.filter((h) => h.contractId === ourId);
    amapjHandovers
      .filter((h) => paymentDateContract.get(h.paymentDateId ?? -1) === c.id)
      .forEach((h, i) =>
        report.handovers.push({ on: h.on ?? '', amapjCents: h.amountCents, oursCents: ourHandovers[i]?.cents ?? 0 }),
      );
    const d = report.differences;
    if (report.subscribers.amapj !== report.subscribers.ours)
      d.push(`${report.subscribers.amapj} contrats signés dans AmapJ, ${report.subscribers.ours} ici.`);
    if (report.totalCents.amapj !== report.totalCents.ours)
      d.push(
        `Total commandé : ${formatEuros(report.totalCents.amapj)} dans AmapJ, ${formatEuros(report.totalCents.ours)} ici (livraisons annulées non comptées ici).`,
      );
    for (const ch of report.cheques)
      if (ch.amapj.count !== ch.ours.count || ch.amapj.cents !== ch.ours.cents)
        d.push(
          `Chèques ${STATUS_WORDS[ch.status]} : ${ch.amapj.count} pour ${formatEuros(ch.amapj.cents)} dans AmapJ, ${ch.ours.count} pour ${formatEuros(ch.ours.cents)} ici.`,
        );
    for (const h of report.handovers)
      if (h.amapjCents !== h.oursCents)
        d.push(
          `Remise du ${h.on} : ${formatEuros(h.amapjCents)} dans AmapJ, ${formatEuros(h.oursCents)} en chèques ici.`,
        );
    differences += d.length;
    contracts.push(report);
  }
  return { contracts, differences };
}
