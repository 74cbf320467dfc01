import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, linkIn, memberRow, outboxMails, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { memberRoles, members, sessions } from '../../server/db/schema/index.js';

async function setup() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin, agent };
}

function memberCount(t: TestApp): number {
  return t.db.select().from(members).all().length;
}

function rolesOf(t: TestApp, id: number): string[] {
  return t.db
    .select()
    .from(memberRoles)
    .where(eq(memberRoles.memberId, id))
    .all()
    .map((r) => r.role)
    .sort();
}

/** The names shown in the members list, in order ("DURAND Camille"). */
function listedNames(html: string): string[] {
  return [...html.matchAll(/class="member-name">([^<]+)</g)].map((m) => m[1].trim());
}

/** Posts an action form of the member page, then opens the page it redirects to. */
async function memberAction(agent: request.Agent, id: number, action: string, fields: Record<string, string> = {}) {
  const res = await submitForm(agent, `/admin/membres/${id}`, `/admin/membres/${id}/${action}`, fields);
  expect(res.status, res.text.slice(0, 300)).to.equal(302);
  const page = await agent.get(res.headers.location);
  return { res, page };
}

describe('admin: members list and access', () => {
  it('sends anonymous visitors to the login page', async () => {
    const { t } = await setup();
    for (const path of [
      '/admin/membres',
      '/admin/membres/nouveau',
      '/admin/membres/1',
      '/admin/membres/export.csv',
      '/admin/membres/import',
    ]) {
      const res = await t.agent().get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location, path).to.equal('/connexion');
    }
  });

  it('shows the 403 page to a plain member and refuses their posts without writing anything', async () => {
    const { t, admin } = await setup();
    const plain = await createMember(t.ctx, { email: 'paul@exemple.fr' });
    const agent = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    for (const path of [
      '/admin/membres',
      '/admin/membres/nouveau',
      `/admin/membres/${admin.id}`,
      '/admin/membres/export.csv',
    ]) {
      const res = await agent.get(path);
      expect(res.status, path).to.equal(403);
      expect(res.text, path).to.contain('Vous n’avez pas accès à cette page.');
      expect(res.text, path).not.to.contain('alice@exemple.fr');
    }
    const auditBefore = audit(t).length;
    const posts: [string, Record<string, string>][] = [
      [`/admin/membres/${admin.id}/desactiver`, {}],
      [`/admin/membres/${admin.id}/supprimer`, {}],
      [`/admin/membres/${plain.id}/roles`, { admin: 'on', treasurer: 'on' }],
      [`/admin/membres/${admin.id}`, { firstName: 'Pirate', lastName: 'Pirate', email: 'alice@exemple.fr' }],
      [
        '/admin/membres/nouveau',
        { firstName: 'Eve', lastName: 'Pirate', email: 'eve@exemple.fr', sendInvitation: 'on' },
      ],
      [`/admin/membres/${admin.id}/invitation`, {}],
    ];
    for (const [action, fields] of posts) {
      const res = await submitForm(agent, '/compte', action, fields);
      expect(res.status, action).to.equal(403);
    }
    expect(rolesOf(t, plain.id)).to.deep.equal([]);
    expect(memberRow(t.ctx, admin.id)).to.include({ active: true, firstName: 'Alice' });
    expect(memberCount(t)).to.equal(2);
    expect(outboxMails(t.ctx)).to.have.length(0);
    expect(audit(t).length).to.equal(auditBefore);
  });

  it('lists active members by name with their roles, and says how many are inactive', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, {
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'camille@exemple.fr',
      roles: ['treasurer'],
    });
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Bernard' });
    await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Ancien', active: false });
    const res = await agent.get('/admin/membres');
    expect(res.status).to.equal(200);
    expect(listedNames(res.text)).to.deep.equal(['ADMIN Alice', 'BERNARD Paul', 'DURAND Camille']);
    expect(res.text).to.contain('Actifs (3)');
    expect(res.text).to.contain('Inactifs (1)');
    expect(res.text).to.contain('>trésorerie<');
  });

  it('sorts names as a French directory does, accents and case aside', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Zola' });
    await createMember(t.ctx, { firstName: 'Léa', lastName: 'Écrivain' });
    await createMember(t.ctx, { firstName: 'luc', lastName: 'durand' });
    await createMember(t.ctx, { firstName: 'Émile', lastName: 'Durand' });
    await createMember(t.ctx, { firstName: 'Anne', lastName: 'Durand' });
    const res = await agent.get('/admin/membres');
    expect(listedNames(res.text)).to.deep.equal([
      'ADMIN Alice',
      'DURAND Anne',
      'DURAND Émile',
      'DURAND luc',
      'ÉCRIVAIN Léa',
      'ZOLA Paul',
    ]);
  });

  it('finds members by a few letters of the name, whatever the case and accents', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Hélène', lastName: 'Lefèvre', email: 'hl@exemple.fr' });
    await createMember(t.ctx, { firstName: 'Émilie', lastName: 'Durand', email: 'ed@exemple.fr' });
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Martin', email: 'pm@exemple.fr' });
    const search = async (q: string) => listedNames((await agent.get('/admin/membres').query({ q })).text);
    expect(await search('lef')).to.deep.equal(['LEFÈVRE Hélène']);
    expect(await search('MART')).to.deep.equal(['MARTIN Paul']);
    expect(await search('helene')).to.deep.equal(['LEFÈVRE Hélène']);
    expect(await search('émilie')).to.deep.equal(['DURAND Émilie']);
    expect(await search('paul martin')).to.deep.equal(['MARTIN Paul']);
    expect(await search('paul durand')).to.deep.equal([]);
    const none = await agent.get('/admin/membres').query({ q: 'zzz' });
    expect(none.text).to.contain('Aucun membre ne correspond à « zzz ».');
    expect(none.text).to.contain('value="zzz"');
  });

  it('finds members by e-mail', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille.durand@jardins.org' });
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Martin', email: 'paul@exemple.fr' });
    const search = async (q: string) => listedNames((await agent.get('/admin/membres').query({ q })).text);
    expect(await search('camille.durand@jardins.org')).to.deep.equal(['DURAND Camille']);
    expect(await search('JARDINS')).to.deep.equal(['DURAND Camille']);
    expect(await search('100%')).to.deep.equal([]);
  });

  it('finds members by phone digits typed with spaces, dots or +33, against any spelling', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, {
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'camille@exemple.fr',
      phone: '06.12.34.56.78',
    });
    await createMember(t.ctx, {
      firstName: 'Paul',
      lastName: 'Martin',
      email: 'paul@exemple.fr',
      phone: '+33 7 56 34 12 06',
    });
    // Holds every pair of digits of Camille's number, in another order.
    await createMember(t.ctx, {
      firstName: 'Léa',
      lastName: 'Roux',
      email: 'lea@exemple.fr',
      phone: '07 78 56 34 12 06',
    });
    const search = async (q: string) => listedNames((await agent.get('/admin/membres').query({ q })).text);
    expect(await search('06 12 34 56 78')).to.deep.equal(['DURAND Camille']);
    expect(await search('0612345678')).to.deep.equal(['DURAND Camille']);
    expect(await search('+33 6 12 34 56 78')).to.deep.equal(['DURAND Camille']);
    expect(await search('07 56 34')).to.deep.equal(['MARTIN Paul']);
    expect(await search('12 06')).to.deep.equal(['MARTIN Paul', 'ROUX Léa']);
  });

  it('filters inactive members and shows them with a badge', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Ancien', active: false });
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Martin' });
    const inactive = await agent.get('/admin/membres?statut=inactifs');
    expect(listedNames(inactive.text)).to.deep.equal(['ANCIEN Zoé']);
    expect(inactive.text).to.contain('badge-muted">inactif<');
    expect(inactive.text).to.match(/<option value="inactifs" selected>/);
    const all = await agent.get('/admin/membres?statut=tous');
    expect(listedNames(all.text)).to.deep.equal(['ADMIN Alice', 'ANCIEN Zoé', 'MARTIN Paul']);
    const searchInactive = await agent.get('/admin/membres').query({ q: 'zoé', statut: 'inactifs' });
    expect(listedNames(searchInactive.text)).to.deep.equal(['ANCIEN Zoé']);
    const bogus = await agent.get('/admin/membres?statut=n-importe');
    expect(listedNames(bogus.text)).to.deep.equal(['ADMIN Alice', 'MARTIN Paul']);
  });
});

describe('admin: creating and editing a member', () => {
  it('creates a member without invitation: stored, audited, no mail', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: ' Camille ',
      lastName: 'Durand',
      email: 'Camille.Durand@Exemple.fr',
      phone: '06 12 34 56 78',
      phone2: '',
      address: '3 rue des Lilas',
      postalCode: '63000',
      city: 'Clermont-Ferrand',
    });
    expect(res.status).to.equal(302);
    const id = Number(/\/admin\/membres\/(\d+)$/.exec(res.headers.location)![1]);
    expect(memberRow(t.ctx, id)).to.include({
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'camille.durand@exemple.fr',
      phone: '06 12 34 56 78',
      phone2: null,
      postalCode: '63000',
      city: 'Clermont-Ferrand',
      active: true,
      passwordHash: null,
    });
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('Camille Durand est ajouté·e.');
    expect(page.text).to.contain('value="3 rue des Lilas"');
    expect(outboxMails(t.ctx)).to.have.length(0);
    expect(audit(t, 'member.created').map((a) => a.targetId)).to.deep.equal([id]);
  });

  it('creates a member with an invitation: one mail whose link opens the set-password page', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'Camille',
      lastName: 'Durand',
      email: 'camille@exemple.fr',
      sendInvitation: 'on',
    });
    expect(res.status).to.equal(302);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('l’invitation part vers camille@exemple.fr');
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(1);
    expect(mails[0].toAddress).to.equal('camille@exemple.fr');
    expect(mails[0].text).to.contain('Bonjour Camille');
    expect(mails[0].text).to.contain('Alice Admin vous invite');
    const link = linkIn(mails[0].text);
    expect(link).to.match(/^\/invitation\/[A-Za-z0-9_-]{20,}$/);
    const invitation = await t.agent().get(link);
    expect(invitation.status).to.equal(200);
    expect(audit(t, 'member.invited')).to.have.length(1);
  });

  it('creates a member without e-mail even when the invitation box stays ticked (no mail)', async () => {
    const { t, agent } = await setup();
    const form = await agent.get('/admin/membres/nouveau');
    expect(form.text).to.match(/name="sendInvitation" checked/);
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'Jeanne',
      lastName: 'Sansmail',
      email: '',
      sendInvitation: 'on',
    });
    expect(res.status, res.text.slice(0, 2000)).to.equal(302);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('Jeanne Sansmail est ajouté·e.');
    expect(page.text).to.contain('pas d’e-mail');
    expect(memberCount(t)).to.equal(2);
    expect(outboxMails(t.ctx)).to.have.length(0);
  });

  it('refuses an e-mail already used (any case): 422, message by the field, values kept, nothing written', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { email: 'camille@exemple.fr' });
    const auditBefore = audit(t).length;
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'Camille',
      lastName: 'Autre',
      email: 'CAMILLE@exemple.fr',
      phone: '06 00 00 00 00',
      city: 'Riom',
      sendInvitation: 'on',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(
      /id="f-email-error" class="field-error">Cette adresse est déjà celle d’un autre membre\.</,
    );
    expect(res.text).to.contain('value="Autre"');
    expect(res.text).to.contain('value="06 00 00 00 00"');
    expect(res.text).to.contain('value="Riom"');
    expect(res.text).to.match(/name="sendInvitation" checked/);
    expect(memberCount(t)).to.equal(2);
    expect(outboxMails(t.ctx)).to.have.length(0);
    expect(audit(t).length).to.equal(auditBefore);
  });

  it('refuses missing names, a bad e-mail or postal code, each with its French message', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: '',
      lastName: '  ',
      email: 'camille@',
      postalCode: '6300',
      city: 'Riom',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Prénom obligatoire.');
    expect(res.text).to.contain('Nom obligatoire.');
    expect(res.text).to.contain('Adresse e-mail invalide');
    expect(res.text).to.contain('Code postal à 5 chiffres.');
    expect(res.text).to.contain('value="camille@"');
    expect(res.text).to.contain('value="6300"');
    expect(res.text).not.to.match(/name="sendInvitation" checked/);
    const long = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'Camille',
      lastName: 'Durand',
      email: `${'a'.repeat(195)}@exemple.fr`,
    });
    expect(long.status).to.equal(422);
    expect(long.text).to.contain('200 caractères au plus.');
    expect(memberCount(t)).to.equal(1);
  });

  it('edits a member: saved, audited with what changed', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
    const res = await submitForm(agent, `/admin/membres/${m.id}`, `/admin/membres/${m.id}`, {
      firstName: 'Camille',
      lastName: 'Durand-Martin',
      email: 'camille@exemple.fr',
      phone: '04 73 00 00 00',
      postalCode: '63100',
      city: 'Clermont',
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/admin/membres/${m.id}`);
    expect(memberRow(t.ctx, m.id)).to.include({
      lastName: 'Durand-Martin',
      phone: '04 73 00 00 00',
      postalCode: '63100',
      city: 'Clermont',
    });
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('Fiche enregistrée.');
    expect(page.text).to.contain('value="Durand-Martin"');
    const [entry] = audit(t, 'member.updated');
    expect(entry.targetId).to.equal(m.id);
    expect(entry.details.lastName).to.deep.equal(['Durand', 'Durand-Martin']);
    expect(entry.details).not.to.have.property('email');
  });

  it('refuses to give a member the e-mail of another one, keeping the typed values', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
    const res = await submitForm(agent, `/admin/membres/${m.id}`, `/admin/membres/${m.id}`, {
      firstName: 'Camille',
      lastName: 'Nouveau',
      email: 'alice@exemple.fr',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Cette adresse est déjà celle d’un autre membre.');
    expect(res.text).to.contain('value="Nouveau"');
    expect(memberRow(t.ctx, m.id)).to.include({ lastName: 'Durand', email: 'camille@exemple.fr' });
  });

  it('does not let an administrator remove their own e-mail (their login) from the member page', async () => {
    const { t, admin, agent } = await setup();
    const res = await submitForm(agent, `/admin/membres/${admin.id}`, `/admin/membres/${admin.id}`, {
      firstName: 'Alice',
      lastName: 'Admin',
      email: '',
      city: 'Riom',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-email-error" class="field-error">Votre adresse e-mail sert à vous connecter/);
    expect(res.text).to.contain('value="Riom"');
    expect(memberRow(t.ctx, admin.id)).to.include({ email: 'alice@exemple.fr', city: null });
    // Removing another member's e-mail stays possible.
    const m = await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
    const other = await submitForm(agent, `/admin/membres/${m.id}`, `/admin/membres/${m.id}`, {
      firstName: 'Camille',
      lastName: 'Durand',
      email: '',
    });
    expect(other.status).to.equal(302);
    expect(memberRow(t.ctx, m.id)!.email).to.equal(null);
  });

  it('answers 404 for a member that does not exist', async () => {
    const { agent } = await setup();
    expect((await agent.get('/admin/membres/999')).status).to.equal(404);
    expect((await agent.get('/admin/membres/abc')).status).to.equal(404);
    const res = await submitForm(agent, '/admin/membres', '/admin/membres/999/desactiver', {});
    expect(res.status).to.equal(404);
  });
});

describe('admin: invitation, deactivation, deletion', () => {
  it('sends an invitation from the member page; a new one makes the old link stop working', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { firstName: 'Camille', email: 'camille@exemple.fr', password: null });
    const { page } = await memberAction(agent, m.id, 'invitation');
    expect(page.text).to.contain('Invitation envoyée à camille@exemple.fr');
    await memberAction(agent, m.id, 'invitation');
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(2);
    expect((await t.agent().get(linkIn(mails[0].text))).status).to.equal(410);
    expect((await t.agent().get(linkIn(mails[1].text))).status).to.equal(200);
  });

  it('refuses to invite a member without e-mail, with a message and no mail', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { email: null });
    const { page } = await memberAction(agent, m.id, 'invitation');
    expect(page.text).to.contain('Ce membre n’a pas d’adresse e-mail');
    expect(outboxMails(t.ctx)).to.have.length(0);
  });

  it('deactivates a member: their open session ends and they can no longer log in; reactivation restores it', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { email: 'paul@exemple.fr' });
    const paul = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    expect((await paul.get('/compte')).status).to.equal(200);

    const { page } = await memberAction(agent, m.id, 'desactiver');
    expect(page.text).to.contain('Membre désactivé : il ne peut plus se connecter.');
    expect(page.text).to.contain('inactif : ne peut pas se connecter');
    expect(memberRow(t.ctx, m.id)!.active).to.equal(false);
    const sessionsOfPaul = t.db
      .select()
      .from(sessions)
      .all()
      .filter((s) => JSON.parse(s.data).passport?.user === m.id);
    expect(sessionsOfPaul).to.have.length(0);

    const after = await paul.get('/compte');
    expect(after.status).to.equal(302);
    expect(after.headers.location).to.equal('/connexion');
    const login = await submitForm(t.agent(), '/connexion', '/connexion', {
      email: 'paul@exemple.fr',
      password: PASSWORD,
    });
    expect(login.status).to.equal(401);
    expect(login.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    expect(audit(t, 'member.deactivated').map((a) => a.targetId)).to.deep.equal([m.id]);

    const inactiveInvite = await memberAction(agent, m.id, 'invitation');
    expect(inactiveInvite.page.text).to.contain('Ce membre est désactivé');
    expect(outboxMails(t.ctx)).to.have.length(0);

    await memberAction(agent, m.id, 'reactiver');
    expect(memberRow(t.ctx, m.id)!.active).to.equal(true);
    await loginAs(t, 'paul@exemple.fr', PASSWORD);
  });

  it('keeps the last active administrator: no deactivation, no deletion, no removal of the role', async () => {
    const { t, admin, agent } = await setup();
    const deactivate = await memberAction(agent, admin.id, 'desactiver');
    expect(deactivate.page.text).to.contain('C’est le dernier administrateur actif');
    const remove = await memberAction(agent, admin.id, 'roles', { treasurer: 'on' });
    expect(remove.page.text).to.contain('Il faut au moins un administrateur actif');
    const del = await memberAction(agent, admin.id, 'supprimer');
    expect(del.page.text).to.contain('Vous ne pouvez pas supprimer votre propre compte.');
    expect(memberRow(t.ctx, admin.id)!.active).to.equal(true);
    expect(rolesOf(t, admin.id)).to.deep.equal(['admin']);
    expect(audit(t).filter((a) => a.action.startsWith('role.') || a.action.startsWith('member.'))).to.have.length(0);
    expect((await agent.get('/admin/membres')).status).to.equal(200);
  });

  it('does not count an inactive administrator as the other one', async () => {
    const { t, admin, agent } = await setup();
    await createAdmin(t.ctx, { firstName: 'Bob', email: 'bob@exemple.fr', active: false });
    const { page } = await memberAction(agent, admin.id, 'roles', {});
    expect(page.text).to.contain('Il faut au moins un administrateur actif');
    expect(rolesOf(t, admin.id)).to.deep.equal(['admin']);
  });

  it('lets an administrator step down once another one is active', async () => {
    const { t, admin, agent } = await setup();
    await createAdmin(t.ctx, { firstName: 'Bob', email: 'bob@exemple.fr' });
    const res = await submitForm(agent, `/admin/membres/${admin.id}`, `/admin/membres/${admin.id}/roles`, {});
    expect(res.status).to.equal(302);
    expect(rolesOf(t, admin.id)).to.deep.equal([]);
    expect((await agent.get('/admin/membres')).status).to.equal(403);
  });

  it('grants and removes roles, each change in the audit log', async () => {
    const { t, admin, agent } = await setup();
    const m = await createMember(t.ctx, { email: 'camille@exemple.fr' });
    const granted = await memberAction(agent, m.id, 'roles', { admin: 'on', treasurer: 'on' });
    expect(granted.page.text).to.contain('Rôles enregistrés.');
    expect(granted.page.text).to.match(/name="admin" checked/);
    expect(rolesOf(t, m.id)).to.deep.equal(['admin', 'treasurer']);
    await memberAction(agent, m.id, 'roles', { treasurer: 'on' });
    expect(rolesOf(t, m.id)).to.deep.equal(['treasurer']);
    const trail = audit(t).filter((a) => a.action.startsWith('role.'));
    expect(trail.map((a) => [a.action, a.details.role, a.targetId, a.actorId])).to.deep.equal([
      ['role.granted', 'admin', m.id, admin.id],
      ['role.granted', 'treasurer', m.id, admin.id],
      ['role.removed', 'admin', m.id, admin.id],
    ]);
    // The new administrator can open the admin pages at once, and loses them at once.
    const camille = await loginAs(t, 'camille@exemple.fr', PASSWORD);
    expect((await camille.get('/admin/membres')).status).to.equal(403);
    await memberAction(agent, m.id, 'roles', { admin: 'on', treasurer: 'on' });
    expect((await camille.get('/admin/membres')).status).to.equal(200);
  });

  it('deletes a member after confirmation; they disappear from the list and the log says who', async () => {
    const { t, agent } = await setup();
    const m = await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
    const { res, page } = await memberAction(agent, m.id, 'supprimer');
    expect(res.headers.location).to.equal('/admin/membres');
    expect(page.text).to.contain('Camille Durand est supprimé·e.');
    expect(listedNames(page.text)).to.deep.equal(['ADMIN Alice']);
    expect(memberRow(t.ctx, m.id)).to.equal(undefined);
    expect(audit(t, 'member.deleted')[0].details).to.deep.equal({
      name: 'Camille Durand',
      email: 'camille@exemple.fr',
    });
    expect((await agent.get(`/admin/membres/${m.id}`)).status).to.equal(404);
  });
});

describe('admin: CSV export', () => {
  it('downloads every member as a `;` CSV with a UTF-8 BOM and the import columns', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, {
      firstName: 'Hélène',
      lastName: 'Lefèvre',
      email: 'helene@exemple.fr',
      phone: '+33 6 12 34 56 78',
    });
    await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Ancien', email: null, active: false });
    const res = await agent
      .get('/admin/membres/export.csv')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.equal('attachment; filename="membres-2026-11-28.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).to.equal('nom;prénom;email;téléphone;téléphone 2;adresse;code postal;ville');
    expect(lines.slice(1, 4)).to.deep.equal([
      'Admin;Alice;alice@exemple.fr;;;;;',
      'Ancien;Zoé;;;;;;',
      "Lefèvre;Hélène;helene@exemple.fr;'+33 6 12 34 56 78;;;;",
    ]);
    expect(lines[4]).to.equal('');
  });
});

describe('admin: deleting a member with money history', () => {
  it('is refused with the reason once the member has subscribed, and deactivation is suggested', async () => {
    const { makeTestApp: make, loginAs: login, submitForm: submit } = await import('../support/app.js');
    const {
      createAdmin: admin,
      createMember: member,
      PASSWORD: pw,
      memberRow,
    } = await import('../support/factories.js');
    const { setupContract } = await import('../support/contracts.js');
    const { saveSubscription } = await import('../../server/features/subscriptions/subscriptions.service.js');
    const { actor } = await import('../support/contracts.js');
    const t = make();
    const a = await admin(t.ctx, { email: 'admin@exemple.fr' });
    const s = setupContract(t.ctx, a.id);
    const m = await member(t.ctx, { email: 'lea@exemple.fr' });
    saveSubscription(
      t.ctx,
      actor(t.ctx, m.id),
      s.contractId,
      m.id,
      s.deliveryIds.map((d) => ({ deliveryId: d, contractProductId: s.productIds[0], quantity: 1 })),
      null,
    );
    const agent = await login(t, 'admin@exemple.fr', pw);
    await submit(agent, `/admin/membres/${m.id}`, `/admin/membres/${m.id}/supprimer`, {});
    const page = await agent.get(`/admin/membres/${m.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Suppression impossible : ce membre a un historique (1 souscription, 3 chèques)');
    expect(memberRow(t.ctx, m.id)).to.not.equal(undefined);
  });
});
