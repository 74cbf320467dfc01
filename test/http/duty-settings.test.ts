import { expect } from 'chai';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { getSettings } from '../../server/features/settings/settings.service.js';
import { text } from '../support/text.js';

const valid = {
  dutyPlacesPerDay: '4',
  dutyWithdrawalHours: '24',
  dutyShiftsPerSeason: '3',
  dutySeasonStartMonth: '4',
  roleName1: 'Ouverture et installation',
  rolePlaces1: '1',
  roleName2: 'Accueil et émargement',
  rolePlaces2: '2',
};

describe('settings: the duty settings', () => {
  it('are saved from the settings page, audited, and shown again', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const page = text((await admin.get('/admin/reglages')).text);
    expect(page).to.contain('Délai pour se retirer (en heures avant le début)');
    const res = await submitForm(admin, '/admin/reglages', '/admin/reglages/permanences', valid);
    expect(res.status).to.equal(302);
    expect(getSettings(t.db)).to.include({
      dutyPlacesPerDay: 4,
      dutyWithdrawalHours: 24,
      dutyShiftsPerSeason: 3,
      dutySeasonStartMonth: 4,
    });
    expect(getSettings(t.db).dutyRoles).to.deep.equal([
      { name: 'Ouverture et installation', places: 1 },
      { name: 'Accueil et émargement', places: 2 },
    ]);
    const again = (await admin.get('/admin/reglages')).text;
    expect(again).to.contain('Réglages des permanences enregistrés.');
    expect(again).to.contain('value="Accueil et émargement"');
    expect(again).to.match(/<option value="4" selected>avril<\/option>/);
    expect(audit(t, 'settings.updated')).to.have.length(1);
    await submitForm(admin, '/admin/reglages', '/admin/reglages/permanences', valid);
    expect(audit(t, 'settings.updated')).to.have.length(1);
  });

  it('refuses wrong values with a message next to the field, keeping what was typed, and saves nothing', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    await createMember(t.ctx, { email: 'coline@exemple.fr', roles: ['coordinator'] });
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const res = await submitForm(admin, '/admin/reglages', '/admin/reglages/permanences', {
      ...valid,
      dutyWithdrawalHours: '2,5',
      rolePlaces2: '0',
    });
    expect(res.status).to.equal(422);
    const page = text(res.text);
    expect(page).to.contain('Délai pour se retirer : un nombre entier, sans virgule.');
    expect(page).to.contain('Indiquez pour « Accueil et émargement » un nombre de places entre 1 et 30.');
    expect(res.text).to.contain('value="2,5"');
    expect(getSettings(t.db).dutyWithdrawalHours).to.equal(48);
    expect(getSettings(t.db).dutyRoles).to.deep.equal([]);

    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    expect((await submitForm(coline, '/permanences', '/admin/reglages/permanences', valid)).status).to.equal(403);
  });
});
