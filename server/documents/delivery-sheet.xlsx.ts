/**
 * The delivery sheet as a spreadsheet: one sheet per delivery, with what to prepare (quantity per
 * product as the sum of the detail below, amount, the previous delivery and the difference), then
 * the detail per member with their note and what changed for them. The synthesis reuses the same
 * sheet for each of its deliveries.
 */
import type ExcelJS from 'exceljs';
import type { Document } from '../lib/document.js';
import { formatDateNumeric, formatDayLong } from '../lib/format.js';
import { XLSX_CONTENT_TYPE, excelJS } from '../lib/xlsx.js';
import type { GridProduct } from './contract-grid.js';
import type { DeliverySheetData } from './delivery-sheet.data.js';
import { changeText, quantitiesText, type DeliveryDay, lineNote } from './delivery-days.js';
import { colLetter, EURO_FORMAT, formula, productLabels, sheetName, styleHeader, styleTotal } from './xlsx-cells.js';
import { deliveryFileStem } from './file-names.js';

export interface DaySheetContext {
  contractName: string;
  producerName: string;
  products: GridProduct[];
}

/** One delivery on its own sheet, named after its date ("06-05-2027"). */
export function addDeliveryDaySheet(wb: ExcelJS.Workbook, ctx: DaySheetContext, day: DeliveryDay): void {
  const P = ctx.products.length;
  const labels = productLabels(ctx.products);
  const ws = wb.addWorksheet(sheetName(formatDateNumeric(day.deliveryOn).replace(/\//g, '-')), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { width: 30 },
    ...labels.map((l) => ({ width: Math.max(12, Math.min(24, l.length + 2)) })),
    { width: 14 },
    { width: 30 },
    { width: 36 },
  ];
  ws.addRow([`Livraison du ${formatDayLong(day.deliveryOn)}`]).font = { bold: true, size: 13 };
  ws.addRow([`${ctx.contractName} — ${ctx.producerName}`]);
  ws.addRow([]);
  ws.addRow(['À préparer']).font = { bold: true };

  const previous = day.previousOn
    ? `Livraison précédente (${formatDateNumeric(day.previousOn)})`
    : 'Livraison précédente';
  const header = ws.addRow(['Produit', 'Unité', 'Quantité', 'Prix unitaire', 'Montant', previous, 'Écart']);
  header.eachCell(styleHeader);
  const topFirst = header.number + 1;
  // The detail table starts after the products, their total, a blank row, its title and its header.
  const detailFirst = topFirst + P + 4;
  const detailLast = detailFirst + day.lines.length - 1;
  ctx.products.forEach((p, i) => {
    const r = topFirst + i;
    const col = colLetter(2 + i);
    const qty = day.totals[i];
    const row = ws.addRow([
      labels[i],
      p.unit,
      day.lines.length ? formula(`SUM(${col}${detailFirst}:${col}${detailLast})`, qty) : 0,
      p.priceCents / 100,
      formula(`C${r}*D${r}`, (qty * p.priceCents) / 100),
      day.previousTotals ? day.previousTotals[i] : null,
      day.previousTotals ? formula(`C${r}-F${r}`, qty - day.previousTotals[i]) : null,
    ]);
    row.getCell(4).numFmt = EURO_FORMAT;
    row.getCell(5).numFmt = EURO_FORMAT;
    row.getCell(7).numFmt = '+0;-0;0';
  });
  const topLast = topFirst + P - 1;
  const total = ws.addRow(['Total', '', '', '', formula(`SUM(E${topFirst}:E${topLast})`, day.amountCents / 100)]);
  total.getCell(5).numFmt = EURO_FORMAT;
  for (let c = 1; c <= 7; c++) styleTotal(total.getCell(c));

  ws.addRow([]);
  ws.addRow([`Détail par membre (${day.lines.length})`]).font = { bold: true };
  const changeHeader = day.previousOn ? `Changement depuis le ${formatDateNumeric(day.previousOn)}` : 'Changement';
  ws.addRow(['Membre', ...labels, '', 'Note', changeHeader]).eachCell((cell, c) => {
    if (c !== P + 2) styleHeader(cell);
  });
  const changes = new Map(day.changes.map((c) => [c.name, c]));
  for (const l of day.lines) {
    const c = changes.get(l.name);
    ws.addRow([
      l.name,
      ...l.quantities.map((q) => q || null),
      null,
      lineNote(l) || null,
      c ? changeText(ctx.products, c) : null,
    ]);
  }
  if (day.lines.length) {
    const sums = ws.addRow([
      'Total',
      ...day.totals.map((q, i) =>
        formula(`SUM(${colLetter(2 + i)}${detailFirst}:${colLetter(2 + i)}${detailLast})`, q),
      ),
    ]);
    for (let c = 1; c <= P + 1; c++) styleTotal(sums.getCell(c));
  } else {
    ws.addRow(['Personne ne reçoit rien à cette livraison.']).font = { italic: true };
  }
  const gone = day.changes.filter((c) => c.kind === 'gone');
  if (gone.length) {
    ws.addRow([]);
    ws.addRow(['Rien cette fois (mais à la livraison précédente)']).font = { bold: true };
    for (const g of gone) ws.addRow([g.name, `avant : ${quantitiesText(ctx.products, g.before)}`]);
  }
}

/** The sheet(s) as an .xlsx workbook, one sheet per delivery. */
export function deliverySheetWorkbook(data: DeliverySheetData): ExcelJS.Workbook {
  const wb = new (excelJS().Workbook)();
  wb.creator = data.amapName;
  if (data.days.length === 0) {
    const ws = wb.addWorksheet('Livraisons');
    ws.getColumn(1).width = 80;
    ws.addRow([`${data.contractName} — ${data.producerName}`]).font = { bold: true };
    ws.addRow(['Aucune livraison de ce contrat à ces dates.']);
  }
  for (const day of data.days) addDeliveryDaySheet(wb, data, day);
  return wb;
}

export async function build(data: DeliverySheetData): Promise<Document> {
  return {
    filename: `${deliveryFileStem(data)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: Buffer.from(await deliverySheetWorkbook(data).xlsx.writeBuffer()),
  };
}
