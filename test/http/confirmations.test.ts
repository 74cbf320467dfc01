import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { cheques, contractProducts, deliveries, handovers } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

async function post(agent: request.Agent, page: string, action: string, fields: Record<string, string>) {
  const csrf = csrfFrom((await agent.get(page)).text);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: csrf, ...fields });
}

async function world() {
  const t: TestApp = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin, lea, agent };
}

describe('confirmations: a handover long before its payment date', () => {
  it('asks to confirm cheques to cash more than a month away: 422 without the box, handed over with it', async () => {
    const { t, admin, lea, agent } = await world();
    // Today is 28 November 2026; the January cheques are cashed from 5 January 2027.
    const c = setupContract(t.ctx, admin.id);
    const sub = subscribeEveryDelivery(t.ctx, c, lea.id);
    const [jan] = t.db.select().from(cheques).where(eq(cheques.subscriptionId, sub)).orderBy(asc(cheques.id)).all();
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: jan.id }]);
    const page = `/tresorerie/remises/nouvelle?contrat=${c.contractId}&date=${jan.paymentDateId}`;
    const preview = await agent.get(page);
    expect(text(preview.text)).to.contain(
      'Ces chèques sont à encaisser en janvier 2027 : je les remets quand même au producteur dès maintenant.',
    );
    expect(preview.text).to.match(/<input type="checkbox" name="earlyConfirmed" required/);

    const fields = { contractId: String(c.contractId), paymentDateId: String(jan.paymentDateId), note: '' };
    const refused = await post(agent, page, '/tresorerie/remises', fields);
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      'Ces chèques sont à encaisser en janvier 2027 : cochez la case pour les remettre dès maintenant.',
    );
    expect(t.db.select().from(handovers).all()).to.have.length(0);

    const done = await post(agent, page, '/tresorerie/remises', { ...fields, earlyConfirmed: 'on' });
    expect(done.status).to.equal(302);
    expect(t.db.select().from(handovers).all()).to.have.length(1);
  });

  it('does not ask for cheques due within a month', async () => {
    const { t, admin, lea, agent } = await world();
    const c = setupContract(t.ctx, admin.id);
    const sub = subscribeEveryDelivery(t.ctx, c, lea.id);
    const [, feb] = t.db.select().from(cheques).where(eq(cheques.subscriptionId, sub)).orderBy(asc(cheques.id)).all();
    t.clock.set('2027-01-10T10:00:00.000Z');
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: feb.id }]);
    const page = `/tresorerie/remises/nouvelle?contrat=${c.contractId}&date=${feb.paymentDateId}`;
    expect((await agent.get(page)).text).not.to.contain('name="earlyConfirmed"');
    const res = await post(agent, page, '/tresorerie/remises', {
      contractId: String(c.contractId),
      paymentDateId: String(feb.paymentDateId),
    });
    expect(res.status).to.equal(302);
  });
});

describe('confirmations: a delivery date already past or before the subscription window', () => {
  it('asks before adding a past date, keeps the typed date, and adds it once confirmed', async () => {
    const { t, admin, agent } = await world();
    const c = setupContract(t.ctx, admin.id, { status: 'draft' });
    const page = `/gestion/contrats/${c.contractId}`;
    const count = () => t.db.select().from(deliveries).where(eq(deliveries.contractId, c.contractId)).all().length;
    const before = count();

    const refused = await post(agent, page, `${page}/livraisons/ajouter`, { date: '2026-11-19' });
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      'Le jeudi 19 novembre 2026 est déjà passé : cochez la case pour l’ajouter quand même.',
    );
    expect(refused.text).to.contain('name="confirmDate"');
    expect(refused.text).to.contain('value="2026-11-19"');
    expect(count()).to.equal(before);

    const added = await post(agent, page, `${page}/livraisons/ajouter`, { date: '2026-11-19', confirmDate: 'on' });
    expect(added.status).to.equal(302);
    expect(count()).to.equal(before + 1);
  });

  it('asks before a date before the window opens, and before generating dates of which some are past', async () => {
    const { t, admin, agent } = await world();
    const c = setupContract(t.ctx, admin.id, { status: 'draft', opensOn: '2026-12-01', closesOn: '2026-12-20' });
    const page = `/gestion/contrats/${c.contractId}`;
    const early = await post(agent, page, `${page}/livraisons/ajouter`, { date: '2026-11-30' });
    expect(early.status).to.equal(422);
    expect(text(early.text)).to.contain(
      'Le lundi 30 novembre 2026 tombe avant l’ouverture des souscriptions (le mardi 1er décembre 2026) : cochez la case pour l’ajouter quand même.',
    );

    const spec = { from: '2026-11-05', to: '2026-12-31', frequency: 'weekly', weekday: '4', nth: '1' };
    const refused = await post(agent, page, `${page}/livraisons/generer`, spec);
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      '4 de ces dates, du jeudi 5 novembre 2026 au jeudi 26 novembre 2026, sont déjà passées ou avant l’ouverture des souscriptions (le mardi 1er décembre 2026) : cochez la case pour les ajouter quand même.',
    );
    expect(refused.text).to.contain('name="confirmDates"');
    const before = t.db.select().from(deliveries).where(eq(deliveries.contractId, c.contractId)).all().length;
    const added = await post(agent, page, `${page}/livraisons/generer`, { ...spec, confirmDates: 'on' });
    expect(added.status).to.equal(302);
    const after = t.db.select().from(deliveries).where(eq(deliveries.contractId, c.contractId)).all().length;
    expect(after - before).to.equal(9);
  });
});

describe('"retirer" is offered only where it would be accepted', () => {
  it('no "retirer" on payment dates cheques are written for, nor on an ordered product; a date nobody ordered can go', async () => {
    const { t, admin, lea, agent } = await world();
    const c = setupContract(t.ctx, admin.id, {
      kind: 'variable',
      products: [
        { name: 'Pain', unit: 'pain de 1 kg', priceCents: 450 },
        { name: 'Brioche', unit: 'brioche', priceCents: 600 },
      ],
    });
    const page = `/gestion/contrats/${c.contractId}`;
    const fresh = (await agent.get(page)).text;
    for (const id of c.paymentDateIds) expect(fresh).to.contain(`/encaissements/${id}/supprimer`);

    // Léa orders bread on the first two deliveries only.
    saveSubscription(
      t.ctx,
      actor(t.ctx, lea.id),
      c.contractId,
      lea.id,
      c.deliveryIds.slice(0, 2).map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[0], quantity: 1 })),
      null,
    );
    const html = (await agent.get(page)).text;
    const [jan] = c.paymentDateIds;
    expect(html).not.to.contain(`/encaissements/${jan}/supprimer`);
    expect(text(html)).to.contain('des chèques y sont prévus');
    // Ordered days are cancelled, never removed; a day nobody ordered can be removed.
    expect(html).not.to.contain(`/livraisons/${c.deliveryIds[0]}/supprimer`);
    expect(html).to.contain(`/livraisons/${c.deliveryIds[0]}/annuler`);
    expect(html).to.contain(`/livraisons/${c.deliveryIds[5]}/supprimer`);
    // The ordered product stays offered: its box cannot be unticked, and the form keeps it.
    const bread = t.db.select().from(contractProducts).where(eq(contractProducts.id, c.productIds[0])).get()!;
    expect(html).not.to.contain(`<input type="checkbox" name="product_${bread.productId}"`);
    expect(html).to.contain(`<input type="hidden" name="product_${bread.productId}" value="on">`);
    expect(text(html)).to.contain('Pain (pain de 1 kg) déjà commandé');

    const removed = await post(agent, page, `${page}/livraisons/${c.deliveryIds[5]}/supprimer`, {});
    expect(removed.status).to.equal(302);
  });
});
