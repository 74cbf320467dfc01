import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { cheques, contractProducts, waitingListEntries } from '../../server/db/schema/index.js';
import { collectionLines } from '../../server/read/collections.js';
import { absenceSettingsOf } from '../../server/read/absences.js';
import { copyContract } from '../../server/features/contracts/contracts.service.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { actor } from '../support/contracts.js';
import { outboxMails } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { text } from '../support/text.js';
import { absencesWorld, tap } from './absences-world.js';

const ONE = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

describe('absences (member and referent)', () => {
  it('a member declares a carry-over from Mes contrats: the basket moves, total and cheques stay; withdrawing undoes it', async () => {
    const w = await absencesWorld();
    const lea = await w.as('lea');
    const mine = text((await lea.get('/mes-contrats')).text);
    expect(mine).to.include('Absences : 0 sur 3 possibles (panier reporté).');
    expect((await lea.get('/mes-contrats')).text).to.include(`href="/contrats/${w.veg.contractId}/absences"`);
    const page = `/contrats/${w.veg.contractId}/absences`;
    const cheques = w.chequesOf(w.sub.lea);
    const [d1, , d3] = w.veg.deliveryIds;

    const r = await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    expect(r.page).to.include('Absence signalée le jeudi 7 janvier 2027 : panier reporté au jeudi 21 janvier 2027.');
    expect(w.perDelivery(w.sub.lea)).to.deep.equal([0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(w.totalOf(w.sub.lea)).to.equal(12 * 1500);
    expect(w.chequesOf(w.sub.lea)).to.deep.equal(cheques);
    // Everything that reads who collects what follows: Léa is not there on the 7th, takes 2 on the 21st.
    const on = (day: string) => collectionLines(w.t.db, { from: day, to: day, memberId: w.ids.lea });
    expect(on('2027-01-07')).to.have.length(0);
    expect(on('2027-01-21').map((l) => l.quantity)).to.deep.equal([2]);
    expect(r.page).to.include('Absence : reporté au jeu. 21 janv.');
    expect(r.page).to.include('dont 1 reporté');
    expect(audit(w.t, 'absence.declared')).to.have.length(1);
    // The member acted: no mail to tell them what they just did.
    expect(outboxMails(w.t.ctx).filter((m) => m.subject.startsWith('Absence'))).to.have.length(0);

    const [absence] = w.liveAbsences(w.sub.lea);
    const back = await tap(lea, page, `${page}/${absence.id}/retirer`);
    expect(back.page).to.include('Absence du jeudi 7 janvier 2027 retirée');
    expect(w.perDelivery(w.sub.lea)).to.deep.equal(ONE);
    expect(w.liveAbsences(w.sub.lea)).to.have.length(0);
    expect(text((await lea.get('/mes-contrats')).text)).to.include('Absences : 0 sur 3');
  });

  it('a carry-over stays within the product’s capacity on the day that receives it', async () => {
    const w = await absencesWorld();
    const capacity = (n: number) =>
      w.t.db.update(contractProducts).set({ capacity: n }).where(eq(contractProducts.id, w.veg.productIds[0])).run();
    capacity(2); // Léa and Paul take one basket each: the 21st has no room for a second one of Léa's.
    const lea = await w.as('lea');
    const page = `/contrats/${w.veg.contractId}/absences`;
    const [d1, , d3] = w.veg.deliveryIds;
    const full = await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    expect(full.page).to.include('Cette livraison est complète : choisissez-en une autre.');
    expect(w.perDelivery(w.sub.lea)).to.deep.equal(ONE);
    // A third place, offered to Zoé from the waiting list: hers while the offer holds.
    capacity(3);
    const at = w.t.ctx.clock().toISOString();
    w.t.db
      .insert(waitingListEntries)
      .values({
        contractId: w.veg.contractId,
        memberId: w.ids.zoe,
        position: 1,
        status: 'offered',
        offeredOn: at.slice(0, 10),
        offerExpiresOn: '2099-01-01',
        createdAt: at,
        updatedAt: at,
      })
      .run();
    const held = await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    expect(held.page).to.include('Cette livraison est complète');
    w.t.db.delete(waitingListEntries).run();
    const ok = await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    expect(ok.page).to.include('panier reporté au jeudi 21 janvier 2027');
    expect(w.perDelivery(w.sub.lea)).to.deep.equal([0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('next season’s copy keeps the contract’s absence rules', async () => {
    const w = await absencesWorld({ maxPerMember: 2, noticeDays: 5, mode: 'deduct' });
    const copy = copyContract(w.t.ctx, actor(w.t.ctx, w.ids.remi), w.veg.contractId);
    expect(absenceSettingsOf(w.t.db, [copy]).get(copy)).to.include({
      absencesAllowed: true,
      maxPerMember: 2,
      noticeDays: 5,
      mode: 'deduct',
      exchangeAllowed: true,
    });
  });

  it('refuses after the deadline and beyond the season’s limit, writing nothing', async () => {
    const w = await absencesWorld({ maxPerMember: 1 });
    const lea = await w.as('lea');
    const page = `/contrats/${w.veg.contractId}/absences`;
    const [d1, d2, d3, d4, d5] = w.veg.deliveryIds;
    // 1 January 2027: the 7th is 6 days away (7 days' notice), the 14th still open.
    w.t.clock.set('2027-01-01T10:00:00.000Z');
    const late = await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    expect(late.page).to.include('Trop tard : c’était possible jusqu’au jeudi 31 décembre 2026.');
    expect(w.perDelivery(w.sub.lea)).to.deep.equal(ONE);
    const ok = await tap(lea, page, page, { livraison: String(d2), report: String(d4) });
    expect(ok.page).to.include('Absence signalée le jeudi 14 janvier 2027');
    const limit = await tap(lea, page, page, { livraison: String(d3), report: String(d5) });
    expect(limit.page).to.include('Vous avez déjà signalé 1 absence, le maximum de ce contrat pour la saison.');
    expect(w.liveAbsences(w.sub.lea)).to.have.length(1);
    // Withdrawing follows the same deadline.
    w.t.clock.set('2027-01-08T10:00:00.000Z');
    const [absence] = w.liveAbsences(w.sub.lea);
    const stuck = await tap(lea, page, `${page}/${absence.id}/retirer`);
    expect(stuck.page).to.include('Trop tard');
    expect(w.liveAbsences(w.sub.lea)).to.have.length(1);
  });

  it('the referent overrides deadline and limit from the contract’s member page; audited and mailed to the member', async () => {
    const w = await absencesWorld({ maxPerMember: 1 });
    w.t.clock.set('2027-01-06T10:00:00.000Z');
    const remi = await w.as('remi');
    const memberPage = await remi.get(`/gestion/contrats/${w.veg.contractId}/membres/${w.ids.lea}`);
    expect(memberPage.text).to.include(`/gestion/contrats/${w.veg.contractId}/membres/${w.ids.lea}/absences`);
    const page = `/gestion/contrats/${w.veg.contractId}/membres/${w.ids.lea}/absences`;
    const [d1, d2, d3, d4] = w.veg.deliveryIds;
    const first = await tap(remi, page, page, { livraison: String(d1), report: String(d3) });
    expect(first.page).to.include('Absence signalée pour ce membre le jeudi 7 janvier 2027');
    const second = await tap(remi, page, page, { livraison: String(d2), report: String(d4) });
    expect(second.page).to.include('Absence signalée pour ce membre le jeudi 14 janvier 2027');
    expect(w.perDelivery(w.sub.lea).slice(0, 4)).to.deep.equal([0, 0, 2, 2]);
    const entries = audit(w.t, 'absence.declared');
    expect(entries.map((e) => [e.actorId, e.details.onBehalf])).to.deep.equal([
      [w.ids.remi, true],
      [w.ids.remi, true],
    ]);
    const journal = text((await (await w.as('alice')).get('/admin/journal')).text);
    expect(journal).to.include('Absence de Léa Martin à la livraison du 7 janvier 2027');
    expect(journal).to.include('(par le·la référent·e), panier reporté au 21 janvier 2027');
    const mails = outboxMails(w.t.ctx).filter((m) => m.subject.startsWith('Absence signalée'));
    expect(mails.map((m) => m.toAddress)).to.deep.equal(['lea@exemple.fr', 'lea@exemple.fr']);
    expect(mails[0].text).to.include('Rémi Vidal a signalé votre absence à la livraison du jeudi 7 janvier 2027');
    expect(mails[0].text).to.include('reporté au jeudi 21 janvier 2027');

    const [absence] = w.liveAbsences(w.sub.lea);
    await tap(remi, page, `${page}/${absence.id}/retirer`);
    expect(outboxMails(w.t.ctx).filter((m) => m.subject.startsWith('Absence retirée'))).to.have.length(1);
  });

  it('a member can neither declare nor withdraw another member’s absence', async () => {
    const w = await absencesWorld();
    const [d1, , d3] = w.veg.deliveryIds;
    const lea = await w.as('lea');
    const leaPage = `/contrats/${w.veg.contractId}/absences`;
    await tap(lea, leaPage, leaPage, { livraison: String(d1), report: String(d3) });
    const [absence] = w.liveAbsences(w.sub.lea);

    const paul = await w.as('paul');
    const forLea = `/gestion/contrats/${w.veg.contractId}/membres/${w.ids.lea}/absences`;
    expect((await paul.get(forLea)).status).to.equal(403);
    const own = await tap(paul, leaPage, `${leaPage}/${absence.id}/retirer`);
    expect(own.page).to.include('Cette absence est déjà retirée.');
    const forged = await tap(paul, leaPage, forLea, { livraison: String(d1), report: String(d3) });
    expect(forged.status).to.equal(403);
    expect(w.liveAbsences(w.sub.lea)).to.have.length(1);
    expect(w.perDelivery(w.sub.paul)).to.deep.equal(ONE);
    // Zoé has no subscription: no page.
    const zoe = await w.as('zoe');
    expect((await zoe.get(leaPage)).status).to.equal(404);
  });

  it('deduct: the day goes, the total drops, open cheques are proposed again, frozen ones stay; withdrawal restores', async () => {
    const w = await absencesWorld({ mode: 'deduct' });
    const lea = await w.as('lea');
    const page = `/contrats/${w.veg.contractId}/absences`;
    const before = w.chequesOf(w.sub.lea);
    expect(before.map((c) => c.amountCents)).to.deep.equal([6000, 6000, 6000]);
    // January's cheque is in the treasurer's hands: it no longer changes.
    w.t.db
      .update(cheques)
      .set({ status: 'received' })
      .where(and(eq(cheques.subscriptionId, w.sub.lea), eq(cheques.paymentDateId, w.veg.paymentDateIds[0])))
      .run();
    const r = await tap(lea, page, page, { livraison: String(w.veg.deliveryIds[11]) });
    expect(r.page).to.include('le total du contrat est recalculé');
    expect(w.totalOf(w.sub.lea)).to.equal(11 * 1500);
    expect(w.chequesOf(w.sub.lea).map((c) => [c.amountCents, c.status])).to.deep.equal([
      [6000, 'received'],
      // 105 € left over two cheques, in whole euros: 52 € then 53 €.
      [5200, 'promised'],
      [5300, 'promised'],
    ]);
    const [absence] = w.liveAbsences(w.sub.lea);
    await tap(lea, page, `${page}/${absence.id}/retirer`);
    expect(w.totalOf(w.sub.lea)).to.equal(12 * 1500);
    expect(w.chequesOf(w.sub.lea).map((c) => c.amountCents)).to.deep.equal([6000, 6000, 6000]);
    expect(text((await lea.get(`/contrats/${w.veg.contractId}`)).text)).to.include('180,00');
  });

  it('settings: a referent allows absences; once the contract is open, never less in the members’ favour', async () => {
    const w = await absencesWorld({ maxPerMember: 3, noticeDays: 7 });
    const remi = await w.as('remi');
    const page = `/gestion/contrats/${w.veg.contractId}/absences`;
    expect(text((await remi.get(`/gestion/contrats/${w.veg.contractId}`)).text)).to.include(
      'Absences et paniers à donner',
    );
    const fields = {
      absencesAllowed: '1',
      maxPerMember: '2',
      noticeDays: '10',
      mode: 'carry-over',
      exchangeHours: '24',
    };
    const refused = await tap(remi, page, page, fields);
    expect(refused.status).to.equal(422);
    expect(refused.page).to.include('le nombre d’absences ne peut que grandir');
    expect(refused.page).to.include('le délai ne peut que raccourcir');
    expect(refused.page).to.include('les paniers à donner ne peuvent plus être retirés aux membres');
    const ok = await tap(remi, page, page, { ...fields, maxPerMember: '4', noticeDays: '3', exchangeAllowed: '1' });
    expect(ok.location).to.equal(`/gestion/contrats/${w.veg.contractId}`);
    const lea = await w.as('lea');
    expect(text((await lea.get('/mes-contrats')).text)).to.include('Absences : 0 sur 4 possibles');
    // A member may not change them.
    const leaTry = await tap(lea, `/contrats/${w.veg.contractId}`, page, fields);
    expect(leaTry.status).to.equal(403);
  });

  it('a subscription saved again from its form replaces the quantities: its absences are no longer live', async () => {
    const w = await absencesWorld();
    const lea = await w.as('lea');
    const page = `/contrats/${w.veg.contractId}/absences`;
    const [d1, , d3] = w.veg.deliveryIds;
    await tap(lea, page, page, { livraison: String(d1), report: String(d3) });
    const lines = w.veg.deliveryIds.map((deliveryId) => ({
      deliveryId,
      contractProductId: w.veg.productIds[0],
      quantity: 2,
    }));
    saveSubscription(w.t.ctx, actor(w.t.ctx, w.ids.lea), w.veg.contractId, w.ids.lea, lines, null);
    expect(w.liveAbsences(w.sub.lea)).to.have.length(0);
    expect(w.perDelivery(w.sub.lea)).to.deep.equal(ONE.map(() => 2));
    expect(text((await lea.get(page)).text)).to.not.include('dont 1 reporté');
  });
});
