import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { setupContract } from '../support/contracts.js';
import { launchBrowser, screenshotsDir as shots, startTestServer } from './browser.js';

/**
 * A member subscribes from a phone: quantities with the + button, the payment step where she
 * changes the first cheque and watches the last one follow, then her contract and "Mes contrats".
 */
describe('browser: a member subscribes to a fixed contract', function () {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let base: string;
  let contractId = 0;

  before(async () => {
    app = await startTestServer({
      name: 'AMAP du Navigateur',
      // A fixed "today" inside the contract's subscription window (2026-11-01 → 2026-12-15).
      clock: () => new Date('2026-11-28T10:00:00Z'),
      prepare: async (ctx) => {
        const admin = await createAdmin(ctx, { email: 'admin@exemple.fr' });
        // 12 weekly deliveries at 15 € a basket, cheques cashed in January, February and March 2027.
        contractId = setupContract(ctx, admin.id).contractId;
        await createMember(ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
      },
    });
    base = app.base;
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('quantities → edited schedule with the last cheque computed live → confirmation → Mes contrats', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    await page.goto(base + '/connexion');
    await page.getByLabel('Adresse e-mail').fill('lea@exemple.fr');
    await page.getByLabel(/^Mot de passe\W*$/).fill(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()]);

    await page.goto(base + '/contrats');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Souscrire' }).first().click()]);
    expect(new URL(page.url()).pathname).to.equal(`/contrats/${contractId}/souscrire`);

    // Two baskets with the + button; the totals follow as she taps.
    const plus = page.getByRole('button', { name: /Un de plus/ });
    await plus.click();
    await plus.click();
    expect(await page.locator('[data-total="delivery"]').textContent()).to.match(/30,00\s€/);
    expect(await page.locator('[data-total="season"]').textContent()).to.match(/360,00\s€/);
    await page.screenshot({ path: path.join(shots, 'e2e-subscribe-quantities.png'), fullPage: true });
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Continuer : le paiement' }).click(),
    ]);

    // Proposed: 120 € in January, February and March; March is computed.
    const first = page.getByLabel('janvier 2027');
    expect(await first.inputValue()).to.equal('120');
    const last = page.locator('output[data-computed="1"]');
    expect(await last.textContent()).to.match(/120,00\s€/);

    // Too much on the first cheque: the last one turns negative and says so, live.
    await first.fill('300');
    expect(await last.textContent()).to.match(/-60,00\s€/);
    expect(await page.locator('.live-error').textContent()).to.contain('Trop payé');

    // 100 € in January: March becomes 140 €.
    await first.fill('100');
    expect(await last.textContent()).to.match(/140,00\s€/);
    expect(await page.locator('.live-error').count()).to.equal(0);
    await page.screenshot({ path: path.join(shots, 'e2e-subscribe-schedule.png'), fullPage: true });
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Confirmer ma souscription' }).click(),
    ]);

    // The confirmation she can show at the table.
    expect(new URL(page.url()).pathname).to.equal(`/contrats/${contractId}`);
    const box = await page.locator('.cheque-box').textContent();
    expect(box).to.match(/3 chèques à l’ordre de GAEC des Volcans/);
    expect(box).to.match(/1 chèque de 100,00\s€, encaissé en janvier 2027/);
    expect(box).to.match(/1 chèque de 120,00\s€, encaissé en février 2027/);
    expect(box).to.match(/1 chèque de 140,00\s€, encaissé en mars 2027/);
    await page.screenshot({ path: path.join(shots, 'e2e-subscribe-confirmation.png'), fullPage: true });

    await page.getByText('Plus', { exact: true }).click();
    await page.getByRole('link', { name: 'Mes contrats' }).click();
    await page.waitForURL('**/mes-contrats');
    const mine = await page.locator('main').textContent();
    expect(mine).to.contain('Légumes été 2027');
    expect(mine).to.match(/Total de la saison : 360,00\s€/);
    await page.close();
  });
});
