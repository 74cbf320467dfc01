import { expect } from 'chai';
import { collectionSlipData } from '../../server/documents/collection-slip.data.js';
import { build as buildCollectionSlip } from '../../server/documents/collection-slip.pdf.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { actor } from '../support/contracts.js';
import { docWorld, readPdf, receive } from './fixtures.js';

describe('collection slip (bordereau de collecte)', () => {
  it('lists per member the cheques still to bring, by last name, and leaves out who has nothing left to bring', async () => {
    const w = await docWorld();
    const [jan, feb, mar] = w.c.paymentDateIds;
    const zoe = await w.subscribe('Zoé', 'Martin', 2); // 3 × 120 €, nothing received
    const emile = await w.subscribe('Émile', 'Édouard'); // 3 × 60 €, January received
    const paul = await w.subscribe('Paul', 'Dupont'); // everything received: left out
    const lea = await w.subscribe('Léa', 'Abadie'); // cancelled: left out
    receive(w.t, emile.subscriptionId, jan);
    for (const d of [jan, feb, mar]) receive(w.t, paul.subscriptionId, d);
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.adminId), w.c.contractId, lea.memberId);
    void zoe;

    const data = collectionSlipData(w.t.db, w.c.contractId, 'AMAP des Volcans')!;
    expect(data.members.map((m) => m.name)).to.deep.equal(['ÉDOUARD Émile', 'MARTIN Zoé']);
    expect(data.members[0]).to.deep.equal({
      name: 'ÉDOUARD Émile',
      cheques: [
        { dueOn: '2027-02-05', amountCents: 6000 },
        { dueOn: '2027-03-05', amountCents: 6000 },
      ],
      totalCents: 12000,
    });
    expect(data.members[1].totalCents).to.equal(36000);
    expect(data).to.deep.include({ count: 5, totalCents: 48000, payee: 'EARL Les Volcans' });
    expect(data.byDate).to.deep.equal([
      { dueOn: '2027-01-05', count: 1, totalCents: 12000 },
      { dueOn: '2027-02-05', count: 2, totalCents: 18000 },
      { dueOn: '2027-03-05', count: 2, totalCents: 18000 },
    ]);

    const doc = await buildCollectionSlip(data, '2026-11-28');
    expect(doc.filename).to.equal('bordereau-collecte-legumes-ete-2027.pdf');
    const { pages, text } = await readPdf(doc.body);
    expect(pages).to.have.length(1);
    expect(text).to.contain('AMAP des Volcans');
    expect(text).to.contain('Bordereau de collecte des chèques');
    expect(text).to.contain('Contrat : Légumes été 2027 — GAEC des Volcans');
    expect(text).to.contain('Chèques à l’ordre de : EARL Les Volcans');
    expect(text).to.contain('Restent à collecter : 5 chèques, 480,00 €');
    expect(text).to.match(/ÉDOUARD Émile 2 chèques de 60,00 €, en février et mars 2027 2 120,00 €/);
    expect(text).to.match(/MARTIN Zoé 3 chèques de 120,00 €, de janvier à mars 2027 3 360,00 €/);
    expect(text.indexOf('ÉDOUARD Émile')).to.be.lessThan(text.indexOf('MARTIN Zoé'));
    expect(text).to.match(/Total : 2 membres 5 480,00 €/);
    expect(text).to.match(/février 2027 2 180,00 €/);
    expect(text).to.not.contain('Dupont');
    expect(text).to.not.contain('Abadie');
    expect(text).to.contain('Imprimé le 28/11/2026 · page 1 / 1');
  });

  it('numbers the pages of a 60-member slip, repeats the header row and prints the AMAP name on each page', async () => {
    const w = await docWorld();
    for (let i = 0; i < 60; i++) await w.subscribe('Camille', `Membre${String(i).padStart(2, '0')}`, 1 + (i % 2));
    const data = collectionSlipData(w.t.db, w.c.contractId, 'AMAP des Volcans')!;
    expect(data.members).to.have.length(60);
    expect(data.count).to.equal(180);
    expect(data.totalCents).to.equal(30 * 18000 + 30 * 36000);

    const { pages, text } = await readPdf((await buildCollectionSlip(data, '2026-11-28')).body);
    expect(pages.length).to.be.greaterThan(1);
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).to.contain('AMAP des Volcans');
      expect(p).to.contain('Bordereau de collecte des chèques');
      if (p.includes('Camille')) expect(p, 'header row repeated').to.contain('Membre Chèques à apporter Nb Total Reçu');
      expect(p).to.contain(`Imprimé le 28/11/2026 · page ${i + 1} / ${pages.length}`);
    });
    expect(pages.filter((p) => p.includes('Camille')).length, 'members over several pages').to.be.greaterThan(1);
    for (let i = 0; i < 60; i++) expect(text).to.contain(`MEMBRE${String(i).padStart(2, '0')} Camille`);
    expect(text).to.match(/Total : 60 membres 180 16 200,00 €/);
  });

  it('says there is nothing to collect once every cheque is in', async () => {
    const w = await docWorld();
    const s = await w.subscribe('Zoé', 'Martin');
    for (const d of w.c.paymentDateIds) receive(w.t, s.subscriptionId, d);
    const data = collectionSlipData(w.t.db, w.c.contractId, 'AMAP des Volcans')!;
    expect(data.members).to.deep.equal([]);
    const { text } = await readPdf((await buildCollectionSlip(data, '2026-11-28')).body);
    expect(text).to.contain('il n’y a rien à collecter');
    expect(collectionSlipData(w.t.db, w.c.contractId + 100, 'AMAP des Volcans')).to.equal(null);
  });
});
