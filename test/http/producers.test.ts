import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { producerAccounts, producerReferents, producers, products } from '../../server/db/schema/index.js';
import { formatEuros } from '../../server/lib/format.js';
import { parsePrice } from '../../server/features/producers/producers.forms.js';

async function setup() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin, agent };
}

/** A producer inserted directly, for tests about something else than creating one. */
function insertProducer(t: TestApp, name: string, extra: Partial<typeof producers.$inferInsert> = {}): number {
  const now = t.ctx.clock().toISOString();
  return t.db
    .insert(producers)
    .values({ name, payee: name, createdAt: now, updatedAt: now, ...extra })
    .returning({ id: producers.id })
    .get().id;
}

function producerRow(t: TestApp, id: number) {
  return t.db.select().from(producers).where(eq(producers.id, id)).get();
}

function productRows(t: TestApp, producerId: number) {
  return t.db.select().from(products).where(eq(products.producerId, producerId)).orderBy(products.id).all();
}

function makeReferent(t: TestApp, producerId: number, memberId: number) {
  t.db.insert(producerReferents).values({ producerId, memberId }).run();
}

/** Names on the cards of /producteurs, in order. */
function listedProducers(html: string): string[] {
  return [...html.matchAll(/class="producer-name">([^<]+)</g)].map((m) => m[1].trim());
}

/** Posts a form of the producer page (its CSRF token), without following the redirect. */
function postOnPage(agent: request.Agent, producerId: number, action: string, fields: Record<string, string> = {}) {
  return submitForm(agent, `/producteurs/${producerId}`, action, fields);
}

/**
 * Posts an action of the producer page, expects the redirect back (to the top of the page, where
 * the flash is, for the forms that post to a #section), and opens the page.
 */
async function pageAction(
  agent: request.Agent,
  producerId: number,
  action: string,
  fields: Record<string, string> = {},
) {
  const res = await postOnPage(agent, producerId, action, fields);
  expect(res.status, res.text.slice(0, 500)).to.equal(302);
  expect(res.headers.location).to.be.oneOf([`/producteurs/${producerId}`, `/producteurs/${producerId}#top`]);
  return agent.get(res.headers.location.replace(/#top$/, ''));
}

describe('producers: parsing a typed price', () => {
  it('reads euros as a person types them, in cents, and refuses the rest', () => {
    const ok: [string, number][] = [
      ['12,50', 1250],
      ['12.5', 1250],
      ['12 €', 1200],
      ['12€', 1200],
      [' 1 234,50 € ', 123450],
      ['1\u202f234,5', 123450],
      ['0,5', 50],
      [',5', 50],
      ['12,', 1200],
      ['0', 0],
      ['7,05', 705],
      ['10000', 1_000_000],
      ['0,10', 10],
      ['4.99 EUR', 499],
    ];
    for (const [typed, cents] of ok) expect(parsePrice(typed), typed).to.deep.equal({ ok: true, cents });
    const refused: [string, string][] = [
      ['', 'Prix obligatoire.'],
      ['  ', 'Prix obligatoire.'],
      ['12,345', 'Deux chiffres après la virgule au plus (les centimes).'],
      ['0.125 €', 'Deux chiffres après la virgule au plus (les centimes).'],
      ['-3', 'Le prix ne peut pas être négatif.'],
      ['-0,50', 'Le prix ne peut pas être négatif.'],
      ['10000,01', 'Prix trop élevé : 10 000 € au plus.'],
      ['99999999999', 'Prix trop élevé : 10 000 € au plus.'],
    ];
    for (const [typed, message] of refused) expect(parsePrice(typed), typed).to.deep.equal({ ok: false, message });
    for (const typed of ['abc', '12,5,0', '1.234,50', '12 euros 50', '€', '1e3', '0x10', '12 50']) {
      expect(parsePrice(typed), typed).to.deep.equal({
        ok: false,
        message: 'Prix invalide : écrivez par exemple 12,50.',
      });
    }
  });
});

describe('producers: access', () => {
  it('sends anonymous visitors to the login page', async () => {
    const { t } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    for (const path of ['/producteurs', '/producteurs/nouveau', `/producteurs/${id}`]) {
      const res = await t.agent().get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location, path).to.equal('/connexion');
    }
  });

  it('shows the 403 page to a plain member, hides the menu entry, and refuses their posts', async () => {
    const { t } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    await createMember(t.ctx, { email: 'paul@exemple.fr' });
    const agent = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    expect((await agent.get('/')).text).not.to.contain('href="/producteurs"');
    for (const path of ['/producteurs', '/producteurs/nouveau']) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(403);
      expect(res.text, path).not.to.contain('GAEC des Volcans');
    }
    // The producer's own page is the members' presentation: read-only, without a form.
    const page = await agent.get(`/producteurs/${id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('GAEC des Volcans');
    expect(page.text).not.to.contain(`action="/producteurs/${id}`);
    const auditBefore = audit(t).length;
    for (const [action, fields] of [
      ['/producteurs/nouveau', { name: 'Pirate', payee: 'Pirate' }],
      [`/producteurs/${id}`, { name: 'Pirate', payee: 'Pirate' }],
      [`/producteurs/${id}/produits`, { productName: 'Pirate', unit: 'kg', price: '1' }],
    ] as [string, Record<string, string>][]) {
      const res = await submitForm(agent, '/compte', action, fields);
      expect(res.status, action).to.equal(403);
    }
    expect(producerRow(t, id)).to.include({ name: 'GAEC des Volcans' });
    expect(productRows(t, id)).to.have.length(0);
    expect(audit(t).length).to.equal(auditBefore);
  });

  it('shows the 404 page for a producer or a product that does not exist', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    expect((await agent.get('/producteurs/999')).status).to.equal(404);
    expect((await agent.get('/producteurs/abc')).status).to.equal(404);
    expect((await agent.get(`/producteurs/${id}/produits/999`)).status).to.equal(404);
  });
});

describe('producers: the administrator creates and edits producers', () => {
  it('says so when there is no producer yet', async () => {
    const { agent } = await setup();
    const res = await agent.get('/producteurs');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Aucun producteur pour l’instant');
    expect(res.text).to.contain('href="/producteurs/nouveau"');
  });

  it('creates a producer: stored with the name as payee when left blank, audited, listed', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: ' GAEC des Volcans ',
      description: 'Légumes bio de la Limagne.',
      email: 'Contact@Volcans.fr',
      phone: '04 73 00 00 00',
      address: '',
      payee: '',
    });
    expect(res.status, res.text.slice(0, 500)).to.equal(302);
    const id = Number(/^\/producteurs\/(\d+)$/.exec(res.headers.location)![1]);
    expect(producerRow(t, id)).to.include({
      name: 'GAEC des Volcans',
      payee: 'GAEC des Volcans',
      email: 'contact@volcans.fr',
      phone: '04 73 00 00 00',
      address: null,
      active: true,
    });
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('GAEC des Volcans est ajouté.');
    expect(page.text).to.contain('Aucun produit pour l’instant');
    expect(audit(t, 'producer.created').map((a) => a.targetId)).to.deep.equal([id]);

    await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: 'Boulangerie Martin',
      payee: 'Jean Martin',
    });
    const list = await agent.get('/producteurs');
    expect(listedProducers(list.text)).to.deep.equal(['Boulangerie Martin', 'GAEC des Volcans']);
    expect(list.text).to.contain('Jean Martin');
    expect(list.text).to.contain('aucun produit actif');
  });

  it('refuses a missing name, a bad e-mail or a name already used: 422, messages, values kept, nothing written', async () => {
    const { t, agent } = await setup();
    insertProducer(t, 'GAEC des Volcans');
    const res = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: '  ',
      email: 'contact@',
      phone: '04 73 11 11 11',
      payee: 'Jean Martin',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-name-error" class="field-error">Nom obligatoire\.</);
    expect(res.text).to.match(/id="f-email-error" class="field-error">Adresse e-mail invalide/);
    expect(res.text).to.contain('value="04 73 11 11 11"');
    expect(res.text).to.contain('value="Jean Martin"');
    const dup = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: 'gaec  des volcans',
      payee: '',
    });
    expect(dup.status).to.equal(422);
    expect(dup.text).to.contain('Un producteur s’appelle déjà « GAEC des Volcans ».');
    const long = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: 'x'.repeat(101),
      payee: '',
    });
    expect(long.status).to.equal(422);
    expect(long.text).to.contain('100 caractères au plus.');
    expect(t.db.select().from(producers).all()).to.have.length(1);
    expect(audit(t, 'producer.created')).to.have.length(0);
  });

  it('edits the details: saved, audited with what changed; the payee cannot be emptied', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    const page = await pageAction(agent, id, `/producteurs/${id}`, {
      name: 'GAEC des Volcans',
      description: '',
      email: '',
      phone: '06 11 22 33 44',
      address: 'Route de Riom, 63200 Mozac',
      payee: 'GAEC des Volcans (Durand)',
    });
    expect(page.text).to.contain('Coordonnées du producteur enregistrées.');
    expect(page.text).to.contain('value="Route de Riom, 63200 Mozac"');
    expect(producerRow(t, id)).to.include({ phone: '06 11 22 33 44', payee: 'GAEC des Volcans (Durand)' });
    const [entry] = audit(t, 'producer.updated');
    expect(entry.targetId).to.equal(id);
    expect(entry.details).to.deep.equal({
      phone: [null, '06 11 22 33 44'],
      address: [null, 'Route de Riom, 63200 Mozac'],
      payee: ['GAEC des Volcans', 'GAEC des Volcans (Durand)'],
    });

    const bad = await postOnPage(agent, id, `/producteurs/${id}`, { name: 'Nouveau nom', payee: ' ' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Ordre des chèques obligatoire.');
    expect(bad.text).to.contain('value="Nouveau nom"');
    expect(producerRow(t, id)).to.include({ name: 'GAEC des Volcans' });
  });

  it('deactivates a producer: still listed, with an inactive badge, after the active ones', async () => {
    const { t, agent } = await setup();
    const a = insertProducer(t, 'Apiculteur Dupont');
    insertProducer(t, 'Boulangerie Martin');
    const page = await pageAction(agent, a, `/producteurs/${a}/desactiver`);
    expect(page.text).to.contain('Producteur désactivé');
    expect(producerRow(t, a)!.active).to.equal(false);
    const list = await agent.get('/producteurs');
    expect(listedProducers(list.text)).to.deep.equal(['Boulangerie Martin', 'Apiculteur Dupont']);
    expect(list.text).to.match(/Apiculteur Dupont<\/a> <span class="badge badge-muted">inactif</);
    await pageAction(agent, a, `/producteurs/${a}/reactiver`);
    expect(producerRow(t, a)!.active).to.equal(true);
    expect(
      audit(t)
        .map((e) => e.action)
        .filter((x) => x.startsWith('producer.')),
    ).to.deep.equal(['producer.deactivated', 'producer.reactivated']);
  });
});

describe('producers: the catalogue of products', () => {
  it('adds products with prices typed in French or English style, shown in euros and counted on the list', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    let page = await pageAction(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Légumes',
      unit: 'grand panier',
      price: '18,50',
    });
    expect(page.text).to.contain('Produit ajouté : Légumes (grand panier).');
    // The form posts to its section, so that a refusal shows next to it; success goes back to the top.
    expect(page.text).to.contain(`action="/producteurs/${id}/produits#ajouter-produit"`);
    const again = await postOnPage(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Légumes',
      unit: 'petit panier',
      price: '12.5',
    });
    expect(again.headers.location).to.equal(`/producteurs/${id}#top`);
    page = await pageAction(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Œufs',
      unit: 'douzaine',
      price: '4 €',
    });
    expect(productRows(t, id).map((p) => [p.name, p.unit, p.defaultPriceCents, p.active])).to.deep.equal([
      ['Légumes', 'grand panier', 1850, true],
      ['Légumes', 'petit panier', 1250, true],
      ['Œufs', 'douzaine', 400, true],
    ]);
    for (const cents of [1850, 1250, 400]) expect(page.text).to.contain(formatEuros(cents));
    expect(page.text).to.contain('3 produits proposés');
    const created = audit(t, 'product.created');
    expect(created).to.have.length(3);
    expect(created[0].details).to.deep.equal({
      producerId: id,
      name: 'Légumes',
      unit: 'grand panier',
      priceCents: 1850,
    });
    const list = await agent.get('/producteurs');
    expect(list.text).to.contain('3 produits actifs');
  });

  it('refuses the same name and unit twice, whatever the case and accents; another unit is fine', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'Ferme du Puy');
    await pageAction(agent, id, `/producteurs/${id}/produits`, { productName: 'Œufs', unit: 'douzaine', price: '4' });
    const dup = await postOnPage(agent, id, `/producteurs/${id}/produits`, {
      productName: ' œufs ',
      unit: 'DOUZAINE',
      price: '4,20',
    });
    expect(dup.status).to.equal(422);
    expect(dup.text).to.match(
      /id="f-productName-error" class="field-error">Le catalogue a déjà « Œufs » \(douzaine\)\.</,
    );
    expect(dup.text).to.contain('value="4,20"');
    expect(productRows(t, id)).to.have.length(1);
    await pageAction(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Œufs',
      unit: 'demi-douzaine',
      price: '2,20',
    });
    expect(productRows(t, id)).to.have.length(2);
    // Another producer may sell the same thing.
    const other = insertProducer(t, 'Ferme du Lac');
    await pageAction(agent, other, `/producteurs/${other}/produits`, {
      productName: 'Œufs',
      unit: 'douzaine',
      price: '4',
    });
    expect(audit(t, 'product.created')).to.have.length(3);
  });

  it('refuses a bad price ("12,345", "-3", too high, missing) with 422, the typed values kept, nothing written', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'Boulangerie Martin');
    const cases: [string, string][] = [
      ['12,345', 'Deux chiffres après la virgule au plus'],
      ['-3', 'Le prix ne peut pas être négatif.'],
      ['10 000,01', 'Prix trop élevé : 10 000 € au plus.'],
      ['douze', 'Prix invalide : écrivez par exemple 12,50.'],
      ['', 'Prix obligatoire.'],
    ];
    for (const [price, message] of cases) {
      const res = await postOnPage(agent, id, `/producteurs/${id}/produits`, {
        productName: 'Pain de campagne',
        unit: 'pain de 1 kg',
        price,
      });
      expect(res.status, price).to.equal(422);
      expect(res.text, price).to.match(
        new RegExp(`id="f-price-error" class="field-error">${message.replace(/[.()]/g, '\\$&')}`),
      );
      expect(res.text, price).to.match(new RegExp(`name="price" type="text"\\s+value="${price}"`));
      expect(res.text, price).to.contain('value="Pain de campagne"');
      expect(res.text, price).to.contain('value="pain de 1 kg"');
      // The producer's own details form is still filled with the stored values.
      expect(res.text, price).to.match(/id="f-name" name="name" type="text"\s+value="Boulangerie Martin"/);
    }
    const missing = await postOnPage(agent, id, `/producteurs/${id}/produits`, {
      productName: '',
      unit: '',
      price: '3',
    });
    expect(missing.status).to.equal(422);
    expect(missing.text).to.contain('Nom du produit obligatoire.');
    expect(missing.text).to.contain('Conditionnement obligatoire');
    expect(productRows(t, id)).to.have.length(0);
    expect(audit(t, 'product.created')).to.have.length(0);
  });

  it('edits a product from its own page, prefilled with the price as typed, audited with what changed', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'Boulangerie Martin');
    await pageAction(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Pain de campagne',
      unit: 'pain de 1 kg',
      price: '5',
    });
    await pageAction(agent, id, `/producteurs/${id}/produits`, {
      productName: 'Pain aux noix',
      unit: 'pain de 500 g',
      price: '4,5',
    });
    const [product] = productRows(t, id);
    const form = await agent.get(`/producteurs/${id}/produits/${product.id}`);
    expect(form.status).to.equal(200);
    expect(form.text).to.contain('value="5,00"');
    const res = await submitForm(
      agent,
      `/producteurs/${id}/produits/${product.id}`,
      `/producteurs/${id}/produits/${product.id}`,
      {
        productName: 'Pain de campagne',
        unit: 'pain de 1 kg',
        price: '5,20',
      },
    );
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/producteurs/${id}`);
    expect(productRows(t, id)[0].defaultPriceCents).to.equal(520);
    expect(audit(t, 'product.updated').map((a) => a.details)).to.deep.equal([
      { producerId: id, priceCents: [500, 520] },
    ]);

    const dup = await submitForm(
      agent,
      `/producteurs/${id}/produits/${product.id}`,
      `/producteurs/${id}/produits/${product.id}`,
      {
        productName: 'pain aux noix',
        unit: 'pain de 500 g',
        price: '5,20',
      },
    );
    expect(dup.status).to.equal(422);
    expect(dup.text).to.contain('Le catalogue a déjà « Pain aux noix » (pain de 500 g).');
    expect(dup.text).to.contain('value="pain aux noix"');
    expect(productRows(t, id)[0].name).to.equal('Pain de campagne');

    // A product belongs to its producer: it cannot be reached through another one.
    const other = insertProducer(t, 'Ferme du Lac');
    expect((await agent.get(`/producteurs/${other}/produits/${product.id}`)).status).to.equal(404);
  });

  it('deactivates a product: kept in the catalogue marked inactive, no longer counted; then reactivates it', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'Ferme du Puy');
    await pageAction(agent, id, `/producteurs/${id}/produits`, { productName: 'Œufs', unit: 'douzaine', price: '4' });
    await pageAction(agent, id, `/producteurs/${id}/produits`, { productName: 'Poulet', unit: 'pièce', price: '15' });
    const [eggs] = productRows(t, id);
    const page = await pageAction(agent, id, `/producteurs/${id}/produits/${eggs.id}/desactiver`);
    expect(page.text).to.contain('Œufs (douzaine) est désactivé');
    expect(productRows(t, id).map((p) => [p.name, p.active])).to.deep.equal([
      ['Œufs', false],
      ['Poulet', true],
    ]);
    expect(page.text).to.match(
      /<tr class="product-row is-inactive">\s*<th scope="row" class="product-name">Œufs<\/th>/,
    );
    expect(page.text).to.contain('1 produit proposé, 1 inactif');
    expect((await agent.get('/producteurs')).text).to.contain('1 produit actif');
    await pageAction(agent, id, `/producteurs/${id}/produits/${eggs.id}/reactiver`);
    expect(productRows(t, id)[0].active).to.equal(true);
    expect(
      audit(t)
        .map((e) => e.action)
        .filter((a) => a.startsWith('product.') && a !== 'product.created'),
    ).to.deep.equal(['product.deactivated', 'product.reactivated']);
  });
});

describe('producers: referents', () => {
  async function referentSetup() {
    const { t, admin, agent } = await setup();
    const a = insertProducer(t, 'GAEC des Volcans');
    const b = insertProducer(t, 'Boulangerie Martin');
    const camille = await createMember(t.ctx, {
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'camille@exemple.fr',
    });
    makeReferent(t, a, camille.id);
    const referent = await loginAs(t, 'camille@exemple.fr', PASSWORD);
    return { t, admin, agent, a, b, camille, referent };
  }

  it('a referent sees and manages their producer only', async () => {
    const { t, a, referent } = await referentSetup();
    const home = await referent.get('/');
    expect(home.text).to.contain('href="/producteurs"');
    const list = await referent.get('/producteurs');
    expect(list.status).to.equal(200);
    expect(listedProducers(list.text)).to.deep.equal(['GAEC des Volcans']);
    expect(list.text).not.to.contain('href="/producteurs/nouveau"');

    const page = await referent.get(`/producteurs/${a}`);
    expect(page.status).to.equal(200);
    // The referents, a list sorted by name: "DURAND Camille".
    expect(page.text).to.contain('DURAND Camille');
    expect(page.text).not.to.contain(`action="/producteurs/${a}/referents"`);
    expect(page.text).not.to.contain('Comptes producteur');
    await pageAction(referent, a, `/producteurs/${a}`, {
      name: 'GAEC des Volcans',
      phone: '04 73 22 22 22',
      payee: 'GAEC des Volcans',
    });
    expect(producerRow(t, a)!.phone).to.equal('04 73 22 22 22');
    await pageAction(referent, a, `/producteurs/${a}/produits`, {
      productName: 'Légumes',
      unit: 'panier',
      price: '15',
    });
    expect(productRows(t, a)).to.have.length(1);
    expect(audit(t, 'product.created')[0].actorId).to.not.equal(null);
  });

  it('a referent gets 403 on another producer, on creating producers and on referents, accounts and activation', async () => {
    const { t, a, b, camille, referent } = await referentSetup();
    expect((await referent.get('/producteurs/nouveau')).status).to.equal(403);
    // Another producer's page is the members' one: read-only.
    const other = await referent.get(`/producteurs/${b}`);
    expect(other.status).to.equal(200);
    expect(other.text).not.to.contain(`action="/producteurs/${b}`);
    const auditBefore = audit(t).length;
    for (const [action, fields] of [
      [`/producteurs/${b}`, { name: 'Pirate', payee: 'Pirate' }],
      [`/producteurs/${b}/produits`, { productName: 'Pain', unit: 'pain de 1 kg', price: '4' }],
      ['/producteurs/nouveau', { name: 'Pirate', payee: '' }],
      [`/producteurs/${a}/referents`, { referentId: String(camille.id), notify: 'on' }],
      [`/producteurs/${b}/referents`, { referentId: String(camille.id), notify: 'on' }],
      [`/producteurs/${a}/referents/${camille.id}/retirer`, {}],
      [`/producteurs/${a}/referents/${camille.id}/notifications`, { notify: '0' }],
      [`/producteurs/${a}/comptes`, { accountId: String(camille.id) }],
      [`/producteurs/${a}/desactiver`, {}],
    ] as [string, Record<string, string>][]) {
      const res = await submitForm(referent, `/producteurs/${a}`, action, fields);
      expect(res.status, action).to.equal(403);
    }
    expect(producerRow(t, b)).to.include({ name: 'Boulangerie Martin', active: true });
    expect(producerRow(t, a)!.active).to.equal(true);
    expect(productRows(t, b)).to.have.length(0);
    expect(t.db.select().from(producers).all()).to.have.length(2);
    expect(t.db.select().from(producerReferents).all()).to.deep.equal([
      { producerId: a, memberId: camille.id, notify: true },
    ]);
    expect(t.db.select().from(producerAccounts).all()).to.have.length(0);
    expect(audit(t).length).to.equal(auditBefore);
  });

  it('the administrator adds a referent, who then sees /producteurs; adding twice is harmless; notify toggles; removal ends it', async () => {
    const { t, agent, b } = await referentSetup();
    const paul = await createMember(t.ctx, { firstName: 'Paul', lastName: 'Martin', email: 'paul@exemple.fr' });
    const paulAgent = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    expect((await paulAgent.get('/producteurs')).status).to.equal(403);

    const form = await agent.get(`/producteurs/${b}`);
    expect(form.text).to.match(new RegExp(`<option value="${paul.id}">MARTIN Paul \\(paul@exemple\\.fr\\)</option>`));
    let page = await pageAction(agent, b, `/producteurs/${b}/referents`, { referentId: String(paul.id), notify: 'on' });
    expect(page.text).to.contain('Paul Martin est maintenant référent·e de ce producteur.');
    const referentSelect = /<select id="f-referentId"[\s\S]*?<\/select>/.exec(page.text)![0];
    expect(referentSelect).not.to.contain(`<option value="${paul.id}">`);
    expect(referentSelect).to.contain('DURAND Camille');
    page = await pageAction(agent, b, `/producteurs/${b}/referents`, { referentId: String(paul.id) });
    expect(page.text).to.contain('Paul Martin était déjà référent·e de ce producteur.');
    expect(t.db.select().from(producerReferents).where(eq(producerReferents.producerId, b)).all()).to.deep.equal([
      { producerId: b, memberId: paul.id, notify: true },
    ]);
    expect(audit(t, 'referent.added').map((e) => [e.targetId, e.details.memberId])).to.deep.equal([[b, paul.id]]);

    // Paul's next page knows he is a referent.
    const list = await paulAgent.get('/producteurs');
    expect(list.status).to.equal(200);
    expect(listedProducers(list.text)).to.deep.equal(['Boulangerie Martin']);
    expect((await paulAgent.get(`/producteurs/${b}`)).status).to.equal(200);

    page = await pageAction(agent, b, `/producteurs/${b}/referents/${paul.id}/notifications`, { notify: '0' });
    expect(page.text).to.contain('Paul Martin ne recevra plus les mails de ce producteur.');
    expect(page.text).to.contain('pas de mails');
    expect(t.db.select().from(producerReferents).where(eq(producerReferents.memberId, paul.id)).get()!.notify).to.equal(
      false,
    );
    expect(audit(t, 'referent.notify-changed').map((e) => e.details.notify)).to.deep.equal([false]);

    page = await pageAction(agent, b, `/producteurs/${b}/referents/${paul.id}/retirer`);
    expect(page.text).to.contain('Paul Martin n’est plus référent·e de ce producteur.');
    expect(audit(t, 'referent.removed')).to.have.length(1);
    expect((await paulAgent.get('/producteurs')).status).to.equal(403);
  });

  it('refuses an empty or inactive choice of referent: 422 with the message next to the list', async () => {
    const { t, agent, b } = await referentSetup();
    const gone = await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Ancien', active: false });
    const empty = await postOnPage(agent, b, `/producteurs/${b}/referents`, { referentId: '', notify: 'on' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.match(/id="f-referentId-error" class="field-error">Choisissez un membre\.</);
    expect(empty.text).not.to.contain('ANCIEN Zoé');
    const inactive = await postOnPage(agent, b, `/producteurs/${b}/referents`, { referentId: String(gone.id) });
    expect(inactive.status).to.equal(422);
    expect(inactive.text).to.contain('Choisissez un membre actif dans la liste.');
    expect(inactive.text).to.match(/<input type="checkbox" name="notify">/);
    expect(t.db.select().from(producerReferents).where(eq(producerReferents.producerId, b)).all()).to.have.length(0);
  });
});

describe('producers: producer accounts', () => {
  it('the administrator gives a member a producer account, stored and audited, and takes it back', async () => {
    const { t, agent } = await setup();
    const id = insertProducer(t, 'GAEC des Volcans');
    const jean = await createMember(t.ctx, { firstName: 'Jean', lastName: 'Volcans', email: 'jean@volcans.fr' });
    let page = await pageAction(agent, id, `/producteurs/${id}/comptes`, { accountId: String(jean.id) });
    expect(page.text).to.contain('Jean Volcans a maintenant un compte producteur');
    expect(t.db.select().from(producerAccounts).all()).to.deep.equal([{ producerId: id, memberId: jean.id }]);
    page = await pageAction(agent, id, `/producteurs/${id}/comptes`, { accountId: String(jean.id) });
    expect(page.text).to.contain('Jean Volcans avait déjà un compte pour ce producteur.');
    expect(t.db.select().from(producerAccounts).all()).to.have.length(1);
    expect(audit(t, 'producer-account.added').map((e) => [e.targetId, e.details.memberId])).to.deep.equal([
      [id, jean.id],
    ]);

    // A producer account is not a referent: no access to /producteurs.
    const jeanAgent = await loginAs(t, 'jean@volcans.fr', PASSWORD);
    expect((await jeanAgent.get('/producteurs')).status).to.equal(403);

    page = await pageAction(agent, id, `/producteurs/${id}/comptes/${jean.id}/retirer`);
    expect(page.text).to.contain('Jean Volcans n’a plus de compte pour ce producteur.');
    expect(t.db.select().from(producerAccounts).all()).to.have.length(0);
    expect(audit(t, 'producer-account.removed')).to.have.length(1);

    const empty = await postOnPage(agent, id, `/producteurs/${id}/comptes`, { accountId: '' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.match(/id="f-accountId-error" class="field-error">Choisissez un membre\.</);
  });
});
