import { expect } from 'chai';
import { handoverSlipData } from '../../server/documents/handover-slip.data.js';
import { build as buildHandoverSlip } from '../../server/documents/handover-slip.pdf.js';
import { undoHandover } from '../../server/features/treasury/handovers.service.js';
import { actor } from '../support/contracts.js';
import { docWorld, handOver, readPdf, receive } from './fixtures.js';

describe('handover slip (bordereau de remise)', () => {
  it('lists the cheques handed over, by last name, with bank, number, count, total and two signature boxes', async () => {
    const w = await docWorld();
    const [jan, feb] = w.c.paymentDateIds;
    const zoe = await w.subscribe('Zoé', 'Martin', 2); // 120 € a month
    const emile = await w.subscribe('Émile', 'Édouard'); // 60 €
    const paul = await w.subscribe('Paul', 'Dupont'); // 60 €, not received: stays out
    const ines = await w.subscribe('Inès', 'Fabre'); // received for February only
    receive(w.t, zoe.subscriptionId, jan, 'Crédit Agricole', '0001234');
    receive(w.t, emile.subscriptionId, jan, null, '0009876');
    receive(w.t, ines.subscriptionId, feb, 'La Poste', '42');
    void paul;
    const id = handOver(w.t, w.c.contractId, jan, w.adminId, '2027-01-08');

    const data = handoverSlipData(w.t.db, id, 'AMAP des Volcans')!;
    expect(data).to.deep.include({
      amapName: 'AMAP des Volcans',
      producerName: 'GAEC des Volcans',
      payee: 'EARL Les Volcans',
      contractName: 'Légumes été 2027',
      dueOn: '2027-01-05',
      handedOverOn: '2027-01-08',
      handedOverBy: 'Alice Admin',
      totalCents: 18000,
      count: 2,
      undoneOn: null,
    });
    expect(data.cheques).to.deep.equal([
      { memberName: 'ÉDOUARD Émile', bank: null, number: '0009876', amountCents: 6000 },
      { memberName: 'MARTIN Zoé', bank: 'Crédit Agricole', number: '0001234', amountCents: 12000 },
    ]);

    const doc = await buildHandoverSlip(data, '2027-01-08');
    expect(doc.filename).to.equal('bordereau-remise-legumes-ete-2027-2027-01.pdf');
    expect(doc.contentType).to.equal('application/pdf');
    const { pages, text } = await readPdf(doc.body);
    expect(pages).to.have.length(1);
    expect(text).to.contain('AMAP des Volcans');
    expect(text).to.contain('Bordereau de remise de chèques');
    expect(text).to.contain('Producteur : GAEC des Volcans');
    expect(text).to.contain('Contrat : Légumes été 2027');
    expect(text).to.contain('Chèques à l’ordre de : EARL Les Volcans');
    expect(text).to.contain('Encaissement : janvier 2027 (échéance du 05/01/2027)');
    expect(text).to.contain('Remis le 08/01/2027 par Alice Admin');
    expect(text).to.match(/1 ÉDOUARD Émile 0009876 60,00 €/);
    expect(text).to.match(/2 MARTIN Zoé Crédit Agricole 0001234 120,00 €/);
    expect(text).to.match(/Total 2 chèques 180,00 €/);
    expect(text).to.contain(
      'Le producteur reconnaît avoir reçu 2 chèques pour un montant total de 180,00 €, à l’ordre de EARL Les Volcans.',
    );
    expect(text).to.contain('Pour l’AMAP');
    expect(text).to.contain('Pour le producteur');
    expect(text).to.contain('Imprimé le 08/01/2027 · page 1 / 1');
    expect(text).to.not.contain('Dupont');
    expect(text).to.not.contain('Fabre');
  });

  it('says so when the handover was undone (its cheques back in the till), and is null for an unknown handover', async () => {
    const w = await docWorld();
    const [jan] = w.c.paymentDateIds;
    const s = await w.subscribe('Zoé', 'Martin');
    receive(w.t, s.subscriptionId, jan);
    const id = handOver(w.t, w.c.contractId, jan, w.adminId);
    w.t.clock.set('2027-01-10T09:00:00.000Z');
    undoHandover(w.t.ctx, actor(w.t.ctx, w.adminId), id, 'Mauvais producteur');
    const data = handoverSlipData(w.t.db, id, 'AMAP des Volcans')!;
    expect(data).to.deep.include({
      handedOverBy: 'Alice Admin',
      undoneOn: '2027-01-10',
      cheques: [],
      count: 1,
      totalCents: 6000,
    });
    const { text } = await readPdf((await buildHandoverSlip(data, '2027-01-11')).body);
    expect(text).to.contain('Remise de 1 chèque (60,00 €) annulée le 10/01/2027 : ce bordereau n’est plus valable.');
    expect(text).to.contain('Les chèques de cette remise sont revenus en caisse.');
    expect(text).to.not.contain('Pour le producteur');
    expect(handoverSlipData(w.t.db, id + 100, 'AMAP des Volcans')).to.equal(null);
  });

  it('numbers the pages of a long slip and keeps its header row on every page', async () => {
    const cheques = Array.from({ length: 70 }, (_, i) => ({
      memberName: `Membre${String(i).padStart(2, '0')} Camille`,
      bank: 'Banque Populaire',
      number: String(5000 + i),
      amountCents: 7600,
    }));
    const doc = await buildHandoverSlip(
      {
        amapName: 'AMAP des Volcans',
        producerId: 1,
        producerName: 'GAEC des Volcans',
        payee: 'GAEC des Volcans',
        contractName: 'Légumes été 2027',
        dueOn: '2027-06-05',
        handedOverOn: '2027-06-08',
        handedOverBy: 'Thérèse Trésor',
        cheques,
        totalCents: 70 * 7600,
        count: 70,
      },
      '2027-06-08',
    );
    const { pages, text } = await readPdf(doc.body);
    expect(pages.length).to.be.greaterThan(1);
    pages.forEach((p, i) => {
      expect(p).to.contain(`page ${i + 1} / ${pages.length}`);
      expect(p).to.contain('N° Membre Banque N° de chèque Montant');
    });
    expect(text).to.contain('Membre69 Camille');
    expect(text).to.match(/Total 70 chèques 5 320,00 €/);
    // the signatures stay with the acknowledgement, on the last page
    expect(pages[pages.length - 1]).to.contain('Pour le producteur');
    expect(pages[pages.length - 1]).to.contain('Le producteur reconnaît avoir reçu 70 chèques');
  });
});
