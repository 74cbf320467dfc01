import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { cheques } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { createPeriod, joinMembership } from '../../server/features/memberships/memberships.service.js';

async function setup() {
  const t: TestApp = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin, lea, agent };
}

describe('admin: a member’s page shows their contracts, cheques and memberships', () => {
  it('lists contracts with status and total, cheques to bring, received and handed over, and memberships', async () => {
    const { t, admin, lea, agent } = await setup();
    const alice = actor(t.ctx, admin.id);
    // 12 × 12,75 € = 153 €: three cheques of 51 € (January, February, March 2027).
    const veg = setupContract(t.ctx, admin.id, {
      products: [{ name: 'Panier', unit: 'panier', priceCents: 1275 }],
    });
    const bread = setupContract(t.ctx, admin.id, { producerId: createProducer(t.ctx, { name: 'Fournil Dupain' }) });
    const sub = subscribeEveryDelivery(t.ctx, veg, lea.id);
    subscribeEveryDelivery(t.ctx, bread, lea.id);
    cancelSubscription(t.ctx, actor(t.ctx, lea.id), bread.contractId, lea.id);
    const [jan, feb] = t.db
      .select()
      .from(cheques)
      .where(eq(cheques.subscriptionId, sub))
      .orderBy(asc(cheques.id))
      .all();
    receiveCheques(t.ctx, alice, [{ chequeId: jan.id }, { chequeId: feb.id }]);
    createHandover(t.ctx, alice, veg.contractId, jan.paymentDateId, null, { earlyConfirmed: true });
    const period = createPeriod(t.ctx, alice, {
      name: 'Adhésion 2026-2027',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      opensOn: '2026-09-01',
      closesOn: '2026-12-31',
      minimumCents: 1000,
      suggestedCents: null,
      payee: 'AMAP de Test',
      info: null,
    });
    joinMembership(
      t.ctx,
      actor(t.ctx, lea.id),
      { periodId: period, amountCents: 2000, method: 'cheque' },
      t.ctx.today(),
    );

    const res = await agent.get(`/admin/membres/${lea.id}`);
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Léa Martin');
    expect(page).to.match(/Légumes été 2027 GAEC des Volcans en cours 153,00 €/);
    expect(page).to.match(/Légumes été 2027 Fournil Dupain annulé 0,00 €/);
    expect(page).to.contain('À apporter : 1 chèque (le premier encaissé le 5 mars 2027) 51,00 €');
    expect(page).to.contain('Reçus par l’AMAP : 1 chèque 51,00 €');
    expect(page).to.contain('Remis au producteur : 1 chèque 51,00 €');
    expect(page).to.contain('Adhésion 2026-2027 (chèque, promise) 20,00 €');
    // A member with a history cannot be deleted: the button is not offered.
    expect(res.text).not.to.contain(`/admin/membres/${lea.id}/supprimer`);
    expect(page).to.contain('il ne peut pas être supprimé');
  });

  it('says so when the member has nothing yet, and offers deletion', async () => {
    const { lea, agent } = await setup();
    const res = await agent.get(`/admin/membres/${lea.id}`);
    const page = text(res.text);
    expect(page).to.contain('Aucun contrat pour l’instant.');
    expect(page).to.contain('Aucun chèque.');
    expect(page).to.contain('Aucune adhésion.');
    expect(res.text).to.contain(`/admin/membres/${lea.id}/supprimer`);
  });

  it('offers an invitation only to members who never set a password: "Envoyer", then "Renvoyer"', async () => {
    const { t, lea, agent } = await setup();
    const withPassword = text((await agent.get(`/admin/membres/${lea.id}`)).text);
    expect(withPassword).not.to.match(/(Envoyer|Renvoyer) une invitation/);
    expect(withPassword).to.contain('Léa a choisi son mot de passe');
    // Refused as well when posted anyway: no mail.
    const refused = await submitForm(agent, `/admin/membres/${lea.id}`, `/admin/membres/${lea.id}/invitation`, {});
    expect(text((await agent.get(refused.headers.location)).text)).to.contain(
      'Léa Martin a déjà choisi son mot de passe',
    );
    expect(outboxMails(t.ctx)).to.have.length(0);

    const noe = await createMember(t.ctx, { firstName: 'Noé', email: 'noe@exemple.fr', password: null });
    expect(text((await agent.get(`/admin/membres/${noe.id}`)).text)).to.contain('Envoyer une invitation');
    await submitForm(agent, `/admin/membres/${noe.id}`, `/admin/membres/${noe.id}/invitation`, {});
    expect(outboxMails(t.ctx)).to.have.length(1);
    const after = text((await agent.get(`/admin/membres/${noe.id}`)).text);
    expect(after).to.contain('Renvoyer une invitation');
  });
});
