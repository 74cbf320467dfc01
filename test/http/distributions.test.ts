import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract } from '../support/contracts.js';
import { audit } from '../support/audit.js';
import { contracts, distributionDays, dutyRoles, dutyShifts, producerReferents } from '../../server/db/schema/index.js';
import { cancelDelivery } from '../../server/features/contracts/contract-calendar.service.js';
import { text } from '../support/text.js';

/**
 * Vegetables every Thursday from 7 January 2027, bread every other Thursday; today is 28 November
 * 2026. Coline coordinates the duty; Léa is a member.
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const veg = setupContract(t.ctx, admin.id, { producerId: createProducer(t.ctx, { name: 'GAEC des Volcans' }) });
  const bread = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'Fournil du Puy' }),
    frequency: 'fortnightly',
    products: [{ name: 'Pain de campagne', unit: 'pain', priceCents: 450 }],
  });
  t.db.update(contracts).set({ name: 'Pain hiver 2027' }).where(eq(contracts.id, bread.contractId)).run();
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const coline = await createMember(t.ctx, {
    firstName: 'Coline',
    lastName: 'Perrin',
    email: 'coline@exemple.fr',
    roles: ['coordinator'],
  });
  return { t, admin, veg, bread, lea: lea.id, coline: coline.id };
}

async function post(agent: request.Agent, from: string, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get(from);
  const res = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
  const next = res.status === 302 ? text((await agent.get(res.headers.location)).text) : text(res.text);
  return { status: res.status, location: res.headers.location as string | undefined, page: next };
}

const current = (t: TestApp, on: string) =>
  t.db
    .select()
    .from(dutyShifts)
    .where(eq(dutyShifts.dayOn, on))
    .all()
    .filter((s) => !s.endedAt);

describe('distribution days: /distributions', () => {
  it('lists the coming days with the contracts delivering, the team and the open places, and the past ones apart', async () => {
    const { t } = await world();
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    await post(lea, '/permanences', '/permanences/2027-01-07/inscription', { retour: '/permanences' });
    const page = text((await lea.get('/distributions')).text);
    expect(page).to.contain('jeudi 7 janvier 2027');
    expect(page).to.contain('Livraisons : Pain hiver 2027 (Fournil du Puy), Légumes été 2027 (GAEC des Volcans)');
    expect(page).to.match(
      /jeudi 14 janvier 2027 de 18 h 30 à 19 h 30 3 places libres sur 3 Livraisons : Légumes été 2027 \(GAEC des Volcans\)/,
    );
    expect(page).to.contain('Léa Martin (vous)');
    expect(page).to.contain('2 places libres sur 3');
    expect(page).to.contain('Distributions passées');
    expect(text((await lea.get('/distributions?passees=1')).text)).to.contain(
      'Aucune distribution ces douze derniers mois.',
    );

    t.clock.set('2027-01-20T10:00:00.000Z');
    const past = text((await lea.get('/distributions?passees=1')).text);
    expect(past.indexOf('jeudi 14 janvier 2027')).to.be.lessThan(past.indexOf('jeudi 7 janvier 2027'));
    expect(past).to.contain('Léa Martin (vous)');
    expect(text((await lea.get('/distributions')).text)).not.to.contain('jeudi 14 janvier 2027');
    expect((await lea.get('/distributions/2027-01-08')).status).to.equal(404);
  });

  it('lets the coordinator set a day’s place, hours, note and own roles; members see them; a member may not', async () => {
    const { t } = await world();
    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    const saved = await post(coline, '/distributions/2027-01-07/modifier', '/distributions/2027-01-07/modifier', {
      place: 'Préau de l’école',
      startTime: '18:00',
      endTime: '19:15',
      note: 'Entrée par le portail arrière',
      placesNeeded: '3',
      rolesMode: 'jour',
      roleName1: 'Ouverture et installation',
      rolePlaces1: '1',
      roleName2: 'Accueil et émargement',
      rolePlaces2: '2',
    });
    expect(saved.location).to.equal('/distributions/2027-01-07');
    expect(saved.page).to.contain('Distribution du jeudi 7 janvier 2027 enregistrée.');
    expect(
      t.db
        .select()
        .from(dutyRoles)
        .all()
        .map((r) => [r.name, r.places]),
    ).to.deep.equal([
      ['Ouverture et installation', 1],
      ['Accueil et émargement', 2],
    ]);
    expect(audit(t, 'distribution-day.updated')).to.have.length(1);

    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const day = text((await lea.get('/distributions/2027-01-07')).text);
    expect(day).to.contain('de 18 h à 19 h 15 · Préau de l’école');
    expect(day).to.contain('Entrée par le portail arrière');
    expect(day).to.contain('Ouverture et installation (1 place, 1 libre)');
    expect(day).to.contain('Accueil et émargement (2 places, 2 libres)');
    expect(day).not.to.contain('Coordination');
    // Thursday the 14th kept the defaults.
    expect(text((await lea.get('/distributions/2027-01-14')).text)).to.contain('de 18 h 30 à 19 h 30');

    expect((await lea.get('/distributions/2027-01-07/modifier')).status).to.equal(403);
    const refused = await post(lea, '/permanences', '/distributions/2027-01-07/modifier', {
      startTime: '10:00',
      endTime: '11:00',
      placesNeeded: '1',
      rolesMode: 'defaut',
    });
    expect(refused.status).to.equal(403);

    const wrong = await post(coline, '/distributions/2027-01-07/modifier', '/distributions/2027-01-07/modifier', {
      startTime: '19:00',
      endTime: '18:00',
      placesNeeded: '3',
      rolesMode: 'jour',
      roleName1: 'Accueil',
      rolePlaces1: 'deux',
    });
    expect(wrong.status).to.equal(422);
    expect(wrong.page).to.contain('La fin doit être après le début.');
    expect(wrong.page).to.contain('Indiquez pour « Accueil » un nombre de places entre 1 et 30.');
    expect(t.db.select().from(dutyRoles).all()).to.have.length(2);

    // Back to the defaults: the day's own roles go.
    await post(coline, '/distributions/2027-01-07/modifier', '/distributions/2027-01-07/modifier', {
      place: '',
      startTime: '18:30',
      endTime: '19:30',
      placesNeeded: '3',
      rolesMode: 'defaut',
    });
    expect(t.db.select().from(dutyRoles).all()).to.deep.equal([]);
    const row = t.db.select().from(distributionDays).where(eq(distributionDays.on, '2027-01-07')).get()!;
    expect(row).to.include({ startTime: null, endTime: null, placesNeeded: null, customRoles: false });
  });

  it('cancels a day: shown to members, no sign-up on it, until the coordinator restores it', async () => {
    const { t } = await world();
    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const cancelled = await post(coline, '/distributions/2027-01-21', '/distributions/2027-01-21/annulation', {
      cancelReason: 'Vacances scolaires',
    });
    expect(cancelled.page).to.contain('Distribution du jeudi 21 janvier 2027 annulée.');
    expect(text((await lea.get('/permanences')).text)).to.contain('Annulée : Vacances scolaires');
    const refused = await post(lea, '/permanences', '/permanences/2027-01-21/inscription', { retour: '/permanences' });
    expect(refused.page).to.contain('Cette distribution est annulée.');
    expect(current(t, '2027-01-21')).to.deep.equal([]);
    expect((await post(lea, '/permanences', '/distributions/2027-01-21/annulation')).status).to.equal(403);

    await post(coline, '/distributions/2027-01-21', '/distributions/2027-01-21/retablissement');
    const ok = await post(lea, '/permanences', '/permanences/2027-01-21/inscription', { retour: '/permanences' });
    expect(ok.page).to.contain('Merci ! Vous êtes inscrit·e le jeudi 21 janvier 2027.');
  });

  it('tells the team and the referents of the day’s contracts when a day is cancelled, and again when restored', async () => {
    const { t, veg } = await world();
    const vegProducer = t.db.select().from(contracts).where(eq(contracts.id, veg.contractId)).get()!.producerId;
    const rita = await createMember(t.ctx, { firstName: 'Rita', lastName: 'Roux', email: 'rita@exemple.fr' });
    t.db.insert(producerReferents).values({ producerId: vegProducer, memberId: rita.id }).run();
    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    await post(lea, '/permanences', '/permanences/2027-01-14/inscription', { retour: '/permanences' });
    const about = (to: string) => outboxMails(t.ctx).filter((m) => m.toAddress === to && /14 janvier/.test(m.subject));

    await post(coline, '/distributions/2027-01-14', '/distributions/2027-01-14/annulation', { cancelReason: 'Neige' });
    await post(coline, '/distributions/2027-01-14', '/distributions/2027-01-14/annulation', { cancelReason: 'Neige' });
    const leaMails = about('lea@exemple.fr').filter((m) => m.subject.startsWith('Distribution annulée'));
    expect(leaMails).to.have.length(1);
    expect(leaMails[0].text).to.contain('est annulée : Neige.');
    expect(leaMails[0].text).to.contain('Votre permanence de ce jour-là n’a donc pas lieu');
    const ritaMails = about('rita@exemple.fr');
    expect(ritaMails).to.have.length(1);
    expect(ritaMails[0].text).to.contain('annulez-les ou déplacez-les');
    expect(about('coline@exemple.fr')).to.have.length(0);

    await post(coline, '/distributions/2027-01-14', '/distributions/2027-01-14/retablissement');
    expect(about('lea@exemple.fr').map((m) => m.subject)).to.include(
      'La distribution du jeudi 14 janvier 2027 a lieu finalement',
    );
    expect(about('rita@exemple.fr')).to.have.length(2);
  });

  it('adds a day by hand, but not on a day that already is one, nor in the past', async () => {
    const { t } = await world();
    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    const added = await post(coline, '/distributions/nouvelle', '/distributions/nouvelle', {
      on: '2027-01-16',
      title: 'Assemblée générale',
      place: 'Salle des fêtes',
      startTime: '10:00',
      endTime: '12:00',
    });
    expect(added.location).to.equal('/distributions/2027-01-16');
    expect(added.page).to.contain('samedi 16 janvier 2027 · Assemblée générale');
    expect(added.page).to.contain('Aucune livraison ce jour-là.');
    expect(text((await coline.get('/distributions')).text)).to.contain('Assemblée générale');

    const twice = await post(coline, '/distributions/nouvelle', '/distributions/nouvelle', {
      on: '2027-01-07',
      startTime: '18:30',
      endTime: '19:30',
    });
    expect(twice.status).to.equal(422);
    expect(twice.page).to.contain('Il y a déjà une distribution le jeudi 7 janvier 2027.');
    const past = await post(coline, '/distributions/nouvelle', '/distributions/nouvelle', {
      on: '2026-11-01',
      startTime: '18:30',
      endTime: '19:30',
    });
    expect(past.page).to.contain('Cette date est passée');
    expect(
      t.db
        .select()
        .from(distributionDays)
        .all()
        .map((d) => d.on),
    ).to.deep.equal(['2027-01-16']);
  });

  it('warns the coordinator and the member when a day with sign-ups loses all its deliveries', async () => {
    const { t, admin, veg } = await world();
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    await post(lea, '/permanences', '/permanences/2027-01-14/inscription', { retour: '/permanences' });
    // The 14th is a vegetables-only Thursday: cancelling its delivery leaves no distribution.
    cancelDelivery(t.ctx, actor(t.ctx, admin.id), veg.contractId, veg.deliveryIds[1]);
    const coline = await loginAs(t, 'coline@exemple.fr', PASSWORD);
    const list = text((await coline.get('/distributions')).text);
    expect(list).to.contain('Inscriptions sur des jours sans distribution');
    expect(list).to.contain('jeudi 14 janvier 2027 Léa Martin');
    expect(text((await lea.get('/distributions')).text)).not.to.contain('Inscriptions sur des jours sans distribution');
    expect(text((await lea.get('/mes-permanences')).text)).to.contain('Il n’y a plus de distribution ce jour-là.');

    // She can still leave it, as the coordinator can remove her.
    const shift = current(t, '2027-01-14')[0];
    await post(lea, '/mes-permanences', `/permanences/equipe/${shift.id}/retrait`, { retour: '/mes-permanences' });
    expect(current(t, '2027-01-14')).to.deep.equal([]);
  });
});
