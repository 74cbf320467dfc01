import { expect } from 'chai';
import type ExcelJS from 'exceljs';
import { basketOffers } from '../../server/db/schema/index.js';
import { signInSheetData } from '../../server/documents/sign-in-sheet.data.js';
import { build as sheetPdf } from '../../server/documents/sign-in-sheet.pdf.js';
import { build as sheetXlsx } from '../../server/documents/sign-in-sheet.xlsx.js';
import { deliverySheetData } from '../../server/documents/delivery-sheet.data.js';
import { build as deliveryPdf } from '../../server/documents/delivery-sheet.pdf.js';
import { build as deliveryXlsx } from '../../server/documents/delivery-sheet.xlsx.js';
import { dayDefaults } from '../../server/features/settings/settings.service.js';
import { absencesWorld, tap, type AbsencesWorld } from '../http/absences-world.js';
import { readPdf, readXlsx } from './fixtures.js';

/** Léa is away on 7 January, her basket carried over to the 21st; Paul takes nothing special. */
async function carriedOver() {
  const w = await absencesWorld();
  const lea = await w.as('lea');
  const page = `/contrats/${w.veg.contractId}/absences`;
  const [d1, , d3] = w.veg.deliveryIds;
  await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
  return w;
}

const sheetPdfText = async (w: AbsencesWorld, on: string) =>
  (
    await readPdf((await sheetPdf(signInSheetData(w.t.db, on, dayDefaults(w.t.ctx), 'AMAP')!, on)).body as Buffer)
  ).text.replace(/\s+/g, ' ');

/** Every row of every sheet as one line of text: "MARTIN Léa | 2 | dont 1 reporté". */
function rowsOf(wb: ExcelJS.Workbook, sheet?: string): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    if (sheet && ws.name !== sheet) return;
    ws.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((c) => {
        const v = c.value as unknown;
        cells.push(v && typeof v === 'object' && 'result' in v ? String(v.result) : String(v));
      });
      out.push(`${ws.name}: ${cells.join(' | ')}`);
    });
  });
  return out;
}

describe('documents with absences and given baskets', () => {
  it('the sign-in sheet of the new day says "dont 1 reporté"; the absent day has no line for Léa', async () => {
    const w = await carriedOver();
    const target = await sheetPdfText(w, '2027-01-21');
    expect(target).to.match(/MARTIN Léa [^×]*2 × Panier de légumes \(dont 1 reporté\) 2 ROUX Paul/);
    const absent = await sheetPdfText(w, '2027-01-07');
    expect(absent).to.not.include('MARTIN Léa');
    expect(absent).to.include('ROUX Paul');
    const wb = await readXlsx(
      (await sheetXlsx(signInSheetData(w.t.db, '2027-01-21', dayDefaults(w.t.ctx), 'AMAP')!)).body as Buffer,
    );
    expect(rowsOf(wb, 'Émargement').find((r) => r.includes('Martin')))
      .to.include('| 2 |')
      .and.include('dont 1 reporté');
  });

  it('the delivery sheet counts the carried-over basket on its new day and says so, in PDF and XLSX', async () => {
    const w = await carriedOver();
    const data = deliverySheetData(w.t.db, w.veg.contractId, { from: '2027-01-07', to: '2027-01-21' }, 'AMAP')!;
    expect(data.days.map((d) => d.totals[0])).to.deep.equal([1, 2, 3]);
    const pdf = (await readPdf((await deliveryPdf(data, '2027-01-01')).body as Buffer)).pages.map((p) =>
      p.replace(/\s+/g, ' '),
    );
    expect(pdf[0]).to.include('Jeudi 7 janvier 2027').and.not.include('MARTIN Léa');
    expect(pdf[2]).to.match(/MARTIN Léa\s*2\s*dont 1 reporté/);
    expect(pdf[1]).to.not.include('reporté');
    const rows = rowsOf(await readXlsx((await deliveryXlsx(data)).body as Buffer));
    const carried = rows.filter((r) => r.includes('dont 1 reporté'));
    expect(carried).to.have.length(1);
    expect(carried[0]).to.include('MARTIN Léa').and.include('| 2 |');
  });

  it('the sign-in sheet shows a given basket on the taker’s line, that day only', async () => {
    const w = await absencesWorld();
    const lea = await w.as('lea');
    await tap(lea, `/contrats/${w.veg.contractId}/absences`, `/contrats/${w.veg.contractId}/paniers`, {
      livraison: String(w.veg.deliveryIds[1]),
    });
    const zoe = await w.as('zoe');
    const [offer] = w.t.db.select().from(basketOffers).all();
    await tap(zoe, '/paniers-a-donner', `/paniers-a-donner/${offer.id}/prendre`);
    const day = await sheetPdfText(w, '2027-01-14');
    expect(day).to.match(/ABEL Zoé [^×]*1 × Panier de légumes \(panier de Léa Martin récupéré par Zoé Abel\)/);
    expect(day).to.not.include('MARTIN Léa');
    expect(day).to.include('Émargement : 2 foyers');
    expect(await sheetPdfText(w, '2027-01-21'))
      .to.include('MARTIN Léa')
      .and.not.include('ABEL Zoé');
  });
});
