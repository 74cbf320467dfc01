import { expect } from 'chai';
import { members } from '../../server/db/schema/index.js';
import { readCsv } from '../../server/lib/csv.js';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { PASSWORD } from '../support/factories.js';
import { audienceWorld, DUTY_DAY, FIRST_DUE } from '../support/audience.js';
import { decode } from '../support/text.js';

type World = Awaited<ReturnType<typeof audienceWorld>>;

/** The names of the list (sorted as shown: "MARTIN Léa"). */
function listed(html: string): string[] {
  const list = /<ul class="people" id="liste">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<span class="person-name">([^<]+)<\/span>/g)].map((m) => decode(m[1]));
}

describe('/adresses: the member e-mail list', () => {
  let t: TestApp;
  let w: World;
  const as = (who: keyof World) => loginAs(t, (w[who] as { email: string }).email, PASSWORD);

  beforeEach(async () => {
    t = makeTestApp();
    w = await audienceWorld(t);
  });

  it('builds nothing without a filter, and lists every active member with "actifs" (never the deactivated)', async () => {
    const agent = await as('admin');
    const none = await agent.get('/adresses');
    expect(none.status).to.equal(200);
    expect(none.text).to.include('Choisissez au moins un critère');
    const all = await agent.get('/adresses?actifs=1');
    expect(listed(all.text)).to.deep.equal([
      'ADMIN Alice',
      'BERNARD Zoé',
      'COORD Cora',
      'DURAND Paul',
      'FERMIER Pierre',
      'MARTIN Léa',
      'PETIT Marc',
      'TRESOR Tom',
      'VERT Victor',
    ]);
    expect(all.text).to.include('9 membres');
  });

  it('takes several contracts as one or the other, and combines kinds with AND', async () => {
    const agent = await as('admin');
    const either = await agent.get(`/adresses?contrat=${w.veg.contractId}&contrat=${w.bread.contractId}`);
    expect(listed(either.text)).to.deep.equal(['BERNARD Zoé', 'DURAND Paul', 'MARTIN Léa']);
    const vegWithoutMembership = await agent.get(`/adresses?contrat=${w.veg.contractId}&sans-adhesion=1`);
    expect(listed(vegWithoutMembership.text)).to.deep.equal(['BERNARD Zoé']);
    const season = await agent.get('/adresses?saison=2027');
    expect(listed(season.text)).to.deep.equal(['BERNARD Zoé', 'DURAND Paul', 'MARTIN Léa']);
    const lastSeason = await agent.get('/adresses?saison=2026');
    expect(listed(lastSeason.text)).to.deep.equal([]);
  });

  it('finds the people on duty on a day or in a month, the cheques still promised, those behind their duty target', async () => {
    const agent = await as('admin');
    expect(listed((await agent.get(`/adresses?permanence-jour=${DUTY_DAY}`)).text)).to.deep.equal(['PETIT Marc']);
    expect(listed((await agent.get('/adresses?permanence-jour=2027-01-21')).text)).to.deep.equal([]);
    expect(listed((await agent.get('/adresses?permanence-mois=2027-01')).text)).to.deep.equal(['PETIT Marc']);
    expect(listed((await agent.get(`/adresses?cheques=${FIRST_DUE}`)).text)).to.deep.equal([
      'BERNARD Zoé',
      'DURAND Paul',
    ]);
    // Léa (target 1, no shift) is behind; Marc (target 1, one shift) is not.
    const behind = listed((await agent.get(`/adresses?retard-permanences=1&contrat=${w.veg.contractId}`)).text);
    expect(behind).to.deep.equal(['BERNARD Zoé', 'MARTIN Léa']);
    expect(listed((await agent.get('/adresses?retard-permanences=1')).text)).not.to.include('PETIT Marc');
  });

  it('lists referents and producer accounts (one or the other)', async () => {
    const agent = await as('treasurer');
    expect(listed((await agent.get('/adresses?referents=1')).text)).to.deep.equal(['VERT Victor']);
    expect(listed((await agent.get('/adresses?referents=1&producteurs=1')).text)).to.deep.equal([
      'FERMIER Pierre',
      'VERT Victor',
    ]);
  });

  it('flags members without an e-mail with their phones, and gives the addresses ready to paste', async () => {
    const agent = await as('coordinator');
    const page = await agent.get(`/adresses?contrat=${w.bread.contractId}&contrat=${w.veg.contractId}`);
    const missing = /<div class="warn-card card" id="sans-adresse">([\s\S]*?)<\/div>/.exec(page.text)?.[1] ?? '';
    expect(missing).to.include('1 sans adresse e-mail');
    expect(decode(missing)).to.include('Paul Durand').and.include('06 01 02 03 04');
    const box = /<textarea id="adresses-a-coller"[^>]*>([^<]*)<\/textarea>/.exec(page.text)?.[1];
    expect(box).to.equal('zoe@exemple.fr, lea@exemple.fr');
    expect(page.text).to.include('href="mailto:?bcc=zoe@exemple.fr,lea@exemple.fr"');
    expect(page.text).to.include('data-copy="adresses-a-coller"');
  });

  it('splits the mailto links into groups of 50 addresses, in blind copy', async () => {
    const now = t.ctx.clock().toISOString();
    t.db
      .insert(members)
      .values(
        Array.from({ length: 111 }, (_, i) => ({
          firstName: 'Membre',
          lastName: `Nombreux${String(i).padStart(3, '0')}`,
          email: `nombreux${i}@exemple.fr`,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .run();
    const page = await (await as('admin')).get('/adresses?actifs=1');
    const links = [...page.text.matchAll(/href="mailto:\?bcc=([^"]+)"/g)].map((m) => m[1].split(','));
    // 111 + the 8 of the world with an address = 119: 50, 50, 19.
    expect(links.map((l) => l.length)).to.deep.equal([50, 50, 19]);
    expect(new Set(links.flat()).size).to.equal(119);
    expect(page.text).to.include('(adresses 51 à 100)');
  });

  it('downloads the list as CSV: name; e-mail; phones, with a BOM for spreadsheets', async () => {
    const agent = await as('admin');
    const res = await agent.get(`/adresses.csv?contrat=${w.bread.contractId}`).buffer(true);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.include('adresses-2026-11-28.csv');
    const body = Buffer.from(res.text, 'utf8');
    expect(body.subarray(0, 3).toString('hex')).to.equal('efbbbf');
    expect(readCsv(body)).to.deep.equal([
      ['Nom', 'E-mail', 'Téléphones'],
      ['BERNARD Zoé', 'zoe@exemple.fr', ''],
      ['DURAND Paul', '', '06 01 02 03 04'],
    ]);
  });

  it('shows a referent only their subscribers and the people on duty', async () => {
    const agent = await as('referent');
    expect(listed((await agent.get('/adresses?actifs=1')).text)).to.deep.equal(['BERNARD Zoé', 'MARTIN Léa']);
    expect(listed((await agent.get(`/adresses?permanence-jour=${DUTY_DAY}`)).text)).to.deep.equal(['PETIT Marc']);
    const form = await agent.get('/adresses');
    expect(form.text).to.include('Légumes été 2027').and.not.include('Pain 2027');
    expect(form.text).not.to.include('name="sans-adhesion"');
    // Kinds a referent may not use are dropped, not applied to the whole AMAP.
    expect((await agent.get('/adresses?sans-adhesion=1')).text).to.include('Choisissez au moins un critère');
    expect(listed((await agent.get('/adresses?saison=2027')).text)).to.deep.equal(['BERNARD Zoé', 'MARTIN Léa']);
    expect((await agent.get(`/adresses?contrat=${w.bread.contractId}`)).status).to.equal(403);
    const csv = await agent.get('/adresses.csv?actifs=1').buffer(true);
    expect(readCsv(Buffer.from(csv.text, 'utf8')).map((r) => r[0])).to.deep.equal(['Nom', 'BERNARD Zoé', 'MARTIN Léa']);
  });

  it('refuses a member (403) and sends an anonymous visitor to the login page', async () => {
    const agent = await as('lea');
    expect((await agent.get('/adresses?actifs=1')).status).to.equal(403);
    expect((await agent.get('/adresses.csv?actifs=1')).status).to.equal(403);
    expect((await t.agent().get('/adresses')).status).to.equal(302);
    const home = await agent.get('/');
    expect(home.text).not.to.include('href="/adresses"');
    const staff = await (await as('treasurer')).get('/');
    expect(staff.text).to.include('href="/adresses"').and.not.include('href="/messages"');
  });

  it('offers the messages to those who may write', async () => {
    const page = await (await as('referent')).get(`/adresses?contrat=${w.veg.contractId}`);
    expect(page.text).to.include(`href="/messages/nouveau?contrat=${w.veg.contractId}"`);
    const treasurer = await (await as('treasurer')).get(`/adresses?contrat=${w.veg.contractId}`);
    expect(treasurer.text).not.to.include('/messages/nouveau');
  });
});
