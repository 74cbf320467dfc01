import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';
import { auditLog, cheques, memberRoles, producerAccounts, subscriptions } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { text } from '../support/text.js';

/**
 * Who sees what, through the pages: the rules of domain/access.ts (tested as a table in
 * test/unit/access.test.ts) as the referents, producers' accounts and members meet them.
 */

interface World {
  t: TestApp;
  /** Vegetables (GAEC des Volcans), referent Rémi. */
  veg: ContractSetup;
  /** Bread (Fournil du Puy), referent Berthe. */
  bread: ContractSetup;
  ids: { admin: number; remi: number; berthe: number; farmer: number; lea: number; zoe: number; treasurer: number };
  /** Léa's vegetables subscription (one basket a week, three cheques). */
  leaVeg: number;
}

function subscribe(t: TestApp, c: ContractSetup, by: number, memberId: number): number {
  return saveSubscription(
    t.ctx,
    actor(t.ctx, by),
    c.contractId,
    memberId,
    c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[0], quantity: 1 })),
    null,
  );
}

async function world(): Promise<World> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const remi = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Légumes', email: 'remi@exemple.fr' });
  const berthe = await createMember(t.ctx, { firstName: 'Berthe', lastName: 'Pain', email: 'berthe@exemple.fr' });
  const farmer = await createMember(t.ctx, { firstName: 'Jean', lastName: 'Volcans', email: 'ferme@exemple.fr' });
  const treasurer = await createMember(t.ctx, { firstName: 'Tom', lastName: 'Trésor', email: 'tresor@exemple.fr' });
  t.db.insert(memberRoles).values({ memberId: treasurer.id, role: 'treasurer' }).run();
  const lea = await createMember(t.ctx, {
    firstName: 'Léa',
    lastName: 'Martin',
    email: 'lea.martin@exemple.fr',
    phone: '06 11 22 33 44',
  });
  const zoe = await createMember(t.ctx, {
    firstName: 'Zoé',
    lastName: 'Roux',
    email: 'zoe.roux@exemple.fr',
    phone: '07 55 66 77 88',
  });
  const vegProducer = createProducer(t.ctx, { name: 'GAEC des Volcans', referentIds: [remi.id] });
  const breadProducer = createProducer(t.ctx, { name: 'Fournil du Puy', referentIds: [berthe.id] });
  t.db.insert(producerAccounts).values({ producerId: vegProducer, memberId: farmer.id }).run();
  const veg = setupContract(t.ctx, remi.id, { producerId: vegProducer });
  const bread = setupContract(t.ctx, berthe.id, {
    producerId: breadProducer,
    products: [{ name: 'Pain de campagne', unit: 'kg', priceCents: 400 }],
  });
  // Zoé holds a bread subscription only: she is Berthe's subscriber, not Rémi's.
  subscribe(t, bread, zoe.id, zoe.id);
  const leaVeg = subscribe(t, veg, lea.id, lea.id);
  return {
    t,
    veg,
    bread,
    ids: {
      admin: admin.id,
      remi: remi.id,
      berthe: berthe.id,
      farmer: farmer.id,
      lea: lea.id,
      zoe: zoe.id,
      treasurer: treasurer.id,
    },
    leaVeg,
  };
}

const managePage = (c: ContractSetup) => `/gestion/contrats/${c.contractId}`;

/** A logged-in browser and a CSRF token of its session. */
async function browser(t: TestApp, email: string): Promise<{ agent: request.Agent; csrf: string }> {
  const agent = await loginAs(t, email, PASSWORD);
  return { agent, csrf: csrfFrom((await agent.get('/compte')).text) };
}

function menuOf(html: string): string {
  return text(html.slice(html.indexOf('<nav'), html.indexOf('</nav>')));
}

describe('access: a referent sees contact details of their own subscribers only', () => {
  it('shows a member with no subscription to the referent’s producers by name only, then with e-mail and phone once subscribed', async () => {
    const w = await world();
    const remi = await browser(w.t, 'remi@exemple.fr');
    const zoePage = `${managePage(w.veg)}/membres/${w.ids.zoe}`;

    const before = await remi.agent.get(zoePage);
    expect(before.status).to.equal(200);
    const shown = text(before.text);
    expect(shown).to.contain('Zoé Roux');
    expect(shown).to.contain('Pas de souscription.');
    expect(before.text).to.not.contain('zoe.roux@exemple.fr');
    expect(before.text).to.not.contain('07 55 66 77 88');

    // The contract page's search finds her by name, without her address.
    const found = await remi.agent.get(`${managePage(w.veg)}/souscription?q=zoe`);
    expect(text(found.text)).to.contain('À inscrire au contrat ROUX Zoé');
    expect(found.text).to.not.contain('zoe.roux@exemple.fr');
    expect(found.text).to.not.contain('07 55 66 77 88');

    // Once Rémi subscribes her to vegetables, she is his subscriber.
    subscribe(w.t, w.veg, w.ids.remi, w.ids.zoe);
    const after = text((await remi.agent.get(zoePage)).text);
    expect(after).to.contain('zoe.roux@exemple.fr');
    expect(after).to.contain('07 55 66 77 88');
  });

  it('shows his own subscriber’s e-mail and phone, and the same page of a bread subscriber to the bread referent', async () => {
    const w = await world();
    const remi = await browser(w.t, 'remi@exemple.fr');
    const lea = text((await remi.agent.get(`${managePage(w.veg)}/membres/${w.ids.lea}`)).text);
    expect(lea).to.contain('lea.martin@exemple.fr · 06 11 22 33 44');

    const berthe = await browser(w.t, 'berthe@exemple.fr');
    const zoe = text((await berthe.agent.get(`${managePage(w.bread)}/membres/${w.ids.zoe}`)).text);
    expect(zoe).to.contain('zoe.roux@exemple.fr · 07 55 66 77 88');
    // Léa subscribes to vegetables only: Berthe may subscribe her to bread, by name.
    const leaForBerthe = await berthe.agent.get(`${managePage(w.bread)}/membres/${w.ids.lea}`);
    expect(text(leaForBerthe.text)).to.contain('Léa Martin');
    expect(leaForBerthe.text).to.not.contain('lea.martin@exemple.fr');
  });
});

describe('access: a referent of bread on the vegetables producer', () => {
  it('gets 403 on every vegetables page and action, and nothing changes', async () => {
    const w = await world();
    const chequeIds = w.t.db
      .select({ id: cheques.id })
      .from(cheques)
      .where(eq(cheques.subscriptionId, w.leaVeg))
      .all()
      .map((c) => c.id);
    receiveCheques(w.t.ctx, actor(w.t.ctx, w.ids.treasurer), [{ chequeId: chequeIds[0], bank: '', number: '' }]);
    const handover = createHandover(
      w.t.ctx,
      actor(w.t.ctx, w.ids.treasurer),
      w.veg.contractId,
      w.veg.paymentDateIds[0],
      null,
      { earlyConfirmed: true },
    );
    const berthe = await browser(w.t, 'berthe@exemple.fr');
    const audits = w.t.db.select().from(auditLog).all().length;

    const pages = [
      managePage(w.veg),
      `${managePage(w.veg)}/modifier`,
      `${managePage(w.veg)}/membres/${w.ids.lea}`,
      `${managePage(w.veg)}/souscription?membre=${w.ids.lea}`,
      `/tresorerie/contrats/${w.veg.contractId}`,
      `/tresorerie/remises/nouvelle?contrat=${w.veg.contractId}`,
      `/tresorerie/remises/${handover.id}`,
    ];
    for (const path of pages) expect((await berthe.agent.get(path)).status, `GET ${path}`).to.equal(403);
    // The producer's page is the members' one for her: its presentation, no form.
    const producerPage = await berthe.agent.get(`/producteurs/${w.veg.producerId}`);
    expect(producerPage.status).to.equal(200);
    expect(producerPage.text).not.to.contain(`action="/producteurs/${w.veg.producerId}`);
    // Another producer's subscription does not exist for her.
    expect((await berthe.agent.get(`/tresorerie/souscriptions/${w.leaVeg}`)).status).to.equal(404);

    const posts: [string, Record<string, string>][] = [
      [`${managePage(w.veg)}/ouvrir`, {}],
      [`${managePage(w.veg)}/archiver`, {}],
      [`/tresorerie/cheques/recevoir`, { cheque: String(chequeIds[1]) }],
      [`/tresorerie/cheques/${chequeIds[0]}/rendre`, { reason: 'erreur' }],
      [`/tresorerie/remises`, { contractId: String(w.veg.contractId), paymentDateId: String(w.veg.paymentDateIds[1]) }],
      [`/tresorerie/remises/${handover.id}/annuler`, { reason: 'erreur' }],
      [`/tresorerie/souscriptions/${w.leaVeg}/avoirs`, { amount: '10', reason: 'geste' }],
      [`/producteurs/${w.veg.producerId}/produits`, { productName: 'Navet', unit: 'kg', price: '2' }],
    ];
    for (const [path, fields] of posts) {
      const res = await berthe.agent
        .post(path)
        .type('form')
        .send({ _csrf: berthe.csrf, ...fields });
      expect(res.status, `POST ${path}`).to.equal(403);
    }
    expect(w.t.db.select().from(auditLog).all()).to.have.length(audits);
    const statuses = w.t.db
      .select({ status: cheques.status })
      .from(cheques)
      .where(eq(cheques.subscriptionId, w.leaVeg))
      .all();
    expect(statuses.map((c) => c.status)).to.deep.equal(['handed_over', 'promised', 'promised']);

    // At the reception table, a vegetables subscriber is not even named to her.
    const reception = text((await berthe.agent.get(`/tresorerie/reception?membre=${w.ids.lea}`)).text);
    expect(reception).to.not.contain('Martin');
    const found = text((await berthe.agent.get('/tresorerie/reception?q=martin')).text);
    expect(found).to.not.contain('Léa');
  });
});

describe('access: a producer’s account reads its own contracts only', () => {
  it('reads the contract page without any form, and is refused every change, the treasury and the producers pages', async () => {
    const w = await world();
    const farmer = await browser(w.t, 'ferme@exemple.fr');

    const home = await farmer.agent.get('/');
    const menu = menuOf(home.text);
    expect(menu).to.contain('Gestion des contrats');
    expect(menu).to.not.contain('Trésorerie');
    expect(menu).to.not.contain('Producteurs');
    expect(menu).to.not.contain('Administration');

    const list = await farmer.agent.get('/gestion/contrats');
    expect(list.text).to.contain(`href="${managePage(w.veg)}"`);
    expect(list.text).to.not.contain(`href="${managePage(w.bread)}"`);

    const page = await farmer.agent.get(managePage(w.veg));
    expect(page.status).to.equal(200);
    expect(text(page.text)).to.contain('MARTIN Léa');
    // No form that changes anything (the delivery-sheet range picker is a GET download).
    expect(page.text).to.not.match(new RegExp(`method="post" action="${managePage(w.veg)}/`));
    expect(page.text).to.not.contain(`href="${managePage(w.veg)}/membres/`);
    expect((await farmer.agent.get(managePage(w.bread))).status).to.equal(403);

    for (const path of [
      `${managePage(w.veg)}/modifier`,
      `${managePage(w.veg)}/membres/${w.ids.lea}`,
      '/gestion/contrats/nouveau',
      '/tresorerie',
      '/tresorerie/reception',
      '/producteurs',
    ])
      expect((await farmer.agent.get(path)).status, `GET ${path}`).to.equal(403);
    // A producer's page reads as members read it: no form.
    const producerPage = await farmer.agent.get(`/producteurs/${w.veg.producerId}`);
    expect(producerPage.status).to.equal(200);
    expect(producerPage.text).not.to.contain(`action="/producteurs/${w.veg.producerId}`);
    for (const path of ['ouvrir', 'archiver', 'brouillon', `membres/${w.ids.lea}/annuler`]) {
      const res = await farmer.agent
        .post(`${managePage(w.veg)}/${path}`)
        .type('form')
        .send({ _csrf: farmer.csrf });
      expect(res.status, `POST ${path}`).to.equal(403);
    }
    expect(w.t.db.select().from(subscriptions).where(eq(subscriptions.id, w.leaVeg)).get()!.status).to.equal('active');
  });
});

describe('access: a member sees their own subscriptions only', () => {
  it('cannot open another member’s subscription, neither on the referents’ side nor in the treasury', async () => {
    const w = await world();
    const zoe = await browser(w.t, 'zoe.roux@exemple.fr');
    for (const path of [
      `${managePage(w.veg)}/membres/${w.ids.lea}`,
      `${managePage(w.veg)}/membres/${w.ids.lea}/souscrire`,
      `/tresorerie/souscriptions/${w.leaVeg}`,
    ])
      expect((await zoe.agent.get(path)).status, `GET ${path}`).to.equal(403);

    // Her own page of the vegetables contract offers to subscribe: Léa's basket is not hers.
    const contract = text((await zoe.agent.get(`/contrats/${w.veg.contractId}`)).text);
    expect(contract).to.contain('Souscrire');
    expect(contract).to.not.contain('Modifier mon contrat');
    const mine = text((await zoe.agent.get('/mes-contrats')).text);
    expect(mine).to.contain('Fournil du Puy');
    expect(mine).to.not.contain('GAEC des Volcans');
  });

  it('the menu offers what each one may do', async () => {
    const w = await world();
    const menus = async (email: string) => menuOf((await (await loginAs(w.t, email, PASSWORD)).get('/')).text);
    const member = await menus('zoe.roux@exemple.fr');
    for (const label of ['Gestion des contrats', 'Producteurs', 'Trésorerie', 'Administration'])
      expect(member).to.not.contain(label);
    const referent = await menus('remi@exemple.fr');
    for (const label of ['Gestion des contrats', 'Producteurs', 'Trésorerie']) expect(referent).to.contain(label);
    expect(referent).to.not.contain('Administration');
    const treasurer = await menus('tresor@exemple.fr');
    for (const label of ['Gestion des contrats', 'Trésorerie']) expect(treasurer).to.contain(label);
    for (const label of ['Producteurs', 'Administration']) expect(treasurer).to.not.contain(label);
    const admin = await menus('admin@exemple.fr');
    for (const label of ['Gestion des contrats', 'Producteurs', 'Trésorerie', 'Administration'])
      expect(admin).to.contain(label);
  });
});
