import { expect } from 'chai';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, memberRow, PASSWORD } from '../support/factories.js';
import { auditActions } from '../support/audit.js';

const NEW_PASSWORD = 'des carottes et des navets';

async function setup() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const me = await createMember(t.ctx, {
    firstName: 'Camille',
    lastName: 'Durand',
    email: 'camille@exemple.fr',
    phone: '06 12 34 56 78',
  });
  const agent = await loginAs(t, 'camille@exemple.fr', PASSWORD);
  return { t, me, agent };
}

const CONTACT = {
  firstName: 'Camille',
  lastName: 'Durand',
  email: 'camille@exemple.fr',
  phone: '06 12 34 56 78',
  phone2: '',
  address: '',
  postalCode: '',
  city: '',
};

describe('my account: contact details', () => {
  it('sends anonymous visitors to the login page, and back to /compte after login', async () => {
    const { t } = await setup();
    const agent = t.agent();
    const res = await agent.get('/compte');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/connexion');
    const login = await submitForm(agent, '/connexion', '/connexion', {
      email: 'camille@exemple.fr',
      password: PASSWORD,
    });
    expect(login.headers.location).to.equal('/compte');
  });

  it("shows the member their own details, not another member's", async () => {
    const { agent } = await setup();
    const res = await agent.get('/compte');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('value="Camille"');
    expect(res.text).to.contain('value="camille@exemple.fr"');
    expect(res.text).to.contain('value="06 12 34 56 78"');
    expect(res.text).not.to.contain('alice@exemple.fr');
    expect(res.text).not.to.match(/name="mailOptOut" checked/);
  });

  it('saves new contact details and the mail preference', async () => {
    const { t, me, agent } = await setup();
    const res = await submitForm(agent, '/compte', '/compte', {
      ...CONTACT,
      email: 'Camille.Durand@Exemple.fr',
      phone2: '04 73 00 00 00',
      address: '3 rue des Lilas',
      postalCode: '63000',
      city: 'Clermont-Ferrand',
      mailOptOut: 'on',
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/compte');
    expect(memberRow(t.ctx, me.id)).to.include({
      email: 'camille.durand@exemple.fr',
      phone2: '04 73 00 00 00',
      address: '3 rue des Lilas',
      postalCode: '63000',
      city: 'Clermont-Ferrand',
      mailOptOut: true,
    });
    const page = await agent.get('/compte');
    expect(page.text).to.contain('Vos coordonnées sont enregistrées.');
    expect(page.text).to.contain('value="3 rue des Lilas"');
    expect(page.text).to.match(/name="mailOptOut" checked/);
    expect(auditActions(t)).to.include('member.updated-own');

    // Unticking the box is saved as well; the new address is the new login.
    await submitForm(agent, '/compte', '/compte', { ...CONTACT, email: 'camille.durand@exemple.fr' });
    expect(memberRow(t.ctx, me.id)!.mailOptOut).to.equal(false);
    await loginAs(t, 'camille.durand@exemple.fr', PASSWORD);
  });

  it('refuses a bad postal code: 422, message by the field, typed values kept, nothing saved', async () => {
    const { t, me, agent } = await setup();
    const res = await submitForm(agent, '/compte', '/compte', {
      ...CONTACT,
      phone: '07 00 00 00 00',
      postalCode: '630',
      city: 'Riom',
      mailOptOut: 'on',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-postalCode-error" class="field-error">Code postal à 5 chiffres\.</);
    expect(res.text).to.contain('value="630"');
    expect(res.text).to.contain('value="07 00 00 00 00"');
    expect(res.text).to.contain('value="Riom"');
    expect(res.text).to.match(/name="mailOptOut" checked/);
    expect(memberRow(t.ctx, me.id)).to.include({
      phone: '06 12 34 56 78',
      postalCode: null,
      city: null,
      mailOptOut: false,
    });
  });

  it('refuses an empty e-mail (it is the login) and the e-mail of another member', async () => {
    const { t, me, agent } = await setup();
    const empty = await submitForm(agent, '/compte', '/compte', { ...CONTACT, email: '', city: 'Riom' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Votre adresse e-mail sert à vous connecter');
    expect(empty.text).to.contain('value="Riom"');
    const taken = await submitForm(agent, '/compte', '/compte', { ...CONTACT, email: 'alice@exemple.fr' });
    expect(taken.status).to.equal(422);
    expect(taken.text).to.contain('Cette adresse est déjà celle d’un autre membre.');
    expect(memberRow(t.ctx, me.id)).to.include({ email: 'camille@exemple.fr', city: null });
  });

  it("cannot be used to change someone else's details or to give oneself a role", async () => {
    const { t, me, agent } = await setup();
    const alice = memberRow(t.ctx, 1)!;
    const res = await submitForm(agent, '/compte', '/compte', {
      ...CONTACT,
      id: String(alice.id),
      admin: 'on',
      active: '0',
    });
    expect(res.status).to.equal(302);
    expect(memberRow(t.ctx, alice.id)).to.include({ firstName: 'Alice', email: 'alice@exemple.fr' });
    expect(memberRow(t.ctx, me.id)!.active).to.equal(true);
    expect((await agent.get('/admin/membres')).status).to.equal(403);
  });
});

describe('my account: password', () => {
  it('refuses a wrong current password with 422 and keeps the old password', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/compte', '/compte/mot-de-passe', {
      currentPassword: 'pas le bon mot de passe',
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD,
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-currentPassword-error" class="field-error">Mot de passe actuel incorrect\.</);
    expect(res.text).not.to.contain(NEW_PASSWORD);
    await loginAs(t, 'camille@exemple.fr', PASSWORD);
    expect(auditActions(t)).not.to.include('password.changed');
  });

  it('refuses a short new password or a different confirmation', async () => {
    const { t, agent } = await setup();
    const short = await submitForm(agent, '/compte', '/compte/mot-de-passe', {
      currentPassword: PASSWORD,
      password: 'court',
      passwordConfirm: 'court',
    });
    expect(short.status).to.equal(422);
    expect(short.text).to.contain('Au moins 10 caractères');
    const different = await submitForm(agent, '/compte', '/compte/mot-de-passe', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD + '!',
    });
    expect(different.status).to.equal(422);
    expect(different.text).to.contain('Les deux mots de passe ne sont pas identiques.');
    await loginAs(t, 'camille@exemple.fr', PASSWORD);
  });

  it('changes the password: the new one works, the old one no longer; other sessions end, this one stays', async () => {
    const { t, agent } = await setup();
    const phone = await loginAs(t, 'camille@exemple.fr', PASSWORD);
    expect((await phone.get('/compte')).status).to.equal(200);
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);

    const res = await submitForm(agent, '/compte', '/compte/mot-de-passe', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD,
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/compte');
    const page = await agent.get('/compte');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Votre mot de passe est changé.');

    const other = await phone.get('/compte');
    expect(other.status).to.equal(302);
    expect(other.headers.location).to.equal('/connexion');
    expect((await admin.get('/admin/membres')).status, 'another member stays logged in').to.equal(200);

    const old = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'camille@exemple.fr',
      password: PASSWORD,
    });
    expect(old.status).to.equal(401);
    expect(old.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    await loginAs(t, 'camille@exemple.fr', NEW_PASSWORD);
    expect(auditActions(t)).to.include('password.changed');
  });
});
