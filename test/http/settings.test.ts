import { expect } from 'chai';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { settings } from '../../server/db/schema/index.js';
import { getSettings } from '../../server/features/settings/settings.service.js';

async function setup() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin };
}

const checkbox = /<input type="checkbox" name="membershipRequired"[^>]*>/;

describe('settings: /admin/reglages', () => {
  it('is for administrators only: 403 for a plain member and a treasurer, who see no administration menu', async () => {
    const { t, admin } = await setup();
    await createMember(t.ctx, { email: 'paul@exemple.fr' });
    await createMember(t.ctx, { email: 'theo@exemple.fr', roles: ['treasurer'] });
    expect((await t.agent().get('/admin/reglages')).headers.location).to.equal('/connexion');
    expect((await admin.get('/admin/reglages')).text).to.match(/href="\/admin\/reglages" aria-current="page"/);
    for (const email of ['paul@exemple.fr', 'theo@exemple.fr']) {
      const agent = await loginAs(t, email, PASSWORD);
      expect((await agent.get('/')).text, email).not.to.contain('href="/admin/');
      expect((await agent.get('/admin/reglages')).status, email).to.equal(403);
      expect(
        (await submitForm(agent, '/compte', '/admin/reglages', { membershipRequired: 'on' })).status,
        email,
      ).to.equal(403);
    }
    expect(getSettings(t.db).membershipRequired).to.equal(false);
    expect(t.db.select().from(settings).all()).to.have.length(0);
  });

  it('toggles "membership required": stored, audited once per change, shown checked', async () => {
    const { t, admin } = await setup();
    const page = await admin.get('/admin/reglages');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Adhésion obligatoire pour souscrire aux contrats');
    expect(checkbox.exec(page.text)![0]).not.to.contain('checked');
    expect(page.text).to.contain('Aucune période d’adhésion n’est ouverte aujourd’hui');

    const on = await submitForm(admin, '/admin/reglages', '/admin/reglages', { membershipRequired: 'on' });
    expect(on.status).to.equal(302);
    expect(getSettings(t.db).membershipRequired).to.equal(true);
    const after = await admin.get('/admin/reglages');
    expect(after.text).to.contain('l’adhésion est maintenant obligatoire');
    expect(checkbox.exec(after.text)![0]).to.contain('checked');
    expect(audit(t, 'settings.updated').map((a) => a.details)).to.deep.equal([{ membershipRequired: [false, true] }]);

    await submitForm(admin, '/admin/reglages', '/admin/reglages', { membershipRequired: 'on' });
    expect(audit(t, 'settings.updated')).to.have.length(1);

    await submitForm(admin, '/admin/reglages', '/admin/reglages', {});
    expect(getSettings(t.db).membershipRequired).to.equal(false);
    expect(checkbox.exec((await admin.get('/admin/reglages')).text)![0]).not.to.contain('checked');
    expect(audit(t, 'settings.updated').map((a) => a.details)).to.deep.equal([
      { membershipRequired: [false, true] },
      { membershipRequired: [true, false] },
    ]);
  });

  it('reads a missing or unreadable value as the default', async () => {
    const { t } = await setup();
    const defaults = {
      membershipRequired: false,
      dutyPlacesPerDay: 3,
      dutyRoles: [],
      dutyWithdrawalHours: 48,
      dutyShiftsPerSeason: 2,
      dutySeasonStartMonth: 9,
      waitingListOfferDays: 3,
    };
    expect(getSettings(t.db)).to.deep.equal(defaults);
    t.db
      .insert(settings)
      .values({ key: 'membershipRequired', value: 'pas du json', updatedAt: t.ctx.clock().toISOString() })
      .run();
    t.db
      .insert(settings)
      .values({ key: 'dutyRoles', value: '[{"name":"","places":-1}]', updatedAt: t.ctx.clock().toISOString() })
      .run();
    expect(getSettings(t.db)).to.deep.equal(defaults);
  });
});
