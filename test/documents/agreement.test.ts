import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { contracts } from '../../server/db/schema/index.js';
import { agreementData, withDetailsFor } from '../../server/documents/agreement.data.js';
import { build } from '../../server/documents/agreement.pdf.js';
import { readPdf } from './fixtures.js';
import { agreementWorld, AMAP } from './agreement-world.js';
import { ordersWorld } from './orders-world.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';

describe('contract agreement (contrat d’engagement)', () => {
  it('a fixed contract on one A4 page: parties, text, compact order, total, schedule with payee, signatures', async () => {
    const w = await agreementWorld();
    const data = agreementData(w.t.db, w.c.contractId, AMAP, w.leaId)!;
    const doc = await build(data, '2027-04-10');
    expect(doc.filename).to.equal('contrat-legumes-ete-2027-martin-lea.pdf');
    const { pages, text } = await readPdf(doc.body);
    expect(pages).to.have.length(1);
    expect(text).to.contain('Contrat d’engagement');
    expect(text).to.contain('Légumes été 2027 — Léa Martin');
    expect(text).to.contain('AMAP des Volcans');
    expect(text).to.contain('Clermont-Ferrand');
    expect(text).to.contain('Lieu-dit Les Granges, 63870 Orcines');
    expect(text).to.contain('Chèques à l’ordre de : EARL Les Volcans');
    expect(text).to.match(/3 rue des Lilas\s+63000 Clermont-Ferrand\s+06 11 22 33 44\s+lea\.martin@exemple\.fr/);
    expect(text).to.contain('Le ou la signataire s’engage pour toute la saison');
    expect(text).to.contain(
      '1 × Panier (panier de saison, 15,00 €) à chacune des 26 livraisons, du jeudi 6 mai au jeudi 28 octobre 2027',
    );
    expect(text).to.contain('Total de la saison : 390,00 €');
    expect(text).to.contain('6 chèques à l’ordre de EARL Les Volcans');
    for (const month of ['mai', 'juin', 'juillet', 'août', 'septembre', 'octobre'])
      expect(text).to.match(new RegExp(`${month} 2027 65,00 €`));
    expect(text).to.match(/6 chèques 390,00 €/);
    expect(text).to.contain('Chèques à remettre à l’AMAP à la distribution : Cour de l’école Jules Ferry');
    expect(text.split('Fait à').length - 1, 'two signature boxes').to.equal(2);
    expect(text).to.match(/L’amapien·ne\s+Fait à/);
    expect(text).to.match(/Le producteur\s+Fait à/);
    expect(text).to.contain('Imprimé le 10/04/2027 · page 1 / 1');
  });

  it('a fixed contract of a whole year, twelve cheques, still holds on one page', async () => {
    const w = await agreementWorld();
    const year = setupContract(w.t.ctx, w.adminId, {
      producerId: w.c.producerId,
      from: '2027-01-07',
      to: '2027-12-30',
    });
    subscribeEveryDelivery(w.t.ctx, year, w.leaId, { by: w.adminId });
    const data = agreementData(w.t.db, year.contractId, AMAP, w.leaId)!;
    expect(data.agreements[0].schedule).to.have.length(12);
    const { pages, text } = await readPdf((await build(data, '2027-01-02')).body);
    expect(text).to.contain('à chacune des 52 livraisons, du jeudi 7 janvier au jeudi 30 décembre 2027');
    expect(text).to.match(/12 chèques 780,00 €/);
    expect(pages).to.have.length(1);
  });

  it('prints the contract’s own text when it has one, and leaves out the details of whom the reader may not see', async () => {
    const w = await agreementWorld();
    w.t.db
      .update(contracts)
      .set({ conditions: 'Premier engagement.\n\nSecond engagement, sur deux\nlignes.' })
      .where(eq(contracts.id, w.c.contractId))
      .run();
    const data = withDetailsFor(agreementData(w.t.db, w.c.contractId, AMAP)!, () => false);
    const { text } = await readPdf((await build(data, '2027-04-10')).body);
    expect(text).to.contain('Premier engagement.');
    expect(text).to.match(/Second engagement, sur deux\s+lignes\./);
    expect(text).to.not.contain('Le ou la signataire');
    expect(text).to.contain('Léa Martin');
    expect(text).to.not.contain('lea.martin@exemple.fr');
    expect(text).to.not.contain('3 rue des Lilas');
  });

  it('a variable contract lists its dates; every subscriber in one PDF, one page each at least', async () => {
    const w = await ordersWorld();
    const data = agreementData(w.t.db, w.c.contractId, AMAP)!;
    expect(data.agreements.map((a) => a.lastName)).to.deep.equal(['Abadie', 'Dupont', 'Édouard', 'Martin']);
    const paul = data.agreements[1];
    expect(paul.order.kind).to.equal('per-date');
    const doc = await build(data, '2027-04-20');
    expect(doc.filename).to.equal('contrats-legumes-ete-2027.pdf');
    const { pages, text } = await readPdf(doc.body);
    expect(pages.length).to.be.at.least(4);
    for (const name of ['Zoé Abadie', 'Paul Dupont', 'Émile Édouard', 'Léa Martin']) {
      const page = pages.findIndex((p) => p.includes(`Légumes été 2027 — ${name}`));
      expect(page, name).to.be.at.least(0);
      expect(pages[page - 1] ?? '', `${name} starts a page`).to.not.contain(`— ${name}`);
    }
    expect(text).to.contain('Prix : Grand panier (panier 4 personnes) : 18,00 €');
    expect(text).to.match(/jeu\. 20 mai 1 18,00 €/);
    expect(text).to.match(/Total de la saison : 180,00 €/);
    expect(text).to.match(/3 chèques à l’ordre de EARL Les Volcans\s+Encaissement Montant\s+mai 2027 60,00 €/);
  });

  it('an empty contract gives an agreement that says nobody subscribed', async () => {
    const w = await ordersWorld({ subscribers: false });
    const { text } = await readPdf((await build(agreementData(w.t.db, w.c.contractId, AMAP)!, '2027-04-20')).body);
    expect(text).to.contain('Aucun membre n’a souscrit à ce contrat pour l’instant.');
  });
});
