import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { dutyShifts, members } from '../../server/db/schema/index.js';
import { setDutySettings } from '../../server/features/settings/settings.service.js';
import { plain, text } from '../support/text.js';

/**
 * "Légumes été 2027" delivers every Thursday from 7 January 2027 (today is 28 November 2026);
 * 3 people on duty a day, no roles, withdrawal until 48 h before 18:30. Léa collects every
 * Thursday; Coline coordinates the duty; Zoé does not accept calls for volunteers.
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const veg = setupContract(t.ctx, admin.id);
  const member = async (firstName: string, lastName: string, email: string, roles: 'coordinator'[] = []) =>
    (await createMember(t.ctx, { firstName, lastName, email, roles })).id;
  const ids = {
    admin: admin.id,
    lea: await member('Léa', 'Martin', 'lea@exemple.fr'),
    paul: await member('Paul', 'Dupont', 'paul@exemple.fr'),
    zoe: await member('Zoé', 'Abel', 'zoe@exemple.fr'),
    coline: await member('Coline', 'Perrin', 'coline@exemple.fr', ['coordinator']),
  };
  t.db.update(members).set({ acceptsDutyCalls: false }).where(eq(members.id, ids.zoe)).run();
  subscribeEveryDelivery(t.ctx, veg, ids.lea);
  const as = (name: 'lea' | 'paul' | 'zoe' | 'coline' | 'admin') =>
    loginAs(t, `${name === 'admin' ? 'alice' : name}@exemple.fr`, PASSWORD);
  return { t, veg, ids, as };
}

/** POSTs a duty form from /permanences (its CSRF token), and follows the redirect to read the flash. */
async function tap(agent: request.Agent, action: string, fields: Record<string, string> = {}) {
  const page = await agent.get('/permanences');
  const res = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), retour: '/permanences', ...fields });
  if (res.status !== 302) return { status: res.status, page: text(res.text) };
  return { status: res.status, page: text((await agent.get(res.headers.location)).text) };
}

const shiftsOn = (t: TestApp, on: string) => t.db.select().from(dutyShifts).where(eq(dutyShifts.dayOn, on)).all();
const current = (t: TestApp, on: string) => shiftsOn(t, on).filter((s) => !s.endedAt);
/** The duty mails to an address (not those of their contracts), text with plain spaces. */
const mailsTo = (t: TestApp, address: string) =>
  outboxMails(t.ctx)
    .filter((m) => m.toAddress === address && !m.subject.startsWith('Votre contrat'))
    .map((m) => ({ ...m, subject: plain(m.subject), text: plain(m.text) }));

describe('duty roster: /permanences', () => {
  it('shows no shift yet, the coming days by month with their open places and the days I collect on; one tap signs me up, a second does nothing', async () => {
    const { t, as } = await world();
    const lea = await as('lea');
    const before = text((await lea.get('/permanences')).text);
    expect(before).to.contain('Aucune permanence prévue');
    expect(before).to.contain('janvier 2027');
    expect(before).to.contain('jeudi 7 janvier 2027');
    expect(before).to.contain('3 places libres sur 3');
    expect(before).to.contain('Vous retirez un panier ce jour-là');

    const first = await tap(lea, '/permanences/2027-01-07/inscription');
    expect(first.page).to.contain('Merci ! Vous êtes inscrit·e le jeudi 7 janvier 2027.');
    expect(first.page).to.match(/Ma prochaine permanence jeudi 7 janvier 2027/);
    expect(first.page).to.contain('Léa Martin (vous)');
    expect(first.page).to.contain('Je me retire');
    expect(first.page).to.contain('2 places libres sur 3');
    const [mail] = mailsTo(t, 'lea@exemple.fr');
    expect(mail.subject).to.equal('Permanence du jeudi 7 janvier 2027 : vous êtes inscrit·e');
    expect(mail.text).to.contain("Vous pouvez vous retirer jusqu'au mardi 5 janvier 2027 à 18 h 30.");

    const second = await tap(lea, '/permanences/2027-01-07/inscription');
    expect(second.page).to.contain('Vous êtes déjà inscrit·e le jeudi 7 janvier 2027.');
    expect(current(t, '2027-01-07')).to.have.length(1);
    expect(mailsTo(t, 'lea@exemple.fr')).to.have.length(1);
  });

  it('refuses a full role, a second place the same day and a day that has begun, writing nothing', async () => {
    const { t, ids, as } = await world();
    setDutySettings(t.ctx, actor(t.ctx, ids.admin), {
      dutyPlacesPerDay: 3,
      dutyRoles: [
        { name: 'Accueil et émargement', places: 1 },
        { name: 'Caisse et chèques', places: 1 },
      ],
      dutyWithdrawalHours: 48,
      dutyShiftsPerSeason: 2,
      dutySeasonStartMonth: 9,
    });
    const paul = await as('paul');
    const lea = await as('lea');
    expect(
      (await tap(paul, '/permanences/2027-01-07/inscription', { roleName: 'Accueil et émargement' })).page,
    ).to.contain('Vous êtes inscrit·e le jeudi 7 janvier 2027 (« Accueil et émargement »)');
    const roster = (await lea.get('/permanences')).text;
    const picker = /<select id="role-2027-01-07"[\s\S]*?<\/select>/.exec(roster)![0];
    expect(picker).to.contain('Caisse et chèques');
    expect(picker).not.to.contain('Accueil');

    const full = await tap(lea, '/permanences/2027-01-07/inscription', { roleName: 'Accueil et émargement' });
    expect(full.page).to.contain('Plus de place pour « Accueil et émargement » ce jour-là.');
    const noRole = await tap(lea, '/permanences/2027-01-07/inscription');
    expect(noRole.page).to.contain('Choisissez un rôle.');
    expect(current(t, '2027-01-07').map((s) => s.memberId)).to.deep.equal([ids.paul]);

    const twice = await tap(paul, '/permanences/2027-01-07/inscription', { roleName: 'Caisse et chèques' });
    expect(twice.page).to.contain(
      'Une seule place par jour : vous êtes déjà inscrit·e comme « Accueil et émargement » ce jour-là.',
    );
    expect(current(t, '2027-01-07')).to.have.length(1);

    t.clock.set('2027-01-07T17:45:00.000Z');
    const late = await tap(lea, '/permanences/2027-01-07/inscription', { roleName: 'Caisse et chèques' });
    expect(late.status).to.equal(302);
    expect(late.page).to.contain('Cette distribution est passée');
    expect(current(t, '2027-01-07')).to.have.length(1);

    const notADay = await tap(lea, '/permanences/2027-01-08/inscription');
    expect(notADay.page).to.contain('Il n’y a pas de distribution ce jour-là.');
    expect((await tap(lea, '/permanences/2027-02-30/inscription')).status).to.equal(404);
    expect(shiftsOn(t, '2027-01-08')).to.deep.equal([]);
  });

  it('lets me withdraw until 48 h before the start; after it, “Je ne peux pas venir” seeks a stand-in, and “Je remplace” frees me; both are mailed', async () => {
    const { t, ids, as } = await world();
    const lea = await as('lea');
    await tap(lea, '/permanences/2027-01-14/inscription');
    await tap(lea, '/permanences/2027-01-21/inscription');
    const withdrawn = await tap(lea, `/permanences/equipe/${current(t, '2027-01-21')[0].id}/retrait`);
    expect(withdrawn.page).to.contain('Vous n’êtes plus de permanence le jeudi 21 janvier 2027.');
    expect(current(t, '2027-01-21')).to.deep.equal([]);

    // Tuesday 12 January 2027 at 18:31 in Paris: past the deadline of Thursday's 18:30.
    t.clock.set('2027-01-12T17:31:00.000Z');
    const shift = current(t, '2027-01-14')[0];
    const page = text((await lea.get('/mes-permanences')).text);
    expect(page).to.contain('Je ne peux pas venir');
    expect(page).not.to.contain('Je me retire');
    const refused = await tap(lea, `/permanences/equipe/${shift.id}/retrait`);
    expect(refused.page).to.contain('Le délai pour vous retirer est passé (48 h avant le début)');
    expect(current(t, '2027-01-14')).to.have.length(1);

    const sought = await tap(lea, `/permanences/equipe/${shift.id}/empechement`);
    expect(sought.page).to.contain('un·e remplaçant·e est recherché·e pour le jeudi 14 janvier 2027');
    expect(current(t, '2027-01-14')[0].standInSoughtAt).to.be.a('string');
    const calls = outboxMails(t.ctx).filter((m) => m.subject.startsWith('Remplaçant·e recherché·e'));
    // The coordinator and every member accepting calls, but Léa herself and Zoé (no calls).
    expect(calls.map((m) => m.toAddress).sort()).to.deep.equal([
      'alice@exemple.fr',
      'coline@exemple.fr',
      'paul@exemple.fr',
    ]);
    expect(calls[0].text).to.contain('Léa Martin ne peut pas venir à la permanence du jeudi 14 janvier 2027');
    await tap(lea, `/permanences/equipe/${shift.id}/empechement`);
    expect(outboxMails(t.ctx).filter((m) => m.subject.startsWith('Remplaçant·e recherché·e'))).to.have.length(3);

    const paul = await as('paul');
    const paulsView = text((await paul.get('/permanences')).text);
    expect(paulsView).to.contain('Léa Martin remplaçant·e recherché·e');
    expect(paulsView).to.contain('Je remplace');
    const taken = await tap(paul, `/permanences/equipe/${shift.id}/remplacement`);
    expect(taken.page).to.contain('Merci ! Vous êtes de permanence le jeudi 14 janvier 2027');
    const now = current(t, '2027-01-14');
    expect(now.map((s) => s.memberId)).to.deep.equal([ids.paul]);
    expect(now[0].replacesId).to.equal(shift.id);
    expect(shiftsOn(t, '2027-01-14').find((s) => s.id === shift.id)!.endReason).to.equal('replaced');
    expect(mailsTo(t, 'lea@exemple.fr').at(-1)!.subject).to.equal('Paul Dupont vous remplace le jeudi 14 janvier 2027');
    expect(mailsTo(t, 'paul@exemple.fr').at(-1)!.subject).to.equal(
      'Merci ! Vous remplacez Léa Martin le jeudi 14 janvier 2027',
    );

    expect((await tap(paul, `/permanences/equipe/${shift.id}/remplacement`)).page).to.contain('Vous remplacez déjà');
    const zoe = await as('zoe');
    expect((await tap(zoe, `/permanences/equipe/${shift.id}/remplacement`)).page).to.contain(
      'Quelqu’un a déjà pris cette place.',
    );
    expect(current(t, '2027-01-14')).to.have.length(1);
    expect(text((await lea.get('/mes-permanences')).text)).to.contain('Aucune permanence prévue');
  });

  it('lets the coordinator put anyone on a day (the member is mailed) and remove them; a member may do neither for someone else', async () => {
    const { t, ids, as } = await world();
    const lea = await as('lea');
    const coline = await as('coline');
    const forOther = await tap(lea, '/permanences/2027-01-07/inscription', { memberId: String(ids.zoe) });
    expect(forOther.status).to.equal(403);
    expect(forOther.page).to.contain('Vous ne pouvez inscrire que vous-même');
    expect(current(t, '2027-01-07')).to.deep.equal([]);

    const assigned = await tap(coline, '/permanences/2027-01-07/inscription', { memberId: String(ids.zoe) });
    expect(assigned.page).to.contain('Inscription faite pour le jeudi 7 janvier 2027');
    expect(current(t, '2027-01-07').map((s) => s.memberId)).to.deep.equal([ids.zoe]);
    const [mail] = mailsTo(t, 'zoe@exemple.fr');
    expect(mail.subject).to.equal('Permanence du jeudi 7 janvier 2027');
    expect(mail.text).to.contain('Coline Perrin vous a inscrit·e à la permanence suivante');
    expect(mail.text).to.contain('jeudi 7 janvier 2027, de 18 h 30 à 19 h 30');

    const zoeShift = current(t, '2027-01-07')[0].id;
    const removedByLea = await tap(lea, `/permanences/equipe/${zoeShift}/retrait`);
    expect(removedByLea.status).to.equal(403);
    expect(current(t, '2027-01-07')).to.have.length(1);
    expect((await lea.get('/permanences')).text).not.to.contain(`/permanences/equipe/${zoeShift}/retrait`);

    const removed = await tap(coline, `/permanences/equipe/${zoeShift}/retrait`);
    expect(removed.page).to.contain('Retiré·e de la permanence du jeudi 7 janvier 2027.');
    expect(shiftsOn(t, '2027-01-07')[0].endReason).to.equal('removed');
  });
});
