import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, setupContract } from '../support/contracts.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { grantCredit } from '../../server/features/treasury/credits.service.js';
import { launchBrowser, startTestServer } from './browser.js';

/**
 * The payment step's script on a subscription with a 15 € credit: the last cheque it computes live is
 * the one the server saves (total − credits), and too much on the other cheques says both numbers and
 * keeps the confirm button off until fixed.
 */
describe('browser: the live schedule with a credit and "trop payé"', function () {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let contractId = 0;

  before(async () => {
    app = await startTestServer({
      name: 'AMAP du Navigateur',
      clock: () => new Date('2026-11-28T10:00:00Z'),
      prepare: async (ctx) => {
        const admin = await createAdmin(ctx, { email: 'admin@exemple.fr' });
        // 13 Thursdays at 35 €: 455 €, cheques cashed from January to April 2027.
        const c = setupContract(ctx, admin.id, {
          products: [{ name: 'Panier', unit: 'panier', priceCents: 3500 }],
          to: '2027-04-01',
        });
        contractId = c.contractId;
        const lea = await createMember(ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
        const quantities = c.deliveryIds.map((d) => ({
          deliveryId: d,
          contractProductId: c.productIds[0],
          quantity: 1,
        }));
        const subscriptionId = saveSubscription(ctx, actor(ctx, lea.id), contractId, lea.id, quantities, null);
        grantCredit(ctx, actor(ctx, admin.id), subscriptionId, 1500, 'Panier non livré');
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function paymentStep(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    await page.goto(app.base + '/connexion');
    await page.getByLabel('Adresse e-mail').fill('lea@exemple.fr');
    await page.getByLabel(/^Mot de passe\W*$/).fill(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Se connecter' }).click()]);
    await page.goto(`${app.base}/contrats/${contractId}/souscrire`);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Continuer : le paiement' }).click(),
    ]);
    return page;
  }

  it('computes the last cheque from 440 €, as saved, and blocks confirming while the cheques exceed it', async () => {
    const page = await paymentStep();
    const last = page.locator('output[data-computed="1"]');
    const confirm = page.getByRole('button', { name: 'Confirmer ma souscription' });
    // No-JavaScript help is not needed here: the last cheque follows live.
    expect(await page.locator('[data-recalculate]').isVisible()).to.equal(false);

    await page.getByLabel('janvier 2027').fill('128');
    await page.getByLabel('février 2027').fill('128');
    await page.getByLabel('mars 2027').fill('129');
    expect(await last.textContent()).to.match(/^55,00\s€$/);
    expect(await confirm.isEnabled()).to.equal(true);

    await page.getByLabel('janvier 2027').fill('547');
    expect(await last.textContent()).to.match(/^-364,00\s€$/);
    expect(await confirm.isDisabled()).to.equal(true);
    const overpaid = page.locator('[data-overpaid-line]');
    expect(await overpaid.isVisible()).to.equal(true);
    expect(await overpaid.textContent()).to.match(/Vos chèques font 804,00\s€ pour un total de 440,00\s€\./);
    expect(await page.locator('[data-total-line]').isVisible()).to.equal(false);
    expect(await page.locator('.live-error').textContent()).to.match(
      /Trop payé : vos chèques font 804,00\s€ pour un total de 440,00\s€\./,
    );

    await page.getByLabel('janvier 2027').fill('128');
    expect(await confirm.isEnabled()).to.equal(true);
    expect(await overpaid.isVisible()).to.equal(false);
    await Promise.all([page.waitForNavigation(), confirm.click()]);
    expect(new URL(page.url()).pathname).to.equal(`/contrats/${contractId}`);
    const box = await page.locator('.cheque-box').textContent();
    expect(box).to.match(/1 chèque de 55,00\s€, encaissé en avril 2027/);
    await page.close();
  });
});
