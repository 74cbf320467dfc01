import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import { members, subscriptions } from '../../server/db/schema/index.js';
import { text } from '../support/text.js';

/**
 * A referent's "subscribe for a member" on the contract page: a search by a few letters of the
 * name (as at reception), not a list of every member's name.
 */
interface World {
  t: TestApp;
  c: ContractSetup;
  page: string;
  ids: Record<string, number>;
}

async function world(opts: { status?: 'draft' | 'open' } = {}): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const other = await createMember(t.ctx, { firstName: 'Odile', lastName: 'Autre', email: 'odile@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  createProducer(t.ctx, { name: 'Fournil de la Sioule', referentIds: [other.id] });
  const c = setupContract(t.ctx, ref.id, { producerId, ...opts });
  const ids: Record<string, number> = {};
  for (const [first, last] of [
    ['Hélène', 'Martin'],
    ['Marc', 'Éluard'],
    ['Léa', 'Martinez'],
    ['Paul', 'Dumarais'],
    ['Inès', 'Martel'],
  ])
    ids[first] = (await createMember(t.ctx, { firstName: first, lastName: last, email: null })).id;
  return { t, c, page: `/gestion/contrats/${c.contractId}`, ids };
}

const search = (agent: Awaited<ReturnType<typeof loginAs>>, w: World, q: string) =>
  agent.get(`${w.page}/souscription?q=${encodeURIComponent(q)}`);

/** The names under one heading of the results page, in their order. */
function namesUnder(html: string, heading: string): string[] {
  const start = html.indexOf(`<h2>${heading}</h2>`);
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/class="member-name" href="[^"]*">([^<]*)</g)].map((m) => m[1]);
}

describe('contract page: subscribing for a member found by name', () => {
  it('finds members by a few letters, case and accents aside, split between to subscribe and subscribed', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    subscribeEveryDelivery(w.t.ctx, w.c, w.ids['Léa']);

    const contract = await referent.get(w.page);
    expect(contract.text).to.contain(
      `<form method="get" action="${w.page}/souscription" class="search" role="search">`,
    );
    expect(contract.text).to.not.contain('name="membre"');

    const found = await search(referent, w, 'MART');
    expect(found.status).to.equal(200);
    // Every word in the first or last name: "mart" is in Martin, Martel, Martinez, not in Dumarais.
    expect(namesUnder(found.text, 'À inscrire au contrat')).to.deep.equal(['MARTEL Inès', 'MARTIN Hélène']);
    expect(namesUnder(found.text, 'Ont déjà souscrit')).to.deep.equal(['MARTINEZ Léa']);
    expect(found.text).to.contain(`href="${w.page}/membres/${w.ids['Hélène']}/souscrire"`);
    expect(found.text).to.contain(`href="${w.page}/membres/${w.ids['Léa']}"`);
    expect(found.text).to.not.contain(`href="${w.page}/membres/${w.ids['Léa']}/souscrire"`);

    expect(namesUnder((await search(referent, w, 'helene')).text, 'À inscrire au contrat')).to.deep.equal([
      'MARTIN Hélène',
    ]);
    expect(namesUnder((await search(referent, w, 'ELUARD marc')).text, 'À inscrire au contrat')).to.deep.equal([
      'ÉLUARD Marc',
    ]);
    // The search box keeps what was typed; nothing found is said in a sentence.
    const none = await search(referent, w, 'zoé');
    expect(none.text).to.contain('value="zoé"');
    expect(text(none.text)).to.contain('Aucun membre actif ne correspond à « zoé ».');
  });

  it('offers an inactive member nothing, lists them while subscribed, and offers again one who cancelled', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    w.t.db.update(members).set({ active: false }).where(eq(members.id, w.ids['Inès'])).run();
    expect(text((await search(referent, w, 'ines')).text)).to.contain('Aucun membre actif ne correspond à « ines ».');

    subscribeEveryDelivery(w.t.ctx, w.c, w.ids['Hélène']);
    w.t.db.update(members).set({ active: false }).where(eq(members.id, w.ids['Hélène'])).run();
    expect(namesUnder((await search(referent, w, 'helene')).text, 'Ont déjà souscrit')).to.deep.equal([
      'MARTIN Hélène',
    ]);

    w.t.db.update(members).set({ active: true }).where(eq(members.id, w.ids['Hélène'])).run();
    w.t.db.update(subscriptions).set({ status: 'cancelled' }).where(eq(subscriptions.memberId, w.ids['Hélène'])).run();
    const again = await search(referent, w, 'helene');
    expect(namesUnder(again.text, 'À inscrire au contrat')).to.deep.equal(['MARTIN Hélène']);
    expect(namesUnder(again.text, 'Ont déjà souscrit')).to.deep.equal([]);
  });

  it('says how many more matched than it lists', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    for (let i = 0; i < 23; i++)
      await createMember(w.t.ctx, { firstName: `Jean${String(i).padStart(2, '0')}`, lastName: 'Dupont', email: null });
    const found = await search(referent, w, 'dupont');
    const listed = namesUnder(found.text, 'À inscrire au contrat');
    expect(listed).to.have.length(20);
    expect(listed[0]).to.equal('DUPONT Jean00');
    expect(listed[19]).to.equal('DUPONT Jean19');
    expect(text(found.text)).to.contain('3 autres membres correspondent : tapez quelques lettres de plus.');
  });

  it('sends an empty search back to the contract page with a message, and escapes what was typed', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    for (const url of [
      `${w.page}/souscription?q=`,
      `${w.page}/souscription?q=%20%20`,
      `${w.page}/souscription?q=a&q=b`,
    ]) {
      const res = await referent.get(url);
      expect(res.status, url).to.equal(302);
      expect(res.headers.location).to.equal(`${w.page}#souscriptions`);
      expect(text((await referent.get(w.page)).text)).to.contain(
        'Tapez quelques lettres du nom du membre pour qui souscrire.',
      );
    }
    const odd = await search(referent, w, '<b>"x');
    expect(odd.status).to.equal(200);
    expect(odd.text).to.not.contain('<b>"x');
    expect(odd.text).to.contain('value="&lt;b&gt;&#34;x"');
  });

  it('is for those who manage the contract, and only while it is open', async () => {
    const w = await world();
    const url = `${w.page}/souscription?q=mart`;
    const otherReferent = await loginAs(w.t, 'odile@exemple.fr', PASSWORD);
    expect((await otherReferent.get(url)).status).to.equal(403);
    const member = await createMember(w.t.ctx, { firstName: 'Nina', lastName: 'Membre', email: 'nina@exemple.fr' });
    expect(member.id).to.be.a('number');
    expect((await (await loginAs(w.t, 'nina@exemple.fr', PASSWORD)).get(url)).status).to.equal(403);
    expect((await (await loginAs(w.t, 'alice@exemple.fr', PASSWORD)).get(url)).status).to.equal(200);
    expect((await otherReferent.get(`/gestion/contrats/9999/souscription?q=mart`)).status).to.equal(404);

    const draft = await world({ status: 'draft' });
    const referent = await loginAs(draft.t, 'remi@exemple.fr', PASSWORD);
    const res = await search(referent, draft, 'mart');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(draft.page);
    expect(text((await referent.get(draft.page)).text)).to.contain(
      'Ce contrat n’est pas ouvert : on ne peut pas y souscrire.',
    );
  });
});
