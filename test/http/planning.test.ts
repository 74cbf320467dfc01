import { expect } from 'chai';
import type request from 'supertest';
import { producerReferents } from '../../server/db/schema/index.js';
import { loginAs } from '../support/app.js';
import { createMember, PASSWORD } from '../support/factories.js';
import { text } from '../support/text.js';
import { distributionWorld, type DistributionWorld } from '../documents/distribution-fixtures.js';
import { readPdf } from '../documents/fixtures.js';

/** GETs a file and keeps its bytes, whatever its type. */
function download(agent: request.Agent, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** The binary body of a document response. */
function binary(res: request.Response): Buffer {
  return res.body as Buffer;
}

interface Agents {
  w: DistributionWorld;
  plain: request.Agent;
  volunteer: request.Agent;
  volunteerId: number;
}

/** The known month, a plain member, and a member on duty on 20 May (in the role "Accueil"). */
async function setUp(): Promise<Agents> {
  const w = await distributionWorld();
  await createMember(w.t.ctx, { firstName: 'Nina', lastName: 'Simple', email: 'nina@exemple.fr' });
  const volunteer = await createMember(w.t.ctx, {
    firstName: 'Victor',
    lastName: 'Benevole',
    email: 'victor@exemple.fr',
  });
  w.onDuty(volunteer.id, '2027-05-20');
  w.onDuty(w.people.hugo, '2027-05-20', { standInSought: true });
  w.onDuty(w.people.paul, '2027-05-06');
  return {
    w,
    plain: await loginAs(w.t, 'nina@exemple.fr', PASSWORD),
    volunteer: await loginAs(w.t, 'victor@exemple.fr', PASSWORD),
    volunteerId: volunteer.id,
  };
}

describe('monthly planning (/planning/AAAA-MM)', () => {
  it('shows every distribution day of the month: date, hours, deliveries with their products, duty team and open places', async () => {
    const { plain } = await setUp();
    const res = await plain.get('/planning/2027-05');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Planning de mai 2027');
    for (const day of ['jeudi 6 mai 2027', 'jeudi 13 mai 2027', 'jeudi 20 mai 2027', 'jeudi 27 mai 2027'])
      expect(page).to.contain(day);
    expect(page).to.contain('18 h 30 – 19 h 30');
    expect(page).to.contain('GAEC des Volcans (Panier de légumes, Œufs)');
    expect(page).to.contain('Fournil du Puy (Pain de campagne)');
    expect(page).to.contain('Victor Benevole');
    expect(page).to.contain('Hugo Roux (remplaçant·e recherché·e)');
    expect(page).to.contain('Paul Dupont');
    // 3 people needed: 20 May has 1 open place (a stand-in sought still holds one), the 13th all 3.
    const row = (day: string) => text(res.text.split(`id="jour-${day}"`)[1].split('</tr>')[0]);
    expect(row('2027-05-20')).to.contain('1 place libre');
    expect(row('2027-05-13')).to.contain('3 places libres');
    expect(row('2027-05-13')).to.contain('◯◯◯');
    expect(res.text).to.contain('href="/planning/2027-04"');
    expect(res.text).to.contain('href="/planning/2027-06"');
    expect(res.text).to.contain('href="/planning/2027-05.pdf"');
    // A plain member not on duty is offered no sign-in sheet.
    expect(res.text).to.not.contain('emargement');
    expect(res.text).to.contain('href="/planning"');
  });

  it('links the sign-in sheet of the days a member is on duty, and only those', async () => {
    const { volunteer } = await setUp();
    const res = await volunteer.get('/planning/2027-05');
    expect(res.text).to.contain('href="/distributions/2027-05-20/emargement.pdf"');
    expect(res.text).to.contain('href="/distributions/2027-05-20/emargement.xlsx"');
    expect(res.text).to.contain('href="/planning/2027-05/emargement.pdf"');
    expect(res.text).to.not.contain('/distributions/2027-05-13/emargement');
  });

  it('says so in a sentence for a month without distribution', async () => {
    const { plain } = await setUp();
    const res = await plain.get('/planning/2027-08');
    expect(res.status).to.equal(200);
    expect(text(res.text)).to.contain('Aucune distribution en août 2027.');
    expect(res.text).to.not.contain('<table');
    const pdf = await download(plain, '/planning/2027-08.pdf');
    expect((await readPdf(binary(pdf))).text).to.contain('Aucune distribution en août 2027.');
  });

  it('answers the 404 page for a month that is none', async () => {
    const { plain } = await setUp();
    for (const path of ['/planning/2027-13', '/planning/abc', '/planning/2027-5', '/planning/2027-00.pdf']) {
      const res = await plain.get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text, path).to.contain('Ce mois n’existe pas.');
    }
  });

  it('serves the month as a PDF (planning-2027-05.pdf) with every day and duty name', async () => {
    const { plain } = await setUp();
    const res = await download(plain, '/planning/2027-05.pdf');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/pdf');
    expect(res.headers['content-disposition']).to.contain('planning-2027-05.pdf');
    const { text: pdf } = await readPdf(binary(res));
    for (const s of ['jeudi 6 mai 2027', 'jeudi 27 mai 2027', 'Victor Benevole', 'Hugo Roux', 'Paul Dupont'])
      expect(pdf).to.contain(s);
  });

  it('sends an anonymous visitor to the login page', async () => {
    const { w } = await setUp();
    for (const path of ['/planning', '/planning/2027-05', '/planning/2027-05.pdf']) {
      const res = await w.t.agent().get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.equal('/connexion');
    }
  });
});

describe('season overview (/planning)', () => {
  it('lists every month from the first to the last delivery of the open contracts, each day with its producers', async () => {
    const { volunteer } = await setUp();
    const res = await volunteer.get('/planning');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Planning de la saison');
    expect(page).to.contain('De mai 2027 à juin 2027');
    expect(res.text).to.contain('href="/planning/2027-05"');
    expect(res.text).to.contain('href="/planning/2027-06"');
    expect(res.text).to.not.contain('href="/planning/2027-07"');
    expect(page).to.match(/jeu\. 20 mai Fournil du Puy, GAEC des Volcans vous êtes de permanence 1 place libre/);
    expect(page).to.match(/jeu\. 3 juin Fournil du Puy 3 places libres/);
    expect(res.text).to.contain('href="/planning/2027-05#jour-2027-05-13"');
  });

  it('has a menu entry for every member', async () => {
    const { plain } = await setUp();
    const res = await plain.get('/');
    expect(res.text).to.contain('<a href="/planning"');
  });
});

describe('sign-in sheets: who may print them', () => {
  const urls = (day: string) => [`/distributions/${day}/emargement.pdf`, `/distributions/${day}/emargement.xlsx`];

  it('refuses a plain member not on duty (403), and the monthly grid too', async () => {
    const { plain } = await setUp();
    for (const path of [...urls('2027-05-20'), '/planning/2027-05/emargement.pdf'])
      expect((await plain.get(path)).status, path).to.equal(403);
  });

  it('gives a member on duty the sheet of their day (PDF and XLSX) and the month grid, not another day', async () => {
    const { volunteer } = await setUp();
    const pdf = await download(volunteer, '/distributions/2027-05-20/emargement.pdf');
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-disposition']).to.contain('emargement-2027-05-20.pdf');
    expect((await readPdf(binary(pdf))).text).to.contain('MARTIN Léa');
    const xlsx = await download(volunteer, '/distributions/2027-05-20/emargement.xlsx');
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers['content-disposition']).to.contain('emargement-2027-05-20.xlsx');
    const grid = await download(volunteer, '/planning/2027-05/emargement.pdf');
    expect(grid.status).to.equal(200);
    expect(grid.headers['content-disposition']).to.contain('emargement-2027-05.pdf');
    for (const path of urls('2027-05-13')) expect((await volunteer.get(path)).status, path).to.equal(403);
  });

  it('gives it to the coordinator, the treasurer, a referent and an administrator', async () => {
    const { w } = await setUp();
    await createMember(w.t.ctx, { email: 'coord@exemple.fr', roles: ['coordinator'] });
    await createMember(w.t.ctx, { email: 'tresor@exemple.fr', roles: ['treasurer'] });
    const referent = await createMember(w.t.ctx, { email: 'ref@exemple.fr' });
    w.t.db.insert(producerReferents).values({ producerId: w.pain.producerId, memberId: referent.id }).run();
    for (const email of ['coord@exemple.fr', 'tresor@exemple.fr', 'ref@exemple.fr', 'alice@exemple.fr']) {
      const agent = await loginAs(w.t, email, PASSWORD);
      for (const path of urls('2027-05-13')) expect((await agent.get(path)).status, `${email} ${path}`).to.equal(200);
    }
  });

  it('answers 404 for a day without distribution or a date that is none', async () => {
    const { w } = await setUp();
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    for (const path of [...urls('2027-05-21'), ...urls('2027-02-30'), ...urls('demain')])
      expect((await admin.get(path)).status, path).to.equal(404);
  });
});
