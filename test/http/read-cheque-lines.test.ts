import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { loginAs } from '../support/app.js';
import { createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';
import { text } from '../support/text.js';
import { contracts } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { chequeLines, payeeSummaries, type ChequeLine } from '../../server/read/cheque-lines.js';
import {
  totalsByContractAndPaymentDate,
  totalsByMember,
  totalsByProducerAndMonth,
} from '../../server/read/cheque-totals.js';
import { docWorld, handOver, receive, type DocWorld } from '../documents/fixtures.js';

interface World {
  w: DocWorld;
  bread: ContractSetup;
  lea: number;
  paul: number;
  zoe: number;
}

/**
 * "Légumes été 2027" (GAEC des Volcans, payee EARL Les Volcans, 60 € a month per basket): Léa Abel
 * 1 basket, Paul Dupont 2, Zoé Martin 1; Paul's and Zoé's January cheques received (Zoé's with bank
 * and number) and handed over on 8 January. "Pain hiver 2027" (Fournil du Puy, payee Boulangerie du
 * Puy, 18 € a month): Léa, her January cheque received.
 */
async function world(): Promise<World> {
  const w = await docWorld();
  const [jan] = w.c.paymentDateIds;
  const lea = await createMember(w.t.ctx, { firstName: 'Léa', lastName: 'Abel', email: 'lea@exemple.fr' });
  const a = actor(w.t.ctx, w.adminId);
  saveSubscription(
    w.t.ctx,
    a,
    w.c.contractId,
    lea.id,
    w.c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: w.c.productIds[0], quantity: 1 })),
    null,
  );
  const paul = await w.subscribe('Paul', 'Dupont', 2);
  const zoe = await w.subscribe('Zoé', 'Martin');
  receive(w.t, zoe.subscriptionId, jan, 'La Poste', '1234567');
  receive(w.t, paul.subscriptionId, jan);
  handOver(w.t, w.c.contractId, jan, w.adminId, '2027-01-08');
  const bread = setupContract(w.t.ctx, w.adminId, {
    producerId: createProducer(w.t.ctx, { name: 'Fournil du Puy' }),
    products: [{ name: 'Pain', unit: 'pain', priceCents: 450 }],
  });
  w.t.db
    .update(contracts)
    .set({ name: 'Pain hiver 2027', payee: 'Boulangerie du Puy' })
    .where(eq(contracts.id, bread.contractId))
    .run();
  const breadSub = saveSubscription(
    w.t.ctx,
    a,
    bread.contractId,
    lea.id,
    bread.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: bread.productIds[0], quantity: 1 })),
    null,
  );
  receive(w.t, breadSub, bread.paymentDateIds[0]);
  return { w, bread, lea: lea.id, paul: paul.memberId, zoe: zoe.memberId };
}

/** "Abel Léa Légumes été 2027 2027-01-05 60,00 promised" */
const show = (l: ChequeLine) =>
  `${l.lastName} ${l.firstName} ${l.contractName} ${l.dueOn} ${(l.amountCents / 100).toFixed(2)} ${l.status}`;

describe('read model: cheque lines', () => {
  let x: World;
  before(async () => {
    x = await world();
  });

  it('gives every cheque with its date, contract, producer, member and handover, by member or by date', () => {
    const db = x.w.t.db;
    const byMember = chequeLines(db, { contractId: x.w.c.contractId });
    expect(byMember.map(show)).to.deep.equal([
      'Abel Léa Légumes été 2027 2027-01-05 60.00 promised',
      'Abel Léa Légumes été 2027 2027-02-05 60.00 promised',
      'Abel Léa Légumes été 2027 2027-03-05 60.00 promised',
      'Dupont Paul Légumes été 2027 2027-01-05 120.00 handed_over',
      'Dupont Paul Légumes été 2027 2027-02-05 120.00 promised',
      'Dupont Paul Légumes été 2027 2027-03-05 120.00 promised',
      'Martin Zoé Légumes été 2027 2027-01-05 60.00 handed_over',
      'Martin Zoé Légumes été 2027 2027-02-05 60.00 promised',
      'Martin Zoé Légumes été 2027 2027-03-05 60.00 promised',
    ]);
    const byDate = chequeLines(db, {}, 'due');
    expect(byDate.slice(0, 4).map(show)).to.deep.equal([
      'Abel Léa Pain hiver 2027 2027-01-05 18.00 received',
      'Abel Léa Légumes été 2027 2027-01-05 60.00 promised',
      'Dupont Paul Légumes été 2027 2027-01-05 120.00 handed_over',
      'Martin Zoé Légumes été 2027 2027-01-05 60.00 handed_over',
    ]);
    const zoeJan = byDate.find((l) => l.memberId === x.zoe && l.dueOn === '2027-01-05')!;
    expect(zoeJan).to.include({
      payee: 'EARL Les Volcans',
      producerName: 'GAEC des Volcans',
      bank: 'La Poste',
      number: '1234567',
      handedOverOn: '2027-01-08',
      subscriptionStatus: 'active',
    });
    expect(zoeJan.handoverId).to.be.a('number');
    expect(byDate.find((l) => l.memberId === x.zoe && l.dueOn === '2027-02-05')!.handedOverOn).to.equal(null);
  });

  it('filters by member, statuses, payment dates, handover, cheque ids and the producers in scope', () => {
    const db = x.w.t.db;
    const count = (f: Parameters<typeof chequeLines>[1]) => chequeLines(db, f).length;
    expect(count({})).to.equal(12);
    expect(count({ memberId: x.lea })).to.equal(6);
    expect(count({ memberId: x.lea, statuses: ['received'] })).to.equal(1);
    expect(count({ statuses: ['handed_over'] })).to.equal(2);
    expect(count({ statuses: [] })).to.equal(0);
    expect(count({ paymentDateId: x.w.c.paymentDateIds[1] })).to.equal(3);
    expect(count({ dueFrom: '2027-02-01', dueUpTo: '2027-02-28' })).to.equal(4);
    expect(count({ dueUpTo: '2027-01-31' })).to.equal(4);
    expect(count({ producerScope: null })).to.equal(12);
    expect(count({ producerScope: [] })).to.equal(0);
    expect(chequeLines(db, { producerScope: [x.bread.producerId] }).map((l) => l.contractName)).to.deep.equal([
      'Pain hiver 2027',
      'Pain hiver 2027',
      'Pain hiver 2027',
    ]);
    const handed = chequeLines(db, { statuses: ['handed_over'] });
    expect(count({ handoverId: handed[0].handoverId! })).to.equal(2);
    expect(chequeLines(db, { chequeIds: [handed[1].id] }).map((l) => l.id)).to.deep.equal([handed[1].id]);
    expect(count({ chequeIds: [] })).to.equal(0);
    expect(count({ subscriptionId: handed[0].subscriptionId })).to.equal(3);
  });

  it('groups what a member still has to bring by payee, as cheques are written, payees in date order', () => {
    const promised = chequeLines(x.w.t.db, { memberId: x.lea, statuses: ['promised'] });
    expect(payeeSummaries(promised)).to.deep.equal([
      {
        payee: 'EARL Les Volcans',
        count: 3,
        totalCents: 18000,
        groups: [{ amountCents: 6000, count: 3, dueOns: ['2027-01-05', '2027-02-05', '2027-03-05'] }],
      },
      {
        payee: 'Boulangerie du Puy',
        count: 2,
        totalCents: 3600,
        groups: [{ amountCents: 1800, count: 2, dueOns: ['2027-02-05', '2027-03-05'] }],
      },
    ]);
  });

  it('counts and sums per status, per contract and payment date, per producer and month, per member', () => {
    const db = x.w.t.db;
    const jan = totalsByContractAndPaymentDate(db, { dueUpTo: '2027-01-31' });
    expect(jan.map((r) => [r.contractName, r.dueOn])).to.deep.equal([
      ['Pain hiver 2027', '2027-01-05'],
      ['Légumes été 2027', '2027-01-05'],
    ]);
    expect(jan[1].totals).to.deep.equal({
      count: 3,
      cents: 24000,
      promised: { count: 1, cents: 6000 },
      received: { count: 0, cents: 0 },
      handedOver: { count: 2, cents: 18000 },
    });
    const months = totalsByProducerAndMonth(db, { producerScope: [x.w.c.producerId] });
    expect(months.map((r) => [r.producerName, r.month, r.totals.cents, r.totals.promised.cents])).to.deep.equal([
      ['GAEC des Volcans', '2027-01', 24000, 6000],
      ['GAEC des Volcans', '2027-02', 24000, 24000],
      ['GAEC des Volcans', '2027-03', 24000, 24000],
    ]);
    const people = totalsByMember(db, { statuses: ['promised', 'received'] }).sort((a, b) =>
      a.lastName.localeCompare(b.lastName),
    );
    expect(
      people.map((p) => [p.lastName, p.totals.count, p.totals.promised.count, p.totals.received.count]),
    ).to.deep.equal([
      ['Abel', 6, 5, 1],
      ['Dupont', 2, 2, 0],
      ['Martin', 2, 2, 0],
    ]);
  });

  it('lists on the home page the cheques still to bring, one line per payee in alphabetical order', async () => {
    const agent = await loginAs(x.w.t, 'lea@exemple.fr', PASSWORD);
    const home = text((await agent.get('/')).text);
    expect(home).to.match(
      /2 chèques à l’ordre de Boulangerie du Puy : 2 × 18,00 € \(février et mars 2027\) 3 chèques à l’ordre de EARL Les Volcans : 3 × 60,00 € \(de janvier à mars 2027\)/,
    );
  });
});
