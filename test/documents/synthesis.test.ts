import { expect } from 'chai';
import { synthesisData } from '../../server/documents/synthesis.data.js';
import { build as buildXlsx } from '../../server/documents/synthesis.xlsx.js';
import { build as buildPdf, dateChunks } from '../../server/documents/synthesis.pdf.js';
import { EURO_FORMAT } from '../../server/lib/xlsx.js';
import { createMember } from '../support/factories.js';
import { actor, setupContract } from '../support/contracts.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { getDocumentProxy } from 'unpdf';
import { readPdf, readXlsx, rowValues } from './fixtures.js';
import { formulaMismatches } from './formulas.js';
import { DATES, ordersWorld } from './orders-world.js';
import { gridDate as gridDateOf } from '../../server/documents/wording.js';

const AMAP = 'AMAP des Volcans';
const ms = (iso: string) => new Date(`${iso}T00:00:00.000Z`).getTime();

describe('contract synthesis', () => {
  it('adds up the known season: per delivery, per product, per member, per month', async () => {
    const w = await ordersWorld();
    const data = synthesisData(w.t.db, w.c.contractId, AMAP)!;
    expect(data.members.map((m) => `${m.firstName} ${m.lastName}`)).to.deep.equal([
      'Zoé Abadie',
      'Paul Dupont',
      'Émile Édouard',
      'Léa Martin',
    ]);
    expect(data.deliveries.map((d) => d.deliveryOn)).to.deep.equal(DATES);
    expect(data.deliveryTotals.map((t) => t.join('+'))).to.deep.equal([
      ...['2+3', '2+3', '2+4', '2+4', '2+4', '2+4'],
      ...['1+3', '1+3', '1+3', '1+3', '1+3', '1+3'],
    ]);
    expect(data.memberTotals).to.deep.equal([
      { quantities: [6, 6], amountCents: 18000 },
      { quantities: [0, 10], amountCents: 18000 },
      { quantities: [0, 24], amountCents: 43200 },
      { quantities: [12, 0], amountCents: 14400 },
    ]);
    expect(data.productTotals).to.deep.equal([18, 40]);
    expect(data.totalCents).to.equal(93600);
    expect(data.months.map((m) => [m.month, m.deliveries, m.amountCents])).to.deep.equal([
      ['2027-05-01', 4, 34800],
      ['2027-06-01', 4, 32400],
      ['2027-07-01', 4, 26400],
    ]);
    expect(data.chequeMembers.map((m) => m.totalCents)).to.deep.equal([18000, 18000, 43200, 14400]);
  });

  it('XLSX: a frozen grid whose totals are formulas giving the values, one sheet per delivery, and the cheques', async () => {
    const w = await ordersWorld();
    const doc = await buildXlsx(synthesisData(w.t.db, w.c.contractId, AMAP)!);
    expect(doc.filename).to.equal('synthese-legumes-ete-2027.xlsx');
    const wb = await readXlsx(doc.body);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal([
      'Synthèse',
      ...DATES.map((d) => `${d.slice(8)}-${d.slice(5, 7)}-${d.slice(0, 4)}`),
      'Chèques',
    ]);
    expect(formulaMismatches(wb)).to.deep.equal([]);

    const ws = wb.getWorksheet('Synthèse')!;
    expect(ws.views[0]).to.include({ state: 'frozen', xSplit: 2, ySplit: 3 });
    // A date over its two product columns (merged: both read back with the date).
    const dates = rowValues(ws, 1)
      .slice(2, 26)
      .filter((_, i) => i % 2 === 0) as Date[];
    expect(dates.map((d) => d.getTime())).to.deep.equal(DATES.map(ms));
    expect(rowValues(ws, 1).slice(-3)).to.deep.equal(['Total de la saison', 'Total de la saison', 'Montant']);
    expect(rowValues(ws, 2).slice(2, 6)).to.deep.equal([
      'Petit panier',
      'Grand panier',
      'Petit panier',
      'Grand panier',
    ]);
    expect(rowValues(ws, 3).slice(2, 4)).to.deep.equal([12, 18]);
    expect(ws.getCell('C3').numFmt).to.equal(EURO_FORMAT);
    const blank = (n: number) => Array.from({ length: n }, () => null);
    const q = (...pairs: (number | null)[]) => pairs;
    expect(rowValues(ws, 4)).to.deep.equal(['Abadie', 'Zoé', ...Array(12).fill(1), ...blank(12), 6, 6, 180]);
    expect(rowValues(ws, 5)).to.deep.equal([
      'Dupont',
      'Paul',
      ...blank(4),
      ...Array.from({ length: 10 }, () => q(null, 1)).flat(),
      0,
      10,
      180,
    ]);
    expect(rowValues(ws, 7).slice(-3)).to.deep.equal([12, 0, 144]);
    expect(ws.getCell(7, 2 + 24 + 3).numFmt).to.equal(EURO_FORMAT);
    expect(ws.getCell(4, 27).value).to.deep.include({ formula: 'SUMIF($C$2:$Z$2,AA$2,$C4:$Z4)' });
    expect(ws.getCell(4, 29).value).to.deep.include({ formula: 'SUMPRODUCT($AA$3:$AB$3,AA4:AB4)' });
    expect(rowValues(ws, 8)).to.deep.equal([
      'Total',
      '4 membres',
      ...[2, 3, 2, 3, 2, 4, 2, 4, 2, 4, 2, 4, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3],
      18,
      40,
      936,
    ]);
    expect(ws.getCell('C8').value).to.deep.include({ formula: 'SUM(C4:C7)' });
    expect(rowValues(ws, 9).filter((v, i) => typeof v === 'number' && i % 2 === 0)).to.deep.equal([
      ...[78, 78, 96, 96, 96, 96],
      ...[66, 66, 66, 66, 66, 66],
    ]);

    const day = wb.getWorksheet('20-05-2027')!;
    expect(rowValues(day, 1)).to.deep.equal(['Livraison du jeudi 20 mai 2027']);
    expect(rowValues(day, 5)).to.deep.equal([
      'Produit',
      'Unité',
      'Quantité',
      'Prix unitaire',
      'Montant',
      'Livraison précédente (13/05/2027)',
      'Écart',
    ]);
    expect(rowValues(day, 6)).to.deep.equal(['Petit panier', 'panier 2 personnes', 2, 12, 24, 2, 0]);
    expect(rowValues(day, 7)).to.deep.equal(['Grand panier', 'panier 4 personnes', 4, 18, 72, 3, 1]);
    expect(rowValues(day, 8)[4]).to.equal(96);
    const detail = [12, 13, 14, 15].map((r) => rowValues(day, r));
    expect(detail.map((r) => r.slice(0, 3))).to.deep.equal([
      ['ABADIE Zoé', 1, 1],
      ['DUPONT Paul', null, 1],
      ['ÉDOUARD Émile', null, 2],
      ['MARTIN Léa', 1, null],
    ]);
    expect(detail[1][5]).to.equal('commence : 1 Grand panier');
    expect(detail[2][4]).to.equal('Récupère aussi le panier de sa voisine');
    expect(rowValues(day, 16).slice(0, 3)).to.deep.equal(['Total', 2, 4]);

    const after = wb.getWorksheet('17-06-2027')!;
    const text = after
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(text).to.include('Rien cette fois (mais à la livraison précédente)');
    expect(text).to.include('avant : 1 Petit panier, 1 Grand panier');

    const cheques = wb.getWorksheet('Chèques')!;
    expect(rowValues(cheques, 1).slice(0, 4)).to.deep.equal(['Nom', 'Prénom', 'mai 2027', 'mai 2027']);
    expect(rowValues(cheques, 3)).to.deep.equal(['Abadie', 'Zoé', 60, 'promis', 60, 'promis', 60, 'promis', 180]);
    expect(rowValues(cheques, 7)).to.deep.equal(['Total', null, 312, null, 312, null, 312, null, 936]);
  });

  it('PDF: a one-page summary, the landscape grid with its totals, then each member’s season', async () => {
    const w = await ordersWorld();
    const doc = await buildPdf(synthesisData(w.t.db, w.c.contractId, AMAP)!, '2027-04-20');
    expect(doc.filename).to.equal('synthese-legumes-ete-2027.pdf');
    const { pages } = await readPdf(doc.body);
    expect(pages).to.have.length(2);
    const [summary, grid] = pages;
    expect(summary).to.contain('AMAP des Volcans');
    expect(summary).to.contain('Synthèse du contrat');
    expect(summary).to.contain('Légumes été 2027 — GAEC des Volcans');
    expect(summary).to.contain('12 livraisons du jeudi 6 mai au jeudi 22 juillet 2027');
    expect(summary).to.contain('4 souscripteurs · total de la saison : 936,00 €');
    expect(summary).to.match(/Petit panier panier 2 personnes 12,00 € 18 216,00 €/);
    expect(summary).to.match(/Grand panier panier 4 personnes 18,00 € 40 720,00 €/);
    expect(summary).to.match(/mai 2027 4 8 14 348,00 € 312,00 €/);
    expect(summary).to.match(/juillet 2027 4 4 12 264,00 € 312,00 €/);
    expect(summary).to.match(/Total 12 18 40 936,00 € 936,00 €/);
    expect(summary).to.contain('Imprimé le 20/04/2027 · page 1 / 2');

    expect(grid).to.contain('Livraisons du jeudi 6 mai au jeudi 22 juillet 2027');
    expect(grid).to.contain('A : Petit panier (panier 2 personnes, 12,00 €)');
    expect(grid).to.contain('jeu. 06/05');
    expect(grid).to.contain('jeu. 22/07');
    expect(grid).to.match(/ABADIE Zoé( 1){12}\sDUPONT Paul( 1){10}\s/);
    expect(grid).to.match(/Total 2 3 2 3 2 4 2 4 2 4 2 4 1 3 1 3 1 3 1 3 1 3 1 3/);
    expect(grid).to.match(/Totaux de la saison par membre/);
    expect(grid).to.match(/ÉDOUARD Émile 0 24 432,00 €/);
    expect(grid).to.match(/4 membres 18 40 936,00 €/);
  });

  it('PDF: a big grid goes over several pages in chunks of dates, member column and header on every page', async () => {
    const w = await ordersWorld({ subscribers: false });
    const c = setupContract(w.t.ctx, w.adminId, {
      producerId: w.c.producerId,
      kind: 'variable',
      products: [
        { name: 'Carottes', unit: 'botte', priceCents: 200 },
        { name: 'Poireaux', unit: 'botte', priceCents: 300 },
        { name: 'Courges', unit: 'pièce', priceCents: 400 },
      ],
      from: '2027-01-07',
      to: '2027-07-29',
    });
    expect(c.deliveryIds).to.have.length(30);
    const a = actor(w.t.ctx, w.adminId);
    for (let i = 0; i < 45; i++) {
      const m = await createMember(w.t.ctx, {
        firstName: 'Camille',
        lastName: `Membre${String(i).padStart(2, '0')}`,
        password: null,
      });
      const lines = c.deliveryIds.flatMap((deliveryId, d) =>
        c.productIds.map((contractProductId, p) => ({ deliveryId, contractProductId, quantity: (i + d + p) % 3 })),
      );
      saveSubscription(
        w.t.ctx,
        a,
        c.contractId,
        m.id,
        lines.filter((l) => l.quantity > 0),
        null,
      );
    }
    const data = synthesisData(w.t.db, c.contractId, AMAP)!;
    const chunks = dateChunks(30, 3);
    expect(chunks).to.deep.equal([
      [0, 10],
      [10, 20],
      [20, 30],
    ]);
    const { pages } = await readPdf((await buildPdf(data, '2027-01-02')).body);
    const gridPages = pages.filter((p) => /jeu\. \d\d\/\d\d/.test(p));
    expect(gridPages.length, 'each chunk over more than one page').to.be.greaterThan(3);
    for (const p of gridPages) {
      expect(p).to.match(/Membre jeu\. /);
      expect(p).to.match(/A B C A B C/);
      expect(p).to.match(/MEMBRE\d\d Camille/);
    }
    expect(gridPages.filter((p) => p.includes('jeu. 07/01')).length, 'header repeated').to.be.greaterThan(1);
    pages.forEach((p, i) => expect(p).to.contain(`page ${i + 1} / ${pages.length}`));
    const text = pages.join('\n');
    expect(text).to.contain('Livraisons du jeudi 7 janvier au jeudi 11 mars 2027 (1 / 3)');
    expect(text).to.contain('Livraisons du jeudi 27 mai au jeudi 29 juillet 2027 (3 / 3)');
    // Each member once per chunk of dates, once more in the season totals.
    expect(text.split('MEMBRE07 Camille').length - 1).to.equal(4);
    expect(text).to.contain(`45 membres ${data.productTotals.join(' ')} `);
  });

  it('PDF: a grid a little too long for one page splits its members evenly, never one member alone with the totals', async () => {
    const w = await ordersWorld({ subscribers: false });
    const a = actor(w.t.ctx, w.adminId);
    for (let i = 0; i < 31; i++) {
      const m = await createMember(w.t.ctx, { firstName: 'Camille', lastName: `Membre${String(i).padStart(2, '0')}` });
      const lines = w.c.deliveryIds.map((deliveryId) => ({
        deliveryId,
        contractProductId: w.c.productIds[0],
        quantity: 1,
      }));
      saveSubscription(w.t.ctx, a, w.c.contractId, m.id, lines, null);
    }
    const { pages } = await readPdf((await buildPdf(synthesisData(w.t.db, w.c.contractId, AMAP)!, '2027-04-20')).body);
    const grid = pages.filter((p) => p.includes('jeu. 06/05'));
    const members = grid.map((p) => p.split(' Camille').length - 1);
    expect(members).to.deep.equal([16, 15]);
    expect(grid[0]).to.contain('Livraisons du jeudi 6 mai au jeudi 22 juillet 2027');
    expect(grid[1]).to.contain('Livraisons du jeudi 6 mai au jeudi 22 juillet 2027, suite');
    // The totals row once, under the last members.
    expect(grid.map((p) => /Total 31 0 31 0/.test(p))).to.deep.equal([false, true]);
  });

  it('PDF: the grid stays inside the page margins, with one product or three (the last dates were cut off)', async () => {
    for (const { products, to } of [
      { products: 1, to: '2027-06-24' },
      { products: 3, to: '2027-06-10' },
    ]) {
      const w = await ordersWorld({ subscribers: false });
      const c = setupContract(w.t.ctx, w.adminId, {
        producerId: w.c.producerId,
        kind: 'variable',
        products: ['Carottes', 'Poireaux', 'Courges']
          .slice(0, products)
          .map((name) => ({ name, unit: 'botte', priceCents: 200 })),
        from: '2027-01-07',
        to,
      });
      const m = await createMember(w.t.ctx, { firstName: 'Camille', lastName: 'Martin', password: null });
      const lines = c.deliveryIds.flatMap((deliveryId) =>
        c.productIds.map((contractProductId) => ({ deliveryId, contractProductId, quantity: 12 })),
      );
      saveSubscription(w.t.ctx, actor(w.t.ctx, w.adminId), c.contractId, m.id, lines, null);
      const data = synthesisData(w.t.db, c.contractId, AMAP)!;
      const pdf = await getDocumentProxy(new Uint8Array((await buildPdf(data, '2027-01-02')).body));
      const page = await pdf.getPage(2);
      const items = (await page.getTextContent()).items as { str: string; width: number; transform: number[] }[];
      const last = gridDateOf(data.deliveries.at(-1)!.deliveryOn).split(' ')[1];
      expect(items.map((i) => i.str).join(' '), `${products} product(s)`).to.contain(last);
      const right = Math.max(...items.map((i) => i.transform[4] + i.width));
      expect(right, `${products} product(s): right edge`).to.be.at.most(842 - 40 + 0.5);
    }
  });

  it('an empty contract gives documents that say so', async () => {
    const w = await ordersWorld({ subscribers: false });
    const data = synthesisData(w.t.db, w.c.contractId, AMAP)!;
    const wb = await readXlsx((await buildXlsx(data)).body);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['Synthèse', 'Chèques']);
    expect(rowValues(wb.getWorksheet('Synthèse')!, 4)).to.deep.equal([
      'Aucun membre n’a souscrit à ce contrat pour l’instant.',
    ]);
    const { text } = await readPdf((await buildPdf(data, '2027-04-20')).body);
    expect(text).to.contain('Aucun membre n’a souscrit à ce contrat pour l’instant.');
    expect(text).to.contain('0 souscripteur · total de la saison : 0,00 €');
    expect(synthesisData(w.t.db, w.c.contractId + 99, AMAP)).to.equal(null);
  });
});
