import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { members, producers } from '../../server/db/schema/index.js';
import { reminderSettings } from '../../server/features/settings/reminder-settings.js';
import { csrfFrom, loginAs, makeTestApp, submitForm } from '../support/app.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { plain, text } from '../support/text.js';
import { reminderWorld, type ReminderWorld } from './reminders-world.js';

const NBSP = '\u00a0';

describe('/admin/rappels', () => {
  let w: ReminderWorld;
  beforeEach(async () => {
    w = await reminderWorld();
    w.email(w.people.hugo, 'hugo@exemple.fr', { optOut: true });
    w.onDuty(w.people.hugo, '2027-05-20');
    w.onDuty(w.people.paul, '2027-05-20');
  });

  it('is for administrators only', async () => {
    expect((await w.t.agent().get('/admin/rappels')).status).to.equal(302);
    const member = await createMember(w.t.ctx, { email: 'membre@exemple.fr' });
    const agent = await loginAs(w.t, member.email!, PASSWORD);
    expect((await agent.get('/admin/rappels')).status).to.equal(403);
  });

  it('shows every reminder with its settings and next run, and what each run sent and skipped, and why', async () => {
    await w.run('duty-reminders', '2027-05-18');
    await w.run('duty-reminders', '2027-05-18');
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const res = await admin.get('/admin/rappels');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    for (const label of [
      'Rappel de permanence',
      'Appel aux bénévoles',
      'Ce que vous récupérez',
      'Ouverture des souscriptions',
      'Fin des souscriptions',
      'Feuille de livraison au producteur',
      'Chèques à apporter',
      'Planning du mois',
    ])
      expect(page).to.include(label);
    expect(page).to.include('2 jours avant la permanence');
    // 09:00 UTC is 11:00 in Paris: today's 8 o'clock run is past.
    expect(page).to.include('Prochain passage : demain à 8 h');
    expect(page).to.include('1 mail (permanence du jeudi 20 mai) ; non envoyés : 1 sans adresse.');
    expect(page).to.include('1 sans adresse, 1 déjà envoyé');
    // Off by default: no next run.
    const collection = page.slice(page.indexOf('Ce que vous récupérez'), page.indexOf('Ouverture des souscriptions'));
    expect(collection).to.include('désactivé').and.not.include('Prochain passage');
  });

  it('keeps a contract’s own delivery-sheet delay, and refuses a wrong one in French with the value typed', async () => {
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const bad = await submitForm(admin, '/admin/rappels', `/admin/rappels/contrats/${w.legumes.contractId}`, {
      days: '2,5',
    });
    expect(bad.status).to.equal(422);
    expect(text(bad.text)).to.include('Un nombre entier de jours, sans virgule.');
    expect(bad.text).to.include('value="2,5"');
    const ok = await submitForm(admin, '/admin/rappels', `/admin/rappels/contrats/${w.legumes.contractId}`, {
      days: '4',
    });
    expect(ok.status).to.equal(302);
    expect(reminderSettings(w.t.db, w.t.ctx.config).producerSheetDaysByContract).to.deep.equal({
      [String(w.legumes.contractId)]: 4,
    });
  });
});

describe('the "Rappels" section of /admin/reglages', () => {
  const valid = {
    dutyEnabled: 'on',
    dutyDays: '3',
    volunteerEnabled: 'on',
    volunteerDays: '7',
    collectionDays: '1',
    openingEnabled: 'on',
    closingEnabled: 'on',
    closingDays: '3',
    closingAudience: 'previous-subscribers',
    producerSheetEnabled: 'on',
    producerSheetDays: '2',
    chequesEnabled: 'on',
    chequesDays: '7',
    planningEnabled: 'on',
    planningDay: '25',
  };

  it('shows the defaults, refuses bad values in French with the form refilled, saves good ones', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const page = await admin.get('/admin/reglages');
    expect(page.text).to.include('id="f-dutyDays"').and.include('value="2"');

    const bad = await submitForm(admin, '/admin/reglages', '/admin/reglages/rappels', {
      ...valid,
      dutyDays: 'deux',
      planningDay: '31',
    });
    expect(bad.status).to.equal(422);
    const said = text(bad.text);
    expect(said).to.include('Rappel de permanence : un nombre entier de jours, sans virgule.');
    expect(said).to.include('Planning du mois : un jour du mois, de 1 à 28.');
    expect(bad.text).to.include('value="deux"').and.include('value="31"');
    expect(reminderSettings(t.db, t.ctx.config).dutyDays).to.equal(2);

    const ok = await submitForm(admin, '/admin/reglages', '/admin/reglages/rappels', valid);
    expect(ok.status).to.equal(302);
    expect(reminderSettings(t.db, t.ctx.config)).to.deep.include({
      dutyDays: 3,
      collectionEnabled: false,
      closingAudience: 'previous-subscribers',
      planningEnabled: true,
      planningDay: 25,
    });
  });

  it('is refused to a member who is not an administrator', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const m = await createMember(t.ctx, { email: 'membre@exemple.fr' });
    const agent = await loginAs(t, m.email!, PASSWORD);
    const page = await agent.get('/compte');
    const res = await agent
      .post('/admin/reglages/rappels')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...valid });
    expect(res.status).to.equal(403);
  });
});

describe('the producer’s sheet on the contract page', () => {
  it('says when the sheet of the next delivery went out, and sends it again on "Renvoyer"', async () => {
    const w = await reminderWorld();
    w.t.db.update(producers).set({ email: 'gaec@volcans.fr' }).where(eq(producers.id, w.legumes.producerId)).run();
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const path = `/gestion/contrats/${w.legumes.contractId}`;
    expect(text((await admin.get(path)).text)).to.include(
      'feuille du jeu. 20 mai pas encore envoyée, elle partira le mardi 18 mai 2027.',
    );
    await w.run('producer-delivery-sheets', '2027-05-18');
    const page = text((await admin.get(path)).text);
    expect(page).to.match(/feuille du jeu\. 20 mai envoyée le 18\/05\/2027 à \d\d:\d\d\./);
    const before = w.mails('reminder-producer-sheet:').length;
    const res = await submitForm(admin, path, `${path}/feuille-livraison/renvoyer`, { du: '2027-05-20' });
    expect(res.status).to.equal(302);
    expect(w.mails('reminder-producer-sheet:')).to.have.length(before + 1);
    const noToken = await admin.post(`${path}/feuille-livraison/renvoyer`).type('form').send({ du: '2027-05-20' });
    expect(noToken.status).to.equal(403);
    const member = await createMember(w.t.ctx, { email: 'membre@exemple.fr' });
    const other = await loginAs(w.t, member.email!, PASSWORD);
    const refused = await submitForm(other, '/compte', `${path}/feuille-livraison/renvoyer`, { du: '2027-05-20' });
    expect(refused.status).to.equal(403);
    expect(w.mails('reminder-producer-sheet:')).to.have.length(before + 1);
  });
});

describe('mail quality', () => {
  it('a subscription mail says the hours as "18 h 30" and never puts brackets inside brackets', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx);
    const c = setupContract(t.ctx, admin.id, {
      products: [{ name: 'Panier', unit: 'panier (2 personnes)', priceCents: 1500 }],
    });
    const m = await createMember(t.ctx, { email: 'lea@exemple.fr' });
    subscribeEveryDelivery(t.ctx, c, m.id, { by: admin.id });
    const mail = outboxMails(t.ctx).find((o) => o.toAddress === 'lea@exemple.fr')!;
    // No-break spaces in the text part: a time never splits across lines.
    expect(mail.text).to.include(`de 18${NBSP}h${NBSP}30 à 19${NBSP}h${NBSP}30`);
    for (const body of [plain(mail.text), text(mail.html!)]) {
      expect(body).to.include('de 18 h 30 à 19 h 30');
      expect(body).to.include('1 × Panier (panier, 2 personnes)');
      expect(body).not.to.include('18:30');
      expect(body).not.to.match(/\([^)]*\(/);
    }
  });

  it('a member may decline the calls for volunteers from /compte', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const m = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
    const agent = await loginAs(t, m.email!, PASSWORD);
    const page = await agent.get('/compte');
    expect(page.text).to.match(/name="acceptsDutyCalls"\s+checked/);
    const res = await submitForm(agent, '/compte', '/compte', {
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea@exemple.fr',
    });
    expect(res.status).to.equal(302);
    expect(t.db.select().from(members).where(eq(members.id, m.id)).get()!.acceptsDutyCalls).to.equal(false);
  });
});
