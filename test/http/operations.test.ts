import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { csrfFrom, loginAs, makeTestApp, testConfig, type TestApp } from '../support/app.js';
import { audit } from '../support/audit.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { taskRuns } from '../../server/db/schema/index.js';
import { enqueueMail } from '../../server/features/mail/outbox.service.js';
import { listBackups } from '../../server/features/operations/backup-store.js';

describe('/admin/sauvegardes and /admin/etat', () => {
  let dir: string;
  let t: TestApp;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-ops-http-'));
    t = makeTestApp({ config: { ...testConfig(), dataPath: dir } });
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are for administrators only', async () => {
    const member = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    for (const url of ['/admin/sauvegardes', '/admin/etat']) {
      expect((await member.get(url)).status, url).to.equal(403);
      expect((await t.agent().get(url)).headers.location, url).to.equal('/connexion');
    }
  });

  it('"Sauvegarder maintenant" makes a verified backup, listed with its size and check, and audited', async () => {
    const admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const empty = await admin.get('/admin/sauvegardes');
    expect(empty.text).to.contain('Aucune sauvegarde pour l’instant.');
    const res = await admin
      .post('/admin/sauvegardes')
      .type('form')
      .send({ _csrf: csrfFrom(empty.text) });
    expect(res.status).to.equal(302);
    const page = await admin.get('/admin/sauvegardes');
    expect(page.text).to.match(/Sauvegarde vérifiée : amap-2026-11-28T10-00-00Z-manual\.sqlite\.gz/);
    expect(page.text).to.contain('28/11/2026 à 11:00');
    expect(page.text).to.contain('à la demande');
    expect(page.text).to.contain('<span class="badge badge-ok">vérifiée</span>');
    expect(audit(t, 'backup.created').map((a) => a.details)).to.deep.equal([
      { file: 'amap-2026-11-28T10-00-00Z-manual.sqlite.gz', ok: true },
    ]);
  });

  it('downloads a backup by a form (audited, not cached), and nothing outside the backups', async () => {
    const admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const page = await admin.get('/admin/sauvegardes');
    await admin
      .post('/admin/sauvegardes')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    const [backup] = listBackups(path.join(dir, 'backups'));
    const res = await admin
      .post('/admin/sauvegardes/telecharger')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: backup.name })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    expect(res.headers['content-disposition']).to.contain(backup.name);
    expect(res.headers['cache-control']).to.equal('no-store');
    const copy = path.join(dir, 'copie.sqlite');
    fs.writeFileSync(copy, gunzipSync(res.body as Buffer));
    const sqlite = new Database(copy, { readonly: true });
    expect(sqlite.prepare('select email from members order by id').pluck().all()).to.deep.equal([
      'admin@exemple.fr',
      'lea@exemple.fr',
    ]);
    sqlite.close();
    expect(audit(t, 'backup.downloaded').map((a) => a.details)).to.deep.equal([{ file: backup.name }]);

    for (const name of ['../amap.sqlite', 'amap-2026-11-28T10-00-00Z-manual.sqlite.gz.json', 'session-secret']) {
      const refused = await admin
        .post('/admin/sauvegardes/telecharger')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), name });
      expect(refused.status, name).to.equal(404);
    }
  });

  it('the status page: version, database, backups (none yet), mails pending and failed, tasks with their last error', async () => {
    const now = t.clock.now().toISOString();
    for (let i = 0; i < 3; i++)
      enqueueMail(t.ctx, {
        to: { address: `x${i}@exemple.fr` },
        subject: 's',
        text: 't',
        html: '<p>t</p>',
        essential: true,
      });
    const runs = [
      { task: 'purge', status: 'error' as const, error: 'disque plein', startedAt: '2026-11-26T03:17:00.000Z' },
      {
        task: 'purge',
        status: 'ok' as const,
        summary: '2 sessions supprimées.',
        startedAt: '2026-11-27T03:17:00.000Z',
      },
      { task: 'backup', status: 'error' as const, error: 'la copie n’a pas pu être faite', startedAt: now },
    ];
    for (const r of runs)
      t.db
        .insert(taskRuns)
        .values({ today: '2026-11-27', trigger: 'cron', ...r })
        .run();

    const admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const res = await admin.get('/admin/etat');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('0.1.0');
    expect(res.text).to.contain('en mémoire');
    expect(res.text).to.contain('Aucune sauvegarde vérifiée n’existe.');
    expect(res.text).to.contain('3 en attente, 0 en échec.');
    expect(res.text).to.match(
      /Purge des sessions et liens<\/th>\s*<td data-label="Dernier passage">27\/11\/2026 à 04:17/,
    );
    expect(res.text).to.contain('26/11/2026 à 04:17 : disque plein');
    expect(res.text).to.match(/Sauvegarde de la base<\/th>[\s\S]*?la copie n’a pas pu être faite/);
  });
});
