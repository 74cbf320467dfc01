/**
 * The contract synthesis as a spreadsheet:
 * - "Synthèse": members × deliveries, one column per product at each delivery, then the season
 *   quantity of each product and the amount per member; header rows (dates, products, prices)
 *   and the name columns frozen; totals as formulas carrying their value (SUM, SUMIF over the
 *   product row, SUMPRODUCT with the price row), so a spreadsheet that recalculates agrees;
 * - one sheet per delivery (what to prepare, then the detail per member), as the delivery sheet;
 * - "Chèques" when the AMAP manages the payments: member × payment date, amount and status.
 */
import type ExcelJS from 'exceljs';
import type { Document } from '../lib/document.js';
import { slug } from '../lib/format.js';
import { XLSX_CONTENT_TYPE, DATE_FORMAT, excelJS } from '../lib/xlsx.js';
import { STATUS_LABELS } from '../domain/cheque-status.js';
import { monthLabel } from '../domain/cheque-grouping.js';
import { addDeliveryDaySheet } from './delivery-sheet.xlsx.js';
import { deliveryDays } from './delivery-days.js';
import type { SynthesisData } from './synthesis.data.js';
import { colLetter, EURO_FORMAT, formula, productLabels, sheetDate, styleHeader, styleTotal } from './xlsx-cells.js';

const NO_SUBSCRIBER = 'Aucun membre n’a souscrit à ce contrat pour l’instant.';

function gridSheet(wb: ExcelJS.Workbook, data: SynthesisData): void {
  const P = data.products.length;
  const D = data.deliveries.length;
  const labels = productLabels(data.products);
  const ws = wb.addWorksheet('Synthèse', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 3, topLeftCell: 'C4', activeCell: 'C4' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 0, fitToHeight: 0 },
  });
  ws.pageSetup.printTitlesRow = '1:3';
  ws.pageSetup.printTitlesColumn = 'A:B';

  const firstQty = 3;
  const lastQty = firstQty + D * P - 1;
  const firstTotal = lastQty + 1;
  const lastTotal = firstTotal + P - 1;
  const amountCol = lastTotal + 1;
  const qtyRange = (r: number | string) => `$${colLetter(firstQty)}${r}:$${colLetter(lastQty)}${r}`;
  ws.columns = [
    { width: 20 },
    { width: 16 },
    ...Array.from({ length: D * P }, () => ({ width: P > 1 ? 9 : 11 })),
    ...labels.map(() => ({ width: 11 })),
    { width: 14 },
  ];

  // Row 1: the dates (over their products), "Total de la saison", "Montant"; row 2: the products; row 3: prices.
  const r1 = ws.getRow(1);
  const r2 = ws.getRow(2);
  const r3 = ws.getRow(3);
  r1.getCell(1).value = 'Nom';
  r1.getCell(2).value = 'Prénom';
  r3.getCell(1).value = 'Prix unitaire';
  data.deliveries.forEach((d, i) => {
    const c = firstQty + i * P;
    r1.getCell(c).value = sheetDate(d.deliveryOn);
    r1.getCell(c).numFmt = DATE_FORMAT;
    if (P > 1) ws.mergeCells(1, c, 1, c + P - 1);
    data.products.forEach((p, j) => {
      r2.getCell(c + j).value = labels[j];
      r3.getCell(c + j).value = p.priceCents / 100;
    });
  });
  r1.getCell(firstTotal).value = 'Total de la saison';
  if (P > 1) ws.mergeCells(1, firstTotal, 1, lastTotal);
  data.products.forEach((p, j) => {
    r2.getCell(firstTotal + j).value = labels[j];
    r3.getCell(firstTotal + j).value = p.priceCents / 100;
  });
  r1.getCell(amountCol).value = 'Montant';
  ws.mergeCells(1, amountCol, 3, amountCol);
  ws.mergeCells(1, 1, 2, 1);
  ws.mergeCells(1, 2, 2, 2);
  ws.mergeCells(3, 1, 3, 2);
  for (const row of [r1, r2, r3]) for (let c = 1; c <= amountCol; c++) styleHeader(row.getCell(c));
  for (let c = firstQty; c <= lastTotal; c++) r3.getCell(c).numFmt = EURO_FORMAT;
  r2.height = P > 1 ? 45 : 15;

  const first = 4;
  const last = first + data.members.length - 1;
  const prices = `$${colLetter(firstTotal)}$3:$${colLetter(lastTotal)}$3`;
  data.members.forEach((m, i) => {
    const r = first + i;
    const values: ExcelJS.CellValue[] = [m.lastName, m.firstName];
    for (const row of m.quantities) for (const q of row) values.push(q || null);
    const t = data.memberTotals[i];
    labels.forEach((_, j) => {
      const header = `${colLetter(firstTotal + j)}$2`;
      values.push(
        formula(`SUMIF($${colLetter(firstQty)}$2:$${colLetter(lastQty)}$2,${header},${qtyRange(r)})`, t.quantities[j]),
      );
    });
    values.push(
      formula(`SUMPRODUCT(${prices},${colLetter(firstTotal)}${r}:${colLetter(lastTotal)}${r})`, t.amountCents / 100),
    );
    ws.addRow(values).getCell(amountCol).numFmt = EURO_FORMAT;
  });
  if (data.members.length === 0) {
    ws.addRow([NO_SUBSCRIBER]).font = { italic: true };
    return;
  }

  // Totals per column (each product at each delivery, then the season), then each delivery's amount.
  const totals: ExcelJS.CellValue[] = ['Total', `${data.members.length} membre${data.members.length > 1 ? 's' : ''}`];
  data.deliveryTotals.forEach((row) => row.forEach((q) => totals.push(q)));
  totals.push(...data.productTotals, data.totalCents / 100);
  const totalRow = ws.addRow(
    totals.map((v, i) => {
      const c = i + 1;
      if (c < firstQty) return v;
      const col = colLetter(c);
      return formula(`SUM(${col}${first}:${col}${last})`, v as number);
    }),
  );
  totalRow.getCell(amountCol).numFmt = EURO_FORMAT;
  for (let c = 1; c <= amountCol; c++) styleTotal(totalRow.getCell(c));

  const amounts = ws.addRow(['Montant de la livraison']);
  data.deliveries.forEach((_, i) => {
    const c = firstQty + i * P;
    const span = `${colLetter(c)}$3:${colLetter(c + P - 1)}$3,${colLetter(c)}${totalRow.number}:${colLetter(c + P - 1)}${totalRow.number}`;
    const cell = amounts.getCell(c);
    cell.value = formula(`SUMPRODUCT(${span})`, data.deliveryAmounts[i] / 100);
    cell.numFmt = EURO_FORMAT;
    if (P > 1) ws.mergeCells(amounts.number, c, amounts.number, c + P - 1);
  });
  amounts.font = { bold: true };
  ws.mergeCells(amounts.number, 1, amounts.number, 2);
}

function chequesSheet(wb: ExcelJS.Workbook, data: SynthesisData): void {
  const dates = data.paymentDates;
  const ws = wb.addWorksheet('Chèques', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2, topLeftCell: 'C3', activeCell: 'C3' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.pageSetup.printTitlesRow = '1:2';
  const totalCol = 3 + dates.length * 2;
  ws.columns = [{ width: 20 }, { width: 16 }, ...dates.flatMap(() => [{ width: 12 }, { width: 19 }]), { width: 14 }];
  const r1 = ws.getRow(1);
  const r2 = ws.getRow(2);
  r1.getCell(1).value = 'Nom';
  r1.getCell(2).value = 'Prénom';
  dates.forEach((d, i) => {
    const c = 3 + i * 2;
    r1.getCell(c).value = monthLabel(d.dueOn);
    ws.mergeCells(1, c, 1, c + 1);
    r2.getCell(c).value = 'Montant';
    r2.getCell(c + 1).value = 'Statut';
  });
  r1.getCell(totalCol).value = 'Total';
  ws.mergeCells(1, 1, 2, 1);
  ws.mergeCells(1, 2, 2, 2);
  ws.mergeCells(1, totalCol, 2, totalCol);
  for (const row of [r1, r2]) for (let c = 1; c <= totalCol; c++) styleHeader(row.getCell(c));

  const first = 3;
  const last = first + data.chequeMembers.length - 1;
  const span = (r: number | string) => `$${colLetter(3)}${r}:$${colLetter(totalCol - 1)}${r}`;
  data.chequeMembers.forEach((m, i) => {
    const r = first + i;
    const values: ExcelJS.CellValue[] = [m.lastName, m.firstName];
    for (const c of m.cheques) values.push(c ? c.amountCents / 100 : null, c ? STATUS_LABELS[c.status] : null);
    values.push(formula(`SUMIF(${span('$2')},"Montant",${span(r)})`, m.totalCents / 100));
    const row = ws.addRow(values);
    for (let c = 3; c <= totalCol; c += 2) row.getCell(c).numFmt = EURO_FORMAT;
  });
  if (data.chequeMembers.length === 0) {
    ws.addRow(['Aucun chèque pour ce contrat pour l’instant.']).font = { italic: true };
    return;
  }
  const totals: ExcelJS.CellValue[] = ['Total', null];
  dates.forEach((_, i) => {
    const col = colLetter(3 + i * 2);
    const sum = data.chequeMembers.reduce((a, m) => a + (m.cheques[i]?.amountCents ?? 0), 0);
    totals.push(formula(`SUM(${col}${first}:${col}${last})`, sum / 100), null);
  });
  const all = data.chequeMembers.reduce((a, m) => a + m.totalCents, 0);
  totals.push(formula(`SUM(${colLetter(totalCol)}${first}:${colLetter(totalCol)}${last})`, all / 100));
  const row = ws.addRow(totals);
  for (let c = 1; c <= totalCol; c++) {
    styleTotal(row.getCell(c));
    if (c >= 3 && c % 2 === 1) row.getCell(c).numFmt = EURO_FORMAT;
  }
}

/** The workbook (exported for the bench, which writes the same cells with exceljs alone). */
export function synthesisWorkbook(data: SynthesisData): ExcelJS.Workbook {
  const wb = new (excelJS().Workbook)();
  wb.creator = data.amapName;
  gridSheet(wb, data);
  if (data.members.length) for (const day of deliveryDays(data)) addDeliveryDaySheet(wb, data, day);
  if (data.paymentsManaged) chequesSheet(wb, data);
  return wb;
}

export async function build(data: SynthesisData): Promise<Document> {
  return {
    filename: `synthese-${slug(data.contractName)}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    body: Buffer.from(await synthesisWorkbook(data).xlsx.writeBuffer()),
  };
}
