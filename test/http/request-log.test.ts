import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../server/app.js';
import { openDatabase } from '../../server/db/client.js';
import { createCtx } from '../../server/lib/context.js';
import { createLogger } from '../../server/lib/logger.js';
import { safeUrl } from '../../server/lib/log-redact.js';
import { issuePasswordToken } from '../../server/features/auth/password-tokens.service.js';
import { newToken } from '../../server/lib/tokens.js';
import { csrfFrom, loginAs, makeTestApp, testConfig, type TestApp } from '../support/app.js';
import { TestClock } from '../support/clock.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';

/** The app with a logger at info level whose JSON lines the test reads. */
function appWithLog() {
  const lines: string[] = [];
  const db = openDatabase(':memory:');
  const clock = new TestClock();
  const config = testConfig();
  const app = createApp({
    db,
    config,
    clock: clock.now,
    log: createLogger({ level: 'info', write: (l) => lines.push(l) }),
  });
  const t: TestApp = {
    app,
    db,
    ctx: createCtx(db, config, clock.now),
    clock,
    agent: () => request.agent(app),
    errors: [],
  };
  return { t, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('request log', () => {
  it('writes one JSON line per request: method, path, status, duration, request id, member id', async () => {
    const { t, parsed } = appWithLog();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const res = await agent.get('/admin/membres?statut=tous');
    const line = parsed().find((l) => l.path === '/admin/membres?statut=tous')!;
    expect(line).to.include({ method: 'GET', status: 200, memberId: admin.id, requestId: res.headers['x-request-id'] });
    expect(line.durationMs).to.be.a('number');
    expect(line.msg).to.equal('GET /admin/membres?statut=tous 200');
    expect(JSON.stringify(parsed()), 'no cookie or header in the log').not.to.match(/amap\.sid|cookie/i);
  });

  it('never writes the token of an invitation, a password reset, a calendar feed or a query string', async () => {
    const { t, lines } = appWithLog();
    await createAdmin(t.ctx);
    const m = await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const invitation = issuePasswordToken(t.ctx, m.id, 'invitation').token;
    const reset = issuePasswordToken(t.ctx, m.id, 'reset').token;
    const calendar = newToken();
    const agent = t.agent();
    const page = await agent.get(`/reinitialisation/${reset}`);
    expect(page.status).to.equal(200);
    await agent
      .post(`/reinitialisation/${reset}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password: 'un nouveau mot de passe', passwordConfirm: 'autre chose' });
    await agent.get(`/invitation/${invitation}`);
    await agent.get(`/calendrier/${calendar}.ics`);
    await agent.get(`/connexion?token=${calendar}&retour=accueil`);

    const log = lines.join('\n');
    expect(lines.length).to.be.greaterThanOrEqual(5);
    for (const secret of [invitation, reset, calendar]) expect(log).not.to.contain(secret);
    expect(log).to.contain('"path":"/reinitialisation/[masqué]"');
    expect(log).to.contain('"path":"/invitation/[masqué]"');
    expect(log).to.contain('"path":"/calendrier/[masqué].ics"');
    expect(log).to.contain('"path":"/connexion?token=[masqué]&retour=accueil"');
  });

  it('masks token-like segments and query values of paths it does not know yet', () => {
    const token = newToken();
    expect(safeUrl(`/partage/${token}/planning.pdf`)).to.equal('/partage/[masqué]/planning.pdf');
    expect(safeUrl(`/x?lien=${token}`)).to.equal('/x?lien=[masqué]');
    expect(safeUrl('/gestion/contrats/12/synthese.pdf?page=2')).to.equal('/gestion/contrats/12/synthese.pdf?page=2');
  });

  it('logs a server error with its stack under the request id the 500 page shows', async () => {
    const { t, parsed } = appWithLog();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    t.db.$client.exec('DROP TABLE task_runs');
    const res = await agent.get('/admin/taches');
    expect(res.status).to.equal(500);
    const requestId = res.headers['x-request-id'];
    expect(res.text).to.contain(`<code>${requestId}</code>`);
    const error = parsed().find((l) => l.msg === `erreur ${requestId} GET /admin/taches`)!;
    expect(error).to.include({ level: 50, requestId });
    expect((error.err as { stack: string }).stack).to.contain('no such table: task_runs');
  });
});

describe('Cache-Control: no-store', () => {
  it('on every page and document a logged-in member gets, and on the login page, with no ETag; not on static files', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    for (const url of [
      '/',
      '/compte',
      '/admin/membres',
      '/admin/membres/export.csv',
      '/tresorerie/exports/cheques.csv',
    ]) {
      const res = await agent.get(url);
      expect(res.status, url).to.equal(200);
      expect(res.headers['cache-control'], url).to.equal('no-store');
      // Never revalidated (no-store): its hash of the body would be work for nothing.
      expect(res.headers.etag, url).to.equal(undefined);
    }
    expect((await t.agent().get('/connexion')).headers['cache-control']).to.equal('no-store');
    const css = await t.agent().get('/static/css/app.css');
    expect(css.status).to.equal(200);
    expect(css.headers['cache-control']).to.match(/max-age=\d+/);
    expect(css.headers.etag).to.be.a('string');
  });
});
