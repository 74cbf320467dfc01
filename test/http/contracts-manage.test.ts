import { expect } from 'chai';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import {
  actor,
  createProducer,
  createProduct,
  setupContract,
  subscribeEveryDelivery,
  type ContractSetup,
} from '../support/contracts.js';
import {
  auditLog,
  cheques,
  contractProducts,
  contracts,
  deliveries,
  memberRoles,
  paymentDates,
  subscriptionQuantities,
  subscriptions,
} from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { text, plain } from '../support/text.js';
import { audit } from '../support/audit.js';

// ---------------------------------------------------------------- helpers

interface World {
  t: TestApp;
  admin: { id: number };
  ref: { id: number };
  producerId: number;
  /** The referent of the producer, logged in. */
  agent: request.Agent;
}

async function world(): Promise<World> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
  return { t, admin, ref, producerId, agent };
}

const page = (id: number) => `/gestion/contrats/${id}`;

/** Posts a form of the contract page (with its CSRF token), without following the redirect. */
function post(agent: request.Agent, contractId: number, path: string, fields: Record<string, string> = {}) {
  return submitForm(agent, page(contractId), `${page(contractId)}/${path}`, fields);
}

/** Posts an action of the contract page, expects the redirect, opens where it leads. */
async function act(agent: request.Agent, contractId: number, path: string, fields: Record<string, string> = {}) {
  const res = await post(agent, contractId, path, fields);
  expect(res.status, text(res.text).slice(0, 800)).to.equal(302);
  return agent.get(res.headers.location);
}

function contractRow(t: TestApp, id: number) {
  return t.db.select().from(contracts).where(eq(contracts.id, id)).get()!;
}

function deliveryDates(t: TestApp, contractId: number, withCancelled = false) {
  return t.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.contractId, contractId))
    .orderBy(asc(deliveries.deliveryOn))
    .all()
    .filter((d) => withCancelled || d.cancelledAt === null)
    .map((d) => d.deliveryOn);
}

function dueDates(t: TestApp, contractId: number) {
  return t.db
    .select()
    .from(paymentDates)
    .where(eq(paymentDates.contractId, contractId))
    .orderBy(asc(paymentDates.dueOn))
    .all()
    .map((p) => p.dueOn);
}

function subscriptionRow(t: TestApp, id: number) {
  return t.db.select().from(subscriptions).where(eq(subscriptions.id, id)).get()!;
}

/** One amount per payment date from the cheques still part of the schedule (0 when none). */
function scheduleOf(t: TestApp, c: ContractSetup, subscriptionId: number): number[] {
  const active = t.db
    .select()
    .from(cheques)
    .where(
      and(eq(cheques.subscriptionId, subscriptionId), inArray(cheques.status, ['promised', 'received', 'handed_over'])),
    )
    .all();
  return c.paymentDateIds.map((id) => active.find((x) => x.paymentDateId === id)?.amountCents ?? 0);
}

function setCheques(t: TestApp, subscriptionId: number, status: 'received' | 'handed_over', paymentDateIds?: number[]) {
  t.db
    .update(cheques)
    .set({ status })
    .where(
      and(
        eq(cheques.subscriptionId, subscriptionId),
        inArray(cheques.status, ['promised', 'received']),
        paymentDateIds ? inArray(cheques.paymentDateId, paymentDateIds) : undefined,
      ),
    )
    .run();
}

function contractForm(producerId: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    producerId: String(producerId),
    name: 'Légumes hiver 2027',
    description: 'Des légumes de saison.',
    kind: 'fixed',
    opensOn: '2026-12-01',
    closesOn: '2026-12-20',
    memberInfo: 'Chèques à la première distribution.',
    paymentsManaged: 'on',
    payee: '',
    paymentDay: '5',
    minCheque: '',
    proposalRule: 'whole-euros',
    membersEditAmounts: 'on',
    paymentInfo: '',
    ...over,
  };
}

// ---------------------------------------------------------------- tests

describe('contracts management: access', () => {
  it('closes /gestion/contrats to plain members (403) and shows a referent only their producers’ contracts', async () => {
    const w = await world();
    const mine = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const bakery = createProducer(w.t.ctx, { name: 'Boulangerie du Puy' });
    const other = setupContract(w.t.ctx, w.admin.id, { producerId: bakery });
    w.t.db.update(contracts).set({ name: 'Pain 2027' }).where(eq(contracts.id, other.contractId)).run();

    await createMember(w.t.ctx, { email: 'marie@exemple.fr' });
    const member = await loginAs(w.t, 'marie@exemple.fr', PASSWORD);
    expect((await member.get('/gestion/contrats')).status).to.equal(403);
    expect((await member.get(page(mine.contractId))).status).to.equal(403);
    const csrf = csrfFrom((await member.get('/contrats')).text);
    expect(
      (
        await member
          .post(`${page(mine.contractId)}/archiver`)
          .type('form')
          .send({ _csrf: csrf })
      ).status,
    ).to.equal(403);

    const list = await w.agent.get('/gestion/contrats');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain(`href="${page(mine.contractId)}"`);
    expect(list.text).to.not.contain(`href="${page(other.contractId)}"`);
    expect(text(list.text)).to.not.contain('Pain 2027');

    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const all = await admin.get('/gestion/contrats');
    expect(all.text).to.contain(`href="${page(mine.contractId)}"`);
    expect(all.text).to.contain(`href="${page(other.contractId)}"`);
  });

  it('a referent cannot touch another producer’s contract: every page and action is 403 and nothing changes', async () => {
    const w = await world();
    setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const bakery = createProducer(w.t.ctx, { name: 'Boulangerie du Puy' });
    const other = setupContract(w.t.ctx, w.admin.id, {
      producerId: bakery,
      products: [{ name: 'Pain', unit: 'kg', priceCents: 400 }],
    });
    const member = await createMember(w.t.ctx, { email: 'marie@exemple.fr' });
    const sub = subscribeEveryDelivery(w.t.ctx, other, member.id);
    const before = {
      contract: contractRow(w.t, other.contractId),
      dates: deliveryDates(w.t, other.contractId, true),
      due: dueDates(w.t, other.contractId),
      audit: w.t.db.select().from(auditLog).all().length,
    };

    const id = other.contractId;
    for (const path of ['', '/modifier', `/membres/${member.id}`, `/membres/${member.id}/souscrire`]) {
      expect((await w.agent.get(`${page(id)}${path}`)).status, `GET ${path}`).to.equal(403);
    }
    const productId = w.t.db.select().from(contractProducts).where(eq(contractProducts.id, other.productIds[0])).get()!
      .productId;
    const csrf = csrfFrom((await w.agent.get('/gestion/contrats')).text);
    const posts: [string, Record<string, string>][] = [
      ['modifier', contractForm(bakery, { name: 'Volé' })],
      ['produits', { [`product_${productId}`]: 'on', [`price_${productId}`]: '1' }],
      ['livraisons/generer', { from: '2027-04-01', to: '2027-04-30', frequency: 'weekly', weekday: '4' }],
      ['livraisons/ajouter', { date: '2027-04-01' }],
      [`livraisons/${other.deliveryIds[0]}/supprimer`, {}],
      [`livraisons/${other.deliveryIds[0]}/annuler`, {}],
      ['encaissements/defaut', {}],
      ['encaissements/ajouter', { dueOn: '2027-04-05' }],
      [`encaissements/${other.paymentDateIds[0]}/supprimer`, {}],
      ['ouvrir', {}],
      ['brouillon', {}],
      ['archiver', {}],
      ['copier', {}],
      [`membres/${member.id}/souscrire`, { [`q_${other.productIds[0]}`]: '5' }],
      [`membres/${member.id}/echeancier`, { [`q_${other.productIds[0]}`]: '5', action: 'confirmer' }],
      [`membres/${member.id}/annuler`, {}],
    ];
    for (const [path, fields] of posts) {
      const res = await w.agent
        .post(`${page(id)}/${path}`)
        .type('form')
        .send({ _csrf: csrf, ...fields });
      expect(res.status, `POST ${path}`).to.equal(403);
    }
    // nor create a contract for that producer
    const created = await w.agent
      .post('/gestion/contrats/nouveau')
      .type('form')
      .send({ _csrf: csrf, ...contractForm(bakery) });
    expect(created.status).to.equal(403);

    expect(contractRow(w.t, id)).to.deep.equal(before.contract);
    expect(deliveryDates(w.t, id, true)).to.deep.equal(before.dates);
    expect(dueDates(w.t, id)).to.deep.equal(before.due);
    expect(subscriptionRow(w.t, sub)).to.include({ status: 'active', totalCents: 4800 });
    expect(w.t.db.select().from(contracts).all()).to.have.length(2);
    expect(w.t.db.select().from(auditLog).all()).to.have.length(before.audit);
    expect(w.t.errors).to.deep.equal([]);
  });

  it('a treasurer sees a contract page read-only and cannot change it', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId, status: 'draft' });
    const treasurer = await createMember(w.t.ctx, { email: 'tresor@exemple.fr' });
    w.t.db.insert(memberRoles).values({ memberId: treasurer.id, role: 'treasurer' }).run();
    const agent = await loginAs(w.t, 'tresor@exemple.fr', PASSWORD);
    const res = await agent.get(page(c.contractId));
    expect(res.status).to.equal(200);
    expect(res.text).to.not.contain(`action="${page(c.contractId)}/ouvrir"`);
    expect(res.text).to.not.contain(`action="${page(c.contractId)}/produits`);
    const open = await agent
      .post(`${page(c.contractId)}/ouvrir`)
      .type('form')
      .send({ _csrf: csrfFrom(res.text) });
    expect(open.status).to.equal(403);
    expect(contractRow(w.t, c.contractId).status).to.equal('draft');
  });
});

describe('contracts management: creating and opening a contract', () => {
  it('refuses a bad form with one message per field and the values kept (422), writes nothing', async () => {
    const w = await world();
    const form = await w.agent.get('/gestion/contrats/nouveau');
    expect(form.status).to.equal(200);
    expect(form.text).to.contain(`<option value="${w.producerId}"`);
    const res = await submitForm(
      w.agent,
      '/gestion/contrats/nouveau',
      '/gestion/contrats/nouveau',
      contractForm(w.producerId, {
        name: ' ',
        opensOn: '2026-12-20',
        closesOn: '2026-12-01',
        minCheque: 'vingt',
        paymentDay: '31',
      }),
    );
    expect(res.status).to.equal(422);
    const shown = text(res.text);
    expect(shown).to.contain('Nom du contrat obligatoire.');
    expect(shown, 'every message at the first submit').to.contain('La fermeture doit venir après l’ouverture.');
    expect(shown).to.contain('Montant invalide (exemple : 12,50).');
    expect(shown).to.contain('Jour du mois entre 1 et 28.');
    expect(res.text).to.contain('value="vingt"');
    expect(res.text).to.contain('value="2026-12-01"');
    const window = await submitForm(
      w.agent,
      '/gestion/contrats/nouveau',
      '/gestion/contrats/nouveau',
      contractForm(w.producerId, { opensOn: '2026-12-20', closesOn: '2026-12-01' }),
    );
    expect(window.status).to.equal(422);
    expect(text(window.text)).to.contain('La fermeture doit venir après l’ouverture.');
    const wrongProducer = await submitForm(
      w.agent,
      '/gestion/contrats/nouveau',
      '/gestion/contrats/nouveau',
      contractForm(9999),
    );
    expect(wrongProducer.status).to.equal(422);
    expect(text(wrongProducer.text)).to.contain('Choisissez le producteur.');
    expect(w.t.db.select().from(contracts).all()).to.have.length(0);
  });

  it('creates a draft with the producer’s payee by default, refuses to open it while products and dates are missing, then opens it', async () => {
    const w = await world();
    const res = await submitForm(
      w.agent,
      '/gestion/contrats/nouveau',
      '/gestion/contrats/nouveau',
      contractForm(w.producerId, {
        kind: 'variable',
        minCheque: '20',
        proposalRule: 'cents',
        membersEditAmounts: '',
      }),
    );
    expect(res.status, text(res.text).slice(0, 600)).to.equal(302);
    const id = Number(/\/gestion\/contrats\/(\d+)$/.exec(res.headers.location)![1]);
    expect(contractRow(w.t, id)).to.include({
      status: 'draft',
      name: 'Légumes hiver 2027',
      kind: 'variable',
      payee: 'GAEC des Volcans',
      paymentsManaged: true,
      membersEditAmounts: false,
      minChequeCents: 2000,
      proposalRule: 'cents',
      opensOn: '2026-12-01',
      closesOn: '2026-12-20',
    });
    expect(audit(w.t, 'contract.created')).to.have.length(1);
    const shown = text((await w.agent.get(res.headers.location)).text);
    expect(shown).to.contain('Contrat créé (brouillon, invisible des membres).');
    expect(shown).to.contain('Avant d’ouvrir : aucun produit, aucune date de livraison, aucune date d’encaissement.');

    const refused = await post(w.agent, id, 'ouvrir');
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      'Impossible d’ouvrir le contrat : aucun produit, aucune date de livraison, aucune date d’encaissement.',
    );
    expect(contractRow(w.t, id).status).to.equal('draft');

    const productId = createProduct(w.t.ctx, w.producerId, 'Panier de légumes', 'panier', 1500);
    let p = await act(w.agent, id, 'produits', {
      [`product_${productId}`]: 'on',
      [`price_${productId}`]: '16,50',
      [`max_${productId}`]: '2',
    });
    expect(text(p.text)).to.contain('Produits et prix enregistrés.');
    expect(
      w.t.db
        .select()
        .from(contractProducts)
        .where(eq(contractProducts.contractId, id))
        .all()
        .map((o) => [o.productId, o.priceCents, o.maxPerDelivery]),
    ).to.deep.equal([[productId, 1650, 2]]);
    const stillRefused = await post(w.agent, id, 'ouvrir');
    expect(stillRefused.status).to.equal(422);
    expect(text(stillRefused.text)).to.contain(
      'Impossible d’ouvrir le contrat : aucune date de livraison, aucune date d’encaissement.',
    );

    p = await act(w.agent, id, 'livraisons/generer', {
      from: '2027-01-07',
      to: '2027-03-25',
      frequency: 'weekly',
      weekday: '4',
    });
    expect(text(p.text)).to.contain('12 dates de livraison ajoutées.');
    p = await act(w.agent, id, 'encaissements/defaut');
    expect(text(p.text)).to.contain('Dates d’encaissement recalculées : une par mois.');
    expect(dueDates(w.t, id)).to.deep.equal(['2027-01-05', '2027-02-05', '2027-03-05']);

    // members do not see it until it is opened
    await createMember(w.t.ctx, { email: 'marie@exemple.fr' });
    const member = await loginAs(w.t, 'marie@exemple.fr', PASSWORD);
    expect((await member.get(`/contrats/${id}`)).status).to.equal(404);
    p = await act(w.agent, id, 'ouvrir');
    expect(text(p.text)).to.contain('Contrat ouvert : les membres le voient');
    expect(contractRow(w.t, id).status).to.equal('open');
    expect(audit(w.t, 'contract.opened')).to.have.length(1);
    expect((await member.get(`/contrats/${id}`)).status).to.equal(200);
    w.t.clock.set('2026-12-01T10:00:00Z');
    expect((await member.get('/contrats')).text).to.contain(`href="/contrats/${id}/souscrire"`);
  });

  it('builds the calendar: weekly, fortnightly, monthly on the nth weekday, a picked date; duplicates and bad ranges refused', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, {
      producerId: w.producerId,
      status: 'draft',
      from: '2027-01-07',
      to: '2027-01-07',
    });
    const id = c.contractId;
    let p = await act(w.agent, id, 'livraisons/generer', {
      from: '2027-01-01',
      to: '2027-02-28',
      frequency: 'fortnightly',
      weekday: '4',
    });
    expect(text(p.text), 'the date already there is kept, not added twice').to.contain(
      '3 dates de livraison ajoutées.',
    );
    expect(deliveryDates(w.t, id)).to.deep.equal(['2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18']);
    p = await act(w.agent, id, 'livraisons/generer', {
      from: '2027-03-01',
      to: '2027-05-31',
      frequency: 'monthly',
      weekday: '4',
      nth: '5',
    });
    expect(text(p.text)).to.contain('3 dates de livraison ajoutées.');
    expect(deliveryDates(w.t, id).slice(4)).to.deep.equal(['2027-03-25', '2027-04-29', '2027-05-27']);
    p = await act(w.agent, id, 'livraisons/generer', {
      from: '2027-01-01',
      to: '2027-01-31',
      frequency: 'fortnightly',
      weekday: '4',
    });
    expect(text(p.text)).to.contain('Ces dates étaient déjà au calendrier.');
    p = await act(w.agent, id, 'livraisons/ajouter', { date: '2027-06-03' });
    expect(text(p.text)).to.contain('Date de livraison ajoutée.');
    expect(deliveryDates(w.t, id)).to.have.length(8);

    const twice = await post(w.agent, id, 'livraisons/ajouter', { date: '2027-06-03' });
    expect(twice.status).to.equal(422);
    expect(twice.text, 'the message is in sight, not in a folded section').to.match(
      /<details open>[\s\S]*Cette date est déjà une livraison du contrat\.[\s\S]*<\/details>/,
    );
    const backwards = await post(w.agent, id, 'livraisons/generer', {
      from: '2027-06-30',
      to: '2027-06-01',
      frequency: 'weekly',
      weekday: '4',
    });
    expect(backwards.status).to.equal(422);
    expect(text(backwards.text)).to.contain('La date de fin doit venir après la date de début.');
    expect(backwards.text).to.contain('value="2027-06-30"');
    const none = await post(w.agent, id, 'livraisons/generer', {
      from: '2027-06-07',
      to: '2027-06-09',
      frequency: 'weekly',
      weekday: '4',
    });
    expect(none.status).to.equal(422);
    expect(text(none.text)).to.contain('Aucune date ne correspond entre ces deux dates.');
    expect(deliveryDates(w.t, id)).to.have.length(8);

    const june = w.t.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.contractId, id), eq(deliveries.deliveryOn, '2027-06-03')))
      .get()!;
    p = await act(w.agent, id, `livraisons/${june.id}/supprimer`);
    expect(text(p.text)).to.contain('Date de livraison supprimée.');
    expect(deliveryDates(w.t, id, true)).to.not.include('2027-06-03');

    // payment dates: one per month of delivery by default, then edited one by one
    await act(w.agent, id, 'encaissements/defaut');
    expect(dueDates(w.t, id)).to.deep.equal(['2027-01-05', '2027-02-05', '2027-03-05', '2027-04-05', '2027-05-05']);
    p = await act(w.agent, id, 'encaissements/ajouter', { dueOn: '2027-06-05' });
    expect(text(p.text)).to.contain('Date d’encaissement ajoutée.');
    const dup = await post(w.agent, id, 'encaissements/ajouter', { dueOn: '2027-06-05' });
    expect(dup.status).to.equal(422);
    expect(dup.text, 'the message is by the payment date field, with the value kept').to.match(
      /name="dueOn" value="2027-06-05"[^>]*aria-invalid="true"[\s\S]{0,200}Cette date d’encaissement existe déjà\./,
    );
    expect(dup.text).to.not.match(/<details open>/);
    const empty = await post(w.agent, id, 'encaissements/ajouter', { dueOn: '' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.match(/name="dueOn"[^>]*aria-invalid="true"[\s\S]{0,200}Date : date obligatoire/);
    const may = w.t.db
      .select()
      .from(paymentDates)
      .where(and(eq(paymentDates.contractId, id), eq(paymentDates.dueOn, '2027-05-05')))
      .get()!;
    await act(w.agent, id, `encaissements/${may.id}/supprimer`);
    expect(dueDates(w.t, id)).to.deep.equal(['2027-01-05', '2027-02-05', '2027-03-05', '2027-04-05', '2027-06-05']);
  });

  it('goes back to draft only while nobody has subscribed', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    await act(w.agent, c.contractId, 'brouillon');
    expect(contractRow(w.t, c.contractId).status).to.equal('draft');
    await act(w.agent, c.contractId, 'ouvrir');
    const member = await createMember(w.t.ctx);
    subscribeEveryDelivery(w.t.ctx, c, member.id);
    const refused = await post(w.agent, c.contractId, 'brouillon');
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain('Des membres ont déjà souscrit : le contrat reste ouvert.');
    expect(contractRow(w.t, c.contractId).status).to.equal('open');
  });
});

describe('contracts management: what may change once members subscribed', () => {
  it('refuses a new price (422, typed value kept) and the removal of an ordered product; nothing half-written', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const productId = w.t.db.select().from(contractProducts).where(eq(contractProducts.id, c.productIds[0])).get()!
      .productId;
    const eggs = createProduct(w.t.ctx, w.producerId, 'Oeufs', 'boîte', 300);
    // before anyone subscribed, the price may change
    await act(w.agent, c.contractId, 'produits', { [`product_${productId}`]: 'on', [`price_${productId}`]: '16' });
    await act(w.agent, c.contractId, 'produits', { [`product_${productId}`]: 'on', [`price_${productId}`]: '15' });
    const member = await createMember(w.t.ctx);
    subscribeEveryDelivery(w.t.ctx, c, member.id);

    const res = await post(w.agent, c.contractId, 'produits', {
      [`product_${productId}`]: 'on',
      [`price_${productId}`]: '16,50',
    });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Des membres ont souscrit : le prix ne peut plus changer.');
    expect(res.text).to.contain('value="16,50"');
    const removal = await post(w.agent, c.contractId, 'produits', {
      [`product_${eggs}`]: 'on',
      [`price_${eggs}`]: '3',
    });
    expect(removal.status).to.equal(422);
    expect(text(removal.text)).to.contain(
      '« Panier de légumes » a déjà été commandé : il ne peut plus être retiré du contrat.',
    );
    expect(
      w.t.db
        .select()
        .from(contractProducts)
        .where(eq(contractProducts.contractId, c.contractId))
        .all()
        .map((o) => [o.productId, o.priceCents]),
    ).to.deep.equal([[productId, 1500]]);

    // the same price with a maximum, and a new product, are fine
    await act(w.agent, c.contractId, 'produits', {
      [`product_${productId}`]: 'on',
      [`price_${productId}`]: '15,00',
      [`max_${productId}`]: '3',
      [`product_${eggs}`]: 'on',
      [`price_${eggs}`]: '3',
    });
    expect(
      w.t.db
        .select()
        .from(contractProducts)
        .where(eq(contractProducts.contractId, c.contractId))
        .all()
        .map((o) => [o.productId, o.priceCents, o.maxPerDelivery]),
    ).to.deep.equal([
      [productId, 1500, 3],
      [eggs, 300, null],
    ]);
  });

  it('refuses to change the kind of contract once subscribed, keeping the form (422)', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const member = await createMember(w.t.ctx);
    subscribeEveryDelivery(w.t.ctx, c, member.id);
    const res = await submitForm(
      w.agent,
      `${page(c.contractId)}/modifier`,
      `${page(c.contractId)}/modifier`,
      contractForm(w.producerId, { kind: 'variable', name: 'Légumes (nouveau nom)' }),
    );
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Des membres ont souscrit : le type de contrat ne peut plus changer.');
    expect(res.text).to.contain('value="Légumes (nouveau nom)"');
    expect(contractRow(w.t, c.contractId)).to.include({ kind: 'fixed', name: 'Légumes été 2027' });
    const ok = await submitForm(
      w.agent,
      `${page(c.contractId)}/modifier`,
      `${page(c.contractId)}/modifier`,
      contractForm(w.producerId, { name: 'Légumes (nouveau nom)' }),
    );
    expect(ok.status).to.equal(302);
    expect(contractRow(w.t, c.contractId).name).to.equal('Légumes (nouveau nom)');
  });
});

describe('contracts management: removing and cancelling deliveries', () => {
  it('removes a date nobody ordered on, refuses to remove one with quantities (422) and says to cancel it', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId, kind: 'variable' });
    const member = await createMember(w.t.ctx);
    saveSubscription(
      w.t.ctx,
      actor(w.t.ctx, member.id),
      c.contractId,
      member.id,
      [{ deliveryId: c.deliveryIds[0], contractProductId: c.productIds[0], quantity: 1 }],
      null,
    );
    const refused = await post(w.agent, c.contractId, `livraisons/${c.deliveryIds[0]}/supprimer`);
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      'Des membres ont des produits ce jour-là : annulez la livraison plutôt que de la supprimer.',
    );
    expect(deliveryDates(w.t, c.contractId)).to.include('2027-01-07');
    await act(w.agent, c.contractId, `livraisons/${c.deliveryIds[1]}/supprimer`);
    expect(deliveryDates(w.t, c.contractId, true)).to.not.include('2027-01-14');
    expect(deliveryDates(w.t, c.contractId)).to.have.length(11);
    expect(audit(w.t, 'contract.delivery-removed')).to.have.length(1);
  });

  it('cancelling a delivery drops its quantities, recomputes totals and schedules (frozen cheques kept, credit shown) and mails the members concerned', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const [jan] = c.paymentDateIds;
    const people = await Promise.all(
      ['anne', 'bruno', 'chloe', 'denis'].map((n) => createMember(w.t.ctx, { firstName: n, email: `${n}@exemple.fr` })),
    );
    const [anne, bruno, chloe] = people;
    const subA = subscribeEveryDelivery(w.t.ctx, c, anne.id, { quantity: 2 }); // 360 €: 120 × 3
    const subB = subscribeEveryDelivery(w.t.ctx, c, bruno.id); // 180 €: 60 × 3, January received
    setCheques(w.t, subB, 'received', [jan]);
    const subC = subscribeEveryDelivery(w.t.ctx, c, chloe.id); // 180 €: every cheque already handed over
    setCheques(w.t, subC, 'handed_over');
    const mailsBefore = outboxMails(w.t.ctx).length;

    const second = c.deliveryIds[1];
    const shown = text((await act(w.agent, c.contractId, `livraisons/${second}/annuler`)).text);
    expect(shown).to.contain(
      'Livraison annulée. 3 membres concernés : totaux et chèques recalculés, un e-mail les prévient.',
    );
    expect(shown).to.contain('jeudi 14 janvier 2027 (annulée)');
    expect(w.t.db.select().from(deliveries).where(eq(deliveries.id, second)).get()!.cancelledAt).to.not.equal(null);
    expect(
      w.t.db.select().from(subscriptionQuantities).where(eq(subscriptionQuantities.deliveryId, second)).all(),
    ).to.have.length(0);

    expect(subscriptionRow(w.t, subA).totalCents).to.equal(33000);
    expect(scheduleOf(w.t, c, subA)).to.deep.equal([11000, 11000, 11000]);
    expect(subscriptionRow(w.t, subB).totalCents).to.equal(16500);
    expect(scheduleOf(w.t, c, subB)).to.deep.equal([6000, 5200, 5300]);
    expect(subscriptionRow(w.t, subC).totalCents).to.equal(16500);
    expect(scheduleOf(w.t, c, subC)).to.deep.equal([6000, 6000, 6000]);
    expect(
      w.t.db
        .select()
        .from(cheques)
        .where(eq(cheques.subscriptionId, subC))
        .all()
        .map((x) => x.status),
    ).to.deep.equal(['handed_over', 'handed_over', 'handed_over']);

    const mails = outboxMails(w.t.ctx).slice(mailsBefore);
    expect(mails.map((m) => m.toAddress).sort()).to.deep.equal([
      'anne@exemple.fr',
      'bruno@exemple.fr',
      'chloe@exemple.fr',
    ]);
    expect(mails.every((m) => m.subject === 'Livraison annulée le jeudi 14 janvier 2027 (Légumes été 2027)')).to.equal(
      true,
    );
    const to = (a: string) => plain(mails.find((m) => m.toAddress === a)!.text);
    expect(to('anne@exemple.fr')).to.contain('la livraison du jeudi 14 janvier 2027 est annulée');
    expect(to('anne@exemple.fr')).to.contain('Le total de votre contrat passe de 360,00 € à 330,00 €');
    expect(to('anne@exemple.fr')).to.contain("Les chèques que vous n'avez pas encore remis sont recalculés");
    expect(to('chloe@exemple.fr')).to.contain(
      'Vos chèques déjà remis dépassent ce total de 15,00 € : cette somme vous est due.',
    );
    expect(audit(w.t, 'contract.delivery-cancelled')[0].details).to.include({ date: '2027-01-14', subscriptions: 3 });

    // the member's own page follows
    const anneAgent = await loginAs(w.t, 'anne@exemple.fr', PASSWORD);
    const mine = text((await anneAgent.get(`/contrats/${c.contractId}`)).text);
    expect(mine).to.contain('Total de la saison : 330,00 €');
    expect(mine).to.contain('11 livraisons');
    const chloeAgent = await loginAs(w.t, 'chloe@exemple.fr', PASSWORD);
    expect(text((await chloeAgent.get(`/contrats/${c.contractId}`)).text)).to.contain(
      'Vos chèques déjà remis dépassent le total de 15,00 € : cette somme vous est due.',
    );

    const again = await post(w.agent, c.contractId, `livraisons/${second}/annuler`);
    expect(again.status).to.equal(422);
    expect(text(again.text)).to.contain('Cette livraison n’existe pas ou est déjà annulée.');
    const back = await post(w.agent, c.contractId, 'livraisons/ajouter', { date: '2027-01-14' });
    expect(back.status).to.equal(422);
    expect(text(back.text)).to.contain('Cette livraison a été annulée : elle ne peut pas revenir.');
  });
});

describe('contracts management: archiving', () => {
  it('refuses with the reasons while deliveries are to come or cheques not handed over, then archives', async () => {
    const w = await world();
    const member = await createMember(w.t.ctx, { email: 'marie@exemple.fr' });
    // a season still going
    const current = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    subscribeEveryDelivery(w.t.ctx, current, member.id);
    const refused = await post(w.agent, current.contractId, 'archiver');
    expect(refused.status).to.equal(422);
    expect(text(refused.text)).to.contain(
      'Archivage impossible : 12 livraisons à venir (jusqu’au 25/03/2027) ; 3 chèques promis non reçus.',
    );
    expect(text((await w.agent.get(page(current.contractId))).text)).to.contain(
      'Archivage possible quand tout sera fini : 12 livraisons à venir (jusqu’au 25/03/2027) ; 3 chèques promis non reçus.',
    );
    expect(contractRow(w.t, current.contractId).status).to.equal('open');

    // a season over: every delivery past (today is 28 November 2026)
    const past = setupContract(w.t.ctx, w.ref.id, {
      producerId: w.producerId,
      from: '2026-09-03',
      to: '2026-11-26',
      opensOn: '2026-08-01',
      closesOn: '2026-08-31',
    });
    expect(dueDates(w.t, past.contractId)).to.deep.equal(['2026-09-05', '2026-10-05', '2026-11-05']);
    const sub = subscribeEveryDelivery(w.t.ctx, past, member.id, { by: w.ref.id });
    let res = await post(w.agent, past.contractId, 'archiver');
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Archivage impossible : 3 chèques promis non reçus.');
    setCheques(w.t, sub, 'received');
    setCheques(w.t, sub, 'handed_over', [past.paymentDateIds[0]]);
    res = await post(w.agent, past.contractId, 'archiver');
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Archivage impossible : 2 chèques reçus pas encore remis au producteur.');
    expect(contractRow(w.t, past.contractId).status).to.equal('open');

    setCheques(w.t, sub, 'handed_over');
    const done = await act(w.agent, past.contractId, 'archiver');
    expect(text(done.text)).to.contain('Contrat archivé.');
    expect(contractRow(w.t, past.contractId).status).to.equal('archived');
    expect(audit(w.t, 'contract.archived')).to.have.length(1);
    // nothing changes any more: products, dates, subscriptions
    const productId = w.t.db.select().from(contractProducts).where(eq(contractProducts.id, past.productIds[0])).get()!
      .productId;
    const change = await post(w.agent, past.contractId, 'produits', {
      [`product_${productId}`]: 'on',
      [`price_${productId}`]: '15',
    });
    expect(change.status).to.equal(422);
    expect(text(change.text)).to.contain('Ce contrat est archivé : il ne change plus.');
    expect((await w.agent.get(`${page(past.contractId)}/membres/${member.id}/souscrire`)).status).to.equal(422);
    const marie = await loginAs(w.t, 'marie@exemple.fr', PASSWORD);
    expect((await marie.get(`/contrats/${past.contractId}/souscrire`)).status).to.equal(422);
    expect((await marie.get('/contrats')).text).to.not.contain(`href="/contrats/${past.contractId}"`);
    const mine = text((await marie.get('/mes-contrats')).text);
    expect(mine).to.contain('Contrats passés ou annulés');
    expect(mine).to.contain('archivé');
  });
});

describe('contracts management: copy to next season', () => {
  it('copies products and prices, moves dates a year on the same weekday, recomputes window and payment dates, as a draft', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, {
      producerId: w.producerId,
      products: [
        { name: 'Panier de légumes', unit: 'panier', priceCents: 1500, max: 2 },
        { name: 'Oeufs', unit: 'boîte', priceCents: 300 },
      ],
    });
    const member = await createMember(w.t.ctx, { email: 'marie@exemple.fr' });
    subscribeEveryDelivery(w.t.ctx, c, member.id);
    await act(w.agent, c.contractId, `livraisons/${c.deliveryIds[11]}/annuler`);

    const res = await post(w.agent, c.contractId, 'copier');
    expect(res.status).to.equal(302);
    const newId = Number(/\/gestion\/contrats\/(\d+)$/.exec(res.headers.location)![1]);
    expect(newId).to.not.equal(c.contractId);
    const shown = text((await w.agent.get(res.headers.location)).text);
    expect(shown).to.contain('Copie pour la saison suivante créée (brouillon)');
    expect(shown).to.contain('Légumes été 2028');

    expect(contractRow(w.t, newId)).to.include({
      name: 'Légumes été 2028',
      status: 'draft',
      kind: 'fixed',
      copiedFromId: c.contractId,
      producerId: w.producerId,
      opensOn: '2027-11-01',
      closesOn: '2027-12-15',
      payee: 'GAEC des Volcans',
      paymentDay: 5,
      membersEditAmounts: true,
    });
    const products = (id: number) =>
      w.t.db
        .select()
        .from(contractProducts)
        .where(eq(contractProducts.contractId, id))
        .orderBy(asc(contractProducts.position))
        .all()
        .map((o) => [o.productId, o.priceCents, o.maxPerDelivery]);
    expect(products(newId)).to.deep.equal(products(c.contractId));
    const dates = deliveryDates(w.t, newId, true);
    expect(dates).to.have.length(11); // the cancelled one is not copied
    expect(dates[0]).to.equal('2028-01-06');
    expect(dates.at(-1)).to.equal('2028-03-16');
    expect(dates.every((d) => new Date(d + 'T00:00:00Z').getUTCDay() === 4)).to.equal(true);
    expect(dueDates(w.t, newId)).to.deep.equal(['2028-01-05', '2028-02-05', '2028-03-05']);
    expect(w.t.db.select().from(subscriptions).where(eq(subscriptions.contractId, newId)).all()).to.have.length(0);
    expect(audit(w.t, 'contract.copied')[0]).to.deep.include({ targetId: newId });
    expect(audit(w.t, 'contract.copied')[0].details).to.deep.equal({ from: c.contractId });
    // the original is untouched, the copy is invisible to members
    expect(contractRow(w.t, c.contractId).status).to.equal('open');
    const marie = await loginAs(w.t, 'marie@exemple.fr', PASSWORD);
    expect((await marie.get(`/contrats/${newId}`)).status).to.equal(404);
    expect((await marie.get('/contrats')).text).to.not.contain(`/contrats/${newId}`);
  });
});

describe('contracts management: the subscriptions of a contract', () => {
  it('lists every subscriber with total and cheques, and leads to a member’s subscription', async () => {
    const w = await world();
    const c = setupContract(w.t.ctx, w.ref.id, { producerId: w.producerId });
    const anne = await createMember(w.t.ctx, { firstName: 'Anne', lastName: 'Aubert' });
    const bruno = await createMember(w.t.ctx, { firstName: 'Bruno', lastName: 'Bastide' });
    await createMember(w.t.ctx, { firstName: 'Chloé', lastName: 'Crozet' });
    subscribeEveryDelivery(w.t.ctx, c, anne.id, { quantity: 2 });
    const subB = subscribeEveryDelivery(w.t.ctx, c, bruno.id);
    setCheques(w.t, subB, 'received', [c.paymentDateIds[0]]);

    const res = await w.agent.get(page(c.contractId));
    const shown = text(res.text);
    expect(shown).to.contain('2 souscripteurs');
    expect(shown).to.contain('540,00 € commandés');
    expect(shown).to.contain('1 / 6 chèques reçus (60,00 € sur 540,00 €)');
    const table = text(res.text.slice(res.text.lastIndexOf('<table')));
    expect(table).to.contain('AUBERT Anne contrat (PDF) 360,00 € 3 0,00 € / 360,00 €');
    expect(table).to.contain('BASTIDE Bruno contrat (PDF) 180,00 € 3 60,00 € / 180,00 €');
    expect(table).to.not.contain('CROZET');
    expect(res.text).to.contain(`href="${page(c.contractId)}/membres/${anne.id}"`);

    const list = text((await w.agent.get('/gestion/contrats')).text);
    expect(list).to.contain('Légumes été 2027 GAEC des Volcans ouvert');

    const pick = await w.agent.get(`${page(c.contractId)}/souscription?membre=`);
    expect(pick.status).to.equal(302);
    expect(text((await w.agent.get(pick.headers.location)).text)).to.contain('Choisissez un membre.');
    const detail = text((await w.agent.get(`${page(c.contractId)}/membres/${bruno.id}`)).text);
    expect(detail).to.contain('Bruno Bastide');
    expect(detail).to.contain('janvier 2027 60,00 € reçu');
    expect(detail).to.contain('février 2027 60,00 € promis');
    expect((await w.agent.get(`${page(c.contractId)}/membres/9999`)).status).to.equal(404);
  });
});
