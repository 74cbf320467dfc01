/**
 * The documents' part of the bench (issue "Syntheses and documents"): the synthesis (PDF, XLSX) of
 * the biggest contract, the delivery sheet of its busiest delivery and of four deliveries, through
 * HTTP with their statement counts (run.ts compares them with the small AMAP's); then each one
 * timed in the process against the bare library on the same content: pdfmake alone on the very
 * document definition ours makes (and for the synthesis' big grids, which we write into the page
 * ourselves, pdfkit's plain API writing the same fills, lines and texts), exceljs alone writing the
 * same cells (values, formulas, styles). The issue's target: ours within 1.3 × the bare library.
 */
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import { asc, eq, sql } from 'drizzle-orm';
import type request from 'supertest';
import { deliveries } from '../server/db/schema/index.js';
import { createRequire } from 'node:module';
import { cleanStrings, type TDocumentDefinitions } from '../server/lib/pdf.js';
import { ASCENDER, geometry, LINE, shapes, type GridSpec } from '../server/lib/pdf-grid.js';
import { textMeasure } from '../server/lib/pdf-grid-pages.js';
import { synthesisData } from '../server/documents/synthesis.data.js';
import * as synthesisPdf from '../server/documents/synthesis.pdf.js';
import * as synthesisXlsx from '../server/documents/synthesis.xlsx.js';
import { deliverySheetData } from '../server/documents/delivery-sheet.data.js';
import * as deliverySheetPdf from '../server/documents/delivery-sheet.pdf.js';
import * as deliverySheetXlsx from '../server/documents/delivery-sheet.xlsx.js';
import type { BenchAmap } from './generate.js';

type Run = () => Promise<{ status: number; bytes: number; detail?: string }>;
const TARGET = 1.3;

/** The busiest delivery of the big contract, and the three after it (a range of four). */
function deliveryDates(amap: BenchAmap): { busiest: string; rangeTo: string; households: number } {
  const c = amap.pick.bigContractId;
  const busiest = amap.db.get<{ on: string; households: number }>(
    sql`select d.delivery_on as "on", count(distinct q.subscription_id) as households
      from subscription_quantities q join deliveries d on d.id = q.delivery_id
      where d.contract_id = ${c} and d.cancelled_at is null and q.quantity > 0
      group by d.id order by households desc, d.delivery_on limit 1`,
  )!;
  const dates = amap.db
    .select({ on: deliveries.deliveryOn })
    .from(deliveries)
    .where(eq(deliveries.contractId, c))
    .orderBy(asc(deliveries.deliveryOn))
    .all()
    .map((d) => d.on);
  const i = dates.indexOf(busiest.on);
  return { busiest: busiest.on, rangeTo: dates[Math.min(dates.length - 1, i + 3)], households: busiest.households };
}

/** The documents through HTTP, as a referent downloads them. */
export function documentMeasures(
  amap: BenchAmap,
  admin: request.Agent,
  doc: (agent: request.Agent, path: string) => Run,
): { kind: 'document'; name: string; run: Run }[] {
  const base = `/gestion/contrats/${amap.pick.bigContractId}`;
  const { busiest, rangeTo, households } = deliveryDates(amap);
  const detail = `${busiest}, ${households} foyers`;
  const withDetail =
    (run: Run): Run =>
    async () => ({ ...(await run()), detail });
  return [
    { kind: 'document', name: 'admin   synthese.pdf <gros>', run: doc(admin, `${base}/synthese.pdf`) },
    { kind: 'document', name: 'admin   synthese.xlsx <gros>', run: doc(admin, `${base}/synthese.xlsx`) },
    {
      kind: 'document',
      name: 'admin   feuille-livraison.pdf <jour chargé>',
      run: withDetail(doc(admin, `${base}/feuille-livraison.pdf?du=${busiest}`)),
    },
    {
      kind: 'document',
      name: 'admin   feuille-livraison.xlsx <jour chargé>',
      run: withDetail(doc(admin, `${base}/feuille-livraison.xlsx?du=${busiest}`)),
    },
    {
      kind: 'document',
      name: 'admin   feuille-livraison.pdf <4 livraisons>',
      run: doc(admin, `${base}/feuille-livraison.pdf?du=${busiest}&au=${rangeTo}`),
    },
  ];
}

/**
 * Counts the statements run on the connection while `fn` runs (prepared for it or held prepared
 * across calls: the documents' queries are prepared once).
 */
function counting<T>(amap: BenchAmap, fn: () => T): { value: T; statements: number } {
  const client = amap.db.$client;
  type Run = (this: { database: unknown }, ...args: unknown[]) => unknown;
  const proto = Object.getPrototypeOf(client.prepare('select 1')) as Record<string, Run>;
  const originals = ['run', 'get', 'all', 'iterate'].map((m) => [m, proto[m]] as const);
  let n = 0;
  for (const [m, run] of originals)
    proto[m] = function (this: { database: unknown }, ...args: unknown[]) {
      if (this.database === client) n++;
      return run.apply(this, args);
    };
  try {
    return { value: fn(), statements: n };
  } finally {
    for (const [m, run] of originals) proto[m] = run;
  }
}

interface SheetCells {
  name: string;
  rows: { value: ExcelJS.CellValue; style: Partial<ExcelJS.Style> }[][];
  widths: (number | undefined)[];
  views: Partial<ExcelJS.WorksheetView>[];
  merges: string[];
  pageSetup: Partial<ExcelJS.PageSetup>;
}

/** Every cell of a workbook as exceljs holds it (value or formula, style), sheet by sheet. */
function cellsOf(wb: ExcelJS.Workbook): SheetCells[] {
  const out: SheetCells[] = [];
  wb.eachSheet((ws) => {
    const rows: SheetCells['rows'] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: SheetCells['rows'][number] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = { value: cell.value, style: cell.style }));
      rows[n - 1] = cells;
    });
    const widths = Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width);
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    out.push({ name: ws.name, rows, widths, views: ws.views, merges, pageSetup: ws.pageSetup });
  });
  return out;
}

/** exceljs alone: a workbook of these cells (same values, formulas, styles, widths, panes, merges), written. */
async function bareXlsx(sheets: SheetCells[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: s.views, pageSetup: s.pageSetup });
    s.widths.forEach((w, i) => w && (ws.getColumn(i + 1).width = w));
    s.rows.forEach((cells, r) =>
      (cells ?? []).forEach((cell, c) => {
        if (!cell) return;
        const target = ws.getCell(r + 1, c + 1);
        target.value = cell.value;
        target.style = cell.style;
      }),
    );
    for (const range of s.merges) ws.mergeCells(range);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const roboto = (createRequire(import.meta.url)('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> }).Roboto;

/**
 * The libraries alone on a document whose big grids we write ourselves (server/lib/pdf-grid.ts):
 * pdfmake on the same definition, then every fill, line and text of the grids through pdfkit's
 * plain API (rect/fill, moveTo/lineTo/stroke, font/fontSize/widthOfString/text) at the same places.
 */
async function barePdfWithGrids(definition: TDocumentDefinitions, grids: Map<string, GridSpec>): Promise<Buffer> {
  const places = new Map<string, { pageNumber: number; left: number; top: number }>();
  const def: TDocumentDefinitions = {
    ...definition,
    pageBreakBefore: (node) => {
      const id = (node as { id?: string }).id;
      if (id && grids.has(id)) places.set(id, node.startPosition);
      return false;
    },
  };
  const out = pdfmake.createPdf(def, { bufferPages: true });
  const doc = await out.getStream();
  for (const [id, spec] of grids) {
    const at = places.get(id)!;
    doc.switchToPage(doc.bufferedPageRange().start + at.pageNumber - 1);
    const g = geometry(spec);
    const { fills, lines } = shapes(spec, g);
    for (const f of fills) doc.rect(at.left, at.top + f.y, g.width, f.h).fill(f.color);
    for (const l of lines.slice(0, -1))
      doc
        .lineWidth(l.width)
        .moveTo(at.left + l.x1, at.top + l.y1)
        .lineTo(at.left + l.x2, at.top + l.y2)
        .stroke(l.color);
    doc.fillColor('black');
    const padX = spec.paddingX ?? 2;
    const padY = spec.paddingY ?? 1.5;
    spec.rows.forEach((row, r) =>
      row.forEach((raw, col) => {
        if (raw === null) return;
        const cell = typeof raw === 'string' ? { text: raw } : raw;
        let width = 0;
        for (let k = col; k < col + (cell.colSpan ?? 1); k++) width += spec.widths[k];
        const room = width - 2 * padX;
        const size = cell.fontSize ?? spec.fontSize;
        doc.font(cell.bold ? roboto.bold : roboto.normal);
        (cell.lines ?? [cell.text]).forEach((text, li) => {
          if (!text) return;
          let s = size;
          const natural = doc.fontSize(s).widthOfString(text);
          if (cell.shrink && natural > room) s = Math.max(size * 0.6, (size * room) / natural);
          const w = doc.fontSize(s).widthOfString(text);
          const align = cell.align ?? 'center';
          const x =
            at.left + g.lefts[col] + padX + (align === 'left' ? 0 : align === 'right' ? room - w : (room - w) / 2);
          const baseline = at.top + g.tops[r] + padY + li * size * LINE + ASCENDER * s;
          doc.text(text, x, baseline - ASCENDER * s, { lineBreak: false });
        });
      }),
    );
  }
  return out.getBuffer();
}

/** Processor time (user and system, in ms) `fn` takes: what the machine's other processes disturb least. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Ours and the bare library run in turns, after one warm-up each, timed in processor time; the
 * best run of each is kept. On a busy machine wall-clock times swing by two or three times.
 */
async function compare(
  runs: number,
  ours: () => Promise<unknown>,
  bare: () => Promise<unknown>,
): Promise<{ oursMs: number; bareMs: number }> {
  await ours();
  await bare();
  let oursMs = Infinity;
  let bareMs = Infinity;
  for (let i = 0; i < runs; i++) {
    oursMs = Math.min(oursMs, await cpuMs(ours));
    bareMs = Math.min(bareMs, await cpuMs(bare));
  }
  return { oursMs, bareMs };
}

interface Comparison {
  name: string;
  cells: string;
  statements: number;
  oursMs: number;
  bareMs: number;
}

/** Ours (data query + builder + library) against the bare library on the same content. */
export async function documentRatios(amap: BenchAmap, minRuns: number): Promise<Comparison[]> {
  const runs = Math.max(5, minRuns);
  const { db } = amap;
  const name = amap.ctx.config.amap.name;
  const contractId = amap.pick.bigContractId;
  const today = amap.today;
  const { busiest } = deliveryDates(amap);
  const range = { from: busiest, to: busiest };
  const out: Comparison[] = [];

  const synthesis = counting(amap, () => synthesisData(db, contractId, name)!);
  const s = synthesis.value;
  const grid = `${s.members.length} membres × ${s.deliveries.length} livraisons × ${s.products.length} produits`;
  const synthesisDoc = synthesisPdf.synthesisDocument(s, today, await textMeasure());
  // pdfmake moves a canvas' shapes to their place on the page, in the definition: one copy per run.
  const synthesisDefs = Array.from({ length: runs + 1 }, () => cleanStrings(synthesisDoc.definition));
  out.push({
    name: 'synthèse PDF <gros>',
    cells: grid,
    statements: synthesis.statements,
    ...(await compare(
      runs,
      async () => synthesisPdf.build(synthesisData(db, contractId, name)!, today),
      () => barePdfWithGrids(synthesisDefs.pop()!, synthesisDoc.grids),
    )),
  });
  const synthesisCells = cellsOf(synthesisXlsx.synthesisWorkbook(s));
  out.push({
    name: 'synthèse XLSX <gros>',
    cells: `${synthesisCells.length} feuilles`,
    statements: synthesis.statements,
    ...(await compare(
      runs,
      async () => synthesisXlsx.build(synthesisData(db, contractId, name)!),
      () => bareXlsx(synthesisCells),
    )),
  });

  const sheet = counting(amap, () => deliverySheetData(db, contractId, range, name)!);
  const members = sheet.value.days.reduce((n, d) => n + d.lines.length, 0);
  const sheetDef = cleanStrings(deliverySheetPdf.deliverySheetDefinition(sheet.value, today));
  out.push({
    name: 'feuille de livraison PDF <jour chargé>',
    cells: `${busiest}, ${members} membres`,
    statements: sheet.statements,
    ...(await compare(
      runs,
      async () => deliverySheetPdf.build(deliverySheetData(db, contractId, range, name)!, today),
      () => pdfmake.createPdf(sheetDef).getBuffer(),
    )),
  });
  const sheetCells = cellsOf(deliverySheetXlsx.deliverySheetWorkbook(sheet.value));
  out.push({
    name: 'feuille de livraison XLSX <jour chargé>',
    cells: `${busiest}, ${members} membres`,
    statements: sheet.statements,
    ...(await compare(
      runs,
      async () => deliverySheetXlsx.build(deliverySheetData(db, contractId, range, name)!),
      () => bareXlsx(sheetCells),
    )),
  });
  return out;
}

/** The comparison table, under run.ts's. */
export function printDocumentRatios(rows: Comparison[]): void {
  const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
  const header = `${pad('document', 40)} ${pad('contenu', 42)} ${pad('requêtes', 9, true)} ${pad('nous ms', 9, true)} ${pad('brut ms', 9, true)} ${pad('rapport', 8, true)}`;
  const line = '-'.repeat(header.length + 12);
  console.log(`\nDocuments : les nôtres (requête + mise en page + bibliothèque) contre la bibliothèque seule`);
  console.log(line + '\n' + header + '\n' + line);
  for (const r of rows) {
    const ratio = r.oursMs / r.bareMs;
    console.log(
      `${pad(r.name, 40)} ${pad(r.cells, 42)} ${pad(String(r.statements), 9, true)} ${pad(r.oursMs.toFixed(0), 9, true)} ${pad(r.bareMs.toFixed(0), 9, true)} ${pad(`${ratio.toFixed(2)} ×`, 8, true)}${ratio > TARGET ? `  au-delà de ${TARGET} ×` : ''}`,
    );
  }
  console.log(line);
  console.log(
    `ms : temps processeur, la meilleure de 5 mesures au moins, les deux en alternance ; brut : pdfmake seul sur la même définition de document (pour les grandes grilles de la synthèse, pdfkit seul écrivant les mêmes fonds, traits et textes), exceljs seul écrivant les mêmes cellules (valeurs, formules, styles, largeurs, volets figés, fusions). Objectif : ${TARGET} × au plus.`,
  );
}
