import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotsDir as shots, startTestServer } from './browser.js';

/**
 * The first minutes of an AMAP, in a real browser against the real server on a SQLite file:
 * installation → create a member with an invitation → log out → the member opens the invitation
 * link read in the mail log, sets a password → logs in.
 */
describe('browser: installation and first member', function () {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let base: string;

  before(async () => {
    app = await startTestServer({ name: 'AMAP du Navigateur' });
    base = app.base;
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Clicks a submit button and waits for the page that answers. */
  async function submit(page: Page, buttonText: string) {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: buttonText }).click(),
    ]);
  }

  it('goes from installation to an invited member logged in', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();

    // First visit: everything leads to the installation page.
    await page.goto(base + '/');
    expect(new URL(page.url()).pathname).to.equal('/installation');
    await page.getByLabel('Prénom').fill('Camille');
    await page.getByLabel(/^Nom\b/).fill('Durand');
    await page.getByLabel('Adresse e-mail').fill('camille@exemple.fr');
    await page.getByLabel(/^Mot de passe\W*$/).fill('radis et poireaux');
    await page.getByLabel('Mot de passe, une seconde fois').fill('radis et poireaux');
    await submit(page, 'Créer le compte administrateur');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.contain('Bonjour Camille');

    // The administrator adds a member and sends the invitation (the role menus are under "Plus").
    await page.getByText('Plus', { exact: true }).click();
    await Promise.all([
      page.waitForURL('**/admin/membres'),
      page.getByRole('link', { name: 'Administration' }).click(),
    ]);
    await Promise.all([
      page.waitForURL('**/admin/membres/nouveau'),
      page.getByRole('link', { name: 'Ajouter un membre' }).click(),
    ]);
    await page.getByLabel('Prénom').fill('Noé');
    await page.getByLabel(/^Nom\b/).fill('Martin');
    await page.getByLabel('Adresse e-mail').fill('noe.martin@exemple.fr');
    await page.getByLabel(/^Téléphone\W*$/).fill('06 12 34 56 78');
    expect(await page.getByLabel(/Envoyer une invitation/).isChecked()).to.equal(true);
    await submit(page, 'Ajouter le membre');
    expect(await page.locator('.flash-success').textContent()).to.contain(
      'l’invitation part vers noe.martin@exemple.fr',
    );

    // The mail log shows the invitation in full (no SMTP configured here).
    await page.goto(base + '/admin/mails');
    await Promise.all([page.waitForURL(/\/admin\/mails\/\d+$/), page.getByRole('link', { name: /Bienvenue/ }).click()]);
    const mailText = await page.locator('pre.mail-text').textContent();
    const link = /(http:\/\/127\.0\.0\.1:\d+\/invitation\/\S+)/.exec(mailText ?? '')?.[1];
    expect(link, mailText ?? '').to.be.a('string');
    await page.screenshot({ path: path.join(shots, 'e2e-mail-log.png'), fullPage: true });

    await page.getByText('Plus', { exact: true }).click();
    await submit(page, 'Se déconnecter');
    expect(new URL(page.url()).pathname).to.equal('/connexion');

    // The member opens the link, chooses a password, and logs in.
    await page.goto(link!);
    expect(await page.locator('main').textContent()).to.contain('Bonjour Noé');
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.getByLabel('Le même, une seconde fois').fill('court');
    await submit(page, 'Enregistrer mon mot de passe');
    expect(await page.locator('.field-error').first().textContent()).to.contain('Au moins 10 caractères');
    await page.getByLabel('Nouveau mot de passe').fill('mon beau jardin');
    await page.getByLabel('Le même, une seconde fois').fill('mon beau jardin');
    await submit(page, 'Enregistrer mon mot de passe');
    expect(new URL(page.url()).pathname).to.equal('/connexion');
    expect(await page.getByLabel('Adresse e-mail').inputValue()).to.equal('noe.martin@exemple.fr');
    await page.getByLabel(/^Mot de passe\W*$/).fill('mon beau jardin');
    await submit(page, 'Se connecter');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.contain('Bonjour Noé');
    // A plain member has no administration menu, not even under "Plus".
    await page.getByText('Plus', { exact: true }).click();
    expect(await page.getByRole('link', { name: 'Mes contrats', exact: true }).isVisible()).to.equal(true);
    expect(await page.getByRole('link', { name: 'Administration' }).count()).to.equal(0);
    await page.screenshot({ path: path.join(shots, 'e2e-member-home.png'), fullPage: true });

    // The invitation link no longer works.
    await page.goto(link!);
    expect(await page.locator('main').textContent()).to.contain('Ce lien a déjà servi');
    await context.close();
  });
});
