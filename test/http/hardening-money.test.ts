import { expect } from 'chai';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { credits, deliveries } from '../../server/db/schema/index.js';
import { grantCredit } from '../../server/features/treasury/credits.service.js';

async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const s = setupContract(t.ctx, admin.id);
  const lea = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
  subscribeEveryDelivery(t.ctx, s, lea.id);
  return { t, admin, s, lea };
}

describe('money hardening', () => {
  it('refuses a date that does not exist (31 February) and adds nothing', async () => {
    const { t, s } = await world();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const before = t.db.select().from(deliveries).all().length;
    const res = await submitForm(
      agent,
      `/gestion/contrats/${s.contractId}`,
      `/gestion/contrats/${s.contractId}/livraisons/ajouter`,
      { date: '2027-02-31' },
    );
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('cette date n’existe pas');
    expect(t.db.select().from(deliveries).all()).to.have.length(before);
    expect((await agent.get(`/gestion/contrats/${s.contractId}`)).status).to.equal(200);
  });

  it('keeps the cheque payee once members have subscribed', async () => {
    const { t, s } = await world();
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const form = await agent.get(`/gestion/contrats/${s.contractId}/modifier`);
    const values = Object.fromEntries(
      [...form.text.matchAll(/name="([a-zA-Z]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const res = await submitForm(
      agent,
      `/gestion/contrats/${s.contractId}/modifier`,
      `/gestion/contrats/${s.contractId}/modifier`,
      {
        ...values,
        producerId: String(s.producerId),
        kind: 'fixed',
        paymentsManaged: 'on',
        membersEditAmounts: 'on',
        proposalRule: 'whole-euros',
        payee: 'Quelqu’un d’autre',
      },
    );
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('l’ordre des chèques ne peut plus changer');
  });

  it('a double-clicked credit is granted once', async () => {
    const { t, admin } = await world();
    const treasurer = actor(t.ctx, admin.id);
    grantCredit(t.ctx, treasurer, 1, 1500, 'Panier non livré');
    grantCredit(t.ctx, treasurer, 1, 1500, 'Panier non livré');
    expect(t.db.select().from(credits).all()).to.have.length(1);
  });

  it('a referent does not see the name of a member without cheques for their producers', async () => {
    const { t, lea } = await world();
    const ref = await createMember(t.ctx, { email: 'ref@exemple.fr' });
    createProducer(t.ctx, { name: 'Autre ferme', referentIds: [ref.id] });
    const agent = await loginAs(t, 'ref@exemple.fr', PASSWORD);
    const page = await agent.get(`/tresorerie/reception?membre=${lea.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.contain('Léa Martin');
  });
});

describe('second clicks', () => {
  it('adding a member without e-mail twice in a row creates one member', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const fields = { firstName: 'Jeanne', lastName: 'Sans-Courriel', email: '', sendInvitation: 'on' };
    const a = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', fields);
    const b = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', fields);
    expect(a.headers.location).to.equal(b.headers.location);
    const { members } = await import('../../server/db/schema/index.js');
    expect(
      t.db
        .select()
        .from(members)
        .all()
        .filter((m) => m.lastName === 'Sans-Courriel'),
    ).to.have.length(1);
  });

  it('creating the same contract twice in a row creates one draft', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const producerId = createProducer(t.ctx, { referentIds: [admin.id] });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const fields = {
      producerId: String(producerId),
      name: 'Pain 2027',
      kind: 'fixed',
      opensOn: '2026-12-01',
      closesOn: '2026-12-20',
      paymentsManaged: 'on',
      paymentDay: '5',
      proposalRule: 'whole-euros',
    };
    const a = await submitForm(agent, '/gestion/contrats/nouveau', '/gestion/contrats/nouveau', fields);
    const b = await submitForm(agent, '/gestion/contrats/nouveau', '/gestion/contrats/nouveau', fields);
    expect(a.status).to.equal(302);
    expect(a.headers.location).to.equal(b.headers.location);
  });
});

describe('producer accounts and bank details', () => {
  it('the producer’s own account gets the cheque report without members’ bank and cheque numbers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { producerAccounts } = await import('../../server/db/schema/index.js');
    const { receiveCheques } = await import('../../server/features/treasury/cheques.service.js');
    const { cheques } = await import('../../server/db/schema/index.js');
    const { t, admin, s } = await world();
    const first = t.db.select().from(cheques).all()[0];
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: first.id, bank: 'Crédit Mutuel', number: '7654321' }]);
    const farmer = await createMember(t.ctx, { email: 'ferme@exemple.fr' });
    t.db.insert(producerAccounts).values({ producerId: s.producerId, memberId: farmer.id }).run();
    const download = async (email: string) => {
      const agent = await loginAs(t, email, PASSWORD);
      const res = await agent
        .get(`/gestion/contrats/${s.contractId}/cheques.xlsx`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).to.equal(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      const values: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value)))));
      return values.join(' ');
    };
    expect(await download('admin@exemple.fr')).to.contain('7654321');
    const forFarmer = await download('ferme@exemple.fr');
    expect(forFarmer).not.to.contain('7654321');
    expect(forFarmer).not.to.contain('Crédit Mutuel');
    expect(forFarmer).to.contain('Martin');
  });
});

describe('schedule changes are told to members', () => {
  it('adding a payment date or a delivery (fixed contract) mails each subscriber once', async () => {
    const { t, s } = await world();
    const { addPaymentDate, generateDeliveries } =
      await import('../../server/features/contracts/contract-calendar.service.js');
    const { outboxMails } = await import('../support/factories.js');
    const admin = actor(t.ctx, 1);
    addPaymentDate(t.ctx, admin, s.contractId, '2027-04-05');
    let mails = outboxMails(t.ctx).filter((m) => m.subject.includes('a changé'));
    expect(mails).to.have.length(1);
    expect(mails[0].toAddress).to.equal('lea@exemple.fr');
    expect(mails[0].text).to.contain('une date d’encaissement ajoutée (lundi 5 avril 2027)');
    generateDeliveries(t.ctx, admin, s.contractId, {
      from: '2027-04-01',
      to: '2027-04-01',
      frequency: 'weekly',
      weekday: 4,
    });
    mails = outboxMails(t.ctx).filter((m) => m.subject.includes('a changé'));
    expect(mails).to.have.length(2);
    expect(mails[1].text).to.contain('une livraison ajoutée le jeudi 1er avril 2027, avec votre panier habituel');
    expect(mails[1].text).to.match(/passe de 180,00\s€ à 195,00\s€/);
  });
});

describe('money owed back and handovers follow the domain rules', () => {
  it('tells the member what is owed back once a credit lowers what her cheques, all received, must cover', async () => {
    const { t, admin, s } = await world();
    const { receiveCheques } = await import('../../server/features/treasury/cheques.service.js');
    const { cheques } = await import('../../server/db/schema/index.js');
    const treasurer = actor(t.ctx, admin.id);
    // 180 € in three cheques of 60 €, all at the AMAP; then a 15 € credit: 165 € payable, 15 € owed back.
    receiveCheques(
      t.ctx,
      treasurer,
      t.db
        .select()
        .from(cheques)
        .all()
        .map((c) => ({ chequeId: c.id })),
    );
    grantCredit(t.ctx, treasurer, 1, 1500, 'Panier non livré');
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const owed = 'Vos chèques déjà remis dépassent le total de 15,00 € : cette somme vous est due.';
    expect(text((await lea.get(`/contrats/${s.contractId}`)).text)).to.contain(owed);
    expect(text((await lea.get('/mes-contrats')).text)).to.contain(owed);
  });

  it('refuses to undo a handover whose cheque the state machine would not move back, and changes nothing', async () => {
    const { t, admin, s } = await world();
    const { receiveCheques } = await import('../../server/features/treasury/cheques.service.js');
    const { createHandover } = await import('../../server/features/treasury/handovers.service.js');
    const { cheques, handovers } = await import('../../server/db/schema/index.js');
    const { eq } = await import('drizzle-orm');
    const treasurer = actor(t.ctx, admin.id);
    const january = t.db.select().from(cheques).all()[0];
    receiveCheques(t.ctx, treasurer, [{ chequeId: january.id }]);
    const { id } = createHandover(t.ctx, treasurer, s.contractId, january.paymentDateId, null, {
      earlyConfirmed: true,
    });
    expect(t.db.select().from(cheques).where(eq(cheques.id, january.id)).get()!.status).to.equal('handed_over');
    // A cheque of the handover given back to the member meanwhile (by hand in the database).
    t.db.update(cheques).set({ status: 'returned' }).where(eq(cheques.id, january.id)).run();

    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const res = await submitForm(agent, `/tresorerie/remises/${id}`, `/tresorerie/remises/${id}/annuler`, {
      reason: 'Bordereau non signé',
    });
    expect(res.status).to.equal(302);
    const page = await agent.get(res.headers.location);
    expect(page.text).to.contain('Impossible d’annuler la remise de ce chèque : il a été rendu au membre.');
    expect(t.db.select().from(handovers).where(eq(handovers.id, id)).get()!.undoneAt).to.equal(null);
    expect(t.db.select().from(cheques).where(eq(cheques.id, january.id)).get()!.status).to.equal('returned');
  });
});
