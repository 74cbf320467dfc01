import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, csrfFrom, submitForm, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, linkIn, outboxMails, PASSWORD } from '../support/factories.js';
import { DAY, HOUR, MINUTE } from '../support/clock.js';
import { auditActions } from '../support/audit.js';
import { auditLog, passwordTokens, sessions } from '../../server/db/schema/index.js';
import { issuePasswordToken } from '../../server/features/auth/password-tokens.service.js';

async function installed(): Promise<TestApp> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  return t;
}

describe('login and logout', () => {
  it('logs in with e-mail (any case) and password, and lands on the page asked for', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa' });
    const agent = t.agent();
    const first = await agent.get('/compte');
    expect(first.status).to.equal(302);
    expect(first.headers.location).to.equal('/connexion');
    const res = await submitForm(agent, '/connexion', '/connexion', { email: ' LEA@exemple.fr ', password: PASSWORD });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/compte');
    const page = await agent.get('/compte');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Mon compte');
    expect(auditActions(t)).to.include('login');
  });

  it('refuses a wrong password with a French message and keeps the e-mail typed', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const res = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'lea@exemple.fr',
      password: 'mauvais mot de passe',
    });
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    expect(res.text).to.contain('value="lea@exemple.fr"');
    expect(auditActions(t)).to.include('login.failed');
  });

  it('answers an unknown address exactly like a wrong password', async () => {
    const t = await installed();
    const res = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'personne@exemple.fr',
      password: PASSWORD,
    });
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
  });

  it('refuses a deactivated account with the same answer whether the password is right or wrong', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'parti@exemple.fr', active: false });
    const attempt = (password: string) =>
      submitForm(t.agent(), '/connexion', '/connexion', { email: 'parti@exemple.fr', password });
    const right = await attempt(PASSWORD);
    const wrong = await attempt('mauvais mot de passe');
    for (const res of [right, wrong]) {
      expect(res.status).to.equal(401);
      expect(res.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
      expect(res.text).to.not.contain('désactivé');
    }
    // nothing in the page tells the two apart (the CSRF token and nonces aside)
    const page = (html: string) => html.replace(/value="[^"]{20,}"|nonce="[^"]*"/g, '');
    expect(page(right.text)).to.equal(page(wrong.text));
    // the administrator still sees why in the audit log
    expect(auditActions(t)).to.include.members(['login.refused-inactive', 'login.failed']);
  });

  it('does not follow a return address to another site', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = t.agent();
    await agent.get('//evil.example/x');
    const res = await submitForm(agent, '/connexion', '/connexion', { email: 'lea@exemple.fr', password: PASSWORD });
    expect(res.headers.location).to.equal('/');
  });

  it('gives a new session id at login (no session fixation) and keeps sessions in SQLite', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = t.agent();
    const page = await agent.get('/connexion');
    const before = /amap\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent
      .post('/connexion')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'lea@exemple.fr', password: PASSWORD });
    const after = /amap\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    expect(before).to.be.a('string');
    expect(after).to.be.a('string').and.not.equal(before);
    expect(String(res.headers['set-cookie']))
      .to.match(/HttpOnly/i)
      .and.to.match(/SameSite=Lax/i);
    const rows = t.db.select().from(sessions).all();
    expect(rows.some((r) => JSON.parse(r.data).passport?.user !== undefined)).to.equal(true);
  });

  it('logs out with a POST and the session no longer opens pages', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const res = await submitForm(agent, '/', '/deconnexion', {});
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/connexion');
    const after = await agent.get('/');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.equal('/connexion');
  });

  it('a plain member gets a French 403 page on administrator pages', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    for (const path of ['/admin/membres', '/admin/mails', '/admin/journal', '/admin/membres/1']) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(403);
      expect(res.text).to.contain('Accès refusé');
    }
    expect((await agent.get('/')).text).not.to.contain('href="/admin/membres"');
  });

  it('shows a French 404 page for an unknown address', async () => {
    const t = await installed();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const res = await agent.get('/nulle-part');
    expect(res.status).to.equal(404);
    expect(res.text).to.contain('Page introuvable');
  });
});

describe('login rate limit', () => {
  it('answers 429 after 10 failures on one account from one address, and still counts nothing on success', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = t.agent();
    const page = await agent.get('/connexion');
    const token = csrfFrom(page.text);
    for (let i = 0; i < 10; i++) {
      const r = await agent
        .post('/connexion')
        .type('form')
        .send({ _csrf: token, email: 'lea@exemple.fr', password: 'faux mot de passe' });
      expect(r.status).to.equal(401);
    }
    const blocked = await agent
      .post('/connexion')
      .type('form')
      .send({ _csrf: token, email: 'lea@exemple.fr', password: PASSWORD });
    expect(blocked.status).to.equal(429);
    expect(blocked.text).to.contain('Trop de tentatives de connexion');
    // Another account from the same address is not blocked by this counter.
    await createMember(t.ctx, { email: 'tom@exemple.fr' });
    const other = await agent
      .post('/connexion')
      .type('form')
      .send({ _csrf: token, email: 'tom@exemple.fr', password: PASSWORD });
    expect(other.status).to.equal(302);
  });
});

describe('CSRF', () => {
  it('refuses a logged-in form post without a valid token with 403 and writes nothing', async () => {
    const t = await installed();
    const { id } = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const res = await agent.post(`/admin/membres/${id}/desactiver`).type('form').send({ _csrf: 'faux' });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('Le formulaire a expiré ou ne vient pas de ce site');
    const noToken = await agent.post(`/admin/membres/${id}`).type('form').send({ firstName: 'Pirate', lastName: 'X' });
    expect(noToken.status).to.equal(403);
    const row = (await import('../support/factories.js')).memberRow(t.ctx, id);
    expect(row?.active).to.equal(true);
    expect(row?.firstName).to.equal('Léa');
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown address, and mails a link only to the known one', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const known = await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', {
      email: 'lea@exemple.fr',
    });
    const unknown = await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', {
      email: 'inconnu@exemple.fr',
    });
    expect(known.status).to.equal(200);
    expect(unknown.status).to.equal(200);
    const strip = (s: string) => s.replace(/value="[^"]+"/g, '').replace(/(lea|inconnu)@exemple\.fr/g, 'ADRESSE');
    expect(strip(known.text)).to.equal(strip(unknown.text));
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(1);
    expect(mails[0].toAddress).to.equal('lea@exemple.fr');
    expect(mails[0].text).to.match(/\/reinitialisation\/[\w-]{20,}/);
  });

  it('sets a new password from the link once; the link is refused the second time', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'lea@exemple.fr' });
    const link = linkIn(outboxMails(t.ctx)[0].text);
    const agent = t.agent();
    const set = await submitForm(agent, link, link, {
      password: 'nouveau mot de passe',
      passwordConfirm: 'nouveau mot de passe',
    });
    expect(set.status).to.equal(302);
    expect(set.headers.location).to.equal('/connexion?email=lea%40exemple.fr');
    await loginAs(t, 'lea@exemple.fr', 'nouveau mot de passe');
    const old = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'lea@exemple.fr',
      password: PASSWORD,
    });
    expect(old.status).to.equal(401);
    const reuse = await t.agent().get(link);
    expect(reuse.status).to.equal(410);
    expect(reuse.text).to.contain('Ce lien a déjà servi');
  });

  it('refuses an expired link (after 1 hour) and an unknown one, clearly', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'lea@exemple.fr' });
    const link = linkIn(outboxMails(t.ctx)[0].text);
    t.clock.advance(59 * MINUTE);
    expect((await t.agent().get(link)).status).to.equal(200);
    t.clock.advance(2 * MINUTE);
    const expired = await t.agent().get(link);
    expect(expired.status).to.equal(410);
    expect(expired.text).to.contain('Ce lien a expiré.');
    expect(expired.text).to.contain('Demander un nouveau lien');
    const unknown = await t.agent().get('/reinitialisation/nimportequoi');
    expect(unknown.status).to.equal(410);
    expect(unknown.text).to.contain('n’est pas valable');
  });

  it('an invitation link does not work as a reset link and vice versa', async () => {
    const t = await installed();
    const { id } = await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const { token } = t.db.transaction(() => issuePasswordToken(t.ctx, id, 'invitation'));
    expect((await t.agent().get(`/reinitialisation/${token}`)).status).to.equal(410);
    expect((await t.agent().get(`/invitation/${token}`)).status).to.equal(200);
  });

  it('refuses mismatched passwords and keeps the link usable', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'lea@exemple.fr' });
    const link = linkIn(outboxMails(t.ctx)[0].text);
    const res = await submitForm(t.agent(), link, link, {
      password: 'nouveau mot de passe',
      passwordConfirm: 'autre chose encore',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Les deux mots de passe ne sont pas identiques.');
    expect((await t.agent().get(link)).status).to.equal(200);
  });

  it('stores only a hash of the token', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'lea@exemple.fr' });
    const token = linkIn(outboxMails(t.ctx)[0].text).split('/').pop()!;
    const rows = t.db.select().from(passwordTokens).all();
    expect(rows).to.have.length(1);
    expect(rows[0].tokenHash).not.to.equal(token);
    expect(JSON.stringify(rows)).not.to.contain(token);
  });
});

describe('invitation', () => {
  it('lets an invited member choose a password within 7 days, once', async () => {
    const t = await installed();
    const adminAgent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const { id } = await createMember(t.ctx, { email: 'nouveau@exemple.fr', password: null, firstName: 'Noé' });
    const sent = await submitForm(adminAgent, `/admin/membres/${id}`, `/admin/membres/${id}/invitation`, {});
    expect(sent.status).to.equal(302);
    const mail = outboxMails(t.ctx).find((m) => m.toAddress === 'nouveau@exemple.fr')!;
    expect(mail.subject).to.contain('Bienvenue');
    const link = linkIn(mail.text);
    expect(link).to.match(/^\/invitation\//);
    t.clock.advance(6 * DAY + 23 * HOUR);
    const page = await t.agent().get(link);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Bonjour Noé');
    const set = await submitForm(t.agent(), link, link, {
      password: 'mon beau jardin',
      passwordConfirm: 'mon beau jardin',
    });
    expect(set.status).to.equal(302);
    await loginAs(t, 'nouveau@exemple.fr', 'mon beau jardin');
    expect((await t.agent().get(link)).status).to.equal(410);
  });

  it('refuses an invitation older than 7 days, and a newer invitation replaces the older one', async () => {
    const t = await installed();
    const { id } = await createMember(t.ctx, { email: 'nouveau@exemple.fr', password: null });
    const first = t.db.transaction(() => issuePasswordToken(t.ctx, id, 'invitation'));
    t.clock.advance(7 * DAY + MINUTE);
    expect((await t.agent().get(`/invitation/${first.token}`)).text).to.contain('Ce lien a expiré.');
    const second = t.db.transaction(() => issuePasswordToken(t.ctx, id, 'invitation'));
    const third = t.db.transaction(() => issuePasswordToken(t.ctx, id, 'invitation'));
    expect((await t.agent().get(`/invitation/${second.token}`)).status).to.equal(410);
    expect((await t.agent().get(`/invitation/${third.token}`)).status).to.equal(200);
  });

  it('a link clicked twice at once sets the password only once', async () => {
    const t = await installed();
    const { id } = await createMember(t.ctx, { email: 'nouveau@exemple.fr', password: null });
    const { token } = t.db.transaction(() => issuePasswordToken(t.ctx, id, 'invitation'));
    const agent = t.agent();
    const page = await agent.get(`/invitation/${token}`);
    const body = {
      _csrf: csrfFrom(page.text),
      password: 'premier mot de passe',
      passwordConfirm: 'premier mot de passe',
    };
    const [a, b] = await Promise.all([
      agent.post(`/invitation/${token}`).type('form').send(body),
      agent
        .post(`/invitation/${token}`)
        .type('form')
        .send({ ...body, password: 'second mot de passe', passwordConfirm: 'second mot de passe' }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([302, 410]);
    const sets = t.db.select().from(auditLog).where(eq(auditLog.action, 'password.set-from-invitation')).all();
    expect(sets).to.have.length(1);
  });
});

describe('hardening', () => {
  it('a password change ends the reset and invitation links still pending', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    await submitForm(t.agent(), '/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'lea@exemple.fr' });
    const link = linkIn(outboxMails(t.ctx)[0].text);
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const changed = await submitForm(agent, '/compte', '/compte/mot-de-passe', {
      currentPassword: PASSWORD,
      password: 'tout nouveau secret',
      passwordConfirm: 'tout nouveau secret',
    });
    expect(changed.status).to.equal(302);
    const res = await t.agent().get(link);
    expect(res.status).to.equal(410);
  });

  it('refuses a file sent by an anonymous visitor before reading it', async () => {
    const t = await installed();
    const agent = t.agent();
    const page = await agent.get('/connexion');
    const res = await agent
      .post('/connexion')
      .field('_csrf', csrfFrom(page.text))
      .attach('fichier', Buffer.from('x'), 'x.csv');
    expect(res.status).to.equal(403);
  });

  it('answers 400 in French to a file under an unexpected field name', async () => {
    const t = await installed();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const page = await agent.get('/admin/membres/import');
    const res = await agent
      .post('/admin/membres/import/apercu')
      .field('_csrf', csrfFrom(page.text))
      .attach('autre', Buffer.from('x'), 'x.csv');
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('Envoi de fichier inattendu');
    expect(t.errors).to.have.length(0);
  });

  it('a field sent twice gets a French message, not a crash', async () => {
    const t = await installed();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const page = await agent.get('/admin/membres/nouveau');
    const res = await agent
      .post('/admin/membres/nouveau')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfFrom(page.text))}&firstName=A&firstName=B&lastName=C`);
    expect(res.status).to.equal(422);
    expect(res.text).not.to.match(/Invalid input/);
    const { id } = await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const roles = await agent
      .post(`/admin/membres/${id}/roles`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfFrom(page.text))}&treasurer=on&treasurer=on`);
    expect(roles.status).to.equal(302);
    expect(t.errors).to.have.length(0);
  });
});

describe('password reset rate limit', () => {
  it('stops after 5 requests for one address in an hour: 429 in French, no sixth mail', async () => {
    const t = await installed();
    await createMember(t.ctx, { email: 'lea@exemple.fr' });
    const agent = t.agent();
    const page = await agent.get('/mot-de-passe-oublie');
    const token = csrfFrom(page.text);
    for (let i = 0; i < 5; i++) {
      const r = await agent.post('/mot-de-passe-oublie').type('form').send({ _csrf: token, email: 'lea@exemple.fr' });
      expect(r.status).to.equal(200);
    }
    const blocked = await agent
      .post('/mot-de-passe-oublie')
      .type('form')
      .send({ _csrf: token, email: 'lea@exemple.fr' });
    expect(blocked.status).to.equal(429);
    expect(blocked.text).to.contain('Trop de demandes de nouveau mot de passe');
    expect(outboxMails(t.ctx)).to.have.length(5);
  });
});
