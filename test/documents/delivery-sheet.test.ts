import { expect } from 'chai';
import { getDocumentProxy } from 'unpdf';
import { deliverySheetData } from '../../server/documents/delivery-sheet.data.js';
import { build as buildPdf } from '../../server/documents/delivery-sheet.pdf.js';
import { build as buildXlsx } from '../../server/documents/delivery-sheet.xlsx.js';
import { seasonlessSlug } from '../../server/documents/file-names.js';
import { readPdf, readXlsx, rowValues } from './fixtures.js';
import { formulaMismatches } from './formulas.js';
import { ordersWorld } from './orders-world.js';
import { actor } from '../support/contracts.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

const AMAP = 'AMAP des Volcans';

async function pageSize(body: Buffer): Promise<{ width: number; height: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { width, height } = (await pdf.getPage(1)).getViewport({ scale: 1 });
  return { width, height };
}

describe('delivery sheet (feuille de livraison du producteur)', () => {
  it('says what to prepare against the previous delivery, who collects what with their note, and who starts', async () => {
    const w = await ordersWorld();
    const data = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-05-20', to: '2027-05-20' }, AMAP)!;
    expect(data.days).to.have.length(1);
    const [d] = data.days;
    expect(d).to.deep.include({ deliveryOn: '2027-05-20', previousOn: '2027-05-13', amountCents: 9600 });
    expect(d.totals).to.deep.equal([2, 4]);
    expect(d.previousTotals).to.deep.equal([2, 3]);
    expect(d.lines.map((l) => [l.name, ...l.quantities])).to.deep.equal([
      ['ABADIE Zoé', 1, 1],
      ['DUPONT Paul', 0, 1],
      ['ÉDOUARD Émile', 0, 2],
      ['MARTIN Léa', 1, 0],
    ]);
    expect(d.changes).to.deep.equal([{ name: 'DUPONT Paul', kind: 'new', before: [0, 0], after: [0, 1] }]);

    const doc = await buildPdf(data, '2027-05-18');
    expect(doc.filename).to.equal('livraison-legumes-2027-05-20.pdf');
    const size = await pageSize(doc.body);
    expect(size.height, 'portrait').to.be.greaterThan(size.width);
    const { pages, text } = await readPdf(doc.body);
    expect(pages).to.have.length(1);
    expect(text).to.contain('AMAP des Volcans');
    expect(text).to.contain('Feuille de livraison');
    expect(text).to.contain('Légumes été 2027 — GAEC des Volcans');
    expect(text).to.contain('Livraison du jeudi 20 mai 2027');
    expect(text.indexOf('À préparer')).to.be.lessThan(text.indexOf('Détail par membre'));
    expect(text).to.match(/Petit panier panier 2 personnes 2 2 0 24,00 €/);
    expect(text).to.match(/Grand panier panier 4 personnes 4 3 \+1 72,00 €/);
    expect(text).to.match(/Total 96,00 €/);
    expect(text).to.contain('Changements depuis le jeudi 13 mai 2027');
    expect(text).to.contain('DUPONT Paul : commence : 1 Grand panier');
    expect(text).to.contain('Détail par membre (4)');
    expect(text).to.match(/ÉDOUARD Émile 2 Récupère aussi le panier de sa voisine/);
    expect(text).to.match(/4 membres 2 4/);
    expect(text).to.contain('Imprimé le 18/05/2027 · page 1 / 1');
  });

  it('a member back after a delivery away is said to come back, not to start', async () => {
    const w = await ordersWorld();
    // Léa skips 27 May (her basket comes twice on 3 June); Paul starts on 20 May.
    const lines = w.c.deliveryIds
      .map((deliveryId, i) => ({
        deliveryId,
        contractProductId: w.c.productIds[0],
        quantity: i === 3 ? 0 : i === 4 ? 2 : 1,
      }))
      .filter((l) => l.quantity > 0);
    saveSubscription(w.t.ctx, actor(w.t.ctx, w.adminId), w.c.contractId, w.ids.lea, lines, null);
    const one = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-06-03', to: '2027-06-03' }, AMAP)!;
    expect(one.days[0].changes).to.deep.equal([{ name: 'MARTIN Léa', kind: 'back', before: [0, 0], after: [2, 0] }]);
    const { text } = await readPdf((await buildPdf(one, '2027-06-01')).body);
    expect(text).to.contain('MARTIN Léa : revient : 2 Petit panier');
    // Over a range, the same; a true newcomer still starts.
    const range = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-05-20', to: '2027-06-03' }, AMAP)!;
    expect(range.days.map((d) => d.changes.map((c) => `${c.name} ${c.kind}`))).to.deep.equal([
      ['DUPONT Paul new'],
      ['MARTIN Léa gone'],
      ['MARTIN Léa back'],
    ]);
  });

  it('for a range: one delivery a page, the first measured against the delivery before the range', async () => {
    const w = await ordersWorld();
    const data = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-06-09', to: '2027-06-20' }, AMAP)!;
    expect(data.days.map((d) => [d.deliveryOn, d.previousOn])).to.deep.equal([
      ['2027-06-10', '2027-06-03'],
      ['2027-06-17', '2027-06-10'],
    ]);
    expect(data.days[0].changes).to.deep.equal([]);
    expect(data.days[1].changes).to.deep.equal([{ name: 'ABADIE Zoé', kind: 'gone', before: [1, 1], after: [0, 0] }]);
    const doc = await buildPdf(data, '2027-06-01');
    expect(doc.filename).to.equal('livraisons-legumes-2027-06-10-au-2027-06-17.pdf');
    const { pages } = await readPdf(doc.body);
    expect(pages).to.have.length(2);
    expect(pages[0]).to.contain('2 livraisons du jeudi 10 juin au jeudi 17 juin 2027');
    expect(pages[0]).to.contain('Aucun changement depuis le jeudi 3 juin 2027.');
    expect(pages[1]).to.contain('Jeudi 17 juin 2027');
    expect(pages[1]).to.contain('ABADIE Zoé : rien cette fois (avant : 1 Petit panier, 1 Grand panier)');
    expect(pages[1]).to.match(/Petit panier panier 2 personnes 1 2 -1 12,00 €/);
    expect(pages[1]).to.match(/3 membres 1 3/);
    expect(pages[1]).to.contain('page 2 / 2');

    const first = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-05-06', to: '2027-05-06' }, AMAP)!;
    expect(first.days[0].previousOn).to.equal(null);
    expect((await readPdf((await buildPdf(first, '2027-05-01')).body)).text).to.contain(
      'Première livraison du contrat.',
    );
  });

  it('XLSX: one sheet per delivery, quantities to prepare as sums of the detail, differences as formulas', async () => {
    const w = await ordersWorld();
    const data = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-06-10', to: '2027-06-17' }, AMAP)!;
    const doc = await buildXlsx(data);
    expect(doc.filename).to.equal('livraisons-legumes-2027-06-10-au-2027-06-17.xlsx');
    const wb = await readXlsx(doc.body);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['10-06-2027', '17-06-2027']);
    expect(formulaMismatches(wb)).to.deep.equal([]);
    const ws = wb.getWorksheet('17-06-2027')!;
    expect(rowValues(ws, 6)).to.deep.equal(['Petit panier', 'panier 2 personnes', 1, 12, 12, 2, -1]);
    expect(rowValues(ws, 7)).to.deep.equal(['Grand panier', 'panier 4 personnes', 3, 18, 54, 4, -1]);
    expect(ws.getCell('C6').value).to.deep.include({ formula: 'SUM(B12:B14)' });
    expect(rowValues(ws, 12).slice(0, 3)).to.deep.equal(['DUPONT Paul', null, 1]);
    expect(rowValues(ws, 15).slice(0, 3)).to.deep.equal(['Total', 1, 3]);
    expect(rowValues(ws, 18)).to.deep.equal(['ABADIE Zoé', 'avant : 1 Petit panier, 1 Grand panier']);
  });

  it('with no delivery in the range, says so; file names drop the season words', async () => {
    const w = await ordersWorld();
    const data = deliverySheetData(w.t.db, w.c.contractId, { from: '2027-08-01', to: '2027-08-31' }, AMAP)!;
    expect(data.days).to.deep.equal([]);
    const { text } = await readPdf((await buildPdf(data, '2027-07-30')).body);
    expect(text).to.contain('Ce contrat n’a aucune livraison à ces dates.');
    const wb = await readXlsx((await buildXlsx(data)).body);
    expect(rowValues(wb.worksheets[0], 2)).to.deep.equal(['Aucune livraison de ce contrat à ces dates.']);
    expect(seasonlessSlug('Légumes été 2027')).to.equal('legumes');
    expect(seasonlessSlug('Pain 1er semestre')).to.equal('pain');
    expect(seasonlessSlug('Fromages de chèvre 2027')).to.equal('fromages-de-chevre');
    expect(seasonlessSlug('Été 2027')).to.equal('ete-2027');
  });
});
