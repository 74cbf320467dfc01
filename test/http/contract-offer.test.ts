import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { contracts, producers } from '../../server/db/schema/index.js';

async function setup() {
  const t: TestApp = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
  return { t, admin, lea, agent };
}

/** The "En bref" card of a contract page, as a person reads it. */
function offerOf(html: string): string {
  const start = html.indexOf('id="en-bref"');
  expect(start, 'the page has no "En bref" card').to.be.greaterThan(-1);
  return text(html.slice(start, html.indexOf('</section>', start)));
}

describe('member contract page: what it costs before subscribing', () => {
  it('says how often, first and last delivery, price per delivery, season total, cheques, payee, where and when', async () => {
    const { t, admin, agent } = await setup();
    const c = setupContract(t.ctx, admin.id, {
      products: [
        { name: 'Panier de légumes', unit: 'panier (4 personnes)', priceCents: 1275 },
        { name: 'Œufs', unit: 'boîte de 6', priceCents: 300 },
      ],
    });
    t.db
      .update(producers)
      .set({ description: 'Maraîchage bio à Riom depuis 1998.' })
      .where(eq(producers.id, c.producerId))
      .run();

    const res = await agent.get(`/contrats/${c.contractId}`);
    expect(res.status).to.equal(200);
    const offer = offerOf(res.text);
    expect(offer).to.contain('GAEC des Volcans : Maraîchage bio à Riom depuis 1998.');
    expect(res.text).to.contain(`href="/producteurs/${c.producerId}"`);
    expect(offer).to.contain('12 livraisons, chaque semaine, du jeudi 7 janvier 2027 au jeudi 25 mars 2027.');
    expect(offer).to.contain(
      'Par exemple, 1 × Panier de légumes (panier, 4 personnes) à chaque livraison : 12,75 € par livraison, soit 153,00 € pour la saison.',
    );
    expect(offer).to.contain('3 chèques à l’ordre de GAEC des Volcans : 3 × 51,00 € de janvier à mars 2027.');
    expect(offer).to.contain('À la distribution, le jeudi de 18 h 30 à 19 h 30, avant le 5 janvier 2027.');
    // "19 h 30" never splits across lines, and no unit in parentheses twice anywhere on the page.
    expect(res.text).to.contain('de 18\u00a0h\u00a030 à 19\u00a0h\u00a030');
    expect(text(res.text)).not.to.contain('(panier (4 personnes))');
    expect(text(res.text)).to.contain('Panier de légumes (panier, 4 personnes) 12,75 €');
  });

  it('proposes the cheques as the schedule would: 455 € over six months is 75 € in May and 76 € after', async () => {
    const { t, admin, agent } = await setup();
    // Every other Thursday from 6 May to 21 October 2027: 13 deliveries × 35 € = 455 €.
    const c = setupContract(t.ctx, admin.id, {
      products: [{ name: 'Colis de viande', unit: 'colis', priceCents: 3500 }],
      from: '2027-05-06',
      to: '2027-10-21',
      frequency: 'fortnightly',
    });
    const offer = offerOf((await agent.get(`/contrats/${c.contractId}`)).text);
    expect(offer).to.contain('13 livraisons, toutes les deux semaines, du jeudi 6 mai 2027 au jeudi 21 octobre 2027.');
    expect(offer).to.contain('35,00 € par livraison, soit 455,00 € pour la saison.');
    expect(offer).to.contain(
      '6 chèques à l’ordre de GAEC des Volcans : 1 × 75,00 € en mai 2027, 5 × 76,00 € de juin à octobre 2027.',
    );
    expect(offer).to.contain('avant le 5 mai 2027');
  });

  it('says how to pay when the AMAP does not manage the cheques, and leaves the card out once subscribed', async () => {
    const { t, admin, lea, agent } = await setup();
    const c = setupContract(t.ctx, admin.id, { paymentsManaged: false });
    t.db
      .update(contracts)
      .set({ paymentInfo: 'Paiement au producteur à chaque livraison.' })
      .where(eq(contracts.id, c.contractId))
      .run();
    const offer = offerOf((await agent.get(`/contrats/${c.contractId}`)).text);
    expect(offer).to.contain('Paiement Paiement au producteur à chaque livraison.');
    expect(offer).not.to.contain('chèque');

    subscribeEveryDelivery(t.ctx, c, lea.id);
    const mine = await agent.get(`/contrats/${c.contractId}`);
    expect(mine.text).not.to.contain('id="en-bref"');
    expect(text(mine.text)).to.contain('Total de la saison : 180,00 €');
  });
});

describe('producer page for members', () => {
  it('shows the presentation and the producer’s open and coming contracts, never drafts, without a form', async () => {
    const { t, admin, agent } = await setup();
    const open = setupContract(t.ctx, admin.id);
    t.db
      .update(producers)
      .set({ description: 'Maraîchage bio à Riom depuis 1998.' })
      .where(eq(producers.id, open.producerId))
      .run();
    const coming = setupContract(t.ctx, admin.id, {
      producerId: open.producerId,
      opensOn: '2027-02-01',
      closesOn: '2027-02-28',
    });
    t.db.update(contracts).set({ name: 'Légumes hiver 2028' }).where(eq(contracts.id, coming.contractId)).run();
    const draft = setupContract(t.ctx, admin.id, {
      producerId: open.producerId,
      status: 'draft',
      opensOn: '2026-11-02',
    });
    t.db.update(contracts).set({ name: 'Brouillon secret' }).where(eq(contracts.id, draft.contractId)).run();

    const res = await agent.get(`/producteurs/${open.producerId}`);
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Maraîchage bio à Riom depuis 1998.');
    expect(page).to.contain('Chèques à l’ordre de GAEC des Volcans.');
    expect(page).to.contain(
      'Légumes été 2027 du jeudi 7 janvier 2027 au jeudi 25 mars 2027 souscription jusqu’au mardi 15 décembre 2026',
    );
    expect(page).to.contain(
      'Bientôt Légumes hiver 2028 souscription du lundi 1er février 2027 au dimanche 28 février 2027',
    );
    expect(page).not.to.contain('Brouillon secret');
    expect(res.text).to.contain(`href="/contrats/${open.contractId}"`);
    expect(res.text).not.to.contain(`action="/producteurs/${open.producerId}`);
    expect((await agent.get('/producteurs/999')).status).to.equal(404);
  });
});
