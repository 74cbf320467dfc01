import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { makeTestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { plain } from '../support/text.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { cheques, contracts } from '../../server/db/schema/index.js';
import { homeCheques } from '../../server/features/home/home-cheques.queries.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

/**
 * Léa writes three contracts of one payee, all paid on the same three dates (5 January, February,
 * March 2027), so every group of her cheques starts on the same day: "Œufs" (3 × 20 €, the March
 * one brought down to 0 €), then two contracts both named "Pain" (3 × 40 €, then 3 × 30 €), in
 * that order; the 40 € ones cancelled and written again last. A fourth contract, with another payee, was cancelled after one cheque was handed over.
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const puy = createProducer(t.ctx, { name: 'Ferme du Puy' });
  const contract = (name: string, priceCents: number, producerId = puy) => {
    const c = setupContract(t.ctx, admin.id, {
      producerId,
      products: [{ name: 'Panier', unit: 'panier', priceCents }],
    });
    t.db.update(contracts).set({ name }).where(eq(contracts.id, c.contractId)).run();
    return c;
  };
  const eggs = contract('Œufs', 500);
  const bread40 = contract('Pain', 1000);
  const bread30 = contract('Pain', 750);
  const veg = contract('Légumes', 1500, createProducer(t.ctx, { name: 'GAEC des Volcans' }));
  const subs = [eggs, bread40, bread30, veg].map((c) => subscribeEveryDelivery(t.ctx, c, lea.id));
  const alice = actor(t.ctx, admin.id);
  // Written again: the 40 € cheques are now the last ones written, their subscription still the second.
  cancelSubscription(t.ctx, alice, bread40.contractId, lea.id);
  expect(subscribeEveryDelivery(t.ctx, bread40, lea.id)).to.equal(subs[1]);
  t.db
    .update(cheques)
    .set({ amountCents: 0 })
    .where(and(eq(cheques.subscriptionId, subs[0]), eq(cheques.paymentDateId, eggs.paymentDateIds[2])))
    .run();
  const [january] = t.db.select().from(cheques).where(eq(cheques.subscriptionId, subs[3])).orderBy(cheques.id).all();
  receiveCheques(t.ctx, alice, [{ chequeId: january.id }]);
  createHandover(t.ctx, alice, veg.contractId, january.paymentDateId, null, { earlyConfirmed: true });
  cancelSubscription(t.ctx, alice, veg.contractId, lea.id);
  return { t, lea, subs };
}

const dates = ['2027-01-05', '2027-02-05', '2027-03-05'];

describe('home cheque block: groups and contracts that start on the same day', () => {
  it('orders one payee’s groups by contract name byte by byte, then by cheque; a 0 € cheque is counted in no group', async () => {
    const { t, lea } = await world();
    const { toBring } = homeCheques(t.db, lea.id);
    // "Pain" before "Œufs" (Œ is past P in UTF-8) though Œufs was written first; the two "Pain"
    // in the order their cheques were written, not in the order of their subscriptions.
    expect(toBring).to.deep.equal([
      {
        payee: 'Ferme du Puy',
        count: 9,
        totalCents: 2 * 2000 + 3 * 4000 + 3 * 3000,
        groups: [
          { amountCents: 3000, count: 3, dueOns: dates },
          { amountCents: 4000, count: 3, dueOns: dates },
          { amountCents: 2000, count: 2, dueOns: dates.slice(0, 2) },
        ],
      },
    ]);
  });

  it('orders contracts by first payment, then by French name, then in subscription order; a cancelled one only counts its handed-over cheque', async () => {
    const { t, lea, subs } = await world();
    const home = homeCheques(t.db, lea.id);
    expect(home.contracts.map((c) => [c.subscriptionId, c.contractName, plain(c.sentence)])).to.deep.equal([
      [subs[0], 'Œufs', '40,00 € à apporter avant le 5 janvier'],
      [subs[1], 'Pain', '120,00 € à apporter avant le 5 janvier'],
      [subs[2], 'Pain', '90,00 € à apporter avant le 5 janvier'],
    ]);
    expect(home.handedOverCount).to.equal(1);
  });

  it('a member without cheques has an empty block', async () => {
    const { t } = await world();
    const tom = await createMember(t.ctx, { firstName: 'Tom', lastName: 'Petit', email: 'tom@exemple.fr' });
    expect(homeCheques(t.db, tom.id)).to.deep.equal({ contracts: [], toBring: [], handedOverCount: 0 });
  });
});
