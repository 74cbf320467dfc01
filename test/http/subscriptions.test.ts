import { expect } from 'chai';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import {
  cheques,
  contracts,
  members,
  paymentDates,
  subscriptionQuantities,
  subscriptions,
} from '../../server/db/schema/index.js';
import { text, plain, decode } from '../support/text.js';
import { audit } from '../support/audit.js';

// ---------------------------------------------------------------- helpers

/** The fields a browser would send for the form posting to `action` (inputs only; buttons are added by the caller). */
function formFields(html: string, action: string): Record<string, string> {
  // A form that can come back with errors posts to its URL + "#erreurs".
  const start = Math.max(html.indexOf(`action="${action}"`), html.indexOf(`action="${action}#`));
  if (start < 0) throw new Error(`no form posting to ${action} in:\n${html.slice(0, 800)}`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (!name) continue;
    const type = /\btype="([^"]*)"/.exec(tag)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag)) continue;
    fields[name] = decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  return fields;
}

/** The amount fields of a schedule step: `amount_<paymentDateId>` → value shown. */
function amountInputs(html: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(formFields(html, html.match(/action="([^"#]*\/echeancier)[#"]/)![1])).filter(([k]) =>
      k.startsWith('amount_'),
    ),
  );
}

interface World {
  t: TestApp;
  c: ContractSetup;
  ref: { id: number };
  member: { id: number };
  agent: request.Agent;
  base: string;
  /** The referent acting for the member. */
  behalf: string;
}

async function world(opts: Parameters<typeof setupContract>[2] = {}): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  const c = setupContract(t.ctx, ref.id, { producerId, ...opts });
  const member = await createMember(t.ctx, { firstName: 'Marie', lastName: 'Martin', email: 'marie@exemple.fr' });
  const agent = await loginAs(t, 'marie@exemple.fr', PASSWORD);
  return {
    t,
    c,
    ref,
    member,
    agent,
    base: `/contrats/${c.contractId}`,
    behalf: `/gestion/contrats/${c.contractId}/membres/${member.id}`,
  };
}

/** Step 1: the quantities form, posted with its CSRF token. */
async function quantitiesStep(agent: request.Agent, base: string, quantities: Record<string, string>) {
  const page = await agent.get(`${base}/souscrire`);
  expect(page.status, page.text.slice(0, 600)).to.equal(200);
  return agent
    .post(`${base}/souscrire`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...quantities });
}

/** Step 2: posts the schedule form as shown, with some amounts typed over. */
function confirmStep(
  agent: request.Agent,
  base: string,
  scheduleHtml: string,
  amounts: Record<string, string> = {},
  extra: Record<string, string> = {},
) {
  return agent
    .post(`${base}/echeancier`)
    .type('form')
    .send({ ...formFields(scheduleHtml, `${base}/echeancier`), ...amounts, action: 'confirmer', ...extra });
}

/** Both steps, expecting the subscription saved. */
async function subscribe(
  agent: request.Agent,
  base: string,
  quantities: Record<string, string>,
  amounts: Record<string, string> = {},
) {
  const step = await quantitiesStep(agent, base, quantities);
  expect(step.status, text(step.text).slice(0, 600)).to.equal(200);
  const res = await confirmStep(agent, base, step.text, amounts);
  expect(res.status, text(res.text).slice(0, 800)).to.equal(302);
  return res;
}

function subscriptionRows(t: TestApp, contractId: number) {
  return t.db.select().from(subscriptions).where(eq(subscriptions.contractId, contractId)).all();
}

function subscriptionOf(t: TestApp, contractId: number, memberId: number) {
  return t.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
    .get();
}

/** Every cheque of a subscription (all statuses), by payment date then id. */
function chequeRows(t: TestApp, subscriptionId: number) {
  return t.db
    .select({
      id: cheques.id,
      paymentDateId: cheques.paymentDateId,
      dueOn: paymentDates.dueOn,
      amountCents: cheques.amountCents,
      status: cheques.status,
    })
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(eq(cheques.subscriptionId, subscriptionId))
    .orderBy(asc(paymentDates.dueOn), asc(cheques.id))
    .all();
}

/** One amount per payment date of the contract from the cheques still part of the schedule (0 when none). */
function scheduleOf(t: TestApp, c: ContractSetup, subscriptionId: number): number[] {
  const active = chequeRows(t, subscriptionId).filter((r) =>
    ['promised', 'received', 'handed_over'].includes(r.status),
  );
  return c.paymentDateIds.map((id) => {
    const mine = active.filter((r) => r.paymentDateId === id);
    expect(mine.length, `at most one cheque per payment date (${id})`).to.be.at.most(1);
    return mine[0]?.amountCents ?? 0;
  });
}

function setChequeStatus(
  t: TestApp,
  subscriptionId: number,
  paymentDateId: number,
  status: 'received' | 'handed_over',
) {
  t.db
    .update(cheques)
    .set({ status })
    .where(
      and(
        eq(cheques.subscriptionId, subscriptionId),
        eq(cheques.paymentDateId, paymentDateId),
        inArray(cheques.status, ['promised', 'received']),
      ),
    )
    .run();
}

function mailsTo(t: TestApp, address: string) {
  return outboxMails(t.ctx).filter((m) => m.toAddress === address);
}

const q = (offerId: number, deliveryId?: number) =>
  deliveryId === undefined ? `q_${offerId}` : `q_${deliveryId}_${offerId}`;

// ---------------------------------------------------------------- tests

describe('subscriptions: the contracts members see', () => {
  it('lists open contracts first, upcoming and closed ones apart, and never a draft', async () => {
    const w = await world();
    const name = (id: number, n: string) => w.t.db.update(contracts).set({ name: n }).where(eq(contracts.id, id)).run();
    name(w.c.contractId, 'Légumes ouvert');
    const upcoming = setupContract(w.t.ctx, w.ref.id, {
      producerId: w.c.producerId,
      opensOn: '2026-12-01',
      closesOn: '2026-12-20',
    });
    name(upcoming.contractId, 'Pain bientôt');
    const closed = setupContract(w.t.ctx, w.ref.id, {
      producerId: w.c.producerId,
      opensOn: '2026-10-01',
      closesOn: '2026-11-27',
    });
    name(closed.contractId, 'Oeufs clos');
    const draft = setupContract(w.t.ctx, w.ref.id, { producerId: w.c.producerId, status: 'draft' });
    name(draft.contractId, 'Fromage brouillon');

    const res = await w.agent.get('/contrats');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    const at = (s: string) => page.indexOf(s);
    expect(at('Ouverts à la souscription')).to.be.lessThan(at('Légumes ouvert'));
    expect(at('Légumes ouvert')).to.be.lessThan(at('Bientôt'));
    expect(at('Bientôt')).to.be.lessThan(at('Pain bientôt'));
    expect(at('Pain bientôt')).to.be.lessThan(at('Souscriptions closes'));
    expect(at('Souscriptions closes')).to.be.lessThan(at('Oeufs clos'));
    expect(page).to.not.contain('Fromage brouillon');
    expect(res.text).to.contain(`href="/contrats/${w.c.contractId}/souscrire"`);
    expect(res.text).to.not.contain(`href="/contrats/${upcoming.contractId}/souscrire"`);
    expect(res.text).to.not.contain(`href="/contrats/${closed.contractId}/souscrire"`);
    expect(page).to.contain('Souscription du mardi 1er décembre 2026 au dimanche 20 décembre 2026');
  });

  it('hides a draft contract from members everywhere: list, page, steps (404), and writes nothing', async () => {
    const w = await world({ status: 'draft' });
    expect(text((await w.agent.get('/contrats')).text)).to.contain('Aucun contrat ouvert');
    expect((await w.agent.get(w.base)).status).to.equal(404);
    expect((await w.agent.get(`${w.base}/souscrire`)).status).to.equal(404);
    const csrf = csrfFrom((await w.agent.get('/contrats')).text);
    const post = await w.agent
      .post(`${w.base}/echeancier`)
      .type('form')
      .send({ _csrf: csrf, [q(w.c.productIds[0])]: '1', action: 'confirmer' });
    expect(post.status).to.equal(404);
    expect((await w.agent.get('/mes-contrats')).text).to.not.contain(w.base);
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
    // its referent does see it (to check it before opening)
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    expect((await referent.get(w.base)).status).to.equal(200);
  });
});

describe('subscriptions: subscribing to a fixed contract', () => {
  it('proposes 120/120/120 for 360 € over three months, saves one subscription with promised cheques, confirms on the page and by mail', async () => {
    const w = await world();
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    expect(step.status).to.equal(200);
    const page = text(step.text);
    expect(page).to.contain('Total : 360,00 €');
    expect(page).to.contain('Vos chèques, à l’ordre de GAEC des Volcans');
    const [jan, feb, mar] = w.c.paymentDateIds;
    // every line but the last may be typed; the last is computed
    expect(amountInputs(step.text)).to.deep.equal({ [`amount_${jan}`]: '120', [`amount_${feb}`]: '120' });
    expect(step.text).to.match(new RegExp(`<output id="amount_${mar}"[^>]*data-computed="1"[^>]*>120,00`));
    expect(subscriptionRows(w.t, w.c.contractId), 'nothing saved before confirming').to.have.length(0);

    const res = await confirmStep(w.agent, w.base, step.text);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(w.base);
    const subs = subscriptionRows(w.t, w.c.contractId);
    expect(subs).to.have.length(1);
    expect(subs[0]).to.include({ memberId: w.member.id, status: 'active', totalCents: 36000 });
    const qs = w.t.db
      .select()
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.subscriptionId, subs[0].id))
      .all();
    expect(qs).to.have.length(12);
    expect(qs.every((x) => x.quantity === 2 && x.contractProductId === w.c.productIds[0])).to.equal(true);
    expect(chequeRows(w.t, subs[0].id).map((r) => [r.amountCents, r.status])).to.deep.equal([
      [12000, 'promised'],
      [12000, 'promised'],
      [12000, 'promised'],
    ]);

    const confirmation = await w.agent.get(res.headers.location);
    const shown = text(confirmation.text);
    expect(shown).to.contain('Votre souscription est enregistrée');
    expect(shown).to.contain('Mon contrat');
    expect(shown).to.contain('2 × Panier de légumes');
    expect(shown).to.contain('Total de la saison : 360,00 €');
    expect(shown).to.contain('3 chèques à l’ordre de GAEC des Volcans');
    expect(shown).to.contain('3 chèques de 120,00 €, encaissés de janvier à mars 2027');
    expect(confirmation.text).to.contain('Modifier mon contrat');

    const mails = mailsTo(w.t, 'marie@exemple.fr');
    expect(mails).to.have.length(1);
    expect(mails[0].subject).to.equal('Votre contrat « Légumes été 2027 »');
    const body = plain(mails[0].text);
    expect(body).to.contain('Votre souscription est enregistrée : contrat « Légumes été 2027 » avec GAEC des Volcans.');
    expect(body).to.contain('Total de la saison : 360,00 €');
    expect(body).to.contain("Apportez 3 chèques à l'ordre de GAEC des Volcans");
    expect(body).to.contain('3 chèques de 120,00 €, encaissés de janvier à mars 2027');
    expect(body).to.contain(`http://amap.test${w.base}`);
    expect(audit(w.t, 'subscription.created')).to.have.length(1);
  });

  it('proposes 75 € then five times 76 € for 455 € over six months, and says so on the page and in the mail', async () => {
    const w = await world({
      from: '2027-01-07',
      to: '2027-06-24',
      products: [{ name: 'Panier', unit: 'panier', priceCents: 1820 }],
    });
    expect(w.c.deliveryIds).to.have.length(25);
    expect(w.c.paymentDateIds).to.have.length(6);
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(45500);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([7500, 7600, 7600, 7600, 7600, 7600]);
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('6 chèques à l’ordre de GAEC des Volcans');
    expect(shown).to.contain('1 chèque de 75,00 €, encaissé en janvier 2027');
    expect(shown).to.contain('5 chèques de 76,00 €, encaissés de février à juin 2027');
    const body = plain(mailsTo(w.t, 'marie@exemple.fr')[0].text);
    expect(body).to.contain("Apportez 6 chèques à l'ordre de GAEC des Volcans");
    expect(body).to.contain('1 chèque de 75,00 €, encaissé en janvier 2027');
    expect(body).to.contain('5 chèques de 76,00 €, encaissés de février à juin 2027');
  });

  it('refuses a quantity above the maximum per delivery, or not a whole number, with the value kept (422) and nothing written', async () => {
    const w = await world({ products: [{ name: 'Panier', unit: 'panier', priceCents: 1500, max: 2 }] });
    const form = await w.agent.get(`${w.base}/souscrire`);
    expect(text(form.text)).to.contain('2 au plus');
    const res = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '3' });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('2 au plus par livraison.');
    expect(formFields(res.text, `${w.base}/souscrire`)[q(w.c.productIds[0])]).to.equal('3');
    const odd = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1,5' });
    expect(odd.status).to.equal(422);
    expect(text(odd.text)).to.contain('Un nombre entier, 0 ou plus.');
    const none = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '0' });
    expect(none.status).to.equal(422);
    expect(text(none.text)).to.contain('Choisissez au moins un produit');
    // the same check when the quantities come back as hidden fields of the schedule step
    const csrf = csrfFrom(form.text);
    const forged = await w.agent
      .post(`${w.base}/echeancier`)
      .type('form')
      .send({ _csrf: csrf, [q(w.c.productIds[0])]: '5', action: 'confirmer' });
    expect(forged.status).to.equal(422);
    expect(text(forged.text)).to.contain('2 au plus par livraison.');
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
    expect(outboxMails(w.t.ctx)).to.have.length(0);
  });

  it('goes back from the schedule to the quantities with what was chosen', async () => {
    const w = await world();
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '3' });
    const back = await confirmStep(w.agent, w.base, step.text, {}, { action: 'retour' });
    expect(back.status).to.equal(200);
    expect(formFields(back.text, `${w.base}/souscrire`)[q(w.c.productIds[0])]).to.equal('3');
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
  });
});

describe('subscriptions: a variable contract (a grid of deliveries)', () => {
  const products = [
    { name: 'Panier de légumes', unit: 'panier', priceCents: 1500, max: 3 },
    { name: 'Oeufs', unit: 'boîte de 6', priceCents: 250 },
  ];

  it('totals the grid, proposes whole euros with the odd amount last, and lists each delivery in the summary', async () => {
    const w = await world({ kind: 'variable', products });
    const [basket, eggs] = w.c.productIds;
    const [d1, , , , d5] = w.c.deliveryIds;
    const form = await w.agent.get(`${w.base}/souscrire`);
    // one row per delivery, one column per product
    expect(formFields(form.text, `${w.base}/souscrire`)).to.have.property(q(eggs, w.c.deliveryIds[11]));
    const step = await quantitiesStep(w.agent, w.base, {
      [q(basket, d1)]: '1',
      [q(eggs, d1)]: '2',
      [q(basket, d5)]: '2',
    });
    expect(step.status).to.equal(200);
    expect(text(step.text)).to.contain('Total : 50,00 €');
    const res = await confirmStep(w.agent, w.base, step.text);
    expect(res.status).to.equal(302);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(5000);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([1600, 1700, 1700]);
    const rows = w.t.db
      .select()
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.subscriptionId, sub.id))
      .all();
    expect(rows.map((r) => [r.deliveryId, r.contractProductId, r.quantity]).sort()).to.deep.equal(
      [
        [d1, basket, 1],
        [d1, eggs, 2],
        [d5, basket, 2],
      ].sort(),
    );
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('2 livraisons du jeudi 7 janvier 2027 au jeudi 4 février 2027');
    expect(shown).to.contain('jeudi 7 janvier 2027 : 2 × Oeufs, 1 × Panier de légumes 20,00 €');
    expect(shown).to.contain('jeudi 4 février 2027 : 2 × Panier de légumes 30,00 €');
    // changing it: the grid comes back filled in
    const again = await w.agent.get(`${w.base}/souscrire`);
    const filled = formFields(again.text, `${w.base}/souscrire`);
    expect([filled[q(basket, d1)], filled[q(eggs, d1)], filled[q(basket, d5)], filled[q(eggs, d5)]]).to.deep.equal([
      '1',
      '2',
      '2',
      '',
    ]);
  });

  it('proposes to the cent when the contract says so', async () => {
    const w = await world({ kind: 'variable', products, proposalRule: 'cents' });
    await subscribe(w.agent, w.base, {
      [q(w.c.productIds[0], w.c.deliveryIds[0])]: '1',
      [q(w.c.productIds[1], w.c.deliveryIds[0])]: '2',
    });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(2000);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([666, 667, 667]);
  });

  it('refuses a grid of zeros and a cell above the maximum, keeping what was typed (422), nothing written', async () => {
    const w = await world({ kind: 'variable', products });
    const [basket, eggs] = w.c.productIds;
    const [d1, d2] = w.c.deliveryIds;
    const zeros = await quantitiesStep(w.agent, w.base, { [q(basket, d1)]: '0', [q(eggs, d2)]: '' });
    expect(zeros.status).to.equal(422);
    expect(text(zeros.text)).to.contain('Choisissez au moins un produit (une quantité de 1 ou plus).');
    const tooMany = await quantitiesStep(w.agent, w.base, { [q(basket, d1)]: '4', [q(eggs, d2)]: '5' });
    expect(tooMany.status).to.equal(422);
    expect(text(tooMany.text)).to.contain('Rien n’est enregistré : 1 point à corriger');
    expect(tooMany.text).to.contain(`href="#${q(basket, d1)}"`);
    expect(text(tooMany.text)).to.contain('3 au plus par livraison.');
    const kept = formFields(tooMany.text, `${w.base}/souscrire`);
    expect([kept[q(basket, d1)], kept[q(eggs, d2)]]).to.deep.equal(['4', '5']);
    expect(tooMany.text).to.match(new RegExp(`name="${q(basket, d1)}"[^>]*aria-invalid="true"`));
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
  });
});

describe('subscriptions: the payment schedule', () => {
  it('accepts typed amounts, computes the last line (what is typed there is ignored), and a 0 means no cheque that month', async () => {
    const w = await world();
    const [jan, feb, mar] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const res = await confirmStep(w.agent, w.base, step.text, {
      [`amount_${jan}`]: '200',
      [`amount_${feb}`]: '100,50',
      [`amount_${mar}`]: '999',
    });
    expect(res.status).to.equal(302);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([20000, 10050, 5950]);

    const step2 = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const res2 = await confirmStep(w.agent, w.base, step2.text, { [`amount_${jan}`]: '180', [`amount_${feb}`]: '0' });
    expect(res2.status).to.equal(302);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([18000, 0, 18000]);
    const rows = chequeRows(w.t, sub.id);
    expect(rows.find((r) => r.paymentDateId === feb)!.status, 'the February cheque is cancelled, not deleted').to.equal(
      'cancelled',
    );
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('2 chèques à l’ordre de GAEC des Volcans');
    expect(shown).to.contain('2 chèques de 180,00 €, encaissés en janvier et mars 2027');
  });

  it('refuses a schedule whose last line would be negative ("trop payé"), keeping the typed amounts (422), nothing written', async () => {
    const w = await world();
    const [jan, feb, mar] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const res = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: '300', [`amount_${feb}`]: '100' });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Trop payé : vos chèques font 400,00 € pour un total de 360,00 €.');
    expect(amountInputs(res.text)).to.deep.equal({ [`amount_${jan}`]: '300', [`amount_${feb}`]: '100' });
    expect(res.text).to.match(new RegExp(`<output id="amount_${mar}"[^>]*>-40,00`));
    // the quantities are still there to confirm again once corrected
    expect(formFields(res.text, `${w.base}/echeancier`)[q(w.c.productIds[0])]).to.equal('2');
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
    expect(outboxMails(w.t.ctx)).to.have.length(0);

    const fixed = await confirmStep(w.agent, w.base, res.text, { [`amount_${jan}`]: '200' });
    expect(fixed.status).to.equal(302);
    expect(scheduleOf(w.t, w.c, subscriptionOf(w.t, w.c.contractId, w.member.id)!.id)).to.deep.equal([
      20000, 10000, 6000,
    ]);
  });

  it('refuses an amount that is not one, keeping every typed amount (422)', async () => {
    const w = await world();
    const [jan, feb] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const res = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: 'cent', [`amount_${feb}`]: '150' });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Montant invalide (exemple : 75 ou 75,50).');
    expect(amountInputs(res.text)).to.deep.equal({ [`amount_${jan}`]: 'cent', [`amount_${feb}`]: '150' });
    const negative = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: '-20' });
    expect(negative.status).to.equal(422);
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
  });

  it('ignores typed amounts when members may not edit them (the proposal is saved), while a referent still may', async () => {
    const w = await world({ membersEditAmounts: false });
    const [jan, feb] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    expect(amountInputs(step.text)).to.deep.equal({});
    expect(formFields(step.text, `${w.base}/echeancier`)).to.not.have.property('amountsTyped');
    expect(text(step.text)).to.contain('120,00 €');
    const res = await confirmStep(w.agent, w.base, step.text, {
      amountsTyped: '1',
      [`amount_${jan}`]: '300',
      [`amount_${feb}`]: '30',
    });
    expect(res.status).to.equal(302);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([12000, 12000, 12000]);

    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const refStep = await quantitiesStep(referent, w.behalf, { [q(w.c.productIds[0])]: '2' });
    expect(Object.keys(amountInputs(refStep.text))).to.deep.equal([`amount_${jan}`, `amount_${feb}`]);
    const refRes = await confirmStep(referent, w.behalf, refStep.text, {
      [`amount_${jan}`]: '300',
      [`amount_${feb}`]: '30',
    });
    expect(refRes.status).to.equal(302);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([30000, 3000, 3000]);
  });

  it('with a minimum cheque, proposes fewer cheques and refuses a typed one below it', async () => {
    const w = await world({ minChequeCents: 5000, products: [{ name: 'Panier', unit: 'panier', priceCents: 1000 }] });
    const [jan, feb] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(amountInputs(step.text)).to.deep.equal({ [`amount_${jan}`]: '60', [`amount_${feb}`]: '60' });
    const low = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: '30', [`amount_${feb}`]: '60' });
    expect(low.status).to.equal(422);
    expect(text(low.text)).to.contain("Un chèque doit être d'au moins 50,00 € (ou 0 €).");
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
    const ok = await confirmStep(w.agent, w.base, step.text);
    expect(ok.status).to.equal(302);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([6000, 6000, 0]);
    expect(chequeRows(w.t, sub.id)).to.have.length(2);
    expect(text((await w.agent.get(w.base)).text)).to.contain(
      '2 chèques de 60,00 €, encaissés en janvier et février 2027',
    );
  });
});

describe('subscriptions: the schedule step against credits and "trop payé"', () => {
  /** The opening tag of the confirm button, and whether a paragraph marked with `attr` is shown. */
  const confirmButton = (html: string) => /<button[^>]*value="confirmer"[^>]*>/.exec(html)![0];
  const shown = (html: string, attr: string) => !new RegExp(`<p[^>]*${attr}[^>]*\\shidden`).test(html);

  it('computes the last cheque from the total minus credits, on the page and for its script (455 € − 15 €)', async () => {
    // 13 Thursdays at 35 €: 455 €, cheques cashed from January to April 2027.
    const w = await world({ products: [{ name: 'Panier', unit: 'panier', priceCents: 3500 }], to: '2027-04-01' });
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(45500);
    const alice = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const page = await alice.get(`/tresorerie/souscriptions/${sub.id}`);
    expect(page.status).to.equal(200);
    const credit = await alice
      .post(`/tresorerie/souscriptions/${sub.id}/avoirs`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), amount: '15', reason: 'Panier non livré' });
    expect(credit.status).to.equal(302);

    const [jan, feb, mar, apr] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(step.status).to.equal(200);
    expect(step.text).to.contain('data-payable="44000"');
    expect(text(step.text)).to.contain('Total : 455,00 €, moins un avoir de 15,00 € : 440,00 € à payer par chèque');
    const typed = { [`amount_${jan}`]: '128', [`amount_${feb}`]: '128', [`amount_${mar}`]: '129' };
    const again = await confirmStep(w.agent, w.base, step.text, typed, { action: 'recalculer' });
    expect(again.status).to.equal(200);
    expect(again.text).to.match(new RegExp(`<output id="amount_${apr}"[^>]*>55,00`));
    expect(again.text).to.contain('data-payable="44000"');
    expect(scheduleOf(w.t, w.c, sub.id), 'recalculating saves nothing').to.deep.equal([11000, 11000, 11000, 11000]);

    const saved = await confirmStep(w.agent, w.base, again.text);
    expect(saved.status).to.equal(302);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([12800, 12800, 12900, 5500]);
  });

  it('says both numbers and disables the confirm button when the cheques exceed the total, until fixed', async () => {
    const w = await world();
    const [jan, feb, mar] = w.c.paymentDateIds;
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    expect(confirmButton(step.text)).to.not.contain('disabled');
    expect(shown(step.text, 'data-overpaid-line')).to.equal(false);
    expect(shown(step.text, 'data-total-line')).to.equal(true);

    const res = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: '300', [`amount_${feb}`]: '100' });
    expect(res.status).to.equal(422);
    expect(confirmButton(res.text)).to.contain('disabled');
    expect(shown(res.text, 'data-overpaid-line')).to.equal(true);
    expect(shown(res.text, 'data-total-line')).to.equal(false);
    expect(text(res.text)).to.contain('Vos chèques font 400,00 € pour un total de 360,00 €.');
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);

    // without JavaScript, "Recalculer" shows the corrected schedule and gives the button back
    const fixed = await confirmStep(w.agent, w.base, res.text, { [`amount_${jan}`]: '200' }, { action: 'recalculer' });
    expect(fixed.status).to.equal(200);
    expect(confirmButton(fixed.text)).to.not.contain('disabled');
    expect(fixed.text).to.match(new RegExp(`<output id="amount_${mar}"[^>]*>60,00`));
    expect(shown(fixed.text, 'data-overpaid-line')).to.equal(false);
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
  });
});

describe('subscriptions: a contract whose payments are not followed here', () => {
  it('saves no cheque and tells how to pay instead', async () => {
    const w = await world({ paymentsManaged: false });
    w.t.db
      .update(contracts)
      .set({ paymentInfo: 'Virement au producteur avant le 1er janvier.' })
      .where(eq(contracts.id, w.c.contractId))
      .run();
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(step.status).to.equal(200);
    expect(text(step.text)).to.contain('Virement au producteur avant le 1er janvier.');
    expect(amountInputs(step.text)).to.deep.equal({});
    expect((await confirmStep(w.agent, w.base, step.text)).status).to.equal(302);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(18000);
    expect(chequeRows(w.t, sub.id)).to.have.length(0);
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('Paiement : Virement au producteur avant le 1er janvier.');
    expect(shown).to.not.contain('chèques à l’ordre');
    expect(plain(mailsTo(w.t, 'marie@exemple.fr')[0].text)).to.contain(
      'Paiement : Virement au producteur avant le 1er janvier.',
    );
  });
});

describe('subscriptions: the window', () => {
  it('before it opens: the page says when, the steps are refused (422), nothing written; it opens at midnight AMAP time', async () => {
    const w = await world({ opensOn: '2026-11-29', closesOn: '2026-12-15' });
    w.t.clock.set('2026-11-28T22:30:00Z'); // 23:30 in Paris, the day before
    const page = await w.agent.get(w.base);
    expect(text(page.text)).to.contain('Souscription du dimanche 29 novembre 2026 au mardi 15 décembre 2026.');
    expect(page.text).to.not.contain(`href="${w.base}/souscrire"`);
    const form = await w.agent.get(`${w.base}/souscrire`);
    expect(form.status).to.equal(422);
    expect(text(form.text)).to.contain('Les souscriptions ouvrent le 29/11/2026.');
    const post = await w.agent
      .post(`${w.base}/echeancier`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), [q(w.c.productIds[0])]: '1', action: 'confirmer' });
    expect(post.status).to.equal(422);
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(0);
    w.t.clock.set('2026-11-28T23:30:00Z'); // 00:30 on the first day, in Paris
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(1);
  });

  it('the last day is included (AMAP time); after it the subscription is read-only for the member', async () => {
    const w = await world({ opensOn: '2026-11-01', closesOn: '2026-11-28' });
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    w.t.clock.set('2026-11-28T22:30:00Z'); // 23:30 on 28 November in Paris: still open
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(18000);

    w.t.clock.set('2026-11-28T23:30:00Z'); // 29 November in Paris
    const page = await w.agent.get(w.base);
    const shown = text(page.text);
    expect(shown).to.contain('Les souscriptions sont closes : pour un changement, adressez-vous');
    expect(shown).to.contain('Total de la saison : 180,00 €');
    expect(page.text).to.not.contain('Modifier mon contrat');
    expect(page.text).to.not.contain(`action="${w.base}/annuler"`);
    const form = await w.agent.get(`${w.base}/souscrire`);
    expect(form.status).to.equal(422);
    expect(text(form.text)).to.contain(
      'Les souscriptions sont closes depuis le 28/11/2026 : adressez-vous au référent du contrat.',
    );
    const csrf = csrfFrom(page.text);
    const change = await w.agent
      .post(`${w.base}/echeancier`)
      .type('form')
      .send({ _csrf: csrf, [q(w.c.productIds[0])]: '3', action: 'confirmer' });
    expect(change.status).to.equal(422);
    const cancel = await w.agent.post(`${w.base}/annuler`).type('form').send({ _csrf: csrf });
    expect(cancel.status).to.equal(302);
    expect(text((await w.agent.get(w.base)).text)).to.contain('Les souscriptions sont closes depuis le 28/11/2026');
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({ status: 'active', totalCents: 18000 });
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([6000, 6000, 6000]);
    // the contracts list shows it as closed, with the way to see it
    const list = await w.agent.get('/contrats');
    expect(list.text).to.contain(`<a href="${w.base}">Voir mon contrat</a>`);
  });
});

describe('subscriptions: changing and cancelling', () => {
  it('a change updates the same subscription and its promised cheques; a cancel cancels them (never deleted); subscribing again reuses the row', async () => {
    const w = await world();
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    const form = await w.agent.get(`${w.base}/souscrire`);
    expect(text(form.text)).to.contain('Modifier : Légumes été 2027');
    expect(formFields(form.text, `${w.base}/souscrire`)[q(w.c.productIds[0])]).to.equal('2');
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(1);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({ id: sub.id, totalCents: 18000 });
    expect(chequeRows(w.t, sub.id).map((r) => [r.amountCents, r.status])).to.deep.equal([
      [6000, 'promised'],
      [6000, 'promised'],
      [6000, 'promised'],
    ]);
    expect(mailsTo(w.t, 'marie@exemple.fr').map((m) => m.subject)).to.deep.equal([
      'Votre contrat « Légumes été 2027 »',
      'Votre contrat modifié « Légumes été 2027 »',
    ]);

    const page = await w.agent.get(w.base);
    const res = await w.agent
      .post(`${w.base}/annuler`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(302);
    const after = await w.agent.get(w.base);
    expect(text(after.text)).to.contain('Souscription annulée : les chèques promis sont annulés.');
    expect(text(after.text)).to.contain('Vous aviez souscrit puis annulé ce contrat.');
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({ status: 'cancelled', totalCents: 0 });
    expect(chequeRows(w.t, sub.id).map((r) => r.status)).to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
    expect(
      w.t.db.select().from(subscriptionQuantities).where(eq(subscriptionQuantities.subscriptionId, sub.id)).all(),
    ).to.have.length(0);
    expect(mailsTo(w.t, 'marie@exemple.fr').at(-1)!.subject).to.equal('Votre contrat annulé « Légumes été 2027 »');
    const mine = text((await w.agent.get('/mes-contrats')).text);
    expect(mine).to.contain('Contrats passés ou annulés');
    expect(mine).to.contain('annulé');
    expect(audit(w.t, 'subscription.cancelled')).to.have.length(1);

    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '3' });
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(1);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({
      id: sub.id,
      status: 'active',
      totalCents: 54000,
    });
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([18000, 18000, 18000]);
    expect(chequeRows(w.t, sub.id), 'the cancelled cheques stay beside the new ones').to.have.length(6);
    expect(audit(w.t, 'subscription.created')).to.have.length(2);
  });

  it('after one cheque was received: that cheque stays, the others are proposed again over what is left', async () => {
    const w = await world();
    const [jan, feb, mar] = w.c.paymentDateIds;
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    setChequeStatus(w.t, sub.id, jan, 'received');
    const janCheque = chequeRows(w.t, sub.id)[0];

    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '3' });
    expect(step.status).to.equal(200);
    expect(amountInputs(step.text), 'the received line cannot be typed').to.deep.equal({ [`amount_${feb}`]: '210' });
    expect(text(step.text)).to.contain('120,00 € déjà reçu');
    expect(step.text).to.match(new RegExp(`<output id="amount_${mar}"[^>]*data-computed="1"[^>]*>210,00`));
    // a forged amount for the received line changes nothing
    const res = await confirmStep(w.agent, w.base, step.text, { [`amount_${jan}`]: '10', [`amount_${feb}`]: '200' });
    expect(res.status).to.equal(302);
    const rows = chequeRows(w.t, sub.id);
    expect(rows[0]).to.deep.include({ id: janCheque.id, amountCents: 12000, status: 'received' });
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([12000, 20000, 22000]);

    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([12000, 3000, 3000]);
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('3 chèques à l’ordre de GAEC des Volcans');
    expect(shown).to.contain('1 chèque déjà reçu par l’AMAP.');
  });

  it('reducing below what was received shows the money owed back, and cancels (never deletes) the other cheques', async () => {
    const w = await world();
    const [jan] = w.c.paymentDateIds;
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '4' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([24000, 24000, 24000]);
    setChequeStatus(w.t, sub.id, jan, 'received');

    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    expect(text(step.text)).to.contain(
      'Les chèques déjà reçus dépassent ce total de 60,00 € : cette somme sera due au membre.',
    );
    const res = await confirmStep(w.agent, w.base, step.text, { [`amount_${w.c.paymentDateIds[1]}`]: '50' });
    expect(res.status).to.equal(302);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)!.totalCents).to.equal(18000);
    expect(chequeRows(w.t, sub.id).map((r) => [r.amountCents, r.status])).to.deep.equal([
      [24000, 'received'],
      [24000, 'cancelled'],
      [24000, 'cancelled'],
    ]);
    const shown = text((await w.agent.get(w.base)).text);
    expect(shown).to.contain('Vos chèques déjà remis dépassent le total de 60,00 € : cette somme vous est due.');
    expect(plain(mailsTo(w.t, 'marie@exemple.fr').at(-1)!.text)).to.contain(
      'Des chèques déjà remis dépassent le nouveau total de 60,00 € : cette somme vous est due.',
    );

    const page = await w.agent.get(w.base);
    await w.agent
      .post(`${w.base}/annuler`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(text((await w.agent.get(w.base)).text)).to.contain(
      'Souscription annulée. Des chèques déjà remis couvrent 240,00 € de trop : cette somme est due au membre.',
    );
    expect(chequeRows(w.t, sub.id).map((r) => r.status)).to.deep.equal(['received', 'cancelled', 'cancelled']);
    expect(plain(mailsTo(w.t, 'marie@exemple.fr').at(-1)!.text)).to.contain(
      'Des chèques déjà remis couvrent 240,00 € de trop',
    );
  });

  it('two identical confirmations at once make one subscription and one cheque per month', async () => {
    const w = await world();
    const step = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const [a, b] = await Promise.all([
      confirmStep(w.agent, w.base, step.text),
      confirmStep(w.agent, w.base, step.text),
    ]);
    expect([a.status, b.status]).to.deep.equal([302, 302]);
    const subs = subscriptionRows(w.t, w.c.contractId);
    expect(subs).to.have.length(1);
    expect(subs[0].totalCents).to.equal(36000);
    const rows = chequeRows(w.t, subs[0].id);
    expect(rows.map((r) => [r.paymentDateId, r.amountCents, r.status])).to.deep.equal(
      w.c.paymentDateIds.map((id) => [id, 12000, 'promised']),
    );
    expect(
      w.t.db.select().from(subscriptionQuantities).where(eq(subscriptionQuantities.subscriptionId, subs[0].id)).all(),
    ).to.have.length(12);
    expect(w.t.errors).to.deep.equal([]);
  });

  it('two different confirmations at once leave one consistent subscription (quantities, total and cheques agree)', async () => {
    const w = await world();
    const one = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '1' });
    const three = await quantitiesStep(w.agent, w.base, { [q(w.c.productIds[0])]: '3' });
    await Promise.all([confirmStep(w.agent, w.base, one.text), confirmStep(w.agent, w.base, three.text)]);
    const subs = subscriptionRows(w.t, w.c.contractId);
    expect(subs).to.have.length(1);
    const quantities = w.t.db
      .select()
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.subscriptionId, subs[0].id))
      .all();
    expect(new Set(quantities.map((x) => x.quantity)).size).to.equal(1);
    expect(subs[0].totalCents).to.equal(quantities[0].quantity * 1500 * 12);
    const amounts = scheduleOf(w.t, w.c, subs[0].id);
    expect(amounts.reduce((s, x) => s + x, 0)).to.equal(subs[0].totalCents);
  });
});

describe('subscriptions: "Mes contrats"', () => {
  it('lists the subscription with the deliveries left, and leads to "Mes paiements" for each cheque’s status', async () => {
    // a season already going: Thursdays from 5 November 2026 to 28 January 2027, today 28 November
    const w = await world({ from: '2026-11-05', to: '2027-01-28' });
    expect(w.c.deliveryIds).to.have.length(13);
    expect(text((await w.agent.get('/mes-contrats')).text)).to.contain('Vous n’avez pas de contrat en cours.');
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([13000, 13000, 13000]);
    setChequeStatus(w.t, sub.id, w.c.paymentDateIds[0], 'handed_over');
    setChequeStatus(w.t, sub.id, w.c.paymentDateIds[1], 'received');
    const mine = text((await w.agent.get('/mes-contrats')).text);
    expect(mine).to.contain('Légumes été 2027');
    expect(mine).to.contain('9 livraisons à venir sur 13.');
    expect(mine).to.contain('Total de la saison : 390,00 €');
    expect(mine).to.contain('3 chèques à l’ordre de');
    expect(mine).to.contain('2 chèques déjà reçus par l’AMAP.');
    // Month by month, each cheque's fate is told once, on "Mes paiements", not again per contract.
    expect(mine).to.not.contain('novembre 2026 130,00 €');
    const page = await w.agent.get('/mes-contrats');
    expect(page.text).to.contain('<a href="/mes-paiements">Suivre mes chèques (reçus, remis au producteur)</a>');
    const payments = text((await w.agent.get('/mes-paiements')).text);
    expect(payments).to.contain(
      'Chèques remis à l’AMAP (1) Légumes été 2027 · décembre 2026 à l’ordre de GAEC des Volcans 130,00 €',
    );
    expect(payments).to.contain('Chèques remis au producteur (1) Légumes été 2027 · novembre 2026 remis 130,00 €');
    expect(payments).to.contain(
      'Chèques à apporter 1 chèque à l’ordre de GAEC des Volcans (130,00 €) 1 chèque de 130,00 €, encaissé en janvier 2027',
    );
  });
});

describe('subscriptions: privacy between members', () => {
  it('a member cannot see nor change another member’s subscription (403), and sees only their own', async () => {
    const w = await world();
    await subscribe(w.agent, w.base, { [q(w.c.productIds[0])]: '2' });
    await createMember(w.t.ctx, { firstName: 'Paul', lastName: 'Voisin', email: 'paul@exemple.fr' });
    const paul = await loginAs(w.t, 'paul@exemple.fr', PASSWORD);
    expect((await paul.get(w.behalf)).status).to.equal(403);
    expect((await paul.get(`${w.behalf}/souscrire`)).status).to.equal(403);
    const own = await paul.get(w.base);
    expect(own.status).to.equal(200);
    expect(text(own.text)).to.not.contain('Mon contrat');
    expect(text(own.text)).to.not.contain('360,00 €');
    const csrf = csrfFrom(own.text);
    const change = await paul
      .post(`${w.behalf}/echeancier`)
      .type('form')
      .send({ _csrf: csrf, [q(w.c.productIds[0])]: '1', action: 'confirmer' });
    expect(change.status).to.equal(403);
    const cancel = await paul.post(`${w.behalf}/annuler`).type('form').send({ _csrf: csrf });
    expect(cancel.status).to.equal(403);
    expect(text((await paul.get('/mes-contrats')).text)).to.contain('Vous n’avez pas de contrat en cours.');
    expect(subscriptionRows(w.t, w.c.contractId)).to.have.length(1);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({ status: 'active', totalCents: 36000 });
    // an unknown contract is a 404, not an error
    expect((await paul.get('/contrats/9999')).status).to.equal(404);
    expect((await paul.get('/contrats/9999/souscrire')).status).to.equal(404);
  });
});

describe('subscriptions: a referent acting for a member', () => {
  it('says so instead of an empty picker once every active member has subscribed', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const everyone = w.t.db.select({ id: members.id }).from(members).where(eq(members.active, true)).all();
    for (const m of everyone) subscribeEveryDelivery(w.t.ctx, w.c, m.id);
    const page = await referent.get(`/gestion/contrats/${w.c.contractId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.not.contain('Souscrire pour un membre');
    expect(text(page.text)).to.contain('Tous les membres actifs ont une souscription à ce contrat.');
  });

  it('offers the search again once a subscription is cancelled, but not for a deactivated member', async () => {
    const w = await world();
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const everyone = w.t.db.select({ id: members.id }).from(members).where(eq(members.active, true)).all();
    for (const m of everyone) subscribeEveryDelivery(w.t.ctx, w.c, m.id);
    const leaving = w.member.id;
    const ofLeaving = and(eq(subscriptions.contractId, w.c.contractId), eq(subscriptions.memberId, leaving));
    // A deactivated member without a subscription in force is no one to subscribe.
    w.t.db.update(subscriptions).set({ status: 'cancelled' }).where(ofLeaving).run();
    w.t.db.update(members).set({ active: false }).where(eq(members.id, leaving)).run();
    const closed = await referent.get(`/gestion/contrats/${w.c.contractId}`);
    expect(text(closed.text)).to.contain('Tous les membres actifs ont une souscription à ce contrat.');
    // Active again, with a cancelled subscription only: the search is back.
    w.t.db.update(members).set({ active: true }).where(eq(members.id, leaving)).run();
    const open = await referent.get(`/gestion/contrats/${w.c.contractId}`);
    expect(open.status).to.equal(200);
    expect(open.text).to.contain('Souscrire pour un membre');
    expect(text(open.text)).to.not.contain('Tous les membres actifs ont une souscription à ce contrat.');
  });

  it('after closing, subscribes, changes and cancels for the member: audited, the member is told', async () => {
    const w = await world({ membersEditAmounts: false, opensOn: '2026-11-01', closesOn: '2026-11-27' });
    const referent = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const page = await referent.get(`/gestion/contrats/${w.c.contractId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`action="/gestion/contrats/${w.c.contractId}/souscription"`);
    // A few letters of the name, accents and case aside, find the member to subscribe.
    const search = (q: string) =>
      referent.get(`/gestion/contrats/${w.c.contractId}/souscription?q=${encodeURIComponent(q)}`);
    const found = await search('  mar ');
    expect(found.status).to.equal(200);
    expect(found.text).to.contain(`<a class="member-name" href="${w.behalf}/souscrire">MARTIN Marie</a>`);
    expect(found.text).to.contain('value="mar"');
    expect(text((await search('MARTÍN m')).text)).to.contain('À inscrire au contrat MARTIN Marie');
    const form = await referent.get(`${w.behalf}/souscrire`);
    expect(text(form.text)).to.contain('pour Marie Martin');
    const [jan, feb] = w.c.paymentDateIds;
    const step = await quantitiesStep(referent, w.behalf, { [q(w.c.productIds[0])]: '2' });
    expect(text(step.text)).to.contain('Confirmer la souscription');
    expect(text(step.text)).to.not.contain('Confirmer ma souscription');
    const res = await confirmStep(referent, w.behalf, step.text, {
      [`amount_${jan}`]: '160',
      [`amount_${feb}`]: '100',
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(w.behalf);
    const sub = subscriptionOf(w.t, w.c.contractId, w.member.id)!;
    expect(sub.totalCents).to.equal(36000);
    expect(scheduleOf(w.t, w.c, sub.id)).to.deep.equal([16000, 10000, 10000]);
    const summary = text((await referent.get(w.behalf)).text);
    expect(summary).to.contain('Souscription de Marie Martin enregistrée.');
    expect(summary).to.contain('160,00 € promis');
    // A subscriber is found as such, opened rather than subscribed twice.
    const again = await search('marie');
    expect(again.text).to.not.contain(`href="${w.behalf}/souscrire"`);
    expect(text(again.text)).to.contain('Ont déjà souscrit MARTIN Marie');
    expect(again.text).to.contain(`<a class="member-name" href="${w.behalf}">MARTIN Marie</a>`);
    const after = (await referent.get(`/gestion/contrats/${w.c.contractId}`)).text;
    expect(after).to.contain('Souscrire pour un membre');
    const created = audit(w.t, 'subscription.created');
    expect(created).to.have.length(1);
    expect(created[0].actorId).to.equal(w.ref.id);
    expect(created[0].details).to.include({ memberId: w.member.id, onBehalf: true, totalCents: 36000 });
    const mail = mailsTo(w.t, 'marie@exemple.fr')[0];
    expect(plain(mail.text)).to.contain('Votre souscription est enregistrée par un·e référent·e');
    expect(mailsTo(w.t, 'remi@exemple.fr')).to.have.length(0);
    // the member sees it, read-only
    const memberView = await w.agent.get(w.base);
    expect(text(memberView.text)).to.contain('Total de la saison : 360,00 €');
    expect(memberView.text).to.not.contain('Modifier mon contrat');

    await subscribe(referent, w.behalf, { [q(w.c.productIds[0])]: '1' });
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)!.totalCents).to.equal(18000);
    expect(audit(w.t, 'subscription.updated')[0].details).to.include({ onBehalf: true });

    const cancelPage = await referent.get(w.behalf);
    const cancel = await referent
      .post(`${w.behalf}/annuler`)
      .type('form')
      .send({ _csrf: csrfFrom(cancelPage.text) });
    expect(cancel.status).to.equal(302);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)!.status).to.equal('cancelled');
    expect(audit(w.t, 'subscription.cancelled')[0]).to.deep.include({ actorId: w.ref.id });
    expect(audit(w.t, 'subscription.cancelled')[0].details).to.include({ onBehalf: true });
    expect(text((await referent.get(w.behalf)).text)).to.contain('Souscription annulée.');
  });

  it('an administrator may act for a member too; a referent of another producer may not (403)', async () => {
    const w = await world();
    const admin = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    await subscribe(admin, w.behalf, { [q(w.c.productIds[0])]: '1' });
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)!.totalCents).to.equal(18000);

    const other = await createMember(w.t.ctx, { email: 'otto@exemple.fr' });
    createProducer(w.t.ctx, { name: 'Boulangerie', referentIds: [other.id] });
    const otto = await loginAs(w.t, 'otto@exemple.fr', PASSWORD);
    expect((await otto.get(w.behalf)).status).to.equal(403);
    expect((await otto.get(`${w.behalf}/souscrire`)).status).to.equal(403);
    const csrf = csrfFrom((await otto.get('/gestion/contrats')).text);
    const post = await otto
      .post(`${w.behalf}/echeancier`)
      .type('form')
      .send({ _csrf: csrf, [q(w.c.productIds[0])]: '3', action: 'confirmer' });
    expect(post.status).to.equal(403);
    const cancel = await otto.post(`${w.behalf}/annuler`).type('form').send({ _csrf: csrf });
    expect(cancel.status).to.equal(403);
    expect(subscriptionOf(w.t, w.c.contractId, w.member.id)).to.include({ status: 'active', totalCents: 18000 });
  });
});
