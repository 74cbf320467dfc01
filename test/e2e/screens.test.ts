import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import {
  contractProducts,
  contracts,
  deliveries,
  members,
  messages,
  outbox,
  subscriptions,
} from '../../server/db/schema/index.js';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed.js';
import { launchBrowser, screenshotsDir, startTestServer } from './browser.js';
import { checkPage } from './page-checks.js';
import { recordServedHtml } from './accessibility-checks.js';

/**
 * The key pages of every demo role, on the demo data (`npm run demo`), checked at phone, tablet
 * and desktop widths: nothing may stick out or hide sideways, no WCAG 2.2 A/AA violation (axe-core),
 * valid HTML (html-validate) — see page-checks.ts. Forms sent back with errors are checked too.
 * Each page is loaded once and resized; screenshots at 360 and 1280 px go to test-results/screens/
 * for a person to look at.
 */
const WIDTHS = [360, 390, 768, 1024, 1280, 1440];
const SHOT_WIDTHS = new Set([360, 1280]);
const shots = path.join(screenshotsDir, 'screens');

describe('browser: key screens of every role fit from 360 to 1440 px', function () {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const ids = { vegetables: 0, bread: 0, member: 0, admin: 0, mail: 0, day: '' };

  before(async () => {
    app = await startTestServer({
      name: 'AMAP des Volcans',
      // A fixed day, so that the demo season (built around "today") and the screenshots stay the same.
      clock: () => new Date('2026-11-20T10:00:00Z'),
      prepare: seedDemo,
    });
    const contractId = (name: string) =>
      app.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.name, name)).get()!.id;
    const memberId = (email: string) =>
      app.db.select({ id: members.id }).from(members).where(eq(members.email, email)).get()!.id;
    ids.vegetables = contractId('Légumes automne-hiver');
    // The demo's vegetables are full, two people waiting: these flows are about the subscription
    // screens, so the referent's member gets a place.
    app.db
      .update(contractProducts)
      .set({ capacity: null })
      .where(eq(contractProducts.contractId, ids.vegetables))
      .run();
    ids.bread = contractId('Pain 1er semestre');
    ids.member = memberId('amapien@demo.amap');
    // Someone the referent can subscribe to the vegetables: the administrator has no basket.
    ids.admin = memberId('admin@demo.amap');
    expect(
      app.db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(and(eq(subscriptions.contractId, ids.vegetables), eq(subscriptions.memberId, ids.admin)))
        .get(),
    ).to.equal(undefined);
    ids.mail = app.db.select({ id: outbox.id }).from(outbox).orderBy(asc(outbox.id)).get()!.id;
    // The next vegetables distribution after the fixed day: a day with a duty team and a sign-in sheet.
    ids.day = app.db
      .select({ on: deliveries.deliveryOn })
      .from(deliveries)
      .where(and(eq(deliveries.contractId, ids.vegetables), gte(deliveries.deliveryOn, '2026-11-20')))
      .orderBy(asc(deliveries.deliveryOn))
      .get()!.on;
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    recordServedHtml(page);
    return page;
  }

  async function loggedIn(email: string): Promise<Page> {
    const page = await newPage();
    await page.goto(app.base + '/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel(/^Mot de passe\W*$/).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()]);
    expect(new URL(page.url()).pathname).to.equal('/');
    return page;
  }

  /** Checks the page at every width and takes its screenshots; returns the problems seen. */
  /** The title of each page seen by the current role: two different pages never share one. */
  const titles = new Map<string, string>();
  beforeEach(() => titles.clear());

  /** The page's title: its own among the role's pages, and "Erreur : …" when it comes back refused. */
  async function titleProblems(page: Page, name: string, refused: boolean): Promise<string[]> {
    const title = await page.title();
    const problems: string[] = [];
    const same = titles.get(title);
    if (same && same !== name) problems.push(`${name} : même titre que ${same} (« ${title} »)`);
    titles.set(title, name);
    if (refused !== title.startsWith('Erreur : ')) problems.push(`${name} : titre « ${title} »`);
    return problems;
  }

  async function look(page: Page, name: string, refused = false): Promise<string[]> {
    const problems = await titleProblems(page, name, refused);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      problems.push(...(await checkPage(page, `${name} à ${width} px`, width)));
      if (SHOT_WIDTHS.has(width))
        await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    }
    return problems;
  }

  async function visit(page: Page, name: string, url: string): Promise<string[]> {
    const res = await page.goto(app.base + url);
    expect(res?.status(), `${name} (${url})`).to.equal(200);
    return look(page, name);
  }

  /** Submits the form of `button` and checks the page that answers (`status`: 200 unless told). */
  async function submitAndLook(page: Page, name: string, button: string, status = 200): Promise<string[]> {
    const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
    expect(res?.status(), name).to.equal(status);
    return look(page, name, status >= 400);
  }

  /**
   * Submits the form of `button` as a browser without form checks would (the server must refuse it
   * itself) and checks the page that comes back with its errors (`status`: 422 unless told).
   */
  async function refuseAndLook(page: Page, name: string, button: string, status = 422): Promise<string[]> {
    await page
      .getByRole('button', { name: button })
      .evaluate((b) => ((b as HTMLButtonElement).form!.noValidate = true));
    const problems = await submitAndLook(page, name, button, status);
    // The page opens on what to correct: the summary has the focus.
    const focused = await page.evaluate(() => document.activeElement?.className);
    if (focused !== 'error-summary') problems.push(`${name} : le focus est sur « ${focused} », pas sur le résumé`);
    return problems;
  }

  function expectNone(problems: string[]) {
    expect(problems, problems.join('\n')).to.deep.equal([]);
  }

  it('member: home, contracts, a variable subscription in two steps, my contracts, my payments', async () => {
    const page = await loggedIn('amapien@demo.amap');
    const problems = [
      ...(await visit(page, 'membre-accueil', '/')),
      ...(await visit(page, 'membre-contrats', '/contrats')),
      ...(await visit(page, 'membre-contrat-pain', `/contrats/${ids.bread}`)),
      ...(await visit(page, 'membre-pain-quantites', `/contrats/${ids.bread}/souscrire`)),
    ];
    // 200 loaves: the grid comes back with the error at the cell.
    const inputs = page.locator('input[name^="q_"]');
    await inputs.nth(0).fill('200');
    problems.push(...(await refuseAndLook(page, 'membre-pain-quantites-erreurs', 'Continuer : le paiement')));
    // Three loaves on the first delivery, one brioche on the second.
    await inputs.nth(0).fill('3');
    await inputs.nth(5).fill('1');
    problems.push(...(await submitAndLook(page, 'membre-pain-echeancier', 'Continuer : le paiement')));
    problems.push(
      ...(await visit(page, 'membre-mes-contrats', '/mes-contrats')),
      ...(await visit(page, 'membre-mes-paiements', '/mes-paiements')),
    );

    // The "Plus" menu opens over the page on a phone, without sticking out.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByText('Plus', { exact: true }).click();
    expect(await page.getByRole('link', { name: 'Mes contrats' }).isVisible()).to.equal(true);
    problems.push(...(await checkPage(page, 'menu « Plus » ouvert à 360 px', 360)));
    await page.screenshot({ path: path.join(shots, 'membre-menu-plus-360.png') });
    expectNone(problems);
  });

  it('referent: contract management, a fixed subscription for a member in two steps, reception', async () => {
    const page = await loggedIn('referent@demo.amap');
    const base = `/gestion/contrats/${ids.vegetables}`;
    const problems = [
      ...(await visit(page, 'referent-gestion-contrats', '/gestion/contrats')),
      ...(await visit(page, 'referent-contrat-legumes', base)),
      ...(await visit(page, 'referent-souscrire-pour-recherche', `${base}/souscription?q=a`)),
      ...(await visit(page, 'referent-legumes-quantites', `${base}/membres/${ids.admin}/souscrire`)),
    ];
    await page
      .getByRole('button', { name: /Un de plus/ })
      .first()
      .click();
    problems.push(...(await submitAndLook(page, 'referent-legumes-echeancier', 'Continuer : le paiement')));
    problems.push(...(await visit(page, 'referent-reception', `/tresorerie/reception?membre=${ids.member}`)));
    problems.push(...(await visit(page, 'referent-legumes-modifier', `${base}/modifier`)));
    await page.locator('#f-opensOn').fill('2026-12-10');
    await page.locator('#f-closesOn').fill('2026-12-01');
    problems.push(...(await refuseAndLook(page, 'referent-legumes-modifier-erreurs', 'Enregistrer')));
    expectNone(problems);
  });

  it('treasurer: dashboard, reception with a member, handover preview, cheques by contract, balances', async () => {
    const page = await loggedIn('tresorier@demo.amap');
    expectNone([
      ...(await visit(page, 'tresorier-tableau-de-bord', '/tresorerie')),
      ...(await visit(page, 'tresorier-reception', `/tresorerie/reception?membre=${ids.member}`)),
      ...(await visit(page, 'tresorier-remise', `/tresorerie/remises/nouvelle?contrat=${ids.vegetables}`)),
      ...(await visit(page, 'tresorier-remises', '/tresorerie/remises')),
      ...(await visit(page, 'tresorier-par-contrat', `/tresorerie/contrats/${ids.vegetables}`)),
      ...(await visit(page, 'tresorier-soldes', '/tresorerie/soldes')),
      ...(await visit(page, 'tresorier-adhesions', '/tresorerie/adhesions')),
    ]);
  });

  it('admin: members, a member, journal, mail log, a mail, producers, settings', async () => {
    const page = await loggedIn('admin@demo.amap');
    const producerId = app.db
      .select({ id: contracts.producerId })
      .from(contracts)
      .where(eq(contracts.id, ids.bread))
      .get()!.id;
    expectNone([
      ...(await visit(page, 'admin-membres', '/admin/membres')),
      ...(await visit(page, 'admin-membre', `/admin/membres/${ids.member}`)),
      ...(await visit(page, 'admin-journal', '/admin/journal')),
      ...(await visit(page, 'admin-mails', '/admin/mails')),
      ...(await visit(page, 'admin-mail', `/admin/mails/${ids.mail}`)),
      ...(await visit(page, 'admin-producteurs', '/producteurs')),
      ...(await visit(page, 'admin-producteur', `/producteurs/${producerId}`)),
      ...(await visit(page, 'admin-gestion-contrats', '/gestion/contrats')),
      ...(await visit(page, 'admin-reglages', '/admin/reglages')),
      ...(await visit(page, 'admin-nouveau-membre', '/admin/membres/nouveau')),
      ...(await refuseAndLook(page, 'admin-nouveau-membre-erreurs', 'Ajouter le membre')),
      ...(await visit(page, 'admin-etat', '/admin/etat')),
      ...(await visit(page, 'admin-sauvegardes', '/admin/sauvegardes')),
      ...(await visit(page, 'admin-donnees-membre', `/admin/membres/${ids.member}/donnees`)),
      ...(await visit(page, 'admin-anonymiser', `/admin/membres/${ids.member}/anonymiser`)),
    ]);
  });

  it('duty: a member’s roster, shifts, the monthly planning and a day; the coordinator’s screens', async () => {
    const page = await loggedIn('amapien@demo.amap');
    const problems = [
      ...(await visit(page, 'membre-permanences', '/permanences')),
      ...(await visit(page, 'membre-mes-permanences', '/mes-permanences')),
      ...(await visit(page, 'membre-planning', '/planning')),
      ...(await visit(page, 'membre-planning-mois', `/planning/${ids.day.slice(0, 7)}`)),
      ...(await visit(page, 'membre-distributions', '/distributions')),
      ...(await visit(page, 'membre-distribution-jour', `/distributions/${ids.day}`)),
    ];
    const coordinator = await loggedIn('permanences@demo.amap');
    problems.push(...(await visit(coordinator, 'coordination', '/coordination')));
    expectNone(problems);
  });

  it('mail, reminders, calendar, absences and import: the lists, a message, reminders, baskets, absences, statistics', async () => {
    const admin = await loggedIn('admin@demo.amap');
    const message = app.db.select({ id: messages.id }).from(messages).orderBy(asc(messages.id)).get()!.id;
    const problems = [
      ...(await visit(admin, 'admin-adresses', '/adresses?actifs=1')),
      ...(await visit(admin, 'admin-messages', '/messages')),
      ...(await visit(admin, 'admin-message', `/messages/${message}`)),
      ...(await visit(admin, 'admin-nouveau-message', '/messages/nouveau')),
      ...(await visit(admin, 'admin-rappels', '/admin/rappels')),
      ...(await visit(admin, 'admin-import', '/admin/import')),
    ];
    const member = await loggedIn('amapien@demo.amap');
    problems.push(
      ...(await visit(member, 'membre-compte', '/compte')),
      ...(await visit(member, 'membre-paniers-a-donner', '/paniers-a-donner')),
      ...(await visit(member, 'membre-absences-legumes', `/contrats/${ids.vegetables}/absences`)),
    );
    const referent = await loggedIn('referent@demo.amap');
    problems.push(
      ...(await visit(referent, 'referent-statistiques', `/gestion/contrats/${ids.vegetables}/statistiques`)),
      ...(await visit(referent, 'referent-reglages-absences', `/gestion/contrats/${ids.vegetables}/absences`)),
    );
    expectNone(problems);
  });

  it('anyone: login, a refused login, forgotten password', async () => {
    const page = await newPage();
    const problems = [...(await visit(page, 'connexion', '/connexion'))];
    await page.getByLabel('Adresse e-mail').fill('amapien@demo.amap');
    await page.getByLabel(/^Mot de passe\W*$/).fill('pas le bon');
    problems.push(...(await submitAndLook(page, 'connexion-refusee', 'Se connecter', 401)));
    problems.push(...(await visit(page, 'mot-de-passe-oublie', '/mot-de-passe-oublie')));
    problems.push(...(await refuseAndLook(page, 'mot-de-passe-oublie-erreurs', 'Recevoir le lien')));
    expectNone(problems);
  });

  it('a refused form on a long page opens on its error summary, without JavaScript', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 800 },
      locale: 'fr-FR',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(app.base + '/connexion');
    await page.getByLabel('Adresse e-mail').fill('referent@demo.amap');
    await page.getByLabel(/^Mot de passe\W*$/).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()]);
    await page.goto(`${app.base}/gestion/contrats/${ids.vegetables}/modifier`);
    // Closing before opening: only the server can tell.
    await page.locator('#f-opensOn').fill('2026-12-10');
    await page.locator('#f-closesOn').fill('2026-12-01');
    await page.locator('#f-paymentDay').fill('12');
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Enregistrer' }).click(),
    ]);
    expect(response?.status()).to.equal(422);
    expect(new URL(page.url()).hash).to.equal('#erreurs');
    const summary = page.locator('#erreurs');
    expect(await summary.textContent()).to.contain('La fermeture doit venir après l’ouverture.');
    const box = (await summary.boundingBox())!;
    // The form starts below the fold on a phone: the page scrolled down to the summary.
    expect(await page.evaluate(() => window.scrollY)).to.be.greaterThan(0);
    // In view, its top at the top of the screen (give or take a rounded pixel).
    expect(box.y).to.be.within(-1, 800 - box.height);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('erreurs');
    await page.screenshot({ path: path.join(shots, 'referent-erreurs-contrat-360.png') });
    // Its link leads to the field.
    await summary.getByRole('link', { name: /Fermeture/ }).click();
    expect(new URL(page.url()).hash).to.equal('#f-closesOn');
    expect(await page.locator('#f-closesOn').isVisible()).to.equal(true);
    const field = (await page.locator('#f-closesOn').boundingBox())!;
    expect(field.y).to.be.within(-1, 800 - field.height);
    await context.close();
  });
});
