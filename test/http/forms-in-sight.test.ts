import { expect } from 'chai';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract } from '../support/contracts.js';
import { text } from '../support/text.js';

/**
 * Errors in sight and limits said before they are hit (issue 8): a form sent back with errors
 * shows at its top a summary with a link to each field and posts to "#erreurs" so the page lands
 * on it; text fields carry the schema's maximum length; the URL of a refused POST opened later by
 * GET leads back to its page; the menu keeps its links.
 */

async function referentWorld() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  const c = setupContract(t.ctx, ref.id, {
    producerId,
    products: [{ name: 'Panier de légumes', unit: 'panier', priceCents: 1500, max: 3 }],
  });
  const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
  return { t, c, producerId, agent };
}

/** The `maxlength` of the field `name` in a page, or null. */
function maxLengthOf(html: string, name: string): number | null {
  const tag = new RegExp(`<(?:input|textarea)\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const m = tag && /\bmaxlength="(\d+)"/.exec(tag);
  return m ? Number(m[1]) : null;
}

/** The error summary of a page: its title and its links (href → text), or null when there is none. */
function summaryOf(html: string): { title: string; links: Record<string, string>; tag: string } | null {
  const m = /(<div class="error-summary"[^>]*>)([\s\S]*?)<\/div>/.exec(html);
  if (!m) return null;
  const links: Record<string, string> = {};
  for (const [, href, label] of m[2].matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)) links[href] = text(label).trim();
  return { title: text(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(m[2])![1]).trim(), links, tag: m[1] };
}

const validContract = (producerId: number) => ({
  producerId: String(producerId),
  name: 'Pain 2027',
  kind: 'fixed',
  opensOn: '2026-12-01',
  closesOn: '2026-12-20',
  paymentsManaged: 'on',
  payee: '',
  paymentDay: '5',
  proposalRule: 'whole-euros',
});

describe('forms: errors in sight', () => {
  it('the contract form comes back (422) with a summary at its top linking to each field, focused, posted to #erreurs', async () => {
    const { t, producerId, agent } = await referentWorld();
    const blank = await agent.get('/gestion/contrats/nouveau');
    expect(blank.text).to.contain('action="/gestion/contrats/nouveau#erreurs"');
    expect(summaryOf(blank.text)).to.equal(null);

    const res = await submitForm(agent, '/gestion/contrats/nouveau', '/gestion/contrats/nouveau', {
      ...validContract(producerId),
      name: '',
      closesOn: '2026-11-20',
      paymentDay: '31',
    });
    expect(res.status).to.equal(422);
    const summary = summaryOf(res.text)!;
    expect(summary.title).to.equal('Rien n’est enregistré : 3 points à corriger');
    expect(summary.links).to.deep.equal({
      '#f-name': 'Nom du contrat : Nom du contrat obligatoire.',
      '#f-closesOn': 'Fermeture : La fermeture doit venir après l’ouverture.',
      '#f-paymentDay': 'Jour d’encaissement : Jour du mois entre 1 et 28.',
    });
    expect(summary.tag).to.contain('id="erreurs"');
    expect(summary.tag).to.contain('tabindex="-1"');
    expect(summary.tag).to.contain('autofocus');
    // The summary comes before the first field; each link's target exists.
    expect(res.text.indexOf('class="error-summary"')).to.be.lessThan(res.text.indexOf('id="f-producerId"'));
    for (const id of ['f-name', 'f-closesOn', 'f-paymentDay']) expect(res.text).to.contain(`id="${id}"`);
    expect(t.errors).to.deep.equal([]);
  });

  it('on the contract page, only the form sent back shows a summary (the products one, above its table)', async () => {
    const { c, agent } = await referentWorld();
    const page = `/gestion/contrats/${c.contractId}`;
    const show = await agent.get(page);
    const productId = /name="product_(\d+)"/.exec(show.text)![1];
    const res = await submitForm(agent, page, `${page}/produits`, {
      [`product_${productId}`]: 'on',
      [`price_${productId}`]: 'douze',
      [`max_${productId}`]: '',
    });
    expect(res.status).to.equal(422);
    const summary = summaryOf(res.text)!;
    expect(summary.links).to.deep.equal({
      [`#f-price_${productId}`]: 'Prix de Panier de légumes : Prix invalide (exemple : 12,50).',
    });
    expect(res.text).to.contain(`id="f-price_${productId}"`);
    expect(res.text.match(/class="error-summary"/g)).to.have.length(1);
    expect(res.text).to.contain(`action="${page}/produits#erreurs"`);
  });

  it('a variable grid sent back names the cell in error, with its date', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa' });
    const c = setupContract(t.ctx, admin.id, {
      kind: 'variable',
      products: [{ name: 'Pain', unit: 'pain de 1 kg', priceCents: 500, max: 2 }],
    });
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const base = `/contrats/${c.contractId}`;
    const field = `q_${c.deliveryIds[1]}_${c.productIds[0]}`;
    const res = await submitForm(agent, `${base}/souscrire`, `${base}/souscrire`, { [field]: '5' });
    expect(res.status).to.equal(422);
    expect(summaryOf(res.text)!.links).to.deep.equal({
      [`#${field}`]: 'Pain, jeudi 14 janvier 2027 : 2 au plus par livraison.',
    });
    expect(res.text).to.match(new RegExp(`id="${field}"[^>]*max="2"`));
  });
});

describe('forms: limits said before they are hit', () => {
  it('text fields carry the schema’s maximum: one character more is refused with that very number', async () => {
    const { producerId, agent } = await referentWorld();
    const form = (await agent.get('/gestion/contrats/nouveau')).text;
    const limits = Object.fromEntries(
      ['name', 'description', 'memberInfo', 'payee', 'paymentInfo'].map((f) => [f, maxLengthOf(form, f)]),
    );
    expect(limits).to.deep.equal({ name: 120, description: 2000, memberInfo: 4000, payee: 120, paymentInfo: 2000 });
    const tooLong = Object.fromEntries(Object.entries(limits).map(([f, n]) => [f, 'x'.repeat(n! + 1)]));
    const res = await submitForm(agent, '/gestion/contrats/nouveau', '/gestion/contrats/nouveau', {
      ...validContract(producerId),
      ...tooLong,
    });
    expect(res.status).to.equal(422);
    for (const [f, n] of Object.entries(limits))
      expect(summaryOf(res.text)!.links[`#f-${f}`], f).to.match(new RegExp(`: ${n} caractères au plus\\.$`));
  });

  it('the member form says its limits too (name, phone, address, city, postal code)', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const form = (await admin.get('/admin/membres/nouveau')).text;
    const limits = Object.fromEntries(
      ['firstName', 'lastName', 'email', 'phone', 'phone2', 'address', 'postalCode', 'city'].map((f) => [
        f,
        maxLengthOf(form, f),
      ]),
    );
    expect(limits).to.deep.equal({
      firstName: 100,
      lastName: 100,
      email: 200,
      phone: 30,
      phone2: 30,
      address: 200,
      postalCode: 5,
      city: 100,
    });
    const res = await submitForm(admin, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'x'.repeat(101),
      lastName: 'Martin',
      city: 'x'.repeat(101),
    });
    expect(res.status).to.equal(422);
    expect(summaryOf(res.text)!.links).to.deep.equal({
      '#f-firstName': 'Prénom : 100 caractères au plus.',
      '#f-city': 'Ville : 100 caractères au plus.',
    });
  });

  it('the payment day says 1 to 28, a quantity its maximum', async () => {
    const { c, agent } = await referentWorld();
    const form = (await agent.get(`/gestion/contrats/${c.contractId}/modifier`)).text;
    expect(form).to.match(/id="f-paymentDay"[^>]*min="1"[^>]*max="28"/);
    expect(text(form)).to.contain('Du 1 au 28');
    const quantities = (await agent.get(`/contrats/${c.contractId}/souscrire`)).text;
    expect(quantities).to.match(new RegExp(`id="q_${c.productIds[0]}"[^>]*max="3"`));
    expect(text(quantities)).to.contain('3 au plus par livraison');
  });
});

describe('forms: the URL of a refused POST, opened by GET, leads back to the page', () => {
  let t: TestApp;
  let admin: request.Agent;
  let contractId = 0;
  let producerId = 0;

  before(async () => {
    t = makeTestApp();
    const a = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const c = setupContract(t.ctx, a.id);
    contractId = c.contractId;
    producerId = c.producerId;
    admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  });

  const cases = () => [
    [`/gestion/contrats/${contractId}/produits`, `/gestion/contrats/${contractId}`],
    [`/gestion/contrats/${contractId}/livraisons/generer`, `/gestion/contrats/${contractId}`],
    [`/gestion/contrats/${contractId}/livraisons/ajouter`, `/gestion/contrats/${contractId}`],
    [`/gestion/contrats/${contractId}/encaissements/ajouter`, `/gestion/contrats/${contractId}`],
    [`/contrats/${contractId}/echeancier`, `/contrats/${contractId}/souscrire`],
    [`/gestion/contrats/${contractId}/membres/1/echeancier`, `/gestion/contrats/${contractId}/membres/1/souscrire`],
    ['/compte/mot-de-passe', '/compte'],
    ['/admin/membres/import/apercu', '/admin/membres/import'],
    ['/tresorerie/adhesions/periodes/7/enregistrer', '/tresorerie/adhesions/periodes/7'],
    [`/producteurs/${producerId}/produits`, `/producteurs/${producerId}`],
    [`/producteurs/${producerId}/referents`, `/producteurs/${producerId}`],
    [`/producteurs/${producerId}/comptes`, `/producteurs/${producerId}`],
    ['/tresorerie/souscriptions/5/avoirs', '/tresorerie/souscriptions/5'],
  ];

  it('redirects each of them to its form page', async () => {
    const seen: string[][] = [];
    for (const [url] of cases()) {
      const res = await admin.get(url);
      seen.push([url, `${res.status} ${res.headers.location ?? ''}`]);
    }
    expect(seen).to.deep.equal(cases().map(([url, to]) => [url, `302 ${to}`]));
  });

  it('still asks who you are first', async () => {
    const res = await t.agent().get('/compte/mot-de-passe');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/connexion');
  });
});

describe('menu: one line on a phone, the rest under "Plus"', () => {
  /** The links of the menu: those in sight, and those under the "Plus" disclosure. */
  function menuOf(html: string) {
    const nav = /<nav aria-label="Menu principal"[\s\S]*?<\/nav>/.exec(html)![0];
    const details = /<details>[\s\S]*?<\/details>/.exec(nav)![0];
    const hrefs = (s: string) => [...s.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    return { inSight: hrefs(nav.replace(details, '')), more: hrefs(details), logout: details.includes('/deconnexion') };
  }

  it('a member sees four links and "Plus" with their contracts and the logout', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const home = (await agent.get('/')).text;
    expect(menuOf(home)).to.deep.equal({
      inSight: ['/', '/contrats', '/mes-paiements', '/compte'],
      more: ['/permanences', '/mes-contrats', '/planning'],
      logout: true,
    });
    expect(text(home)).to.match(
      /Accueil Contrats Paiements Compte Plus Permanences Mes contrats Planning Se déconnecter/,
    );
  });

  it('an administrator finds every role menu under "Plus", marked when one is the current page', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const page = (await admin.get('/tresorerie')).text;
    expect(menuOf(page)).to.deep.equal({
      inSight: ['/', '/contrats', '/mes-paiements', '/compte'],
      more: [
        '/permanences',
        '/mes-contrats',
        '/planning',
        '/coordination',
        '/gestion/contrats',
        '/producteurs',
        '/tresorerie',
        '/adresses',
        '/messages',
        '/admin/membres',
      ],
      logout: true,
    });
    expect(page).to.contain('<summary class="has-current">Plus</summary>');
    expect(page).to.contain('<a href="/tresorerie" aria-current="page">Trésorerie</a>');
    expect((await admin.get('/')).text).to.contain('<summary>Plus</summary>');
  });
});
