import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { csrfFrom, loginAs, makeTestApp, type TestApp } from '../support/app.js';
import { audit } from '../support/audit.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import {
  auditLog,
  cheques,
  dutyShifts,
  members,
  membershipPeriods,
  memberships,
  outbox,
} from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { grantCredit } from '../../server/features/treasury/credits.service.js';
import { inviteMember } from '../../server/features/members/members.service.js';
import { runTask } from '../../server/jobs/task-log.js';
import { formatEuros } from '../../server/lib/format.js';

async function setup() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const lea = await createMember(t.ctx, {
    firstName: 'Léa',
    lastName: 'Martin',
    email: 'lea@exemple.fr',
    phone: '06 12 34 56 78',
  });
  return { t, admin, lea };
}

function addMembership(t: TestApp, memberId: number, status: 'promised' | 'received') {
  const now = t.clock.now().toISOString();
  const { id } = t.db
    .insert(membershipPeriods)
    .values({
      name: 'Saison 2027',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      opensOn: '2026-11-01',
      closesOn: '2027-03-31',
      minimumCents: 1000,
      payee: 'AMAP de Test',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: membershipPeriods.id })
    .get();
  t.db
    .insert(memberships)
    .values({ periodId: id, memberId, amountCents: 1500, method: 'cheque', status, createdAt: now, updatedAt: now })
    .run();
}

function addDutyShift(t: TestApp, memberId: number) {
  t.db
    .insert(dutyShifts)
    .values({ dayOn: '2027-01-14', memberId, roleName: 'accueil', createdAt: t.clock.now().toISOString() })
    .run();
}

/** Invitations go only to members without a password: invite as if it were before Léa chose hers. */
function inviteBeforePassword(t: TestApp, adminId: number, memberId: number) {
  const { passwordHash } = t.db
    .select({ passwordHash: members.passwordHash })
    .from(members)
    .where(eq(members.id, memberId))
    .get()!;
  t.db.update(members).set({ passwordHash: null }).where(eq(members.id, memberId)).run();
  inviteMember(t.ctx, actor(t.ctx, adminId), memberId);
  t.db.update(members).set({ passwordHash }).where(eq(members.id, memberId)).run();
}

describe('personal data (RGPD)', () => {
  it('a member downloads everything the AMAP stores about them, JSON and a readable page', async () => {
    const { t, admin, lea } = await setup();
    const c = setupContract(t.ctx, admin.id);
    const subId = subscribeEveryDelivery(t.ctx, c, lea.id);
    const [first] = t.db.select().from(cheques).where(eq(cheques.subscriptionId, subId)).orderBy(cheques.id).all();
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: first.id, bank: 'Crédit Agricole', number: '0001234' }]);
    grantCredit(t.ctx, actor(t.ctx, admin.id), subId, 500, 'Panier manqué le 14 janvier');
    addMembership(t, lea.id, 'received');
    addDutyShift(t, lea.id);
    inviteBeforePassword(t, admin.id, lea.id);

    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const res = await agent.get('/compte/donnees.json');
    expect(res.status).to.equal(200);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="donnees-lea-martin-2026-11-28.json"');
    expect(res.headers['cache-control']).to.equal('no-store');
    const data = JSON.parse(res.text);
    expect(data.member).to.include({
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea@exemple.fr',
      phone: '06 12 34 56 78',
      hasPassword: true,
    });
    expect(JSON.stringify(data)).not.to.contain('argon2');
    expect(data.subscriptions).to.have.length(1);
    const [sub] = data.subscriptions;
    expect(sub).to.include({ contract: 'Légumes été 2027', producer: 'GAEC des Volcans', totalCents: 12 * 1500 });
    expect(sub.quantities).to.have.length(12);
    expect(sub.quantities[0]).to.deep.equal({ deliveryOn: '2027-01-07', product: 'Panier de légumes', quantity: 1 });
    expect(
      sub.cheques.map((ch: { amountCents: number }) => ch.amountCents).reduce((a: number, b: number) => a + b),
    ).to.equal(18000 - 500); // the credit lowers what is payable
    expect(sub.cheques[0]).to.include({ status: 'received', bank: 'Crédit Agricole', number: '0001234' });
    expect(sub.credits).to.deep.equal([
      { amountCents: 500, reason: 'Panier manqué le 14 janvier', createdAt: '2026-11-28T10:00:00.000Z' },
    ]);
    expect(data.memberships).to.deep.include({
      period: 'Saison 2027',
      amountCents: 1500,
      method: 'cheque',
      status: 'received',
      receivedAt: null,
      createdAt: '2026-11-28T10:00:00.000Z',
    });
    expect(data.dutyShifts).to.deep.equal([
      {
        dayOn: '2027-01-14',
        roleName: 'accueil',
        standInSoughtAt: null,
        endedAt: null,
        endReason: null,
        createdAt: '2026-11-28T10:00:00.000Z',
      },
    ]);
    expect(data.mails.map((m: { subject: string }) => m.subject)).to.include(
      'Bienvenue sur l’espace en ligne de AMAP de Test',
    );
    expect(data.journal.map((j: { action: string }) => j.action)).to.include.members(['member.invited', 'login']);

    const page = await agent.get('/compte/donnees');
    expect(page.status).to.equal(200);
    for (const text of [
      'Léa Martin',
      'lea@exemple.fr',
      'Légumes été 2027',
      'Crédit Agricole 0001234',
      'Saison 2027',
      'jeudi 14 janvier 2027 (accueil)',
      'Bienvenue sur l’espace en ligne',
    ])
      expect(page.text, text).to.contain(text);
    expect((await agent.get('/compte')).text).to.contain('href="/compte/donnees.json"');
  });

  it('an administrator gets the same from the member page; a member never gets another’s', async () => {
    const { t, lea } = await setup();
    const other = await createMember(t.ctx, { email: 'paul@exemple.fr' });
    const admin = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    expect((await admin.get(`/admin/membres/${lea.id}`)).text).to.contain(`href="/admin/membres/${lea.id}/donnees"`);
    const json = JSON.parse((await admin.get(`/admin/membres/${lea.id}/donnees.json`)).text);
    expect(json.member.email).to.equal('lea@exemple.fr');
    expect((await admin.get('/admin/membres/9999/donnees')).status).to.equal(404);
    const paul = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    expect((await paul.get(`/admin/membres/${lea.id}/donnees.json`)).status).to.equal(403);
    expect(JSON.parse((await paul.get('/compte/donnees.json')).text).member.id).to.equal(other.id);
  });

  describe('anonymising a former member', () => {
    it('erases name and contact details, keeps the money history, empties what the journal said, and is audited', async () => {
      const { t, admin, lea } = await setup();
      const c = setupContract(t.ctx, admin.id);
      const subId = subscribeEveryDelivery(t.ctx, c, lea.id);
      const leaCheques = t.db.select().from(cheques).where(eq(cheques.subscriptionId, subId)).all();
      receiveCheques(
        t.ctx,
        actor(t.ctx, admin.id),
        leaCheques.map((ch) => ({ chequeId: ch.id })),
      );
      addDutyShift(t, lea.id);
      inviteBeforePassword(t, admin.id, lea.id);
      const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
      await agent
        .post(`/admin/membres/${lea.id}`)
        .type('form')
        .send({
          _csrf: csrfFrom((await agent.get(`/admin/membres/${lea.id}`)).text),
          firstName: 'Léa',
          lastName: 'Martin',
          email: 'lea@exemple.fr',
          phone: '06 99 99 99 99',
        });
      expect(JSON.stringify(audit(t, 'member.updated')[0].details)).to.contain('06 99 99 99 99');

      const confirm = await agent.get(`/admin/membres/${lea.id}/anonymiser`);
      expect(confirm.text).to.contain('Anonymiser définitivement');
      const res = await agent
        .post(`/admin/membres/${lea.id}/anonymiser`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text) });
      expect(res.status).to.equal(302);

      const m = t.db.select().from(members).where(eq(members.id, lea.id)).get()!;
      expect(m).to.include({
        firstName: 'Ancien·ne adhérent·e',
        lastName: `n° ${lea.id}`,
        email: null,
        phone: null,
        passwordHash: null,
        active: false,
      });
      expect(t.db.select().from(cheques).where(eq(cheques.subscriptionId, subId)).all()).to.deep.equal(
        leaCheques.map((ch) => ({
          ...ch,
          status: 'received',
          receivedAt: ch.receivedAt ?? '2026-11-28T10:00:00.000Z',
          receivedById: admin.id,
          updatedAt: '2026-11-28T10:00:00.000Z',
        })),
      );
      expect(t.db.select().from(dutyShifts).all()).to.have.length(1);
      expect(outboxMails(t.ctx).filter((o) => o.toAddress === 'lea@exemple.fr')).to.deep.equal([]);
      const about = t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, lea.id))
        .all()
        .filter((a) => a.targetType === 'member');
      expect(JSON.stringify(about)).not.to.contain('06 99').and.not.to.contain('lea@exemple.fr');
      expect(audit(t, 'member.anonymised')).to.have.length(1);
      expect(audit(t, 'member.anonymised')[0]).to.include({ actorId: admin.id, targetId: lea.id });
      expect((await agent.get(`/admin/membres/${lea.id}`)).text).to.contain(`Ancien·ne adhérent·e n° ${lea.id}`);

      const again = await agent
        .post(`/admin/membres/${lea.id}/anonymiser`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text) });
      expect(again.status).to.equal(422);
      expect(again.text).to.contain('déjà anonymisé');
    });

    it('is refused while money is owed either way, and changes nothing', async () => {
      const { t, admin, lea } = await setup();
      const c = setupContract(t.ctx, admin.id);
      subscribeEveryDelivery(t.ctx, c, lea.id);
      const paul = await createMember(t.ctx, { email: 'paul@exemple.fr' });
      addMembership(t, paul.id, 'promised');
      const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
      const page = await agent.get(`/admin/membres/${lea.id}/anonymiser`);
      expect(page.text).to.contain(`Légumes été 2027 : ${formatEuros(18000)} encore dû par ce membre.`);
      expect(page.text).not.to.contain('Anonymiser définitivement</button>');
      const res = await agent
        .post(`/admin/membres/${lea.id}/anonymiser`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
      expect(res.status).to.equal(422);
      expect(t.db.select().from(members).where(eq(members.id, lea.id)).get()!.email).to.equal('lea@exemple.fr');
      const fee = await agent
        .post(`/admin/membres/${paul.id}/anonymiser`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
      expect(fee.text).to.contain(`Adhésion promise non reçue : ${formatEuros(1500)}`);
      expect(audit(t, 'member.anonymised')).to.deep.equal([]);
    });
  });

  it('mails and journal details older than the retention setting are purged by the purge task', async () => {
    const { t, lea } = await setup();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const settings = await agent.get('/admin/reglages');
    expect(settings.text).to.contain('<option value="24" selected>2 ans (par défaut)</option>');
    const res = await agent
      .post('/admin/reglages/conservation')
      .type('form')
      .send({ _csrf: csrfFrom(settings.text), retentionMonths: '12' });
    expect(res.status).to.equal(302);
    expect((await agent.get('/admin/reglages')).text).to.contain('<option value="12" selected>1 an</option>');

    const mail = (createdAt: string, status: 'sent' | 'pending') =>
      t.db
        .insert(outbox)
        .values({
          toAddress: 'lea@exemple.fr',
          subject: createdAt,
          text: 't',
          status,
          nextAttemptAt: createdAt,
          createdAt,
        })
        .run();
    mail('2025-11-27T10:00:00.000Z', 'sent');
    mail('2025-11-27T11:00:00.000Z', 'pending');
    mail('2025-11-28T10:00:00.000Z', 'sent');
    t.db
      .insert(auditLog)
      .values({
        action: 'member.updated',
        targetType: 'member',
        targetId: lea.id,
        details: '{"phone":["1","2"]}',
        createdAt: '2025-10-01T00:00:00.000Z',
      })
      .run();

    const r = await runTask(t.ctx, 'purge', { today: '2026-11-28', trigger: 'cli', deps: { transport: null } });
    expect(r.summary).to.equal(
      '0 session supprimée, 0 lien supprimé. Plus de 12 mois : 1 mail supprimé, 1 détail du journal effacé.',
    );
    expect(
      t.db
        .select({ s: outbox.subject })
        .from(outbox)
        .all()
        .map((o) => o.s),
    ).to.deep.equal(['2025-11-27T11:00:00.000Z', '2025-11-28T10:00:00.000Z']);
    expect(audit(t).find((a) => a.createdAt === '2025-10-01T00:00:00.000Z')!.details).to.deep.equal({});
  });
});
