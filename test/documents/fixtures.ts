/**
 * Shared by the document tests: a contract with subscribers and handovers built through the real
 * services, cheque receptions written straight into the table (with bank and number), and readers
 * that parse a PDF or a spreadsheet back.
 */
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { makeTestApp, type TestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import {
  actor,
  createProducer,
  setupContract,
  subscribeEveryDelivery,
  type ContractSetup,
} from '../support/contracts.js';
import { cheques } from '../../server/db/schema/index.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';

export interface DocWorld {
  t: TestApp;
  adminId: number;
  c: ContractSetup;
  /** Subscribes a new member (no password: quick) with `quantity` baskets at every delivery. */
  subscribe(
    firstName: string,
    lastName: string,
    quantity?: number,
  ): Promise<{ memberId: number; subscriptionId: number }>;
}

/**
 * "Légumes été 2027" of "GAEC des Volcans" (payee "EARL Les Volcans"): 12 weekly deliveries of a
 * 15 € basket, payment dates 2027-01-05, 2027-02-05, 2027-03-05. One basket a week = 60 € a month.
 */
export async function docWorld(): Promise<DocWorld> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const producerId = createProducer(t.ctx, { name: 'GAEC des Volcans', payee: 'EARL Les Volcans' });
  const c = setupContract(t.ctx, admin.id, { producerId });
  return {
    t,
    adminId: admin.id,
    c,
    async subscribe(firstName, lastName, quantity = 1) {
      const m = await createMember(t.ctx, { firstName, lastName, password: null, email: null });
      const subscriptionId = subscribeEveryDelivery(t.ctx, c, m.id, { quantity, by: admin.id });
      return { memberId: m.id, subscriptionId };
    },
  };
}

/** Marks the member's cheque of a payment date received, with bank and number. */
export function receive(
  t: TestApp,
  subscriptionId: number,
  paymentDateId: number,
  bank: string | null = null,
  number: string | null = null,
): void {
  t.db
    .update(cheques)
    .set({ status: 'received', bank, number, receivedAt: '2026-12-03T18:00:00.000Z' })
    .where(
      and(
        eq(cheques.subscriptionId, subscriptionId),
        eq(cheques.paymentDateId, paymentDateId),
        eq(cheques.status, 'promised'),
      ),
    )
    .run();
}

/** Hands over every received cheque of a payment date through the treasury service, on the day `on`. */
export function handOver(
  t: TestApp,
  contractId: number,
  paymentDateId: number,
  byId: number,
  on = '2027-01-08',
): number {
  const before = t.clock.now().toISOString();
  t.clock.set(`${on}T10:00:00.000Z`);
  try {
    return createHandover(t.ctx, actor(t.ctx, byId), contractId, paymentDateId, null, { earlyConfirmed: true }).id;
  } finally {
    t.clock.set(before);
  }
}

/** Every kind of space as a plain space, runs of spaces as one. */
export function plain(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');
}

/** The text of each page of a PDF (spaces made plain), and the raw text as extracted. */
export async function readPdf(body: Buffer): Promise<{ pages: string[]; text: string; raw: string }> {
  if (body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: false });
  const pages = (text as string[]).map(plain);
  return { pages, text: pages.join('\n'), raw: (text as string[]).join('\n') };
}

/** A workbook read back from its bytes. */
export async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The values of a worksheet row (1-based columns → 0-based array), formulas as their result. */
export function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  const out: unknown[] = [];
  ws.getRow(row).eachCell({ includeEmpty: true }, (cell, col) => {
    const v = cell.value;
    // exceljs reads a formula's zero result (<v>0</v>) back as no result at all.
    out[col - 1] = v && typeof v === 'object' && 'formula' in v ? (v.result ?? 0) : v;
  });
  return out;
}
