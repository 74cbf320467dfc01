import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, createProduct, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { cheques } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { createContract, openContract } from '../../server/features/contracts/contracts.service.js';
import { setContractProducts } from '../../server/features/contracts/contracts.service.js';
import { generateDeliveries } from '../../server/features/contracts/contract-calendar.service.js';

/**
 * Léa's two contracts: meat, 13 deliveries × 35 € = 455 € in six cheques (75 € in May, then 76 €
 * from June to October 2027), May and June given, May handed over; vegetables, 180 € in three
 * cheques of 60 € (January to March 2027), nothing given yet.
 */
async function world() {
  const t: TestApp = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const meat = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'Ferme du Puy' }),
    products: [{ name: 'Colis', unit: 'colis', priceCents: 3500 }],
    from: '2027-05-06',
    to: '2027-10-21',
    frequency: 'fortnightly',
  });
  const veg = setupContract(t.ctx, admin.id);
  const meatSub = subscribeEveryDelivery(t.ctx, meat, lea.id);
  subscribeEveryDelivery(t.ctx, veg, lea.id);
  const [may, june] = t.db
    .select()
    .from(cheques)
    .where(eq(cheques.subscriptionId, meatSub))
    .orderBy(asc(cheques.id))
    .all();
  const alice = actor(t.ctx, admin.id);
  receiveCheques(t.ctx, alice, [{ chequeId: may.id }, { chequeId: june.id }]);
  createHandover(t.ctx, alice, meat.contractId, may.paymentDateId, null, { earlyConfirmed: true });
  return { t, agent: await loginAs(t, 'lea@exemple.fr', PASSWORD) };
}

describe('my payments and home: one sentence per contract, by when, and what was handed over', () => {
  it('/mes-paiements adds each contract up and says by when the cheques are due', async () => {
    const { agent } = await world();
    const page = text((await agent.get('/mes-paiements')).text);
    expect(page).to.contain('Légumes été 2027 à l’ordre de GAEC des Volcans 180,00 € à apporter avant le 5 janvier');
    expect(page).to.contain(
      'Légumes été 2027 à l’ordre de Ferme du Puy 455,00 € : 151,00 € donnés, 304,00 € à apporter avant le 5 juillet · 1 chèque remis au producteur',
    );
    // The earliest date among the cheques still to bring, with the distribution's hours.
    expect(page).to.contain('À remettre à la distribution, le jeudi de 18 h 30 à 19 h 30, avant le 5 janvier.');
    expect(page).to.contain('Chèques remis à l’AMAP (1)');
    expect(page).to.contain('Chèques remis au producteur (1)');
  });

  it('the home page says the same per contract, and how many cheques went to the producers', async () => {
    const { agent } = await world();
    const page = text((await agent.get('/')).text);
    expect(page).to.contain('Légumes été 2027 : 180,00 € à apporter avant le 5 janvier.');
    expect(page).to.contain('Légumes été 2027 : 455,00 € : 151,00 € donnés, 304,00 € à apporter avant le 5 juillet.');
    expect(page).to.contain('1 chèque déjà remis aux producteurs.');
    expect(page).to.contain('de 18 h 30 à 19 h 30');
    expect(page).not.to.contain('Mise en route');
  });
});

describe('a fresh installation: the administrator’s next steps on the home page', () => {
  it('lists the steps in order, ticks each one done, and disappears once all are done', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const steps = async () => {
      const html = (await agent.get('/')).text;
      const start = html.indexOf('class="next-steps"');
      if (start < 0) return null;
      return [...html.slice(start, html.indexOf('</ol>', start)).matchAll(/<li class="(done)?">([\s\S]*?)<\/li>/g)].map(
        (m) => `${m[1] ? '✓' : '·'} ${text(m[2]).replace('✓', '').trim()}`,
      );
    };
    expect(await steps()).to.deep.equal([
      '· Ajouter un producteur à faire maintenant',
      '· Ajouter ses produits au catalogue',
      '· Créer un contrat de saison',
      '· Ouvrir le contrat aux membres',
      '· Inviter les membres',
    ]);
    const producerId = createProducer(t.ctx);
    expect((await steps())![0]).to.equal('✓ Ajouter un producteur (fait)');
    expect((await steps())![1]).to.equal('· Ajouter ses produits au catalogue à faire maintenant');
    expect((await agent.get('/')).text).to.contain(`href="/producteurs/${producerId}#ajouter-produit"`);

    const productId = createProduct(t.ctx, producerId, 'Panier', 'panier', 1500);
    const a = actor(t.ctx, admin.id);
    const contractId = createContract(t.ctx, a, {
      producerId,
      name: 'Légumes 2027',
      description: null,
      memberInfo: null,
      kind: 'fixed',
      opensOn: '2026-11-01',
      closesOn: '2026-12-15',
      paymentsManaged: false,
      paymentInfo: null,
      payee: '',
      paymentDay: 5,
      proposalRule: 'whole-euros',
      minCheque: null,
      membersEditAmounts: true,
    });
    expect((await steps())!.slice(0, 4)).to.deep.equal([
      '✓ Ajouter un producteur (fait)',
      '✓ Ajouter ses produits au catalogue (fait)',
      '✓ Créer un contrat de saison (fait)',
      '· Ouvrir le contrat aux membres à faire maintenant',
    ]);
    setContractProducts(t.ctx, a, contractId, [{ productId, priceCents: 1500, maxPerDelivery: null }]);
    generateDeliveries(t.ctx, a, contractId, { from: '2027-01-07', to: '2027-01-28', frequency: 'weekly', weekday: 4 });
    openContract(t.ctx, a, contractId);
    expect((await steps())![4]).to.equal('· Inviter les membres à faire maintenant');

    // A member without password, invited from their page: every step is done, the list goes.
    const noe = await createMember(t.ctx, { firstName: 'Noé', email: 'noe@exemple.fr', password: null });
    await submitForm(agent, `/admin/membres/${noe.id}`, `/admin/membres/${noe.id}/invitation`, {});
    expect(await steps()).to.equal(null);
    expect(text((await agent.get('/')).text)).not.to.contain('Mise en route');
  });

  it('is the administrators’ only', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    expect(text((await lea.get('/')).text)).not.to.contain('Mise en route');
  });
});
