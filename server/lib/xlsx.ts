/**
 * Spreadsheet base shared by every export (DESIGN.md §6): exceljs, one table per sheet with a bold
 * frozen header row (repeated when printed), column widths, euro amounts as numbers formatted
 * `#,##0.00 "€"` (fed with cents, divided by 100 only here), dates as real dates, and a bold totals
 * row whose sums are formulas carrying their value (a spreadsheet that recalculates agrees with it).
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

/** exceljs (megabytes of code) is loaded by the first spreadsheet, not at start: most processes never build one. */
let exceljs: Promise<typeof ExcelJS> | null = null;
const loadExcelJS = () => (exceljs ??= import('exceljs').then((m) => m.default));

/**
 * exceljs for builders that make a workbook synchronously (the synthesis, the delivery sheet): the
 * same lazy load, through require, which exceljs (CommonJS) allows.
 */
let exceljsNow: typeof ExcelJS | null = null;
export function excelJS(): typeof ExcelJS {
  return (exceljsNow ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJS);
}

export const EURO_FORMAT = '#,##0.00 "€"';
export const DATE_FORMAT = 'dd/mm/yyyy';

export type XlsxKind = 'text' | 'euros' | 'date' | 'integer';

export interface XlsxColumn {
  header: string;
  /** Width in characters. */
  width: number;
  /** euros: the row values are cents; date: ISO `YYYY-MM-DD` strings. Default text. */
  kind?: XlsxKind;
}

export type XlsxValue = string | number | null | undefined;

/** A cell with a background colour (ARGB, e.g. 'FFD9EAD3'), e.g. to show a cheque's status. */
export interface XlsxCell {
  value: XlsxValue;
  fill?: string;
}

/** In a totals row: a label or value, or `{ sum: true }` for the SUM of the column above. */
export type XlsxTotal = XlsxValue | { sum: true };

export interface XlsxSheet {
  /** At most 31 characters, none of []:*?/\ */
  name: string;
  columns: XlsxColumn[];
  rows: (XlsxValue | XlsxCell)[][];
  totals?: XlsxTotal[];
  /** Lines of text under the table (legend, remarks), one blank row after the table. */
  notes?: (string | XlsxCell)[];
  landscape?: boolean;
}

const HEADER_FILL = 'FFE8E8E8';

function isCell(v: XlsxValue | XlsxCell): v is XlsxCell {
  return v !== null && typeof v === 'object';
}

function isoToDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** What goes into a cell of a column of this kind. */
function cellValue(kind: XlsxKind, v: XlsxValue): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'euros' && typeof v === 'number') return v / 100;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return isoToDate(v);
  return v;
}

function numFmt(kind: XlsxKind): string | undefined {
  return kind === 'euros' ? EURO_FORMAT : kind === 'date' ? DATE_FORMAT : kind === 'integer' ? '0' : undefined;
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

function addSheet(wb: ExcelJS.Workbook, s: XlsxSheet): void {
  const ws = wb.addWorksheet(s.name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9,
      orientation: s.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  ws.pageSetup.printTitlesRow = '1:1';
  ws.columns = s.columns.map((c) => ({ width: c.width }));
  const kinds = s.columns.map((c) => c.kind ?? 'text');

  const header = ws.addRow(s.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = solid(HEADER_FILL);
    cell.border = { bottom: { style: 'thin' } };
  });

  for (const values of s.rows) {
    const row = ws.addRow(values.map((v, i) => cellValue(kinds[i], isCell(v) ? v.value : v)));
    values.forEach((v, i) => {
      const fmt = numFmt(kinds[i]);
      const cell = row.getCell(i + 1);
      if (fmt) cell.numFmt = fmt;
      if (isCell(v) && v.fill) cell.fill = solid(v.fill);
    });
  }
  const lastData = 1 + s.rows.length;
  if (s.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastData, column: s.columns.length } };

  if (s.totals) {
    const row = ws.addRow([]);
    s.totals.forEach((t, i) => {
      const cell = row.getCell(i + 1);
      const kind = kinds[i];
      if (t !== null && typeof t === 'object') {
        const sum = s.rows.reduce<number>((acc, r) => {
          const raw = r[i];
          const v = isCell(raw) ? raw.value : raw;
          return acc + (typeof v === 'number' ? v : 0);
        }, 0);
        const letter = ws.getColumn(i + 1).letter;
        cell.value = {
          formula: s.rows.length ? `SUM(${letter}2:${letter}${lastData})` : '0',
          result: kind === 'euros' ? sum / 100 : sum,
        };
      } else {
        cell.value = cellValue(kind, t);
      }
      const fmt = numFmt(kind);
      if (fmt) cell.numFmt = fmt;
    });
    row.font = { bold: true };
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col <= s.columns.length) cell.border = { top: { style: 'thin' }, bottom: { style: 'double' } };
    });
  }

  if (s.notes?.length) {
    ws.addRow([]);
    for (const n of s.notes) {
      const row = ws.addRow([typeof n === 'string' ? n : n.value]);
      if (typeof n !== 'string' && n.fill) row.getCell(1).fill = solid(n.fill);
    }
  }
}

/** The .xlsx bytes of a workbook made of these sheets, in order. */
export async function buildWorkbook(sheets: XlsxSheet[], opts: { creator?: string } = {}): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const wb = new Workbook();
  wb.creator = opts.creator ?? '';
  wb.created = new Date();
  for (const s of sheets) addSheet(wb, s);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
