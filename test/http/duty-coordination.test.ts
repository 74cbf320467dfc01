import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { dutyShifts, members } from '../../server/db/schema/index.js';
import { readCsv } from '../../server/lib/csv.js';
import { plain, text } from '../support/text.js';

/**
 * Vegetables every Thursday from 7 January to 25 March 2027 (12 days, 3 people each); today is
 * 28 November 2026; 2 shifts expected per household in the season (September to August). Five
 * households collect vegetables; Léa already signed up for 7 January. Coline coordinates and
 * collects nothing (not expected on duty).
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const veg = setupContract(t.ctx, admin.id);
  const names: [string, string, string][] = [
    ['Léa', 'Martin', 'lea'],
    ['Paul', 'Dupont', 'paul'],
    ['Zoé', 'Abel', 'zoe'],
    ['Marc', 'Roux', 'marc'],
    ['Inès', 'Faure', 'ines'],
  ];
  const ids: Record<string, number> = {};
  for (const [firstName, lastName, key] of names) {
    ids[key] = (await createMember(t.ctx, { firstName, lastName, email: `${key}@exemple.fr` })).id;
    subscribeEveryDelivery(t.ctx, veg, ids[key]);
  }
  ids.coline = (
    await createMember(t.ctx, {
      firstName: 'Coline',
      lastName: 'Perrin',
      email: 'coline@exemple.fr',
      roles: ['coordinator'],
    })
  ).id;
  // Inès has no e-mail address: the copyable list cannot hold her.
  t.db.update(members).set({ email: null }).where(eq(members.id, ids.ines)).run();
  const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
  await post(lea, '/permanences', '/permanences/2027-01-07/inscription', { retour: '/permanences' });
  return { t, ids, coline: await loginAs(t, 'coline@exemple.fr', PASSWORD), lea };
}

async function post(agent: request.Agent, from: string, action: string, fields: Record<string, string | string[]>) {
  const page = await agent.get(from);
  const res = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...fields });
  return {
    status: res.status,
    page: res.status === 302 ? text((await agent.get(res.headers.location)).text) : text(res.text),
  };
}

const current = (t: TestApp) =>
  t.db
    .select()
    .from(dutyShifts)
    .all()
    .filter((s) => !s.endedAt);

/** The proposal's ticked boxes: "2027-01-14|3|" … */
const keysIn = (html: string) => [...html.matchAll(/name="choix" value="([^"]+)"/g)].map((m) => m[1]);

describe('duty coordination', () => {
  it('previews a fair proposal for the coming three months, who, when and why, writing nothing', async () => {
    const { t, coline } = await world();
    const res = await coline.get('/coordination/proposition');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Du samedi 28 novembre 2026 au dimanche 28 février 2027 (saison 2026-2027)');
    expect(page).to.contain('8 distributions encore ouvertes aux inscriptions, 23 places libres');
    const keys = keysIn(res.text);
    // Léa needs one more shift, the four others two each.
    expect(keys).to.have.length(9);
    expect(page).to.contain('retire un panier ce jour-là · 2e permanence sur 2 attendues');
    expect(page).not.to.contain('Foyers qui n’ont pas pu être placés');
    const byMember = new Map<string, string[]>();
    for (const k of keys) {
      const [on, memberId] = k.split('|');
      byMember.set(memberId, [...(byMember.get(memberId) ?? []), on]);
    }
    for (const [, days] of byMember)
      if (days.length === 2) expect(days[0] < '2027-02-04' && days[1] >= '2027-02-04').to.equal(true);
    expect(current(t)).to.have.length(1);
    // The same data, the same proposal.
    expect(keysIn((await coline.get('/coordination/proposition')).text)).to.deep.equal(keys);
  });

  it('applies the ticked part of the proposal, mails each member their shifts, and refuses a member', async () => {
    const { t, ids, coline, lea } = await world();
    const keys = keysIn((await coline.get('/coordination/proposition')).text);
    const paulsKeys = keys.filter((k) => k.split('|')[1] === String(ids.paul));
    const chosen = [...paulsKeys, keys.find((k) => k.split('|')[1] === String(ids.zoe))!];
    const applied = await post(coline, '/coordination/proposition', '/coordination/proposition', {
      du: '2026-11-28',
      au: '2027-02-28',
      choix: chosen,
    });
    expect(applied.page).to.contain('3 permanences enregistrées ; chaque membre reçoit un mail.');
    expect(
      current(t)
        .map((s) => `${s.dayOn}|${s.memberId}|${s.roleName ?? ''}`)
        .sort(),
    ).to.deep.equal([`2027-01-07|${ids.lea}|`, ...chosen].sort());
    const paulsMail = outboxMails(t.ctx).filter(
      (m) => m.toAddress === 'paul@exemple.fr' && m.subject.includes('permanence'),
    );
    expect(paulsMail).to.have.length(1);
    expect(plain(paulsMail[0].subject)).to.match(/^2 permanences pour vous, à partir du jeudi/);
    expect(plain(paulsMail[0].text)).to.contain('Coline Perrin vous a inscrit·e aux permanences suivantes');

    const again = await post(coline, '/coordination/proposition', '/coordination/proposition', {
      du: '2026-11-28',
      au: '2027-02-28',
      choix: chosen,
    });
    expect(again.page).to.contain(
      '0 permanence enregistrée ; chaque membre reçoit un mail. 3 n’étaient plus possibles',
    );
    expect(current(t)).to.have.length(4);
    const none = await post(coline, '/coordination/proposition', '/coordination/proposition', {
      du: '2026-11-28',
      au: '2027-02-28',
    });
    expect(none.page).to.contain('Cochez au moins une permanence à enregistrer.');

    expect((await lea.get('/coordination/proposition')).status).to.equal(403);
    expect((await lea.get('/coordination')).status).to.equal(403);
    const refused = await post(lea, '/permanences', '/coordination/proposition', {
      du: '2026-11-28',
      au: '2027-02-28',
      choix: keys,
    });
    expect(refused.status).to.equal(403);
    expect(current(t)).to.have.length(4);
  });

  it('says who could not be placed when the places run out', async () => {
    const { coline } = await world();
    // One Thursday only: 2 places left for 9 missing shifts.
    const page = text((await coline.get('/coordination/proposition?du=2027-01-07&au=2027-01-07')).text);
    expect(page).to.contain('Foyers qui n’ont pas pu être placés');
    expect(page).to.contain('plus aucune place libre sur la période');
    const wrong = await coline.get('/coordination/proposition?du=2027-02-30&au=2027-03-01');
    expect(wrong.status).to.equal(422);
    expect(text(wrong.text)).to.contain('Dates de la période invalides');
  });

  it('reports the season per household against the target, with the e-mails of those behind, as CSV and XLSX', async () => {
    const { t, coline } = await world();
    t.clock.set('2027-01-10T10:00:00.000Z');
    const page = text((await coline.get('/coordination/bilan')).text);
    expect(page).to.contain('Bilan des permanences 2026-2027');
    expect(page).to.match(/5 foyers attendus 5 en retard sur leur objectif 4 sans aucune permanence/);
    expect(page).to.contain('MARTIN Léa 2 1 0 1');
    expect(page).to.contain('À copier dans votre messagerie (4 adresses)');
    expect(page).to.contain('zoe@exemple.fr, paul@exemple.fr, lea@exemple.fr, marc@exemple.fr');
    expect(page).to.contain('1 foyer sans e-mail : à prévenir autrement.');
    expect(page).to.match(/janvier 2027 4 12 1 11/);

    const csv = await coline.get('/coordination/bilan.csv');
    expect(csv.headers['content-disposition']).to.contain('permanences-2026-2027.csv');
    const rows = readCsv(csv.text);
    expect(rows[0]).to.deep.equal([
      'Nom',
      'Prénom',
      'E-mail',
      'Téléphone',
      'Attendues',
      'Faites',
      'Prévues',
      'Sans remplaçant·e',
      'Manquantes',
    ]);
    expect(rows.slice(1).map((r) => `${r[0]} ${r[5]} ${r[6]} ${r[8]}`)).to.deep.equal([
      'Abel 0 0 2',
      'Dupont 0 0 2',
      'Faure 0 0 2',
      'Martin 1 0 1',
      'Roux 0 0 2',
    ]);

    const xlsx = await coline
      .get('/coordination/bilan.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Foyers')!;
    expect(sheet.getRow(5).getCell(1).value).to.equal('Martin');
    expect(sheet.getRow(7).getCell(1).value).to.equal('Total');
    expect((sheet.getRow(7).getCell(9).value as { result: number }).result).to.equal(9);
    const months = wb.getWorksheet('Places par mois')!;
    expect(months.getRow(2).values).to.deep.include.members(['janvier 2027', 4, 12, 1, 11]);

    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    expect((await lea.get('/coordination/bilan.csv')).status).to.equal(403);
    expect((await coline.get('/coordination/bilan?saison=abc')).status).to.equal(404);
  });

  it('shows the coordinator the days lacking people and the households behind', async () => {
    const { coline } = await world();
    const page = text((await coline.get('/coordination')).text);
    expect(page).to.contain('Jours qui manquent de monde');
    expect(page).to.contain('jeudi 7 janvier 2027');
    expect(page).to.contain('5 foyers sur 5 n’ont pas encore toutes leurs permanences, dont 4 sans aucune.');
    expect(page).to.contain('MARTIN Léa 1 sur 2');
  });
});

describe('home page: the duty block', () => {
  it('shows my shift of this month, else the next day needing people with a one-tap sign-up', async () => {
    const { t, lea } = await world();
    expect(text((await lea.get('/')).text)).to.contain('Votre prochaine permanence : jeudi 7 janvier 2027.');
    t.clock.set('2027-01-02T10:00:00.000Z');
    expect(text((await lea.get('/')).text)).to.contain(
      'Vous êtes de permanence le jeudi 7 janvier 2027, de 18 h 30 à 19 h 30.',
    );

    const paul = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    const home = text((await paul.get('/')).text);
    expect(home).to.contain(
      'Le jeudi 7 janvier 2027 (de 18 h 30 à 19 h 30) manque de monde : 2 places libres, et vous y retirez un panier.',
    );
    const signed = await post(paul, '/', '/permanences/2027-01-07/inscription', { retour: '/#permanence' });
    expect(signed.page).to.contain('Merci ! Vous êtes inscrit·e le jeudi 7 janvier 2027.');
    expect(signed.page).to.contain('Vous êtes de permanence le jeudi 7 janvier 2027');
  });
});
