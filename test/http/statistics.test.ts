import { expect } from 'chai';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';
import { eq } from 'drizzle-orm';
import { contracts, memberRoles, producerAccounts } from '../../server/db/schema/index.js';
import { copyContract, openContract } from '../../server/features/contracts/contracts.service.js';
import { removeDelivery } from '../../server/features/contracts/contract-calendar.service.js';
import { loadContract } from '../../server/read/contract-bundle.js';
import { cancelSubscription, saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { text } from '../support/text.js';

/**
 * The producer statistics page on a known data set: "Chèvrerie du Sancy", Crottin 2,50 € and
 * Tomme 11,50 €, a fixed contract.
 *
 *   Fromages 2026, 8 Thursdays (7 May – 25 June 2026, four in each month):
 *     Léa 2 crottins, Zoé 1 tomme, Émile 1 crottin at every delivery
 *     → 3 subscribers, 24 crottins, 8 tommes, 76 € in May, 76 € in June, 152 €
 *   Fromages 2027, copied from it, two last dates removed: 6 Thursdays (6 May – 10 June 2027)
 *     Léa 1 crottin + 1 tomme, Paul 2 tommes; Zoé subscribed then cancelled
 *     → 2 subscribers, 6 crottins, 18 tommes, 148 € in May, 74 € in June, 222 €
 * A bread contract of another producer (its subscriber counts nowhere here).
 */
interface World {
  t: TestApp;
  before: ContractSetup;
  nowId: number;
  bread: ContractSetup;
}

async function world(): Promise<World> {
  const t = makeTestApp();
  t.clock.set('2026-04-10T10:00:00.000Z');
  const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const remi = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Fromage', email: 'remi@exemple.fr' });
  const berthe = await createMember(t.ctx, { firstName: 'Berthe', lastName: 'Pain', email: 'berthe@exemple.fr' });
  const farmer = await createMember(t.ctx, { firstName: 'Jean', lastName: 'Sancy', email: 'ferme@exemple.fr' });
  const other = await createMember(t.ctx, { firstName: 'Jo', lastName: 'Fournil', email: 'fournil@exemple.fr' });
  const treasurer = await createMember(t.ctx, { firstName: 'Tom', lastName: 'Trésor', email: 'tresor@exemple.fr' });
  t.db.insert(memberRoles).values({ memberId: treasurer.id, role: 'treasurer' }).run();
  const member = async (firstName: string, lastName: string, email: string) =>
    (await createMember(t.ctx, { firstName, lastName, email })).id;
  const lea = await member('Léa', 'Martin', 'lea@exemple.fr');
  const zoe = await member('Zoé', 'Abadie', 'zoe@exemple.fr');
  const emile = await member('Émile', 'Édouard', 'emile@exemple.fr');
  const paul = await member('Paul', 'Dupont', 'paul@exemple.fr');

  const cheese = createProducer(t.ctx, { name: 'Chèvrerie du Sancy', referentIds: [remi.id] });
  const bakery = createProducer(t.ctx, { name: 'Fournil du Puy', referentIds: [berthe.id] });
  t.db.insert(producerAccounts).values({ producerId: cheese, memberId: farmer.id }).run();
  t.db.insert(producerAccounts).values({ producerId: bakery, memberId: other.id }).run();

  const before = setupContract(t.ctx, admin.id, {
    producerId: cheese,
    products: [
      { name: 'Crottin', unit: 'pièce', priceCents: 250 },
      { name: 'Tomme', unit: '500 g', priceCents: 1150 },
    ],
    opensOn: '2026-04-01',
    closesOn: '2026-04-30',
    from: '2026-05-07',
    to: '2026-06-25',
  });
  const name = (id: number, n: string) => t.db.update(contracts).set({ name: n }).where(eq(contracts.id, id)).run();
  name(before.contractId, 'Fromages 2026');
  const a = actor(t.ctx, admin.id);
  const [crottin, tomme] = before.productIds;
  const order = (deliveryIds: number[], lines: [number, number][]) =>
    deliveryIds.flatMap((deliveryId) =>
      lines.map(([contractProductId, quantity]) => ({ deliveryId, contractProductId, quantity })),
    );
  saveSubscription(t.ctx, a, before.contractId, lea, order(before.deliveryIds, [[crottin, 2]]), null);
  saveSubscription(t.ctx, a, before.contractId, zoe, order(before.deliveryIds, [[tomme, 1]]), null);
  saveSubscription(t.ctx, a, before.contractId, emile, order(before.deliveryIds, [[crottin, 1]]), null);

  t.clock.set('2027-04-10T10:00:00.000Z');
  const nowId = copyContract(t.ctx, a, before.contractId);
  const copy = loadContract(t.db, nowId)!;
  for (const d of copy.deliveries.slice(-2)) removeDelivery(t.ctx, a, nowId, d.id);
  openContract(t.ctx, a, nowId);
  const now = loadContract(t.db, nowId)!;
  const ids = now.deliveries.map((d) => d.id);
  const [crottin27, tomme27] = now.products.map((p) => p.id);
  saveSubscription(
    t.ctx,
    a,
    nowId,
    lea,
    order(ids, [
      [crottin27, 1],
      [tomme27, 1],
    ]),
    null,
  );
  saveSubscription(t.ctx, a, nowId, paul, order(ids, [[tomme27, 2]]), null);
  saveSubscription(t.ctx, a, nowId, zoe, order(ids, [[tomme27, 5]]), null);
  cancelSubscription(t.ctx, a, nowId, zoe);

  const bread = setupContract(t.ctx, berthe.id, {
    producerId: bakery,
    products: [{ name: 'Pain de campagne', unit: 'kg', priceCents: 400 }],
    opensOn: '2027-04-01',
    closesOn: '2027-04-30',
    from: '2027-05-06',
    to: '2027-06-24',
  });
  name(bread.contractId, 'Pain été 2027');
  saveSubscription(t.ctx, a, bread.contractId, emile, order(bread.deliveryIds, [[bread.productIds[0], 3]]), null);
  return { t, before, nowId, bread };
}

const page = (id: number) => `/gestion/contrats/${id}/statistiques`;

/** The rows of the page's tables as their cells' text, by the row's heading. */
function rows(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of html.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]).trim());
    out.set(text(m[1]).trim(), cells);
  }
  return out;
}

describe('producer statistics page', () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  it('gives the season’s figures beside the previous season’s, with the difference', async () => {
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const res = await referent.get(page(w.nowId));
    expect(res.status).to.equal(200);
    const shown = text(res.text);
    expect(shown).to.contain('Comparé à la saison précédente du producteur : Fromages 2026.');
    expect(res.text).to.contain(`href="${page(w.before.contractId)}"`);
    const r = rows(res.text);
    expect(r.get('Souscripteurs')).to.deep.equal(['2', '3', '-1']);
    expect(r.get('Livraisons')).to.deep.equal(['6', '8', '-2']);
    expect(r.get('Montant de la saison')).to.deep.equal(['222,00 €', '152,00 €', '+70,00 €']);
    expect(r.get('Montant moyen par souscripteur')).to.deep.equal(['111,00 €', '50,67 €', '+60,33 €']);
    expect(r.get('Crottin (pièce)')).to.deep.equal(['6', '24', '-18']);
    expect(r.get('Tomme (500 g)')).to.deep.equal(['18', '8', '+10']);
    expect(r.get('Mai')).to.deep.equal(['148,00 €', '76,00 €', '+72,00 €']);
    expect(r.get('Juin')).to.deep.equal(['74,00 €', '76,00 €', '-2,00 €']);
    // The bread subscriber and her 3 kg a week are another producer's.
    expect(shown).to.not.contain('Pain de campagne');
  });

  it('the first season has nothing to compare with; every season of the producer is listed', async () => {
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const res = await referent.get(page(w.before.contractId));
    expect(res.status).to.equal(200);
    expect(text(res.text)).to.contain('Pas de saison précédente de ce producteur à comparer.');
    const r = rows(res.text);
    expect(r.get('Souscripteurs')).to.deep.equal(['3']);
    expect(r.get('Montant de la saison')).to.deep.equal(['152,00 €']);
    expect(r.get('Crottin (pièce)')).to.deep.equal(['24']);
    expect(r.get('Mai')).to.deep.equal(['76,00 €']);
    // Both seasons, latest first.
    const seasons = [...res.text.matchAll(/<td data-label="Montant" class="num">([^<]+)<\/td>/g)].map((m) =>
      text(m[1]).trim(),
    );
    expect(seasons).to.deep.equal(['222,00 €', '152,00 €']);
  });

  it('is for the producer’s referents, its own accounts, the treasurer and admins; 403 for anyone else', async () => {
    for (const email of ['remi@exemple.fr', 'ferme@exemple.fr', 'tresor@exemple.fr', 'admin@exemple.fr']) {
      const agent = await loginAs(w.t, email, PASSWORD);
      const res = await agent.get(page(w.nowId));
      expect(res.status, email).to.equal(200);
      expect(rows(res.text).get('Souscripteurs'), email).to.deep.equal(['2', '3', '-1']);
    }
    for (const email of ['berthe@exemple.fr', 'fournil@exemple.fr', 'lea@exemple.fr']) {
      const agent = await loginAs(w.t, email, PASSWORD);
      const res = await agent.get(page(w.nowId));
      expect(res.status, email).to.equal(403);
      expect(res.text, email).to.not.contain('222,00');
    }
    // The bread referent reads her own.
    const berthe = await loginAs(w.t, 'berthe@exemple.fr', PASSWORD);
    expect(rows((await berthe.get(page(w.bread.contractId))).text).get('Souscripteurs')).to.deep.equal(['1']);
    expect((await w.t.agent().get(page(w.nowId))).status).to.equal(302);
    const admin = await loginAs(w.t, 'admin@exemple.fr', PASSWORD);
    expect((await admin.get('/gestion/contrats/9999/statistiques')).status).to.equal(404);
  });
});

describe('producer statistics page: a season longer than a year', () => {
  it('counts both Decembers in the month table: the months add up to the season', async () => {
    const t = makeTestApp();
    t.clock.set('2026-11-10T10:00:00.000Z');
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin' });
    // 57 Thursdays, 3 December 2026 to 30 December 2027: 5 + 5 in the two Decembers.
    const c = setupContract(t.ctx, admin.id, {
      opensOn: '2026-11-01',
      closesOn: '2026-11-30',
      from: '2026-12-03',
      to: '2027-12-30',
    });
    saveSubscription(
      t.ctx,
      actor(t.ctx, admin.id),
      c.contractId,
      lea.id,
      c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[0], quantity: 1 })),
      null,
    );
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const r = rows((await agent.get(page(c.contractId))).text);
    expect(r.get('Montant de la saison')).to.deep.equal(['855,00 €']);
    expect(r.get('Décembre')).to.deep.equal(['150,00 €']);
    expect(r.get('Janvier')).to.deep.equal(['60,00 €']);
  });
});
