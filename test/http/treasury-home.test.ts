import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { cheques, contracts } from '../../server/db/schema/index.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { text } from '../support/text.js';

/** A subscription's cheque ids in payment-date order (January, February, March 2027). */
function chequeIds(t: TestApp, subscriptionId: number): number[] {
  return t.db
    .select({ id: cheques.id })
    .from(cheques)
    .where(eq(cheques.subscriptionId, subscriptionId))
    .orderBy(asc(cheques.paymentDateId))
    .all()
    .map((c) => c.id);
}

/** The text of a page between two headings (or to the end). */
function section(page: string, from: string, to?: string): string {
  const start = page.indexOf(from);
  expect(start, `no "${from}" in: ${page.slice(0, 400)}`).to.be.at.least(0);
  const end = to ? page.indexOf(to, start) : -1;
  return page.slice(start, end < 0 ? undefined : end);
}

/**
 * Today 28 November 2026. GAEC des Volcans (referent Rémi) and Ferme du Moulin (referent Olga), one
 * contract each with three cheques of 60 € due 5 January, 5 February and 5 March 2027. Marie,
 * Hélène and Paul subscribe to the GAEC, Marie to the Moulin too. Marie's and Hélène's January
 * GAEC cheques are received then handed over, Paul's January one received, then Paul cancels (his
 * February and March cheques are cancelled, his January one owed back); Marie's February Moulin
 * cheque is received early.
 */
async function world() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const treasurer = await createMember(t.ctx, {
    firstName: 'Thérèse',
    lastName: 'Trésor',
    email: 'tresor@exemple.fr',
    roles: ['treasurer'],
  });
  const remi = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const olga = await createMember(t.ctx, { firstName: 'Olga', lastName: 'Oudin', email: 'olga@exemple.fr' });
  const marie = await createMember(t.ctx, { firstName: 'Marie', lastName: 'Martin', email: 'marie@exemple.fr' });
  const helene = await createMember(t.ctx, { firstName: 'Hélène', lastName: 'Durand', email: 'helene@exemple.fr' });
  const paul = await createMember(t.ctx, { firstName: 'Paul', lastName: 'Marchand', email: 'paul@exemple.fr' });
  const gaec = setupContract(t.ctx, remi.id, { producerId: createProducer(t.ctx, { referentIds: [remi.id] }) });
  const moulin = setupContract(t.ctx, olga.id, {
    producerId: createProducer(t.ctx, { name: 'Ferme du Moulin', referentIds: [olga.id] }),
  });
  t.db.update(contracts).set({ name: 'Fromages 2027' }).where(eq(contracts.id, moulin.contractId)).run();
  const [mJan] = chequeIds(t, subscribeEveryDelivery(t.ctx, gaec, marie.id));
  const [hJan] = chequeIds(t, subscribeEveryDelivery(t.ctx, gaec, helene.id));
  const [pJan] = chequeIds(t, subscribeEveryDelivery(t.ctx, gaec, paul.id));
  const [, mFebCheese] = chequeIds(t, subscribeEveryDelivery(t.ctx, moulin, marie.id));
  const tres = actor(t.ctx, treasurer.id);
  receiveCheques(t.ctx, tres, [{ chequeId: mJan }, { chequeId: hJan }]);
  createHandover(t.ctx, tres, gaec.contractId, gaec.paymentDateIds[0], null, { earlyConfirmed: true });
  receiveCheques(t.ctx, tres, [{ chequeId: pJan }, { chequeId: mFebCheese }]);
  cancelSubscription(t.ctx, actor(t.ctx, paul.id), gaec.contractId, paul.id);
  return t;
}

describe('trésorerie : le tableau de bord', () => {
  let t: TestApp;
  before(async () => {
    t = await world();
  });

  it('counts, per payment date of the weeks around today, the cheques expected, received, handed over and missing', async () => {
    const agent = await loginAs(t, 'tresor@exemple.fr', PASSWORD);
    const page = text((await agent.get('/tresorerie')).text);
    const near = section(page, 'Encaissements autour', 'Par producteur et par mois');
    // January only (February is more than six weeks away); the Moulin before the GAEC; Paul's
    // cancelled cheques are not expected, his received one is.
    expect(near).to.include(
      'Échéance Contrat Attendus Reçus Remis Manquants Remise ' +
        '05/01/2027 Fromages 2027 Ferme du Moulin 1 60,00 € 0 0,00 € 0 1 ' +
        '05/01/2027 Légumes été 2027 GAEC des Volcans 3 180,00 € 1 60,00 € 2 0 remettre',
    );
    expect(near).to.not.include('05/02/2027');
  });

  it('sums promised, received and handed over per month and producer, months further away included', async () => {
    const agent = await loginAs(t, 'tresor@exemple.fr', PASSWORD);
    const months = section(text((await agent.get('/tresorerie')).text), 'Par producteur et par mois', 'Derniers');
    expect(months).to.include(
      'Mois Producteur Promis Reçus Remis ' +
        'janvier 2027 Ferme du Moulin 60,00 € 0,00 € 0,00 € ' +
        'janvier 2027 GAEC des Volcans 0,00 € 60,00 € 120,00 € ' +
        'février 2027 Ferme du Moulin 0,00 € 60,00 € 0,00 € ' +
        'février 2027 GAEC des Volcans 120,00 € 0,00 € 0,00 € ' +
        'mars 2027 Ferme du Moulin 60,00 € 0,00 € 0,00 € ' +
        'mars 2027 GAEC des Volcans 120,00 € 0,00 € 0,00 €',
    );
  });

  it('says how many members are owed money back, and a referent sees only their producer’s figures', async () => {
    const treasurer = await loginAs(t, 'tresor@exemple.fr', PASSWORD);
    expect(text((await treasurer.get('/tresorerie')).text)).to.include('1 membre à rembourser');
    const olga = await loginAs(t, 'olga@exemple.fr', PASSWORD);
    const page = text((await olga.get('/tresorerie')).text);
    expect(page).to.not.include('à rembourser').and.not.include('GAEC des Volcans');
    expect(page).to.not.include('Derniers mouvements');
    expect(section(page, 'Par producteur et par mois')).to.include(
      'janvier 2027 Ferme du Moulin 60,00 € 0,00 € 0,00 € ' +
        'février 2027 Ferme du Moulin 0,00 € 60,00 € 0,00 € ' +
        'mars 2027 Ferme du Moulin 60,00 € 0,00 € 0,00 €',
    );
    const remi = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    expect(text((await remi.get('/tresorerie')).text)).to.include('1 membre à rembourser');
  });
});
