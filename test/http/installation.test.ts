import { expect } from 'chai';
import { makeTestApp, csrfFrom, submitForm } from '../support/app.js';
import { createAdmin } from '../support/factories.js';
import { adminExists } from '../../server/features/auth/auth.queries.js';
import { members } from '../../server/db/schema/index.js';

describe('first-run installation', () => {
  it('sends every page to /installation until an administrator exists', async () => {
    const t = makeTestApp();
    for (const path of ['/', '/connexion', '/admin/membres', '/compte']) {
      const res = await t.agent().get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location).to.equal('/installation');
    }
    const health = await t.agent().get('/healthz');
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'ok' });
  });

  it('creates the first administrator, logs them in, then the page is gone', async () => {
    const t = makeTestApp();
    const agent = t.agent();
    const res = await submitForm(agent, '/installation', '/installation', {
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'Camille@Exemple.fr',
      password: 'radis et poireaux',
      passwordConfirm: 'radis et poireaux',
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/');
    expect(adminExists(t.db)).to.equal(true);
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain('Bonjour Camille');
    expect(home.text).to.contain('href="/admin/membres"');
    const again = await t.agent().get('/installation');
    expect(again.status).to.equal(404);
    const login = await t.agent().get('/connexion');
    expect(login.status).to.equal(200);
  });

  it('refuses a short password or different confirmation, keeps the fields, writes nothing', async () => {
    const t = makeTestApp();
    const agent = t.agent();
    const res = await submitForm(agent, '/installation', '/installation', {
      firstName: 'Camille',
      lastName: '',
      email: 'pas-une-adresse',
      password: 'court',
      passwordConfirm: 'autre',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Nom obligatoire.');
    expect(res.text).to.contain('Adresse e-mail invalide');
    expect(res.text).to.contain('Au moins 10 caractères');
    expect(res.text).to.contain('value="Camille"');
    expect(res.text).not.to.contain('value="court"');
    expect(t.db.select().from(members).all()).to.have.length(0);
  });

  it('refuses a form without CSRF token (403) and writes nothing', async () => {
    const t = makeTestApp();
    const agent = t.agent();
    await agent.get('/installation');
    const res = await agent.post('/installation').type('form').send({
      firstName: 'Eve',
      lastName: 'Pirate',
      email: 'eve@exemple.fr',
      password: 'radis et poireaux',
      passwordConfirm: 'radis et poireaux',
    });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Le formulaire a expiré');
    expect(adminExists(t.db)).to.equal(false);
  });

  it('is refused once an administrator exists, even with a page opened before', async () => {
    const t = makeTestApp();
    const agent = t.agent();
    const page = await agent.get('/installation');
    await createAdmin(t.ctx);
    const res = await agent
      .post('/installation')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        firstName: 'Eve',
        lastName: 'Pirate',
        email: 'eve@exemple.fr',
        password: 'radis et poireaux',
        passwordConfirm: 'radis et poireaux',
      });
    expect(res.status).to.equal(404);
    expect(t.db.select().from(members).all()).to.have.length(1);
  });
});
