import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { basketOffers } from '../../server/db/schema/index.js';
import { signInSheetData } from '../../server/documents/sign-in-sheet.data.js';
import { dayDefaults } from '../../server/features/settings/settings.service.js';
import { csrfFrom } from '../support/app.js';
import { outboxMails } from '../support/factories.js';
import { text } from '../support/text.js';
import { absencesWorld, tap, type AbsencesWorld } from './absences-world.js';

const LIST = '/paniers-a-donner';

/** Léa offers her basket of 7 January; returns the offer id. */
async function leaOffers(w: AbsencesWorld, note = 'offert') {
  const lea = await w.as('lea');
  const page = `/contrats/${w.veg.contractId}/absences`;
  const r = await tap(lea, page, `/contrats/${w.veg.contractId}/paniers`, {
    livraison: String(w.veg.deliveryIds[0]),
    note,
  });
  expect(r.page).to.include('Votre panier du jeudi 7 janvier 2027 est proposé aux autres membres.');
  const offer = w.t.db.select().from(basketOffers).get()!;
  return { lea, offerId: offer.id };
}

function sheetLines(w: AbsencesWorld, on: string) {
  return signInSheetData(w.t.db, on, dayDefaults(w.t.ctx), 'AMAP')!.lines.map((l) => ({
    name: `${l.firstName} ${l.lastName}`,
    contracts: l.contracts.map((c) => ({ items: c.items.map((i) => i.quantity), mentions: c.mentions ?? [] })),
  }));
}

describe('baskets to give (paniers à donner)', () => {
  it('Paul takes Léa’s basket: both are mailed, the sheet says who collects it, money is settled between them', async () => {
    const w = await absencesWorld();
    const { lea, offerId } = await leaOffers(w, '15 € de la main à la main');
    const paul = await w.as('paul');
    const list = text((await paul.get(LIST)).text);
    expect(list).to.include('L’argent se règle entre vous, en dehors de l’application');
    expect(list).to.include('jeudi 7 janvier 2027');
    expect(list).to.include('Panier de Léa Martin : « 15 € de la main à la main »');
    expect(list).to.include('Je le prends');
    // Léa sees her own offer, without the button.
    const own = text((await lea.get(LIST)).text);
    expect(own).to.include('Votre panier : pas encore pris');
    expect(own).to.not.include('Je le prends');

    const r = await tap(paul, LIST, `${LIST}/${offerId}/prendre`);
    expect(r.page).to.include('C’est noté : vous retirez le panier de Léa Martin le jeudi 7 janvier 2027.');
    const mails = outboxMails(w.t.ctx).filter((m) => /^(Votre panier du|Vous prenez le panier)/.test(m.subject));
    expect(mails.map((m) => m.toAddress).sort()).to.deep.equal(['lea@exemple.fr', 'paul@exemple.fr']);
    const toLea = mails.find((m) => m.toAddress === 'lea@exemple.fr')!;
    expect(toLea.text).to.include('Paul Roux prend votre panier');
    expect(toLea.text).to.include("L'argent se règle entre vous");

    expect(sheetLines(w, '2027-01-07')).to.deep.equal([
      {
        name: 'Paul Roux',
        contracts: [
          { items: [1], mentions: [] },
          { items: [1], mentions: ['panier de Léa Martin récupéré par Paul Roux'] },
        ],
      },
    ]);
    // Only that day: on the 14th Léa collects her own basket again.
    expect(sheetLines(w, '2027-01-14').map((l) => l.name)).to.deep.equal(['Léa Martin', 'Paul Roux']);
    // The money did not move.
    expect(w.totalOf(w.sub.lea)).to.equal(12 * 1500);
    const leaPage = text((await lea.get(`/contrats/${w.veg.contractId}/absences`)).text);
    expect(leaPage).to.include('Récupéré par Paul Roux');
  });

  it('the giver cannot take their own basket; a second click does no harm; a third member finds it gone', async () => {
    const w = await absencesWorld();
    const { lea, offerId } = await leaOffers(w);
    const self = await tap(lea, LIST, `${LIST}/${offerId}/prendre`);
    expect(self.page).to.include('C’est votre panier : vous ne pouvez pas le prendre vous-même.');
    expect(w.t.db.select().from(basketOffers).get()!.takenById).to.equal(null);

    const paul = await w.as('paul');
    await tap(paul, LIST, `${LIST}/${offerId}/prendre`);
    const mailsAfterFirst = outboxMails(w.t.ctx).length;
    const again = await tap(paul, LIST, `${LIST}/${offerId}/prendre`);
    expect(again.page).to.include('Ce panier est déjà le vôtre');
    expect(outboxMails(w.t.ctx)).to.have.length(mailsAfterFirst);

    const zoe = await w.as('zoe');
    const late = await tap(zoe, LIST, `${LIST}/${offerId}/prendre`);
    expect(late.page).to.include('Trop tard : quelqu’un vient de prendre ce panier.');
    expect(w.t.db.select().from(basketOffers).get()!.takenById).to.equal(w.ids.paul);
    // Once taken, Léa can no longer take the offer back.
    const back = await tap(
      lea,
      `/contrats/${w.veg.contractId}/absences`,
      `/contrats/${w.veg.contractId}/paniers/${offerId}/retirer`,
    );
    expect(back.page).to.include('Ce panier est déjà pris');
  });

  it('two members taking at once: exactly one gets it', async () => {
    const w = await absencesWorld();
    const { offerId } = await leaOffers(w);
    const paul = await w.as('paul');
    const zoe = await w.as('zoe');
    const [tp, tz] = [csrfFrom((await paul.get(LIST)).text), csrfFrom((await zoe.get(LIST)).text)];
    const [a, b] = await Promise.all([
      paul.post(`${LIST}/${offerId}/prendre`).type('form').send({ _csrf: tp }),
      zoe.post(`${LIST}/${offerId}/prendre`).type('form').send({ _csrf: tz }),
    ]);
    expect([a.status, b.status]).to.deep.equal([302, 302]);
    const taken = w.t.db.select().from(basketOffers).where(eq(basketOffers.id, offerId)).get()!;
    expect([w.ids.paul, w.ids.zoe]).to.include(taken.takenById);
    const winners = [text((await paul.get(LIST)).text), text((await zoe.get(LIST)).text)].filter((p) =>
      p.includes('Vous le retirez'),
    );
    expect(winners).to.have.length(1);
    expect(outboxMails(w.t.ctx).filter((m) => m.subject.startsWith('Vous prenez le panier'))).to.have.length(1);
  });

  it('after the deadline nobody can take it, and an untaken basket stays its subscriber’s', async () => {
    const w = await absencesWorld({ exchangeHours: 24 });
    const { offerId } = await leaOffers(w);
    // Wednesday 6 January, 19:00 in Paris: less than 24 h before 18:30 on Thursday.
    w.t.clock.set('2027-01-06T18:00:00.000Z');
    const paul = await w.as('paul');
    expect(text((await paul.get(LIST)).text)).to.include('Aucun panier à donner pour l’instant.');
    const r = await tap(paul, LIST, `${LIST}/${offerId}/prendre`);
    expect(r.page).to.include('Trop tard : ce panier ne peut plus être pris.');
    expect(sheetLines(w, '2027-01-07').map((l) => l.name)).to.deep.equal(['Léa Martin', 'Paul Roux']);
  });

  it('a basket may not be offered when the contract does not allow it, nor on a day of absence', async () => {
    const w = await absencesWorld({ exchangeAllowed: false });
    const lea = await w.as('lea');
    const page = `/contrats/${w.veg.contractId}/absences`;
    const r = await tap(lea, page, `/contrats/${w.veg.contractId}/paniers`, {
      livraison: String(w.veg.deliveryIds[0]),
    });
    expect(r.page).to.include('Ce contrat ne permet pas de donner son panier.');
    expect(w.t.db.select().from(basketOffers).all()).to.have.length(0);

    const w2 = await absencesWorld();
    const lea2 = await w2.as('lea');
    const page2 = `/contrats/${w2.veg.contractId}/absences`;
    const [d1, , d3] = w2.veg.deliveryIds;
    await tap(lea2, page2, page2, { livraison: String(d1), report: String(d3) });
    const absent = await tap(lea2, page2, `/contrats/${w2.veg.contractId}/paniers`, { livraison: String(d1) });
    expect(absent.page).to.include('Vous avez signalé une absence ce jour-là : il n’y a pas de panier à donner.');
    expect(w2.t.db.select().from(basketOffers).all()).to.have.length(0);
  });
});
