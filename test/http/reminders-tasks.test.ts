import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import {
  cheques,
  mailAttachments,
  outboxAttachments,
  paymentDates,
  producerAccounts,
  producers,
  producerReferents,
  subscriptions,
} from '../../server/db/schema/index.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { createMember } from '../support/factories.js';
import { readPdf, readXlsx } from '../documents/fixtures.js';
import { attachmentsOf } from '../../server/features/mail/mail-attachments.js';
import { addresses, reminderWorld, type ReminderWorld } from './reminders-world.js';

const NBSP = '\u00a0';

describe('reminder tasks, run with a fixed today', () => {
  describe('duty reminders', () => {
    let w: ReminderWorld;
    beforeEach(async () => {
      w = await reminderWorld();
      w.email(w.people.lea, 'lea@exemple.fr', { optOut: true });
      w.email(w.people.hugo, 'hugo@exemple.fr');
      w.onDuty(w.people.lea, '2027-05-20');
      w.onDuty(w.people.hugo, '2027-05-20');
      w.onDuty(w.people.paul, '2027-05-20'); // no e-mail address
    });

    it('writes once to each person on duty two days before, even to one who opted out of announcements, and counts who has no address', async () => {
      const first = await w.run('duty-reminders', '2027-05-18');
      const second = await w.run('duty-reminders', '2027-05-18');
      const mails = w.mails('reminder-duty:');
      expect(addresses(mails)).to.deep.equal(['hugo@exemple.fr', 'lea@exemple.fr']);
      expect(first).to.deep.include({ sent: 2, noAddress: 1, optedOut: 0, alreadySent: 0 });
      expect(second).to.deep.include({ sent: 0, noAddress: 1, alreadySent: 2 });
      expect(mails[0].subject).to.equal(`Rappel : permanence jeudi 20 mai, 18${NBSP}h${NBSP}30`);
    });

    it('says the place, the hours, the team with phones and what is delivered, and attaches the day’s sign-in sheet once for all', async () => {
      await w.run('duty-reminders', '2027-05-18');
      const [mail] = w.mails('reminder-duty:2027-05-20:' + w.people.hugo);
      expect(mail.text).to.include(`de 18${NBSP}h${NBSP}30 à 19${NBSP}h${NBSP}30`);
      expect(mail.text).to.include('Léa Martin : 06 11 22 33 44');
      expect(mail.text).to.include('Paul Dupont');
      expect(mail.text).to.include('Légumes printemps 2027, GAEC des Volcans');
      expect(mail.text).to.include('Pain printemps 2027, Fournil du Puy');
      expect(mail.text).to.include('http://amap.test/mes-permanences');
      const files = attachmentsOf(w.t.db, [mail.id]).get(mail.id)!;
      expect(files.map((f) => f.contentType)).to.deep.equal(['application/pdf']);
      expect((await readPdf(files[0].body)).text).to.include('Hugo');
      expect(w.t.db.select().from(mailAttachments).all()).to.have.length(1);
      expect(w.t.db.select().from(outboxAttachments).all()).to.have.length(2);
    });

    it('sends nothing on a day two days before no distribution, nor when turned off', async () => {
      expect(await w.run('duty-reminders', '2027-05-17')).to.deep.include({ sent: 0, occasions: [] });
      w.settings({ dutyEnabled: false });
      expect(await w.run('duty-reminders', '2027-05-18')).to.deep.include({ sent: 0, disabled: true });
      expect(w.mails('reminder-duty:')).to.deep.equal([]);
    });

    it('follows the delay of the settings', async () => {
      w.settings({ dutyDays: 5 });
      await w.run('duty-reminders', '2027-05-18');
      expect(w.mails('reminder-duty:')).to.deep.equal([]);
      await w.run('duty-reminders', '2027-05-15');
      expect(w.mails('reminder-duty:')).to.have.length(2);
    });
  });

  it('calls for volunteers a week before a day with open places, only those who accept such calls and are not on duty, once, opt-outs honoured', async () => {
    const w = await reminderWorld();
    w.email(w.people.lea, 'lea@exemple.fr');
    w.email(w.people.zoe, 'zoe@exemple.fr');
    w.email(w.people.emile, 'emile@exemple.fr', { acceptsDutyCalls: false });
    w.email(w.people.ines, 'ines@exemple.fr', { optOut: true });
    w.onDuty(w.people.lea, '2027-05-20');
    const first = await w.run('volunteer-call', '2027-05-13');
    await w.run('volunteer-call', '2027-05-13');
    const mails = w.mails('reminder-volunteer-call:');
    // alice (the admin) and Zoé; Hugo and Paul have no address; Émile declines calls; Inès opted out.
    expect(addresses(mails)).to.deep.equal(['alice@exemple.fr', 'zoe@exemple.fr']);
    expect(first).to.deep.include({ sent: 2, noAddress: 2, optedOut: 1 });
    expect(mails[0].subject).to.equal('On cherche des bénévoles : permanence du jeudi 20 mai');
    expect(mails[0].text).to.include('2 places libres');
    expect(mails[0].essential).to.equal(false);
  });

  it('tells each member with a delivery what they collect, the day before, only once turned on', async () => {
    const w = await reminderWorld();
    w.email(w.people.lea, 'lea@exemple.fr');
    w.email(w.people.paul, 'paul@exemple.fr');
    w.email(w.people.zoe, 'zoe@exemple.fr');
    w.email(w.people.ines, 'ines@exemple.fr');
    expect(await w.run('collection-reminders', '2027-05-19')).to.deep.include({ disabled: true });
    w.settings({ collectionEnabled: true });
    const first = await w.run('collection-reminders', '2027-05-19');
    await w.run('collection-reminders', '2027-05-19');
    // Paul is absent on the 20th, Zoé cancelled; Hugo and Émile have no address.
    expect(addresses(w.mails('reminder-collection:'))).to.deep.equal(['ines@exemple.fr', 'lea@exemple.fr']);
    expect(first).to.deep.include({ sent: 2, noAddress: 2 });
    const [lea] = w.mails(`reminder-collection:2027-05-20:${w.people.lea}`);
    expect(lea.text).to.include('Légumes printemps 2027 (GAEC des Volcans) : 1 × Panier de légumes');
    expect(lea.text).to.include('Pain printemps 2027 (Fournil du Puy) : 1 × Pain de campagne');
  });

  describe('the producer’s delivery sheet', () => {
    it('goes N days before each delivery to the producer, their accounts and the referents who asked, with the PDF and the XLSX, once', async () => {
      const w = await reminderWorld();
      const { t } = w;
      t.db.update(producers).set({ email: 'gaec@volcans.fr' }).where(eq(producers.id, w.legumes.producerId)).run();
      const referent = await createMember(t.ctx, { email: 'ref@exemple.fr' });
      const quiet = await createMember(t.ctx, { email: 'quiet@exemple.fr' });
      const account = await createMember(t.ctx, { email: 'compte@volcans.fr' });
      t.db.insert(producerAccounts).values({ producerId: w.legumes.producerId, memberId: account.id }).run();
      t.db.insert(producerReferents).values({ producerId: w.legumes.producerId, memberId: referent.id }).run();
      t.db
        .insert(producerReferents)
        .values({ producerId: w.legumes.producerId, memberId: quiet.id, notify: false })
        .run();
      const first = await w.run('producer-delivery-sheets', '2027-05-18');
      await w.run('producer-delivery-sheets', '2027-05-18');
      const gaec = w.mails(`reminder-producer-sheet:${w.legumes.contractId}:2027-05-20:`);
      expect(addresses(gaec)).to.deep.equal(['compte@volcans.fr', 'gaec@volcans.fr', 'ref@exemple.fr']);
      // The bakery has neither an address nor anyone following it.
      expect(w.mails(`reminder-producer-sheet:${w.pain.contractId}:`)).to.deep.equal([]);
      expect(first).to.deep.include({ sent: 3, noAddress: 1, alreadySent: 0 });
      expect(gaec[0].subject).to.equal('Feuille de livraison : Légumes printemps 2027, jeudi 20 mai');
      const files = attachmentsOf(t.db, [gaec[0].id]).get(gaec[0].id)!;
      expect(files.map((f) => f.contentType)).to.deep.equal([
        'application/pdf',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      expect((await readPdf(files[0].body)).text).to.include('Hugo');
      const wb = await readXlsx(files[1].body);
      expect(JSON.stringify(wb.worksheets.map((ws) => ws.getSheetValues()))).to.include('ROUX');
    });

    it('follows a contract’s own delay', async () => {
      const w = await reminderWorld();
      w.t.db.update(producers).set({ email: 'gaec@volcans.fr' }).where(eq(producers.id, w.legumes.producerId)).run();
      w.settings({ producerSheetDaysByContract: { [String(w.legumes.contractId)]: 4 } });
      await w.run('producer-delivery-sheets', '2027-05-18');
      expect(w.mails('reminder-producer-sheet:')).to.deep.equal([]);
      await w.run('producer-delivery-sheets', '2027-05-16');
      expect(addresses(w.mails('reminder-producer-sheet:'))).to.deep.equal(['gaec@volcans.fr']);
    });
  });

  describe('subscription windows', () => {
    async function summerWorld() {
      const w = await reminderWorld();
      const summer = setupContract(w.t.ctx, w.adminId, {
        producerId: w.legumes.producerId,
        opensOn: '2027-05-10',
        closesOn: '2027-05-21',
        from: '2027-06-03',
        to: '2027-06-24',
      });
      for (const [id, address] of [
        [w.people.lea, 'lea@exemple.fr'],
        [w.people.hugo, 'hugo@exemple.fr'],
        [w.people.ines, 'ines@exemple.fr'],
      ] as const)
        w.email(id, address);
      w.email(w.people.zoe, 'zoe@exemple.fr', { optOut: true });
      subscribeEveryDelivery(w.t.ctx, summer, w.people.lea, { by: w.adminId });
      return { w, summer };
    }

    it('announces an opening to every active member, once, and not a window opened long ago', async () => {
      const { w } = await summerWorld();
      const first = await w.run('window-opening', '2027-05-11');
      await w.run('window-opening', '2027-05-12');
      expect(addresses(w.mails('reminder-window-opening:'))).to.deep.equal([
        'alice@exemple.fr',
        'hugo@exemple.fr',
        'ines@exemple.fr',
        'lea@exemple.fr',
      ]);
      expect(first).to.deep.include({ sent: 4, optedOut: 1, noAddress: 2 });
      const late = await w.run('window-opening', '2027-05-20');
      expect(late).to.deep.include({ occasions: [] });
    });

    it('reminds those not subscribed three days before closing, or only the producer’s previous subscribers', async () => {
      const { w, summer } = await summerWorld();
      await w.run('window-closing', '2027-05-18');
      await w.run('window-closing', '2027-05-18');
      // Léa subscribed already; Zoé opted out.
      expect(addresses(w.mails('reminder-window-closing:'))).to.deep.equal([
        'alice@exemple.fr',
        'hugo@exemple.fr',
        'ines@exemple.fr',
      ]);
      const [mail] = w.mails(`reminder-window-closing:${summer.contractId}:`);
      expect(mail.text).to.include(`http://amap.test/contrats/${summer.contractId}`);

      const { w: w2 } = await summerWorld();
      w2.settings({ closingAudience: 'previous-subscribers' });
      await w2.run('window-closing', '2027-05-18');
      // Hugo had vegetables in spring; Inès only bread, Alice nothing.
      expect(addresses(w2.mails('reminder-window-closing:'))).to.deep.equal(['hugo@exemple.fr']);
    });
  });

  it('reminds members of the cheques still promised a week before their payment date, once, each cheque listed', async () => {
    const w = await reminderWorld();
    w.email(w.people.lea, 'lea@exemple.fr', { optOut: true });
    w.email(w.people.hugo, 'hugo@exemple.fr');
    w.email(w.people.ines, 'ines@exemple.fr');
    const dueOns = w.t.db
      .select({ dueOn: paymentDates.dueOn })
      .from(paymentDates)
      .all()
      .map((p) => p.dueOn);
    expect(dueOns).to.include('2027-05-05');
    const [hugos] = w.t.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.memberId, w.people.hugo), eq(subscriptions.contractId, w.legumes.contractId)))
      .all();
    w.t.db
      .update(cheques)
      .set({ status: 'received', receivedAt: '2027-04-20T18:00:00.000Z' })
      .where(eq(cheques.subscriptionId, hugos.id))
      .run();
    expect(await w.run('cheques-due', '2027-04-27')).to.deep.include({ occasions: [] });
    const first = await w.run('cheques-due', '2027-04-28');
    await w.run('cheques-due', '2027-04-28');
    const mails = w.mails('reminder-cheques-due:2027-05-05:');
    // Hugo's cheque is in; Léa gets hers though she opted out of announcements: it is her money.
    expect(addresses(mails)).to.deep.equal(['ines@exemple.fr', 'lea@exemple.fr']);
    expect(first).to.deep.include({ sent: 2 });
    const lea = mails.find((m) => m.toAddress === 'lea@exemple.fr')!;
    expect(lea.subject).to.equal('Chèques à apporter, encaissés le 5 mai');
    expect(lea.text).to.include('contrat « Légumes printemps 2027 »');
    expect(lea.text).to.include('contrat « Pain printemps 2027 »');
  });

  it('mails the month’s planning PDF on the chosen day to active members, opt-outs honoured, once turned on', async () => {
    const w = await reminderWorld();
    w.email(w.people.lea, 'lea@exemple.fr');
    w.email(w.people.hugo, 'hugo@exemple.fr', { optOut: true });
    expect(await w.run('monthly-planning', '2027-04-25')).to.deep.include({ disabled: true });
    w.settings({ planningEnabled: true, planningDay: 25 });
    expect(await w.run('monthly-planning', '2027-04-24')).to.deep.include({ occasions: [] });
    const first = await w.run('monthly-planning', '2027-04-25');
    await w.run('monthly-planning', '2027-04-25');
    const mails = w.mails('reminder-monthly-planning:2027-05:');
    expect(addresses(mails)).to.deep.equal(['alice@exemple.fr', 'lea@exemple.fr']);
    expect(first).to.deep.include({ sent: 2, optedOut: 1 });
    expect(mails[0].subject).to.equal('Planning de mai 2027');
    const files = attachmentsOf(w.t.db, [mails[0].id]).get(mails[0].id)!;
    expect(files.map((f) => f.contentType)).to.deep.equal(['application/pdf']);
    expect((await readPdf(files[0].body)).text).to.include('GAEC des Volcans');
  });
});
