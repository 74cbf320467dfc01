import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { members } from '../../server/db/schema/index.js';
import { csrfFrom, loginAs, makeTestApp, submitForm, type TestApp } from '../support/app.js';
import { makeDataDir, type DataDir } from '../support/data-dir.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { AMAPJ_PASSWORD, backupFor } from './amapj-fixture.js';
import type request from 'supertest';

async function upload(agent: request.Agent, file: Buffer, name = 'amap1.tar.gz') {
  const page = await agent.get('/admin/import');
  return agent.post('/admin/import/apercu').field('_csrf', csrfFrom(page.text)).attach('fichier', file, name);
}

const staged = (data: DataDir) => {
  const dir = path.join(data.dir, 'imports');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('AmapJ import from /admin/import', () => {
  let data: DataDir;
  let t: TestApp;
  let admin: request.Agent;

  beforeEach(async () => {
    data = makeDataDir();
    t = makeTestApp({ config: data.config });
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
  });
  afterEach(() => data.cleanup());

  it('uploads, previews, imports, and shows the report; the file kept between the steps is deleted', async () => {
    const preview = await upload(admin, backupFor('V045'));
    expect(preview.status).to.equal(200);
    expect(preview.text).to.contain('Aperçu de l’import AmapJ').and.contain('AMAP des Volcans');
    expect(preview.text)
      .to.contain('1 absence AmapJ non reprise')
      .and.contain('Géraldine PETIT (LÉGUMES) : 20/03/2025');
    expect(preview.text).to.match(/<strong>2<\/strong> chèques remis au producteur/);
    expect(staged(data)).to.have.length(1);
    expect(t.db.select().from(members).all()).to.have.length(1);

    const token = /name="token" value="([0-9a-f]+)"/.exec(preview.text)![1];
    const done = await admin
      .post('/admin/import')
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), token });
    expect(done.status).to.equal(302);
    expect(done.headers.location).to.equal('/admin/import/rapport');
    expect(staged(data)).to.have.length(0);
    const report = await admin.get('/admin/import/rapport');
    expect(report.text).to.contain('Aucune différence').and.contain('LÉGUMES').and.contain('PAIN');
    expect(report.text).to.match(/Chèques remis au producteur<\/th><td class="num" data-label="AmapJ">2 · 65,00\s€/);
    expect(t.db.select().from(members).all()).to.have.length(6);

    // The schedule that did not add up in AmapJ is among the balances, as it is.
    const balances = await admin.get('/tresorerie/soldes');
    expect(balances.text).to.contain('PETIT');

    // The same file again: refused at the preview, nothing kept.
    const again = await upload(admin, backupFor('V045'));
    expect(again.text).to.contain('déjà été importé');
    expect(again.text).not.to.contain('name="token"');
    expect(staged(data)).to.have.length(0);
  });

  it('refuses a file that is not an AmapJ backup with a clear message, writing nothing', async () => {
    const res = await upload(admin, Buffer.from('nom;prénom\nMartin;Léa\n'), 'membres.csv');
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('pas une sauvegarde AmapJ');
    const cut = backupFor('V025');
    const truncated = await upload(admin, cut.subarray(0, cut.length - 100));
    expect(truncated.status).to.equal(422);
    expect(truncated.text).to.contain('incomplète');
    expect(staged(data)).to.have.length(0);
    expect(t.db.select().from(members).all()).to.have.length(1);
    const forged = await admin
      .post('/admin/import')
      .type('form')
      .send({ _csrf: csrfFrom((await admin.get('/admin/import')).text), token: '../../etc/passwd' });
    expect(forged.status).to.equal(422);
  });

  it('forgets the file of a preview nobody went on with after a day', async () => {
    fs.mkdirSync(path.join(data.dir, 'imports'), { recursive: true });
    const old = path.join(data.dir, 'imports', `amapj-${'0'.repeat(32)}.tar.gz`);
    fs.writeFileSync(old, 'x');
    const twoDaysBefore = (t.clock.now().getTime() - 2 * 24 * 3600 * 1000) / 1000;
    fs.utimesSync(old, twoDaysBefore, twoDaysBefore);
    await upload(admin, backupFor('V045'));
    expect(fs.existsSync(old)).to.equal(false);
    expect(staged(data)).to.have.length(1);
  });

  it('is for administrators only', async () => {
    await createMember(t.ctx, { email: 'membre@exemple.fr' });
    const member = await loginAs(t, 'membre@exemple.fr', PASSWORD);
    expect((await member.get('/admin/import')).status).to.equal(403);
  });

  it('lets a member log in with their AmapJ password, then keeps our argon2id hash instead', async () => {
    const preview = await upload(admin, backupFor('V025'));
    const token = /name="token" value="([0-9a-f]+)"/.exec(preview.text)![1];
    await admin
      .post('/admin/import')
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), token });
    const hashOf = (email: string) => t.db.select().from(members).where(eq(members.email, email)).get()!.passwordHash!;

    const wrong = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'paul.durand@exemple.fr',
      password: 'pas le bon',
    });
    expect(wrong.status).not.to.equal(302);
    expect(hashOf('paul.durand@exemple.fr')).to.match(/^amapj-pbkdf2\$/);

    await loginAs(t, 'paul.durand@exemple.fr', AMAPJ_PASSWORD);
    expect(hashOf('paul.durand@exemple.fr')).to.match(/^\$argon2id\$/);
    await loginAs(t, 'paul.durand@exemple.fr', AMAPJ_PASSWORD);
  });
});
