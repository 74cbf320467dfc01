/**
 * "Mes contrats" and /contrats are each read in one statement (features/subscriptions/
 * my-contracts.queries.ts, contract-cards.queries.ts): what each card, past line and count says.
 */
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { contracts, deliveries, subscriptions } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { text } from '../support/text.js';

async function world() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const contract = (name: string, opts: Parameters<typeof setupContract>[2] = {}) => {
    const producerId = createProducer(t.ctx, { name: `Ferme ${name}`, referentIds: [ref.id] });
    const c = setupContract(t.ctx, ref.id, { producerId, ...opts });
    t.db.update(contracts).set({ name }).where(eq(contracts.id, c.contractId)).run();
    return c;
  };
  return { t, ref, lea, contract, agent: await loginAs(t, 'lea@exemple.fr', PASSWORD) };
}

describe('member pages: "Mes contrats" read in one statement', () => {
  it('counts the deliveries to come without the cancelled ones, lists each variable day sorted by product, and puts archived and cancelled subscriptions among the past ones with their total', async () => {
    const w = await world();
    // today is 28 November 2026; Thursdays from 5 November to 28 January: 9 to come
    const fixed = w.contract('Pain', { from: '2026-11-05', to: '2027-01-28' });
    subscribeEveryDelivery(w.t.ctx, fixed, w.lea.id, { quantity: 2 });
    w.t.db
      .update(deliveries)
      .set({ cancelledAt: '2026-11-20T10:00:00.000Z' })
      .where(eq(deliveries.id, fixed.deliveryIds[5]))
      .run();

    const variable = w.contract('Fromages', {
      kind: 'variable',
      products: [
        { name: 'Tomme', unit: 'pièce', priceCents: 1150 },
        { name: 'Crottin', unit: 'pièce', priceCents: 250 },
      ],
    });
    const [tomme, crottin] = variable.productIds;
    saveSubscription(
      w.t.ctx,
      actor(w.t.ctx, w.lea.id),
      variable.contractId,
      w.lea.id,
      [
        { deliveryId: variable.deliveryIds[0], contractProductId: tomme, quantity: 1 },
        { deliveryId: variable.deliveryIds[0], contractProductId: crottin, quantity: 2 },
        { deliveryId: variable.deliveryIds[3], contractProductId: crottin, quantity: 1 },
      ],
      null,
    );

    const archived = w.contract('Œufs hiver');
    subscribeEveryDelivery(w.t.ctx, archived, w.lea.id);
    w.t.db.update(contracts).set({ status: 'archived' }).where(eq(contracts.id, archived.contractId)).run();
    const cancelled = w.contract('Volailles');
    subscribeEveryDelivery(w.t.ctx, cancelled, w.lea.id);
    w.t.db
      .update(subscriptions)
      .set({ status: 'cancelled', totalCents: 0 })
      .where(eq(subscriptions.contractId, cancelled.contractId))
      .run();
    const draft = w.contract('Miel', { status: 'draft' });
    subscribeEveryDelivery(w.t.ctx, draft, w.lea.id, { by: w.ref.id });

    const page = text((await w.agent.get('/mes-contrats')).text);
    expect(page).to.contain('8 livraisons à venir sur 13.');
    expect(page).to.contain('2 × Panier de légumes');
    expect(page).to.contain('jeudi 7 janvier 2027 : 2 × Crottin, 1 × Tomme 16,50 €');
    expect(page).to.contain('jeudi 28 janvier 2027 : 1 × Crottin 2,50 €');
    expect(page).to.contain('2 livraisons du jeudi 7 janvier 2027 au jeudi 28 janvier 2027');
    const past = page.slice(page.indexOf('Contrats passés ou annulés'));
    expect(past).to.contain('Œufs hiver Ferme Œufs hiver 180,00 € archivé');
    expect(past).to.contain('Volailles Ferme Volailles 0,00 € annulé');
    expect(page.indexOf('Volailles')).to.be.greaterThan(page.indexOf('Contrats passés ou annulés'));
    expect(page.indexOf('Œufs hiver')).to.be.greaterThan(page.indexOf('Contrats passés ou annulés'));
    expect(page).to.not.contain('Miel');
  });
});

describe('member pages: /contrats read in one statement', () => {
  it('shows each open contract with its products in order, its deliveries without the cancelled ones, and "souscrit" only where the member subscribed', async () => {
    const w = await world();
    const mine = w.contract('Légumes', {
      products: [
        { name: 'Grand panier', unit: 'panier', priceCents: 2000 },
        { name: 'Petit panier', unit: 'panier', priceCents: 1200 },
      ],
    });
    subscribeEveryDelivery(w.t.ctx, mine, w.lea.id);
    const other = w.contract('Volailles');
    w.t.db
      .update(deliveries)
      .set({ cancelledAt: '2026-11-20T10:00:00.000Z' })
      .where(eq(deliveries.id, other.deliveryIds[0]))
      .run();
    w.contract('Miel', { status: 'draft' });

    const page = text((await w.agent.get('/contrats')).text);
    const card = (name: string) => {
      const start = page.indexOf(`Ferme ${name} ${name}`);
      expect(start, name).to.be.at.least(0);
      const next = page.indexOf('Ferme ', start + 6);
      return page.slice(start, next < 0 ? undefined : next);
    };
    expect(card('Légumes')).to.contain('12 livraisons, du jeudi 7 janvier 2027 au jeudi 25 mars 2027');
    expect(card('Légumes')).to.match(/Grand panier \(panier\) 20,00 €.*Petit panier \(panier\) 12,00 €/);
    expect(card('Légumes')).to.contain('Modifier mon contrat');
    expect(card('Légumes')).to.contain('souscrit');
    expect(card('Volailles')).to.contain('11 livraisons, du jeudi 14 janvier 2027 au jeudi 25 mars 2027');
    expect(card('Volailles')).to.contain('Souscrire');
    expect(card('Volailles')).to.not.contain('souscrit');
    expect(page).to.not.contain('Miel');
  });
});
