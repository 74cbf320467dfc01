import { expect } from 'chai';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { MINUTE } from '../support/clock.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { text } from '../support/text.js';
import { taskRuns } from '../../server/db/schema/index.js';
import { runTask } from '../../server/jobs/task-log.js';

/** The rows of the task table, each as the text a person reads, in page order. */
function rows(html: string): string[] {
  return [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => text(m[1]).trim());
}

async function setup() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  await createMember(t.ctx, { email: 'marie@exemple.fr', roles: ['treasurer'] });
  return { t, admin: await loginAs(t, 'alice@exemple.fr', PASSWORD) };
}

/** `n` old runs written straight into the log, one a minute before now. */
function oldRuns(t: TestApp, n: number) {
  const start = t.clock.now().getTime() - (n + 10) * MINUTE;
  t.db
    .insert(taskRuns)
    .values(
      Array.from({ length: n }, (_, k) => {
        const at = new Date(start + k * MINUTE).toISOString();
        return {
          task: 'purge',
          today: '2026-11-01',
          trigger: 'cron' as const,
          startedAt: at,
          finishedAt: at,
          status: 'ok' as const,
          summary: `ancienne n° ${k + 1}`,
        };
      }),
    )
    .run();
}

describe('task log page (/admin/taches)', () => {
  it('shows the last runs to an administrator, newest first: task, day, when, how long, status, summary, error', async () => {
    const { t, admin } = await setup();
    await runTask(t.ctx, 'purge', { today: '2026-12-03', trigger: 'cli', deps: { transport: null } });
    t.clock.advance(MINUTE);
    t.db.$client.exec('DROP TABLE password_tokens');
    await runTask(t.ctx, 'purge', { today: '2026-12-04', trigger: 'cron', deps: { transport: null } }).catch(() => {});
    const res = await admin.get('/admin/taches');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<h1>Tâches</h1>');
    expect(res.text).to.match(/href="\/admin\/taches" aria-current="page">Tâches</);
    expect(rows(res.text)).to.deep.equal([
      'Purge des sessions et liens vendredi 4 décembre 2026 28/11/2026 à 11:01 (automatique) 0,0 s échec ' +
        'no such table: password_tokens',
      'Purge des sessions et liens jeudi 3 décembre 2026 28/11/2026 à 11:00 (à la main) 0,0 s réussie ' +
        '0 session supprimée, 0 lien supprimé.',
    ]);
    // the cells say which column they are, so that the rows read as cards on a phone
    expect(res.text).to.contain('data-label="Pour le"').and.contain('data-label="Durée"');
  });

  it('says so when no task has run yet', async () => {
    const { admin } = await setup();
    expect(text((await admin.get('/admin/taches')).text)).to.contain('Aucune tâche n’a encore tourné.');
  });

  it('shows 50 runs a page, with links to older and newer ones', async () => {
    const { t, admin } = await setup();
    oldRuns(t, 51);
    const first = await admin.get('/admin/taches');
    expect(rows(first.text)).to.have.length(50);
    expect(rows(first.text)[0]).to.contain('ancienne n° 51');
    expect(text(first.text)).to.contain('Page 1 sur 2');
    expect(first.text).to.contain('href="/admin/taches?page=2"').and.not.contain('Plus récentes');
    const second = await admin.get('/admin/taches?page=2');
    expect(rows(second.text).map((r) => r.replace(/.* /, ''))).to.deep.equal(['1']);
    expect(second.text).to.contain('href="/admin/taches?page=1"');
    // a page past the end shows the last one; a page that is not a number, the first
    expect(rows((await admin.get('/admin/taches?page=9')).text)).to.have.length(1);
    expect(rows((await admin.get('/admin/taches?page=abc')).text)).to.have.length(50);
  });

  it('is for administrators only: 403 for a treasurer, the login page for a visitor', async () => {
    const { t } = await setup();
    const treasurer = await loginAs(t, 'marie@exemple.fr', PASSWORD);
    expect((await treasurer.get('/admin/taches')).status).to.equal(403);
    const visitor = await t.agent().get('/admin/taches');
    expect(visitor.status).to.equal(302);
    expect(visitor.headers.location).to.equal('/connexion');
  });

  it('is linked from the administration tabs', async () => {
    const { admin } = await setup();
    expect((await admin.get('/admin/membres')).text).to.contain('href="/admin/taches"');
  });
});
