/**
 * Small pieces for the spreadsheets that lay out their own grids (synthesis, delivery sheets) on
 * top of exceljs, where lib/xlsx.ts's one-table sheets do not fit: column letters, real dates,
 * header styling, formulas carrying their value.
 */
import type ExcelJS from 'exceljs';
import { EURO_FORMAT } from '../lib/xlsx.js';

export { EURO_FORMAT };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };

/** 1 → "A", 27 → "AA". */
export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** "2027-05-06" as the spreadsheet date of that day (UTC midnight: no timezone shift). */
export function sheetDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
}

/** A formula with the value it gives, so a reader that does not recompute still shows it. */
export function formula(f: string, result: number): ExcelJS.CellFormulaValue {
  return { formula: f, result };
}

/** Bold, grey, bordered below, wrapped: the look of every header cell. */
export function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { bold: true };
  cell.fill = HEADER_FILL;
  cell.border = { bottom: { style: 'thin' } };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

/** Bold with a line above and a double line below: a totals row. */
export function styleTotal(cell: ExcelJS.Cell): void {
  cell.font = { bold: true };
  cell.border = { top: { style: 'thin' }, bottom: { style: 'double' } };
}

/**
 * Product labels that tell products apart: the name, with the unit when two products share a name
 * ("Œufs (boîte de 6)", "Œufs (douzaine)"); SUMIF formulas match them.
 */
export function productLabels(products: readonly { name: string; unit: string }[]): string[] {
  const count = new Map<string, number>();
  for (const p of products) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  const labels = products.map((p) => (count.get(p.name)! > 1 ? `${p.name} (${p.unit})` : p.name));
  return labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} ${i + 1}`));
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
export function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
}
