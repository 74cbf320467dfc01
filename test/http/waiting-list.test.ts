import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import {
  actor,
  createProducer,
  setupContract,
  subscribeEveryDelivery,
  type ContractSetup,
} from '../support/contracts.js';
import { contractProducts, subscriptions } from '../../server/db/schema/index.js';
import { cancelSubscription, saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { runTask } from '../../server/jobs/task-log.js';
import { text } from '../support/text.js';

interface World {
  t: TestApp;
  c: ContractSetup;
  ref: { id: number };
  /** Members by first name, each with an e-mail `<name>@exemple.fr`. */
  people: Record<string, number>;
  base: string;
}

/** A vegetables contract of 12 Thursdays whose basket has `capacity` places, and some members. */
async function world(capacity: number, names: string[]): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  const c = setupContract(t.ctx, ref.id, { producerId });
  t.db.update(contractProducts).set({ capacity }).where(eq(contractProducts.id, c.productIds[0])).run();
  const people: Record<string, number> = {};
  for (const name of names)
    people[name] = (
      await createMember(t.ctx, { firstName: name, lastName: 'Dupont', email: `${name.toLowerCase()}@exemple.fr` })
    ).id;
  return { t, c, ref, people, base: `/contrats/${c.contractId}` };
}

const login = (w: World, name: string) => loginAs(w.t, `${name.toLowerCase()}@exemple.fr`, PASSWORD);

/** Both steps of the subscription with one basket per delivery; the last response. */
async function subscribe(agent: request.Agent, w: World) {
  const page = await agent.get(`${w.base}/souscrire`);
  return agent
    .post(`${w.base}/echeancier`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), [`q_${w.c.productIds[0]}`]: '1', action: 'confirmer' });
}

async function join(agent: request.Agent, w: World) {
  const res = await submitForm(agent, w.base, `${w.base}/liste-attente`, { produit: String(w.c.productIds[0]) });
  expect(res.status).to.equal(302);
}

function activeSubscribers(w: World): number[] {
  return w.t.db
    .select({ memberId: subscriptions.memberId })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, w.c.contractId), eq(subscriptions.status, 'active')))
    .all()
    .map((r) => r.memberId);
}

const offerMailsTo = (w: World, name: string) =>
  outboxMails(w.t.ctx).filter(
    (m) => m.toAddress === `${name.toLowerCase()}@exemple.fr` && /Une place pour vous/.test(m.subject),
  );

describe('capacity and waiting list', () => {
  it('refuses a subscription beyond the capacity with the dates, and the member joins the waiting list', async () => {
    const w = await world(2, ['Léa', 'Paul', 'Zoé']);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Léa']);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Paul']);
    const zoe = await login(w, 'Zoé');
    const page = await zoe.get(`${w.base}/souscrire`);
    const res = await zoe
      .post(`${w.base}/souscrire`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), [`q_${w.c.productIds[0]}`]: '1' });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.include(
      'Plus assez de place pour « Panier de légumes » sur 12 livraisons, du jeudi 7 janvier 2027 au jeudi 25 mars 2027.',
    );
    expect(text(res.text)).to.include('Attendre une place : Panier de légumes');
    expect(activeSubscribers(w)).to.have.members([w.people['Léa'], w.people['Paul']]);

    await join(zoe, w);
    expect(text((await zoe.get(w.base)).text)).to.include(
      'Vous êtes 1re sur 1 dans la liste d’attente pour « Panier de légumes »',
    );
    // Leaving it: the page no longer gives a place.
    const left = await submitForm(zoe, w.base, `${w.base}/liste-attente/quitter`, {});
    expect(left.status).to.equal(302);
    expect(text((await zoe.get(w.base)).text)).to.not.include('dans la liste d’attente');
  });

  it('counts only the deliveries that exceed it: one full Thursday is named alone', async () => {
    const w = await world(1, ['Léa', 'Zoé']);
    // Léa takes the only place on the third Thursday.
    saveSubscription(
      w.t.ctx,
      actor(w.t.ctx, w.people['Léa']),
      w.c.contractId,
      w.people['Léa'],
      [{ deliveryId: w.c.deliveryIds[2], contractProductId: w.c.productIds[0], quantity: 1 }],
      null,
    );
    const zoe = await login(w, 'Zoé');
    const res = await subscribe(zoe, w);
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.include('Plus assez de place pour « Panier de légumes » le jeudi 21 janvier 2027.');
  });

  it('offers a freed place to the first one waiting, holds it for them, then passes it on when the offer expires', async () => {
    const w = await world(1, ['Léa', 'Paul', 'Zoé']);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Léa']);
    const paul = await login(w, 'Paul');
    const zoe = await login(w, 'Zoé');
    await join(paul, w);
    await join(zoe, w);
    expect(offerMailsTo(w, 'Paul')).to.have.length(0);

    // Léa leaves on 28 November: Paul, first, is offered the place for 3 days (28–30 November).
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.people['Léa']), w.c.contractId, w.people['Léa']);
    const mail = offerMailsTo(w, 'Paul');
    expect(mail).to.have.length(1);
    expect(mail[0].text).to.include("jusqu'au lundi 30 novembre 2026 inclus");
    expect(offerMailsTo(w, 'Zoé')).to.have.length(0);
    expect(text((await paul.get(w.base)).text)).to.include('elle vous est réservée jusqu’au lundi 30 novembre 2026');

    // The place is Paul's meanwhile: Zoé is refused it.
    expect((await subscribe(zoe, w)).status).to.equal(422);

    // 1 December: Paul did not answer; the morning round gives the place to Zoé, once however often it runs.
    w.t.clock.set('2026-12-01T08:00:00.000Z');
    const deps = { transport: null };
    const first = await runTask(w.t.ctx, 'waiting-list-offers', { today: '2026-12-01', trigger: 'cli', deps });
    await runTask(w.t.ctx, 'waiting-list-offers', { today: '2026-12-01', trigger: 'cli', deps });
    expect(first.summary).to.equal('1 place proposée, 1 offre expirée.');
    expect(offerMailsTo(w, 'Zoé')).to.have.length(1);
    expect(offerMailsTo(w, 'Paul')).to.have.length(1);
    expect((await subscribe(paul, w)).status).to.equal(422);
    expect((await subscribe(zoe, w)).status).to.equal(302);
    expect(activeSubscribers(w)).to.deep.equal([w.people['Zoé']]);
    // Served: Zoé is out of the list.
    expect(text((await zoe.get(w.base)).text)).to.not.include('Vous êtes');
  });

  it('lets a member offered a place subscribe after the window closed, and nobody else', async () => {
    const w = await world(1, ['Léa', 'Paul', 'Zoé']);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Léa']);
    const paul = await login(w, 'Paul');
    await join(paul, w);
    w.t.clock.set('2026-12-20T10:00:00.000Z');
    // The referent removes Léa's subscription after closing: the place goes to Paul.
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.ref.id), w.c.contractId, w.people['Léa']);
    expect(offerMailsTo(w, 'Paul')).to.have.length(1);
    expect((await subscribe(paul, w)).status).to.equal(302);
    const zoe = await login(w, 'Zoé');
    expect((await zoe.get(`${w.base}/souscrire`)).status).to.equal(422);
  });

  it('gives the last place to exactly one of two members subscribing at the same moment', async () => {
    const w = await world(1, ['Léa', 'Paul']);
    const lea = await login(w, 'Léa');
    const paul = await login(w, 'Paul');
    const forms = await Promise.all(
      [lea, paul].map(async (agent) => csrfFrom((await agent.get(`${w.base}/souscrire`)).text)),
    );
    const send = (agent: request.Agent, csrf: string) =>
      agent
        .post(`${w.base}/echeancier`)
        .type('form')
        .send({ _csrf: csrf, [`q_${w.c.productIds[0]}`]: '1', action: 'confirmer' });
    const results = await Promise.all([send(lea, forms[0]), send(paul, forms[1])]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([302, 422]);
    expect(text(results.find((r) => r.status === 422)!.text)).to.include('Plus assez de place');
    expect(activeSubscribers(w)).to.have.length(1);
  });

  it('shows the referent the list in order, lets them move people, offer a place by hand and remove someone', async () => {
    const w = await world(1, ['Léa', 'Paul', 'Zoé', 'Inès']);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Léa']);
    for (const name of ['Paul', 'Zoé', 'Inès']) await join(await login(w, name), w);
    const ref = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const listUrl = `/gestion/contrats/${w.c.contractId}/liste-attente`;
    const order = async () =>
      [...text((await ref.get(listUrl)).text).matchAll(/(\d)\. DUPONT (\p{L}+)/gu)].map((m) => `${m[1]} ${m[2]}`);
    const listed = await ref.get(listUrl);
    expect(listed.status, w.t.errors.join('\n').slice(0, 1500)).to.equal(200);
    expect(await order()).to.deep.equal(['1 Paul', '2 Zoé', '3 Inès']);

    const page = (await ref.get(listUrl)).text;
    const entryOf = (name: string) =>
      new RegExp(`liste-attente/(\\d+)/retirer">\\s*<input[^>]*>\\s*<button[^>]*aria-label="Retirer ${name}`).exec(
        page,
      )![1];
    const ines = entryOf('Inès Dupont');
    const paulEntry = entryOf('Paul Dupont');
    await submitForm(ref, listUrl, `${listUrl}/${ines}/monter`, {});
    await submitForm(ref, listUrl, `${listUrl}/${ines}/monter`, {});
    expect(await order()).to.deep.equal(['1 Inès', '2 Paul', '3 Zoé']);
    const inesAgent = await login(w, 'Inès');
    expect(text((await inesAgent.get(w.base)).text)).to.include('Vous êtes 1re sur 3');
    expect(text((await inesAgent.get('/mes-contrats')).text)).to.include('Listes d’attente Légumes été 2027 1re sur 3');

    // By hand: Paul is offered a place though none is free (the producer will grow one more).
    await submitForm(ref, listUrl, `${listUrl}/${paulEntry}/proposer`, {});
    expect(offerMailsTo(w, 'Paul')).to.have.length(1);
    expect(text((await ref.get(listUrl)).text)).to.include('place proposée jusqu’au lundi 30 novembre 2026');

    await submitForm(ref, listUrl, `${listUrl}/${ines}/retirer`, {});
    expect(await order()).to.deep.equal(['1 Paul', '2 Zoé']);

    // A member may not order the list.
    const zoe = await login(w, 'Zoé');
    const refused = await submitForm(zoe, w.base, `${listUrl}/${paulEntry}/retirer`, {});
    expect(refused.status).to.equal(403);
  });

  it('saves the places per delivery from the contract form', async () => {
    const w = await world(1, []);
    const ref = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const page = (await ref.get(`/gestion/contrats/${w.c.contractId}`)).text;
    const productId = /name="product_(\d+)"/.exec(page)![1];
    const res = await submitForm(
      ref,
      `/gestion/contrats/${w.c.contractId}`,
      `/gestion/contrats/${w.c.contractId}/produits`,
      {
        [`product_${productId}`]: 'on',
        [`price_${productId}`]: '15,00',
        [`max_${productId}`]: '',
        [`capacity_${productId}`]: '40',
      },
    );
    expect(res.status).to.equal(302);
    const row = w.t.db.select().from(contractProducts).where(eq(contractProducts.id, w.c.productIds[0])).get()!;
    expect(row.capacity).to.equal(40);
    const bad = await submitForm(
      ref,
      `/gestion/contrats/${w.c.contractId}`,
      `/gestion/contrats/${w.c.contractId}/produits`,
      {
        [`product_${productId}`]: 'on',
        [`price_${productId}`]: '15,00',
        [`capacity_${productId}`]: '-3',
      },
    );
    expect(text(bad.text)).to.include('Un nombre entier entre 1 et 9999, ou vide.');
  });

  it('holds an offered place the number of days the administrator set', async () => {
    const w = await world(1, ['Léa', 'Paul']);
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const saved = await submitForm(admin, '/admin/reglages', '/admin/reglages/liste-attente', {
      waitingListOfferDays: '5',
    });
    expect(saved.status).to.equal(302);
    const paul = await login(w, 'Paul');
    expect(
      (await submitForm(paul, w.base, '/admin/reglages/liste-attente', { waitingListOfferDays: '1' })).status,
    ).to.equal(403);
    subscribeEveryDelivery(w.t.ctx, w.c, w.people['Léa']);
    await join(paul, w);
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.people['Léa']), w.c.contractId, w.people['Léa']);
    // 28 November + 5 days, today included: until 2 December.
    expect(offerMailsTo(w, 'Paul')[0].text).to.include("jusqu'au mercredi 2 décembre 2026 inclus");
  });
});
