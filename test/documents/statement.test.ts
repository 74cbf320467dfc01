import { expect } from 'chai';
import { statementChoices, statementData } from '../../server/documents/statement.data.js';
import { build } from '../../server/documents/statement.pdf.js';
import { grantCredit } from '../../server/features/treasury/credits.service.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { handOver, readPdf, receive } from './fixtures.js';
import { ordersWorld } from './orders-world.js';

const AMAP = 'AMAP des Volcans';
const TZ = 'Europe/Paris';

async function world() {
  const w = await ordersWorld();
  const [may, june] = w.c.paymentDateIds;
  const lea = () => w.t.db.$client.prepare('select id from subscriptions where member_id = ? and contract_id = ?');
  const leaVeg = (lea().get(w.ids.lea, w.c.contractId) as { id: number }).id;
  receive(w.t, leaVeg, may, 'Crédit Agricole', '0001234');
  receive(w.t, leaVeg, june, 'La Banque Postale', '0005678');
  handOver(w.t, w.c.contractId, may, w.adminId, '2027-05-08');
  grantCredit(w.t.ctx, actor(w.t.ctx, w.adminId), leaVeg, 1200, 'Panier non livré (grêle)');
  // Bread in the same season (January to March 2027), eggs the season before.
  const bread = setupContract(w.t.ctx, w.adminId, {
    producerId: w.c.producerId,
    products: [{ name: 'Pain de campagne', unit: 'pain de 1 kg', priceCents: 500 }],
  });
  subscribeEveryDelivery(w.t.ctx, bread, w.ids.lea, { by: w.adminId });
  const eggs = setupContract(w.t.ctx, w.adminId, {
    producerId: w.c.producerId,
    products: [{ name: 'Œufs', unit: 'douzaine', priceCents: 400 }],
    opensOn: '2026-08-01',
    closesOn: '2026-08-30',
    from: '2026-09-03',
    to: '2026-10-29',
  });
  subscribeEveryDelivery(w.t.ctx, eggs, w.ids.lea, { by: w.adminId });
  return { ...w, bread, eggs };
}

describe('member statement (récapitulatif)', () => {
  it('per season: what was ordered, every cheque with bank, number, month, received and handed over, credits, what is due', async () => {
    const w = await world();
    expect(statementChoices(w.t.db, w.ids.lea).seasons).to.deep.equal([2027, 2026]);
    const data = statementData(w.t.db, w.ids.lea, { season: 2027 }, AMAP, TZ)!;
    expect(data.contracts.map((c) => c.contractName)).to.have.length(2);
    const veg = data.contracts[1];
    expect(
      veg.cheques.map((c) => [c.dueOn, c.amountCents, c.status, c.bank, c.number, c.receivedOn, c.handedOverOn]),
    ).to.deep.equal([
      ['2027-05-05', 4800, 'handed_over', 'Crédit Agricole', '0001234', '2026-12-03', '2027-05-08'],
      ['2027-06-05', 4800, 'received', 'La Banque Postale', '0005678', '2026-12-03', null],
      ['2027-07-05', 3600, 'promised', null, null, null, null],
    ]);
    expect(veg.balance).to.deep.include({
      orderedCents: 14400,
      creditCents: 1200,
      collectedCents: 9600,
      dueCents: 3600,
    });

    const doc = await build(data, '2027-06-20');
    expect(doc.filename).to.equal('recapitulatif-2027-martin-lea.pdf');
    const { text } = await readPdf(doc.body);
    expect(text).to.contain('Récapitulatif des paiements');
    expect(text).to.contain('Léa Martin');
    expect(text).to.contain('Saison 2027 · 2 contrats');
    expect(text).to.contain('Document établi le dimanche 20 juin 2027');
    expect(text).to.contain('Légumes été 2027 — GAEC des Volcans');
    expect(text).to.contain('livraisons du jeudi 6 mai au jeudi 22 juillet 2027');
    expect(text).to.match(/Petit panier panier 2 personnes 12 144,00 €/);
    expect(text).to.contain('Chèques à l’ordre de EARL Les Volcans');
    expect(text).to.match(/mai 2027 Crédit Agricole 0001234 48,00 € remis au producteur 03\/12\/2026 08\/05\/2027/);
    expect(text).to.match(/juin 2027 La Banque Postale 0005678 48,00 € reçu par l’AMAP 03\/12\/2026/);
    expect(text).to.match(/juillet 2027 36,00 € à remettre/);
    expect(text).to.match(/3 chèques 132,00 €/);
    expect(text).to.contain('Avoir du 20/04/2027 : 12,00 € — Panier non livré (grêle)');
    expect(text).to.contain('Reste à payer : 36,00 €');
    expect(text).to.match(/Pain de campagne pain de 1 kg 12 60,00 €/);
    expect(text).to.not.contain('Œufs');
    expect(text).to.match(/Commandé 204,00 €/);
  });

  it('per contract, and money owed back said in words', async () => {
    const w = await world();
    const [, , july] = w.c.paymentDateIds;
    const leaVeg = (
      w.t.db.$client
        .prepare('select id from subscriptions where member_id = ? and contract_id = ?')
        .get(w.ids.lea, w.c.contractId) as { id: number }
    ).id;
    receive(w.t, leaVeg, july, 'Crédit Agricole', '0001236');
    grantCredit(w.t.ctx, actor(w.t.ctx, w.adminId), leaVeg, 2400, 'Deux paniers non livrés');
    const data = statementData(w.t.db, w.ids.lea, { contractId: w.c.contractId }, AMAP, TZ)!;
    expect(data.contracts).to.have.length(1);
    const doc = await build(data, '2027-07-30');
    expect(doc.filename).to.equal('recapitulatif-legumes-ete-2027-martin-lea.pdf');
    const { text } = await readPdf(doc.body);
    expect(text).to.contain('Contrat Légumes été 2027 · 1 contrat');
    expect(text).to.contain('L’AMAP vous doit 24,00 € sur ce contrat.');
    expect(statementData(w.t.db, w.ids.zoe, { contractId: w.eggs.contractId }, AMAP, TZ), 'not Zoé’s').to.equal(null);
    expect(statementData(w.t.db, w.ids.lea, { season: 2030 }, AMAP, TZ)).to.equal(null);
  });
});
