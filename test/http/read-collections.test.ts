import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';
import { contracts, deliveries, subscriptions } from '../../server/db/schema/index.js';
import { cancelSubscription, saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { cancelDelivery } from '../../server/features/contracts/contract-calendar.service.js';
import { collections, firstCollectionDay, type DayCollections } from '../../server/read/collections.js';
import { text } from '../support/text.js';

interface World {
  t: TestApp;
  legumes: ContractSetup;
  pain: ContractSetup;
  lea: number;
  paul: number;
  zoe: number;
}

/**
 * "Légumes été 2027" (GAEC des Volcans, fixed, every Thursday from 7 January, the 14th cancelled):
 * Léa 1 basket + 1 dozen eggs, Paul 2 baskets, Zoé 1 basket then cancelled.
 * "Pain hiver 2027" (Fournil du Puy, variable, every other Thursday): Léa 2 loaves on the 7th, 1 on the 21st.
 */
async function world(): Promise<World> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const a = actor(t.ctx, admin.id);
  const legumes = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'GAEC des Volcans' }),
    products: [
      { name: 'Panier de légumes', unit: 'panier', priceCents: 1500 },
      { name: 'Œufs', unit: 'douzaine', priceCents: 400 },
    ],
  });
  const pain = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'Fournil du Puy' }),
    kind: 'variable',
    frequency: 'fortnightly',
    products: [{ name: 'Pain de campagne', unit: 'pain de 1 kg', priceCents: 450 }],
  });
  t.db.update(contracts).set({ name: 'Pain hiver 2027' }).where(eq(contracts.id, pain.contractId)).run();
  const member = async (firstName: string, lastName: string, email: string) =>
    (await createMember(t.ctx, { firstName, lastName, email })).id;
  const lea = await member('Léa', 'Martin', 'lea@exemple.fr');
  const paul = await member('Paul', 'Dupont', 'paul@exemple.fr');
  const zoe = await member('Zoé', 'Abel', 'zoe@exemple.fr');
  const every = (c: ContractSetup, product: number, quantity: number) =>
    c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[product], quantity }));
  saveSubscription(t.ctx, a, legumes.contractId, lea, [...every(legumes, 0, 1), ...every(legumes, 1, 1)], null);
  saveSubscription(t.ctx, a, legumes.contractId, paul, every(legumes, 0, 2), null);
  saveSubscription(t.ctx, a, legumes.contractId, zoe, every(legumes, 0, 1), null);
  cancelSubscription(t.ctx, a, legumes.contractId, zoe);
  const [first, second] = pain.deliveryIds;
  saveSubscription(
    t.ctx,
    a,
    pain.contractId,
    lea,
    [
      { deliveryId: first, contractProductId: pain.productIds[0], quantity: 2 },
      { deliveryId: second, contractProductId: pain.productIds[0], quantity: 1 },
    ],
    null,
  );
  cancelDelivery(t.ctx, a, legumes.contractId, legumes.deliveryIds[1]);
  return { t, legumes, pain, lea, paul, zoe };
}

/** One line per member and contract: "2027-01-07 Dupont Paul | Légumes été 2027 (GAEC des Volcans): 2 panier Panier de légumes". */
function summary(days: DayCollections[]): string[] {
  return days.flatMap((d) =>
    d.members.flatMap((m) =>
      m.contracts.map(
        (c) =>
          `${d.deliveryOn} ${m.lastName} ${m.firstName} | ${c.contractName} (${c.producerName}): ` +
          c.products.map((p) => `${p.quantity} ${p.unit} ${p.productName}`).join(', '),
      ),
    ),
  );
}

describe('read model: who collects what on which day', () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  it('gives each day, each member by name, each contract and the quantities, without cancelled days or subscriptions', () => {
    expect(summary(collections(w.t.db, { from: '2027-01-07', to: '2027-01-21' }))).to.deep.equal([
      '2027-01-07 Dupont Paul | Légumes été 2027 (GAEC des Volcans): 2 panier Panier de légumes',
      '2027-01-07 Martin Léa | Pain hiver 2027 (Fournil du Puy): 2 pain de 1 kg Pain de campagne',
      '2027-01-07 Martin Léa | Légumes été 2027 (GAEC des Volcans): 1 panier Panier de légumes, 1 douzaine Œufs',
      '2027-01-21 Dupont Paul | Légumes été 2027 (GAEC des Volcans): 2 panier Panier de légumes',
      '2027-01-21 Martin Léa | Pain hiver 2027 (Fournil du Puy): 1 pain de 1 kg Pain de campagne',
      '2027-01-21 Martin Léa | Légumes été 2027 (GAEC des Volcans): 1 panier Panier de légumes, 1 douzaine Œufs',
    ]);
  });

  it('narrows to a member, a contract, some days or the producers in scope', () => {
    const from = '2027-01-01';
    const to = '2027-01-31';
    expect(summary(collections(w.t.db, { from, to, memberId: w.paul })).map((l) => l.slice(0, 10))).to.deep.equal([
      '2027-01-07',
      '2027-01-21',
      '2027-01-28',
    ]);
    expect(summary(collections(w.t.db, { from, to, contractId: w.pain.contractId }))).to.deep.equal([
      '2027-01-07 Martin Léa | Pain hiver 2027 (Fournil du Puy): 2 pain de 1 kg Pain de campagne',
      '2027-01-21 Martin Léa | Pain hiver 2027 (Fournil du Puy): 1 pain de 1 kg Pain de campagne',
    ]);
    expect(collections(w.t.db, { from, to, days: ['2027-01-28'] }).map((d) => d.deliveryOn)).to.deep.equal([
      '2027-01-28',
    ]);
    expect(collections(w.t.db, { from, to, days: [] })).to.deep.equal([]);
    expect(collections(w.t.db, { from, to, producerScope: [] })).to.deep.equal([]);
    const bread = collections(w.t.db, { from, to, producerScope: [w.pain.producerId] });
    expect(bread.flatMap((d) => d.members.flatMap((m) => m.contracts.map((c) => c.contractName)))).to.deep.equal([
      'Pain hiver 2027',
      'Pain hiver 2027',
    ]);
    const [day] = collections(w.t.db, { from: '2027-01-07', to: '2027-01-07', memberId: w.lea });
    expect(day.members[0].contracts.map((c) => c.subscriptionId)).to.have.lengthOf(2);
    expect(day.members[0].contracts[1].products.map((p) => p.productName)).to.deep.equal(['Panier de légumes', 'Œufs']);
  });

  it('finds the first day something is collected, skipping a cancelled delivery', () => {
    expect(firstCollectionDay(w.t.db, { memberId: w.paul, from: '2027-01-08' })).to.equal('2027-01-21');
    expect(firstCollectionDay(w.t.db, { memberId: w.lea, from: '2027-01-07' })).to.equal('2027-01-07');
    expect(firstCollectionDay(w.t.db, { memberId: w.zoe, from: '2026-01-01' })).to.equal(null);
    expect(firstCollectionDay(w.t.db, { memberId: w.paul, from: '2027-03-26' })).to.equal(null);
  });

  it('leaves out a cancelled day or subscription even if its quantities are still stored', async () => {
    const x = await world();
    x.t.db
      .update(deliveries)
      .set({ cancelledAt: '2027-01-01T10:00:00.000Z' })
      .where(eq(deliveries.id, x.legumes.deliveryIds[2]))
      .run();
    x.t.db.update(subscriptions).set({ status: 'cancelled' }).where(eq(subscriptions.memberId, x.paul)).run();
    expect(summary(collections(x.t.db, { from: '2027-01-21', to: '2027-01-21' }))).to.deep.equal([
      '2027-01-21 Martin Léa | Pain hiver 2027 (Fournil du Puy): 1 pain de 1 kg Pain de campagne',
    ]);
  });

  it('tells a member on the home page what they collect at the next distribution', async () => {
    w.t.clock.set('2027-01-08T10:00:00.000Z');
    const lea = text((await (await loginAs(w.t, 'lea@exemple.fr', PASSWORD)).get('/')).text);
    expect(lea).to.contain('jeudi 21 janvier 2027');
    expect(lea).to.match(/1 × Pain de campagne \(pain de 1 kg\) Fournil du Puy/);
    expect(lea).to.match(/1 × Panier de légumes \(panier\) GAEC des Volcans/);
    expect(lea).to.match(/1 × Œufs \(douzaine\) GAEC des Volcans/);
    const zoe = text((await (await loginAs(w.t, 'zoe@exemple.fr', PASSWORD)).get('/')).text);
    expect(zoe).to.contain('Vous n’avez rien à retirer ce jour-là.');
    expect(zoe).not.to.contain('Vous y retirez');
  });
});
