import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { members } from '../../server/db/schema/index.js';
import { subscribersData, withContactsFor } from '../../server/documents/subscribers.data.js';
import { build as buildCsv } from '../../server/documents/subscribers.csv.js';
import { build as buildXlsx } from '../../server/documents/subscribers.xlsx.js';
import { readCsv } from '../../server/lib/csv.js';
import { EURO_FORMAT } from '../../server/lib/xlsx.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { createMember } from '../support/factories.js';
import { readXlsx, rowValues } from './fixtures.js';
import { formulaMismatches } from './formulas.js';
import { ordersWorld } from './orders-world.js';

const AMAP = 'AMAP des Volcans';

describe('subscriber list', () => {
  it('CSV: names, contact details, season quantities and totals, with a BOM and `;`', async () => {
    const w = await ordersWorld();
    w.t.db
      .update(members)
      .set({ phone: '06 11 22 33 44', address: '3 rue des Lilas', postalCode: '63000', city: 'Clermont-Ferrand' })
      .where(eq(members.id, w.ids.lea))
      .run();
    const data = subscribersData(w.t.db, w.c.contractId, AMAP)!;
    const doc = buildCsv(data);
    expect(doc.filename).to.equal('souscripteurs-legumes-ete-2027.csv');
    expect(doc.body.subarray(0, 3).toString('hex')).to.equal('efbbbf');
    expect(doc.body.toString('utf8')).to.contain('Nom;Prénom;E-mail;');
    const rows = readCsv(doc.body);
    expect(rows[0]).to.deep.equal([
      'Nom',
      'Prénom',
      'E-mail',
      'Téléphone',
      'Téléphone 2',
      'Adresse',
      'Code postal',
      'Ville',
      'Petit panier (saison)',
      'Grand panier (saison)',
      'Total (€)',
    ]);
    expect(rows.slice(1).map((r) => r[0])).to.deep.equal(['Abadie', 'Dupont', 'Édouard', 'Martin']);
    expect(rows[4]).to.deep.equal([
      'Martin',
      'Léa',
      'lea@exemple.fr',
      '06 11 22 33 44',
      '',
      '3 rue des Lilas',
      '63000',
      'Clermont-Ferrand',
      '12',
      '0',
      '144,00',
    ]);
    expect(rows[1].slice(-3)).to.deep.equal(['6', '6', '180,00']);
  });

  it('without the right to see them, the contact columns are gone; XLSX totals are formulas', async () => {
    const w = await ordersWorld();
    const hidden = withContactsFor(subscribersData(w.t.db, w.c.contractId, AMAP)!, () => false);
    const rows = readCsv(buildCsv(hidden).body);
    expect(rows[0]).to.deep.equal(['Nom', 'Prénom', 'Petit panier (saison)', 'Grand panier (saison)', 'Total (€)']);
    expect(rows.flat().join(' ')).to.not.contain('@');

    const doc = await buildXlsx(hidden);
    expect(doc.filename).to.equal('souscripteurs-legumes-ete-2027.xlsx');
    const wb = await readXlsx(doc.body);
    const ws = wb.getWorksheet('Souscripteurs')!;
    expect(formulaMismatches(wb)).to.deep.equal([]);
    expect(rowValues(ws, 2)).to.deep.equal(['Abadie', 'Zoé', 6, 6, 180]);
    expect(rowValues(ws, 6)).to.deep.equal(['4 souscripteurs', null, 18, 40, 936]);
    expect(ws.getCell('E6').numFmt).to.equal(EURO_FORMAT);
    expect(rowValues(ws, 9)).to.deep.equal([
      'Les coordonnées des membres sont réservées aux référent·es et au trésorier.',
    ]);
  });

  it('a fixed contract says the quantity per delivery; an empty one says nobody subscribed', async () => {
    const w = await ordersWorld({ subscribers: false });
    const c = setupContract(w.t.ctx, w.adminId, { producerId: w.c.producerId });
    const m = await createMember(w.t.ctx, { firstName: 'Jean', lastName: 'Roux', password: null });
    subscribeEveryDelivery(w.t.ctx, c, m.id, { quantity: 2, by: w.adminId });
    const rows = readCsv(buildCsv(subscribersData(w.t.db, c.contractId, AMAP)!).body);
    expect(rows[0].slice(-2)).to.deep.equal(['Panier de légumes (par livraison)', 'Total (€)']);
    expect(rows[1].slice(-2)).to.deep.equal(['2', '360,00']);

    const empty = subscribersData(w.t.db, w.c.contractId, AMAP)!;
    expect(readCsv(buildCsv(empty).body)).to.have.length(1);
    const wb = await readXlsx((await buildXlsx(empty)).body);
    const values = wb.worksheets[0].getSheetValues().flat();
    expect(values).to.include('Aucun membre n’a souscrit à ce contrat pour l’instant.');
    expect(subscribersData(w.t.db, 9999, AMAP)).to.equal(null);
  });
});
