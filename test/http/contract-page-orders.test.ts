import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { subscriptions } from '../../server/db/schema/index.js';
import { text } from '../support/text.js';

// The contract page sorts its subscribers itself (French order), and so does its search of members to
// subscribe: both read their rows in no order, so these pin the order whatever SQLite reads first.
async function contractWithReferent(t: TestApp) {
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  return setupContract(t.ctx, ref.id, { producerId });
}

describe('contract page: the order of subscribers and of the members found to subscribe', () => {
  it('sorts subscribers in French whatever the case, accents and particles, namesakes by member id', async () => {
    const t = makeTestApp();
    const c = await contractWithReferent(t);
    // Created out of order: ids and byte order both disagree with the French order.
    const ids: Record<string, number> = {};
    for (const [key, firstName, lastName] of [
      ['fabre', 'Paul', 'Fabre'],
      ['eluard', 'Léa', 'Éluard'],
      ['dupontZoe', 'Zoé', 'Dupont'],
      ['delaFontaine', 'Jean', 'de la Fontaine'],
      ['dupontEmilie', 'Émilie', 'Dupont'],
      ['martinOlder', 'Léa', 'Martin'],
      ['dupond', 'Anne', 'DUPOND'],
      ['martinNewer', 'Léa', 'Martin'],
      ['abel', 'Yves', 'abel'],
    ]) {
      const m = await createMember(t.ctx, { firstName, lastName });
      ids[key] = m.id;
      subscribeEveryDelivery(t.ctx, c, m.id);
    }
    const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    const res = await agent.get(`/gestion/contrats/${c.contractId}`);
    expect(res.status).to.equal(200);
    const table = res.text.slice(res.text.lastIndexOf('<table'));
    const order = [...table.matchAll(/\/membres\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).to.deep.equal(
      [
        'abel',
        'delaFontaine',
        'dupond',
        'dupontEmilie',
        'dupontZoe',
        'eluard',
        'fabre',
        // namesakes: the first created first
        'martinOlder',
        'martinNewer',
      ].map((k) => ids[k]),
    );
  });

  it('finds the members not subscribed in French order, namesakes by member id, and the subscribed apart', async () => {
    const t = makeTestApp();
    const c = await contractWithReferent(t);
    const ids: Record<string, number> = {};
    for (const [key, firstName, lastName, active] of [
      ['zola', 'Émile', 'Zola', true],
      ['martinOlder', 'Léa', 'Martin', true],
      ['eluard', 'Paul', 'Éluard', true],
      ['aubert', 'Anne', 'Aubert', true],
      ['martinNewer', 'Léa', 'Martin', true],
      ['gone', 'Gaston', 'Gaudin', false],
      ['subscribed', 'Sophie', 'Bastide', true],
      ['cancelled', 'Bruno', 'Bastide', true],
    ] as const) {
      ids[key] = (await createMember(t.ctx, { firstName, lastName, active })).id;
    }
    subscribeEveryDelivery(t.ctx, c, ids.subscribed);
    const left = subscribeEveryDelivery(t.ctx, c, ids.cancelled);
    t.db.update(subscriptions).set({ status: 'cancelled', totalCents: 0 }).where(eq(subscriptions.id, left)).run();

    const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    // Every one of them has an "a" in their name.
    const res = await agent.get(`/gestion/contrats/${c.contractId}/souscription?q=a`);
    expect(res.status).to.equal(200);
    const mine = new Set(Object.values(ids));
    const under = (heading: string) => {
      const start = res.text.indexOf(`<h2>${heading}</h2>`);
      const list = res.text.slice(start, res.text.indexOf('</ul>', start));
      return [...list.matchAll(/\/membres\/(\d+)/g)].map((m) => Number(m[1])).filter((id) => mine.has(id));
    };
    // The accented initial among the others; one who cancelled may subscribe again; the inactive not at all.
    expect(under('À inscrire au contrat')).to.deep.equal(
      ['aubert', 'cancelled', 'eluard', 'martinOlder', 'martinNewer', 'zola'].map((k) => ids[k]),
    );
    expect(under('Ont déjà souscrit')).to.deep.equal([ids.subscribed]);
    expect(text(res.text)).to.contain('BASTIDE Bruno');
  });
});
