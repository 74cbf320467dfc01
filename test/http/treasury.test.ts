import { expect } from 'chai';
import { and, asc, eq, like } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import {
  actor,
  createProducer,
  setupContract,
  subscribeEveryDelivery,
  type ContractSetup,
} from '../support/contracts.js';
import { auditLog, cheques, contracts, credits, handovers } from '../../server/db/schema/index.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { text, decode } from '../support/text.js';
import { audit } from '../support/audit.js';

// ---------------------------------------------------------------- helpers

type Pairs = [string, string][];

/** What a browser sends for the form posting to `action` (inputs only, checkboxes when checked; no token). */
function formPairs(html: string, action: string): Pairs {
  // A form that can come back with errors posts to its URL + "#erreurs".
  const start = Math.max(html.indexOf(`action="${action}"`), html.indexOf(`action="${action}#`));
  if (start < 0) throw new Error(`no form posting to ${action} in:\n${html.slice(0, 800)}`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const pairs: Pairs = [];
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    const type = /\btype="([^"]*)"/.exec(tag)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag)) continue;
    pairs.push([name, decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')]);
  }
  return pairs;
}

/** One logged-in browser and its CSRF token (read once, so pages read later keep their flash messages). */
interface Client {
  agent: request.Agent;
  csrf: string;
}

async function client(t: TestApp, email: string): Promise<Client> {
  const agent = await loginAs(t, email, PASSWORD);
  return { agent, csrf: csrfFrom((await agent.get('/mes-paiements')).text) };
}

/** A form POST; repeated names (several ticked cheques) as a raw urlencoded body. */
function post(c: Client, path: string, fields: Pairs | Record<string, string>) {
  const pairs: Pairs = [['_csrf', c.csrf], ...(Array.isArray(fields) ? fields : Object.entries(fields))];
  return c.agent
    .post(path)
    .type('form')
    .send(pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
}

/** Follows a redirect and returns the page, as a person sees it. */
async function follow(c: Client, res: request.Response): Promise<string> {
  expect(res.status, res.text.slice(0, 600)).to.equal(302);
  const page = await c.agent.get(res.headers.location);
  expect(page.status, page.text.slice(0, 600)).to.equal(200);
  return text(page.text);
}

interface World {
  t: TestApp;
  /** GAEC des Volcans, referent Rémi: 12 deliveries at 15 €, three cheques of 60 € (jan., feb., march 2027). */
  c: ContractSetup;
  /** Ferme du Moulin, referent Olga: the same shape, renamed "Fromages 2027". */
  c2: ContractSetup;
  ids: { treasurer: number; remi: number; olga: number; marie: number; helene: number; paul: number };
  /** Subscriptions on the GAEC contract, and Marie's on the Moulin one. */
  subs: { marie: number; helene: number; paul: number; marieCheese: number };
}

async function world(): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const treasurer = await createMember(t.ctx, {
    firstName: 'Thérèse',
    lastName: 'Trésor',
    email: 'tresor@exemple.fr',
    roles: ['treasurer'],
  });
  const remi = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const olga = await createMember(t.ctx, { firstName: 'Olga', lastName: 'Oudin', email: 'olga@exemple.fr' });
  const marie = await createMember(t.ctx, { firstName: 'Marie', lastName: 'Martin', email: 'marie@exemple.fr' });
  const helene = await createMember(t.ctx, { firstName: 'Hélène', lastName: 'Durand', email: 'helene@exemple.fr' });
  const paul = await createMember(t.ctx, { firstName: 'Paul', lastName: 'Marchand', email: 'paul@exemple.fr' });
  const c = setupContract(t.ctx, remi.id, { producerId: createProducer(t.ctx, { referentIds: [remi.id] }) });
  const c2 = setupContract(t.ctx, olga.id, {
    producerId: createProducer(t.ctx, { name: 'Ferme du Moulin', referentIds: [olga.id] }),
  });
  t.db.update(contracts).set({ name: 'Fromages 2027' }).where(eq(contracts.id, c2.contractId)).run();
  return {
    t,
    c,
    c2,
    ids: { treasurer: treasurer.id, remi: remi.id, olga: olga.id, marie: marie.id, helene: helene.id, paul: paul.id },
    subs: {
      marie: subscribeEveryDelivery(t.ctx, c, marie.id),
      helene: subscribeEveryDelivery(t.ctx, c, helene.id),
      paul: subscribeEveryDelivery(t.ctx, c, paul.id),
      marieCheese: subscribeEveryDelivery(t.ctx, c2, marie.id),
    },
  };
}

type ChequeRow = typeof cheques.$inferSelect;

/** A subscription's cheques still in play, in payment-date order. */
function chequesOf(t: TestApp, subscriptionId: number): ChequeRow[] {
  return t.db
    .select()
    .from(cheques)
    .where(eq(cheques.subscriptionId, subscriptionId))
    .orderBy(asc(cheques.paymentDateId), asc(cheques.id))
    .all();
}

function cheque(t: TestApp, id: number): ChequeRow {
  return t.db.select().from(cheques).where(eq(cheques.id, id)).get()!;
}

function moneyAudits(t: TestApp) {
  return t.db.select().from(auditLog).where(like(auditLog.action, 'cheque.%')).all();
}

/** Receives cheques through the HTTP route, as the treasurer. */
async function receive(c: Client, ids: number[], extra: Pairs = []) {
  const res = await post(c, '/tresorerie/cheques/recevoir', [
    ...ids.map((id): [string, string] => ['cheque', String(id)]),
    ['back', '/tresorerie/reception'],
    ...extra,
  ]);
  expect(res.status, res.text.slice(0, 600)).to.equal(302);
  return res;
}

// ---------------------------------------------------------------- tests

describe('trésorerie : réception des chèques à la table', () => {
  let w: World;
  let tres: Client;
  beforeEach(async () => {
    w = await world();
    tres = await client(w.t, 'tresor@exemple.fr');
  });

  it('receives several members’ cheques at once, with bank and number, audited, and says how many and how much', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    const [pJan] = chequesOf(w.t, w.subs.paul);
    const res = await post(tres, '/tresorerie/cheques/recevoir', [
      ['cheque', String(mJan.id)],
      ['cheque', String(pJan.id)],
      [`bank_${mJan.id}`, ' Crédit Agricole '],
      [`number_${mJan.id}`, '1234567'],
      [`bank_${pJan.id}`, ''],
      [`number_${pJan.id}`, ''],
      ['back', '/tresorerie/reception'],
    ]);
    expect(res.headers.location).to.equal('/tresorerie/reception');
    expect(await follow(tres, res)).to.include('2 chèques reçus (120,00 €).');

    const m = cheque(w.t, mJan.id);
    expect(m).to.include({
      status: 'received',
      bank: 'Crédit Agricole',
      number: '1234567',
      receivedById: w.ids.treasurer,
    });
    expect(m.receivedAt).to.be.a('string');
    expect(cheque(w.t, pJan.id)).to.include({ status: 'received', bank: null, number: null });
    // Nobody else's cheque moved.
    expect(chequesOf(w.t, w.subs.helene).map((c) => c.status)).to.deep.equal(['promised', 'promised', 'promised']);
    expect(
      chequesOf(w.t, w.subs.marie)
        .slice(1)
        .map((c) => c.status),
    ).to.deep.equal(['promised', 'promised']);

    const entries = audit(w.t, 'cheque.receive');
    expect(entries.map((e) => [e.actorId, e.targetId])).to.have.deep.members([
      [w.ids.treasurer, mJan.id],
      [w.ids.treasurer, pJan.id],
    ]);
    expect(entries[0].details).to.include({ from: 'promised', to: 'received', amountCents: 6000 });
    // The dashboard shows it among the latest movements.
    expect(text((await tres.agent.get('/tresorerie')).text)).to.include(
      'Chèque de 60,00 € de Marie Martin reçu (Légumes été 2027)',
    );
  });

  it('"Tout reçu" receives every cheque the member is expected to bring, and only theirs', async () => {
    const page = await tres.agent.get(`/tresorerie/reception?membre=${w.ids.helene}`);
    expect(page.status).to.equal(200);
    expect(text(page.text))
      .to.include('Hélène Durand')
      .and.include('À l’ordre de GAEC des Volcans')
      .and.include('3 attendus');
    const res = await post(tres, '/tresorerie/cheques/recevoir', [
      ...formPairs(page.text, '/tresorerie/cheques/recevoir'),
      ['tout', '1'],
    ]);
    expect(res.headers.location).to.equal('/tresorerie/reception');
    expect(await follow(tres, res)).to.include('3 chèques reçus d’Hélène Durand (180,00 €).');
    expect(chequesOf(w.t, w.subs.helene).map((c) => c.status)).to.deep.equal(['received', 'received', 'received']);
    expect(chequesOf(w.t, w.subs.marie).map((c) => c.status)).to.deep.equal(['promised', 'promised', 'promised']);
    expect(audit(w.t, 'cheque.receive')).to.have.length(3);
    // Back on her page: nothing left to tick.
    const after = text((await tres.agent.get(`/tresorerie/reception?membre=${w.ids.helene}`)).text);
    expect(after).to.include('Tout est reçu : Hélène n’a plus de chèque à apporter').and.not.include('Tout reçu');
  });

  it('shows the member’s cheques across contracts grouped by payee, with a box for bank and number', async () => {
    const page = await tres.agent.get(`/tresorerie/reception?membre=${w.ids.marie}`);
    const pairs = formPairs(page.text, '/tresorerie/cheques/recevoir');
    const t = text(page.text);
    expect(t).to.include('À l’ordre de GAEC des Volcans').and.include('À l’ordre de Ferme du Moulin');
    expect(t).to.match(/60,00 € janvier 2027 · Légumes été 2027/);
    expect(pairs.filter(([k]) => k === 'candidate')).to.have.length(6);
    const [jan] = chequesOf(w.t, w.subs.marie);
    expect(pairs.map(([k]) => k)).to.include.members([`bank_${jan.id}`, `number_${jan.id}`]);
    // One ticked, with its bank: only that one is received.
    const res = await post(tres, '/tresorerie/cheques/recevoir', [
      ...pairs.map(([k, v]): [string, string] => [k, k === `bank_${jan.id}` ? 'La Banque Postale' : v]),
      ['cheque', String(jan.id)],
    ]);
    expect(await follow(tres, res)).to.include('1 chèque reçu de Marie Martin (60,00 €).');
    expect(cheque(w.t, jan.id)).to.include({ status: 'received', bank: 'La Banque Postale' });
    expect(t).to.not.include('Hélène');
    const again = text((await tres.agent.get(`/tresorerie/reception?membre=${w.ids.marie}`)).text);
    expect(again).to.match(/✓ 60,00 € janvier 2027 · Légumes été 2027 reçu La Banque Postale/);
  });

  it('refuses the whole reception when one ticked cheque is cancelled, and says why', async () => {
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.ids.helene), w.c.contractId, w.ids.helene);
    const [hJan] = chequesOf(w.t, w.subs.helene);
    expect(hJan.status).to.equal('cancelled');
    const [mJan] = chequesOf(w.t, w.subs.marie);
    const res = await receive(tres, [mJan.id, hJan.id], [[`bank_${mJan.id}`, 'CIC']]);
    const page = await follow(tres, res);
    expect(page).to.include('Impossible de recevoir ce chèque : il est annulé.');
    expect(page).to.not.include('reçus (');
    expect(cheque(w.t, mJan.id)).to.include({ status: 'promised', bank: null, receivedAt: null });
    expect(moneyAudits(w.t)).to.have.length(0);
  });

  it('refuses an empty reception and an unknown cheque', async () => {
    expect(await follow(tres, await receive(tres, []))).to.include('Cochez au moins un chèque.');
    const [mJan] = chequesOf(w.t, w.subs.marie);
    const res = await post(tres, '/tresorerie/cheques/recevoir', [
      ['cheque', String(mJan.id)],
      ['cheque', '999999'],
    ]);
    expect(res.status).to.equal(404);
    expect(cheque(w.t, mJan.id).status).to.equal('promised');
  });

  it('a second identical POST (double tap) receives nothing twice', async () => {
    const [mJan, mFeb] = chequesOf(w.t, w.subs.marie);
    const body: Pairs = [
      ['cheque', String(mJan.id)],
      ['cheque', String(mFeb.id)],
      ['memberName', 'Marie Martin'],
      ['back', '/tresorerie/reception'],
    ];
    expect(await follow(tres, await post(tres, '/tresorerie/cheques/recevoir', body))).to.include(
      '2 chèques reçus de Marie Martin (120,00 €).',
    );
    const second = await follow(tres, await post(tres, '/tresorerie/cheques/recevoir', body));
    expect(second).to.include('Ces chèques étaient déjà enregistrés comme reçus.');
    expect(audit(w.t, 'cheque.receive')).to.have.length(2);
    expect(cheque(w.t, mJan.id).status).to.equal('received');
  });

  it('a cheque id sent twice in one POST is received once', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    const page = await follow(tres, await receive(tres, [mJan.id, mJan.id]));
    expect(page).to.include('1 chèque reçu (60,00 €).');
    expect(audit(w.t, 'cheque.receive')).to.have.length(1);
  });

  it('only goes back to a page of this site after a reception', async () => {
    const [mJan, mFeb, mMar] = chequesOf(w.t, w.subs.marie);
    const local = await post(tres, '/tresorerie/cheques/recevoir', [
      ['cheque', String(mJan.id)],
      ['back', `/tresorerie/contrats/${w.c.contractId}?manquants=1`],
    ]);
    expect(local.headers.location).to.equal(`/tresorerie/contrats/${w.c.contractId}?manquants=1`);
    for (const [id, back] of [
      [mFeb.id, '//evil.example/x'],
      [mMar.id, '/\\evil.example/x'],
    ] as const) {
      const res = await post(tres, '/tresorerie/cheques/recevoir', [
        ['cheque', String(id)],
        ['back', back],
      ]);
      expect(res.headers.location, back).to.equal('/tresorerie/reception');
    }
  });

  it('finds a member by a few letters (accents aside) and goes straight to them when only one matches', async () => {
    const several = await tres.agent.get('/tresorerie/reception?q=mar');
    expect(several.status).to.equal(200);
    const t = text(several.text);
    expect(t)
      .to.include('MARCHAND Paul')
      .and.include('MARTIN Marie')
      .and.include('6 chèques attendus')
      .and.not.include('DURAND');

    const one = await tres.agent.get('/tresorerie/reception?q=dur');
    expect(one.status).to.equal(302);
    expect(one.headers.location).to.equal(`/tresorerie/reception?membre=${w.ids.helene}`);
    // Typed without the accent, at the table.
    const folded = await tres.agent.get('/tresorerie/reception?q=helene');
    expect(folded.headers.location).to.equal(`/tresorerie/reception?membre=${w.ids.helene}`);
    const twoWords = await tres.agent.get('/tresorerie/reception?q=MARIE%20mart');
    expect(twoWords.headers.location).to.equal(`/tresorerie/reception?membre=${w.ids.marie}`);

    // Members without cheques are not in the way.
    const none = await tres.agent.get('/tresorerie/reception?q=alice');
    expect(text(none.text)).to.include('Personne ne correspond à « alice »');
  });

  it('lists, contract by contract, who still owes a cheque up to a date', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    const [pJan] = chequesOf(w.t, w.subs.paul);
    await receive(tres, [mJan.id, pJan.id]);
    const all = text((await tres.agent.get(`/tresorerie/contrats/${w.c.contractId}`)).text);
    expect(all).to.include('MARTIN Marie').and.include('DURAND Hélène').and.include('MARCHAND Paul');
    const missing = await tres.agent.get(`/tresorerie/contrats/${w.c.contractId}?manquants=1&jusqua=2027-01-31`);
    expect(missing.status).to.equal(200);
    const m = text(missing.text);
    expect(m).to.include('DURAND Hélène').and.not.include('MARTIN Marie').and.not.include('MARCHAND Paul');
    expect(m).to.include('janvier 2027').and.not.include('février 2027');
  });
});

describe('trésorerie : corriger une réception, rendre un chèque', () => {
  let w: World;
  let tres: Client;
  beforeEach(async () => {
    w = await world();
    tres = await client(w.t, 'tresor@exemple.fr');
  });

  it('undoes a reception with a reason: the cheque is expected again, audited', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mJan.id]);
    const back = `/tresorerie/souscriptions/${w.subs.marie}`;
    const noReason = await post(tres, `/tresorerie/cheques/${mJan.id}/annuler-reception`, { reason: '  ', back });
    expect(noReason.headers.location).to.equal(back);
    expect(await follow(tres, noReason)).to.include('Indiquez la raison.');
    expect(cheque(w.t, mJan.id).status).to.equal('received');

    const res = await post(tres, `/tresorerie/cheques/${mJan.id}/annuler-reception`, {
      reason: 'Coché par erreur',
      back,
    });
    expect(await follow(tres, res)).to.include('Réception annulée : le chèque est de nouveau attendu.');
    expect(cheque(w.t, mJan.id)).to.include({ status: 'promised', receivedAt: null, receivedById: null });
    const [entry] = audit(w.t, 'cheque.undo-receive');
    expect(entry.actorId).to.equal(w.ids.treasurer);
    expect(entry.details).to.include({ from: 'received', to: 'promised', reason: 'Coché par erreur' });
  });

  it('returns a received cheque to the member with a reason; a promised one cannot be returned', async () => {
    const [mJan, mFeb] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mJan.id]);
    const res = await post(tres, `/tresorerie/cheques/${mJan.id}/rendre`, {
      reason: 'Déménagement',
      back: `/tresorerie/souscriptions/${w.subs.marie}`,
    });
    expect(await follow(tres, res)).to.include('Chèque noté comme rendu au membre.');
    expect(cheque(w.t, mJan.id).status).to.equal('returned');
    const [entry] = audit(w.t, 'cheque.return');
    expect(entry).to.include({ actorId: w.ids.treasurer, targetId: mJan.id });
    expect(entry.details).to.include({ reason: 'Déménagement', from: 'received', to: 'returned' });

    const refused = await post(tres, `/tresorerie/cheques/${mFeb.id}/rendre`, {
      reason: 'Erreur',
      back: '/tresorerie',
    });
    expect(await follow(tres, refused)).to.include('Impossible de rendre ce chèque : il n’a pas encore été reçu.');
    expect(cheque(w.t, mFeb.id).status).to.equal('promised');
    expect(audit(w.t, 'cheque.return')).to.have.length(1);
  });

  it('undoing a reception on a cancelled subscription does not ask the member for that cheque again', async () => {
    const [pJan] = chequesOf(w.t, w.subs.paul);
    await receive(tres, [pJan.id]);
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.ids.paul), w.c.contractId, w.ids.paul);
    const res = await post(tres, `/tresorerie/cheques/${pJan.id}/annuler-reception`, {
      reason: 'Jamais reçu en fait',
      back: '/tresorerie',
    });
    expect(await follow(tres, res)).to.include('Réception annulée');
    expect(cheque(w.t, pJan.id).status).to.equal('cancelled');
    expect(audit(w.t, 'cheque.undo-receive')[0].details).to.include({ from: 'received', to: 'cancelled' });
    const paul = await client(w.t, 'paul@exemple.fr');
    const mine = text((await paul.agent.get('/mes-paiements')).text);
    expect(mine).to.include('Aucun chèque à apporter.').and.not.include('vous doit');
  });
});

describe('trésorerie : remise au producteur', () => {
  let w: World;
  let tres: Client;
  /** January cheques of Marie and Paul are received; Hélène's is missing. */
  let jan: { marie: ChequeRow; helene: ChequeRow; paul: ChequeRow };
  beforeEach(async () => {
    w = await world();
    tres = await client(w.t, 'tresor@exemple.fr');
    jan = {
      marie: chequesOf(w.t, w.subs.marie)[0],
      helene: chequesOf(w.t, w.subs.helene)[0],
      paul: chequesOf(w.t, w.subs.paul)[0],
    };
    await receive(
      tres,
      [jan.marie.id, jan.paul.id],
      [
        [`bank_${jan.marie.id}`, 'CIC'],
        [`number_${jan.marie.id}`, '0042'],
      ],
    );
  });

  function handover() {
    return post(tres, '/tresorerie/remises', {
      contractId: String(w.c.contractId),
      paymentDateId: String(w.c.paymentDateIds[0]),
      note: '',
      earlyConfirmed: 'on',
    });
  }

  it('previews what goes (count, total) and who is missing, then hands over only the received cheques', async () => {
    const preview = await tres.agent.get(
      `/tresorerie/remises/nouvelle?contrat=${w.c.contractId}&date=${w.c.paymentDateIds[0]}`,
    );
    expect(preview.status).to.equal(200);
    const p = text(preview.text);
    expect(p)
      .to.include('Remise à GAEC des Volcans')
      .and.include('2 chèques à remettre')
      .and.include('120,00 € au total');
    expect(p).to.include('1 manquant (60,00 €)').and.include('Pas encore reçus').and.include('DURAND Hélène · 60,00 €');
    expect(p).to.include('MARTIN Marie CIC n° 0042 60,00 €').and.include('MARCHAND Paul');
    expect(p).to.include('Confirmer la remise de 2 chèques (120,00 €)');
    const fields = Object.fromEntries(formPairs(preview.text, '/tresorerie/remises'));
    expect(fields).to.include({ contractId: String(w.c.contractId), paymentDateId: String(w.c.paymentDateIds[0]) });

    const res = await post(tres, '/tresorerie/remises', {
      ...fields,
      note: 'Remis en main propre',
      earlyConfirmed: 'on',
    });
    const [h] = w.t.db.select().from(handovers).all();
    expect(res.headers.location).to.equal(`/tresorerie/remises/${h.id}`);
    expect(h).to.include({
      contractId: w.c.contractId,
      paymentDateId: w.c.paymentDateIds[0],
      chequeCount: 2,
      totalCents: 12000,
      createdById: w.ids.treasurer,
      handedOverOn: '2026-11-28',
      note: 'Remis en main propre',
      undoneAt: null,
    });
    for (const c of [jan.marie, jan.paul])
      expect(cheque(w.t, c.id)).to.include({ status: 'handed_over', handoverId: h.id });
    expect(cheque(w.t, jan.helene.id)).to.include({ status: 'promised', handoverId: null });
    // The February cheques stay where they were.
    expect(chequesOf(w.t, w.subs.marie)[1].status).to.equal('promised');

    const page = await follow(tres, res);
    expect(page).to.include('Remise enregistrée : 2 chèques, 120,00 €.');
    expect(page)
      .to.include('remise le samedi 28 novembre 2026 par Thérèse Trésor')
      .and.include('MARTIN Marie CIC n° 0042 60,00 €');
    const [entry] = audit(w.t, 'handover.created');
    expect(entry.actorId).to.equal(w.ids.treasurer);
    expect(entry.details).to.include({ count: 2, totalCents: 12000 });

    const list = text((await tres.agent.get('/tresorerie/remises')).text);
    expect(list).to.include('GAEC des Volcans · novembre 2026').and.include('2 chèques · 120,00 €');

    // Hélène brings her cheque later: it goes in a second handover for the same date.
    await receive(tres, [jan.helene.id]);
    expect(
      text(
        (await tres.agent.get(`/tresorerie/remises/nouvelle?contrat=${w.c.contractId}&date=${w.c.paymentDateIds[0]}`))
          .text,
      ),
    )
      .to.include('1 chèque à remettre')
      .and.include('0 manquant');
    expect((await handover()).status).to.equal(302);
    expect(cheque(w.t, jan.helene.id).status).to.equal('handed_over');
    expect(
      w.t.db
        .select()
        .from(handovers)
        .all()
        .map((x) => x.chequeCount),
    ).to.deep.equal([2, 1]);
  });

  it('a double submit hands over once; the second answer says why', async () => {
    const [a, b] = await Promise.all([handover(), handover()]);
    expect([a.status, b.status].sort()).to.deep.equal([302, 422]);
    const refused = a.status === 422 ? a : b;
    expect(text(refused.text)).to.include('Aucun chèque reçu à remettre pour cette date (déjà remis ?).');
    const rows = w.t.db.select().from(handovers).all();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ chequeCount: 2, totalCents: 12000 });
    expect(audit(w.t, 'handover.created')).to.have.length(1);
  });

  it('handed-over cheques can no longer be returned or un-received', async () => {
    await handover();
    const back = `/tresorerie/souscriptions/${w.subs.marie}`;
    const ret = await post(tres, `/tresorerie/cheques/${jan.marie.id}/rendre`, { reason: 'Erreur', back });
    expect(await follow(tres, ret)).to.include('Impossible de rendre ce chèque : il est déjà remis au producteur.');
    const undo = await post(tres, `/tresorerie/cheques/${jan.marie.id}/annuler-reception`, { reason: 'Erreur', back });
    // (The wording before "ce chèque" comes from server/domain/cheque-status.ts.)
    expect(await follow(tres, undo)).to.match(
      /Impossible d.{1,3}annuler la réception de ce chèque : il est déjà remis au producteur\./,
    );
    expect(cheque(w.t, jan.marie.id).status).to.equal('handed_over');
    expect(audit(w.t, 'cheque.return')).to.have.length(0);
    expect(audit(w.t, 'cheque.undo-receive')).to.have.length(0);
  });

  it('undoes a handover with a reason: cheques back to received, the row kept and marked undone, audited', async () => {
    await handover();
    const [h] = w.t.db.select().from(handovers).all();
    const empty = await post(tres, `/tresorerie/remises/${h.id}/annuler`, { reason: '' });
    expect(await follow(tres, empty)).to.include('Indiquez la raison.');
    expect(cheque(w.t, jan.marie.id).status).to.equal('handed_over');

    const res = await post(tres, `/tresorerie/remises/${h.id}/annuler`, { reason: 'Le producteur était absent' });
    expect(res.headers.location).to.equal(`/tresorerie/remises/${h.id}`);
    const page = await follow(tres, res);
    expect(page)
      .to.include('Remise annulée : ses chèques sont de nouveau « reçus ».')
      .and.include('Le producteur était absent');
    for (const c of [jan.marie, jan.paul])
      expect(cheque(w.t, c.id)).to.include({ status: 'received', handoverId: null, handedOverAt: null });
    const row = w.t.db.select().from(handovers).where(eq(handovers.id, h.id)).get()!;
    expect(row).to.include({
      undoneById: w.ids.treasurer,
      undoReason: 'Le producteur était absent',
      chequeCount: 2,
      totalCents: 12000,
    });
    expect(row.undoneAt).to.be.a('string');
    const [entry] = audit(w.t, 'handover.undone');
    expect(entry).to.include({ actorId: w.ids.treasurer, targetId: h.id });
    expect(entry.details).to.include({ reason: 'Le producteur était absent', cheques: 2 });
    expect(text((await tres.agent.get('/tresorerie/remises')).text)).to.include('annulée');

    const twice = await post(tres, `/tresorerie/remises/${h.id}/annuler`, { reason: 'encore' });
    expect(await follow(tres, twice)).to.include('Cette remise est déjà annulée.');
    // The cheques can be handed over again.
    expect((await handover()).status).to.equal(302);
    expect(
      w.t.db
        .select()
        .from(handovers)
        .where(and(eq(handovers.paymentDateId, w.c.paymentDateIds[0])))
        .all(),
    ).to.have.length(2);
  });
});

describe('trésorerie : qui a accès à quoi', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('a plain member gets 403 on the treasury pages and actions', async () => {
    const marie = await client(w.t, 'marie@exemple.fr');
    expect((await marie.agent.get('/tresorerie')).status).to.equal(403);
    expect((await marie.agent.get('/tresorerie/reception')).status).to.equal(403);
    const [mJan] = chequesOf(w.t, w.subs.marie);
    expect((await post(marie, '/tresorerie/cheques/recevoir', [['cheque', String(mJan.id)]])).status).to.equal(403);
    expect(cheque(w.t, mJan.id).status).to.equal('promised');
    const anonymous = await w.t.agent().get('/tresorerie');
    expect(anonymous.status).to.equal(302);
  });

  it('a referent receives their producer’s cheques, and sees only those', async () => {
    const remi = await client(w.t, 'remi@exemple.fr');
    expect((await remi.agent.get('/tresorerie')).status).to.equal(200);
    const page = await remi.agent.get(`/tresorerie/reception?membre=${w.ids.marie}`);
    expect(text(page.text)).to.include('À l’ordre de GAEC des Volcans').and.not.include('Ferme du Moulin');
    expect(formPairs(page.text, '/tresorerie/cheques/recevoir').filter(([k]) => k === 'candidate')).to.have.length(3);
    const [mJan] = chequesOf(w.t, w.subs.marie);
    expect(await follow(remi, await receive(remi, [mJan.id]))).to.include('1 chèque reçu (60,00 €).');
    expect(cheque(w.t, mJan.id)).to.include({ status: 'received', receivedById: w.ids.remi });
    expect(audit(w.t, 'cheque.receive')[0].actorId).to.equal(w.ids.remi);
    expect((await remi.agent.get(`/tresorerie/contrats/${w.c.contractId}`)).status).to.equal(200);
    expect(text((await remi.agent.get('/tresorerie/contrats')).text))
      .to.include('Légumes été 2027')
      .and.not.include('Fromages 2027');
  });

  it('a referent of another producer gets 403 on that contract’s reception, cheques and handovers, and nothing moves', async () => {
    const tres = await client(w.t, 'tresor@exemple.fr');
    const [mJan, mFeb] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mFeb.id]);
    await post(tres, '/tresorerie/remises', {
      contractId: String(w.c.contractId),
      paymentDateId: String(w.c.paymentDateIds[1]),
      earlyConfirmed: 'on',
    });
    const [h] = w.t.db.select().from(handovers).all();
    expect(h).to.not.equal(undefined);
    const [pJan] = chequesOf(w.t, w.subs.paul);
    await receive(tres, [pJan.id]);

    const olga = await client(w.t, 'olga@exemple.fr');
    expect((await olga.agent.get(`/tresorerie/contrats/${w.c.contractId}`)).status).to.equal(403);
    expect((await olga.agent.get(`/tresorerie/contrats/${w.c2.contractId}`)).status).to.equal(200);
    // Receiving: one of hers with one of the GAEC is refused as a whole.
    const [cheeseJan] = chequesOf(w.t, w.subs.marieCheese);
    const mixed = await post(olga, '/tresorerie/cheques/recevoir', [
      ['cheque', String(cheeseJan.id)],
      ['cheque', String(mJan.id)],
    ]);
    expect(mixed.status).to.equal(403);
    expect(text(mixed.text)).to.include('Ces chèques ne sont pas ceux de vos producteurs.');
    expect(cheque(w.t, cheeseJan.id).status).to.equal('promised');
    expect(cheque(w.t, mJan.id).status).to.equal('promised');
    expect((await post(olga, `/tresorerie/cheques/${pJan.id}/annuler-reception`, { reason: 'x' })).status).to.equal(
      403,
    );
    expect((await post(olga, `/tresorerie/cheques/${pJan.id}/rendre`, { reason: 'x' })).status).to.equal(403);
    expect(cheque(w.t, pJan.id).status).to.equal('received');
    // Handovers.
    expect((await olga.agent.get(`/tresorerie/remises/nouvelle?contrat=${w.c.contractId}`)).status).to.equal(403);
    expect(
      (
        await post(olga, '/tresorerie/remises', {
          contractId: String(w.c.contractId),
          paymentDateId: String(w.c.paymentDateIds[0]),
        })
      ).status,
    ).to.equal(403);
    expect(cheque(w.t, pJan.id).status).to.equal('received');
    expect((await olga.agent.get(`/tresorerie/remises/${h.id}`)).status).to.equal(403);
    expect((await post(olga, `/tresorerie/remises/${h.id}/annuler`, { reason: 'x' })).status).to.equal(403);
    expect(w.t.db.select().from(handovers).where(eq(handovers.id, h.id)).get()!.undoneAt).to.equal(null);
    expect(text((await olga.agent.get('/tresorerie/remises')).text)).to.include('Aucune remise pour l’instant.');
    // Balances and credits of that contract.
    expect((await olga.agent.get(`/tresorerie/souscriptions/${w.subs.marie}`)).status).to.equal(404);
    expect(
      (await post(olga, `/tresorerie/souscriptions/${w.subs.marie}/avoirs`, { amount: '10', reason: 'x' })).status,
    ).to.equal(403);
    expect(w.t.db.select().from(credits).all()).to.have.length(0);
    // The search does not find the GAEC's members for her.
    const search = await olga.agent.get('/tresorerie/reception?q=dur');
    expect(text(search.text)).to.include('Personne ne correspond');
  });
});

describe('trésorerie : avoirs et soldes', () => {
  let w: World;
  let tres: Client;
  beforeEach(async () => {
    w = await world();
    tres = await client(w.t, 'tresor@exemple.fr');
  });

  it('an avoir of 15 € on 180 € with 60 € received re-proposes the open cheques over 105 €', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mJan.id]);
    const res = await post(tres, `/tresorerie/souscriptions/${w.subs.marie}/avoirs`, {
      amount: '15',
      reason: 'Panier non livré le 14 janvier',
    });
    expect(res.headers.location).to.equal(`/tresorerie/souscriptions/${w.subs.marie}`);
    const page = await follow(tres, res);
    expect(page).to.include('Avoir de 15,00 € enregistré ; les chèques encore attendus sont recalculés.');
    const [jan, feb, mar] = chequesOf(w.t, w.subs.marie);
    expect(jan).to.include({ status: 'received', amountCents: 6000 });
    expect([feb.status, mar.status]).to.deep.equal(['promised', 'promised']);
    expect(feb.amountCents + mar.amountCents).to.equal(10500);
    expect(feb.amountCents % 100).to.equal(0);
    expect(page)
      .to.include('Commandé 180,00 €')
      .and.include('Avoirs − 15,00 €')
      .and.include('À payer 165,00 €')
      .and.include('Reste dû 105,00 €');
    expect(page).to.include('Panier non livré le 14 janvier');
    const [credit] = w.t.db.select().from(credits).all();
    expect(credit).to.include({ subscriptionId: w.subs.marie, amountCents: 1500, createdById: w.ids.treasurer });
    const [entry] = audit(w.t, 'credit.granted');
    expect(entry).to.include({ actorId: w.ids.treasurer, targetId: w.subs.marie });
    // The member sees what is left to bring.
    const marie = await client(w.t, 'marie@exemple.fr');
    const mine = text((await marie.agent.get('/mes-paiements')).text);
    expect(mine)
      .to.include('2 chèques à l’ordre de GAEC des Volcans (105,00 €)')
      .and.include('Avoir · Légumes été 2027 : Panier non livré le 14 janvier 15,00 €');
  });

  it('refuses bad amounts and reasons with 422, keeping what was typed', async () => {
    const path = `/tresorerie/souscriptions/${w.subs.marie}/avoirs`;
    const cases: [Record<string, string>, string][] = [
      [{ amount: 'quinze', reason: 'Panier manqué' }, 'Un montant positif, par exemple 15 ou 12,50.'],
      [{ amount: '0', reason: 'Panier manqué' }, 'Un montant positif, par exemple 15 ou 12,50.'],
      [{ amount: '-5', reason: 'Panier manqué' }, 'Un montant positif, par exemple 15 ou 12,50.'],
      [{ amount: '12,50', reason: '   ' }, 'Indiquez la raison de l’avoir.'],
      [{ amount: '180,01', reason: 'Panier manqué' }, 'L’avoir dépasse le total commandé.'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(tres, path, fields);
      expect(res.status, JSON.stringify(fields)).to.equal(422);
      expect(text(res.text)).to.include(message);
      expect(res.text).to.include(`value="${fields.amount}"`);
      if (fields.reason.trim()) expect(res.text).to.include(`value="${fields.reason}"`);
    }
    expect(w.t.db.select().from(credits).all()).to.have.length(0);
    expect(chequesOf(w.t, w.subs.marie).map((c) => c.amountCents)).to.deep.equal([6000, 6000, 6000]);
  });

  it('credits together may not exceed the ordered total', async () => {
    const path = `/tresorerie/souscriptions/${w.subs.marie}/avoirs`;
    expect((await post(tres, path, { amount: '100', reason: 'Grêle' })).status).to.equal(302);
    const res = await post(tres, path, { amount: '100', reason: 'Grêle encore' });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.include(
      'Avec les avoirs déjà accordés (100,00 €), l’avoir dépasse le total commandé (180,00 €).',
    );
    expect(res.text).to.include('value="Grêle encore"');
    expect(w.t.db.select().from(credits).all()).to.have.length(1);
    expect(
      chequesOf(w.t, w.subs.marie)
        .filter((c) => c.status === 'promised')
        .reduce((a, c) => a + c.amountCents, 0),
    ).to.equal(8000);
  });

  it('lists a cancelled subscription with received cheques as money owed back', async () => {
    const [pJan] = chequesOf(w.t, w.subs.paul);
    await receive(tres, [pJan.id]);
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.ids.paul), w.c.contractId, w.ids.paul);
    const page = await tres.agent.get('/tresorerie/soldes');
    expect(page.status).to.equal(200);
    const t = text(page.text);
    expect(t).to.include('MARCHAND Paul Légumes été 2027 60,00 € à rendre 1 chèque pas encore remis annulée');
    expect(t).to.not.include('MARTIN Marie');
    expect(t).to.include('Tous les échéanciers tombent juste.');
    expect(text((await tres.agent.get('/tresorerie')).text)).to.include('1 membre à rembourser');
    const sub = text((await tres.agent.get(`/tresorerie/souscriptions/${w.subs.paul}`)).text);
    expect(sub).to.include('souscription annulée').and.include('À rendre au membre 60,00 €');
    // Giving the cheque back settles it.
    await post(tres, `/tresorerie/cheques/${pJan.id}/rendre`, { reason: 'Souscription annulée' });
    expect(text((await tres.agent.get('/tresorerie/soldes')).text)).to.include('Personne à rembourser.');
  });

  it('a cheque given back (badly written) is spread again over the cheques still expected: the schedule still adds up', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mJan.id]);
    await post(tres, `/tresorerie/cheques/${mJan.id}/rendre`, { reason: 'Chèque mal rempli' });
    const t = text((await tres.agent.get('/tresorerie/soldes')).text);
    expect(t).not.to.include('MARTIN Marie Légumes été 2027');
    const open = chequesOf(w.t, w.subs.marie).filter((c) => c.status === 'promised');
    expect(open.reduce((a, c) => a + c.amountCents, 0)).to.equal(18000);
  });

  it('undoing a reception after the subscription shrank asks for the right amount again', async () => {
    const [mJan] = chequesOf(w.t, w.subs.marie);
    await receive(tres, [mJan.id]);
    // Marie's subscription drops to one basket on one delivery (15 €) while her 60 € cheque is in.
    const { saveSubscription } = await import('../../server/features/subscriptions/subscriptions.service.js');
    saveSubscription(
      w.t.ctx,
      actor(w.t.ctx, w.ids.marie),
      w.c.contractId,
      w.ids.marie,
      [{ deliveryId: w.c.deliveryIds[0], contractProductId: w.c.productIds[0], quantity: 1 }],
      null,
    );
    await post(tres, `/tresorerie/cheques/${mJan.id}/annuler-reception`, { reason: 'Pas reçu, en fait' });
    const promised = chequesOf(w.t, w.subs.marie).filter((c) => c.status === 'promised');
    expect(promised.reduce((a, c) => a + c.amountCents, 0)).to.equal(1500);
  });
});

describe('mes paiements', () => {
  it('groups the cheques to bring as people write them, then given, handed over with the date, and money owed back in words', async () => {
    const w = await world();
    const marie = await client(w.t, 'marie@exemple.fr');
    const first = text((await marie.agent.get('/mes-paiements')).text);
    expect(first).to.include('3 chèques à l’ordre de GAEC des Volcans (180,00 €)');
    expect(first).to.include('3 chèques de 60,00 €, encaissés de janvier à mars 2027');
    expect(first).to.include('3 chèques à l’ordre de Ferme du Moulin (180,00 €)');
    expect(first).to.include('Aucun chèque en attente de remise au producteur.').and.include('Aucun pour l’instant.');

    const tres = await client(w.t, 'tresor@exemple.fr');
    const [jan, feb] = chequesOf(w.t, w.subs.marie);
    const [cheeseJan] = chequesOf(w.t, w.subs.marieCheese);
    await receive(tres, [jan.id, feb.id, cheeseJan.id], [[`number_${feb.id}`, '7654321']]);
    await post(tres, '/tresorerie/remises', {
      contractId: String(w.c.contractId),
      paymentDateId: String(w.c.paymentDateIds[0]),
      earlyConfirmed: 'on',
    });
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.ids.marie), w.c2.contractId, w.ids.marie);

    const page = await marie.agent.get('/mes-paiements');
    expect(page.status).to.equal(200);
    const t = text(page.text);
    expect(t)
      .to.include('1 chèque à l’ordre de GAEC des Volcans (60,00 €)')
      .and.include('1 chèque de 60,00 €, encaissé en mars 2027');
    expect(t).to.not.include('à l’ordre de Ferme du Moulin (');
    const given = t.slice(t.indexOf('Chèques remis à l’AMAP'), t.indexOf('Chèques remis au producteur'));
    expect(given).to.include('Légumes été 2027 · février 2027 à l’ordre de GAEC des Volcans, n° 7654321 60,00 €');
    expect(given).to.include('Fromages 2027 · janvier 2027');
    const handed = t.slice(t.indexOf('Chèques remis au producteur'));
    expect(handed).to.include('Légumes été 2027 · janvier 2027 remis le samedi 28 novembre 2026 60,00 €');
    expect(t).to.include(
      'L’AMAP vous doit 60,00 € sur le contrat « Fromages 2027 » : vos chèques dépassent ce que vous avez à payer.',
    );
  });

  it('asks to log in first', async () => {
    const w = await world();
    const res = await w.t.agent().get('/mes-paiements');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/^\/connexion/);
  });
});

describe('trésorerie : chèques d’une souscription annulée', () => {
  it('ne partent pas chez le producteur : la remise les garde pour les rendre au membre', async () => {
    const { makeTestApp: make, loginAs: login } = await import('../support/app.js');
    const f = await import('../support/factories.js');
    const c = await import('../support/contracts.js');
    const { saveSubscription, cancelSubscription } =
      await import('../../server/features/subscriptions/subscriptions.service.js');
    const { receiveCheques } = await import('../../server/features/treasury/cheques.service.js');
    const { createHandover } = await import('../../server/features/treasury/handovers.service.js');
    const { cheques: chequesTable } = await import('../../server/db/schema/index.js');
    const t = make();
    const admin = await f.createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const tr = await f.createMember(t.ctx, { email: 'tresorier@exemple.fr', roles: ['treasurer'] });
    const s = c.setupContract(t.ctx, admin.id);
    const lines = s.deliveryIds.map((d) => ({ deliveryId: d, contractProductId: s.productIds[0], quantity: 1 }));
    const stay = await f.createMember(t.ctx, { email: 'reste@exemple.fr', lastName: 'Reste' });
    const leave = await f.createMember(t.ctx, { email: 'part@exemple.fr', lastName: 'Part' });
    saveSubscription(t.ctx, c.actor(t.ctx, stay.id), s.contractId, stay.id, lines, null);
    saveSubscription(t.ctx, c.actor(t.ctx, leave.id), s.contractId, leave.id, lines, null);
    const january = t.db
      .select()
      .from(chequesTable)
      .all()
      .filter((x) => x.paymentDateId === s.paymentDateIds[0]);
    receiveCheques(
      t.ctx,
      c.actor(t.ctx, tr.id),
      january.map((x) => ({ chequeId: x.id })),
    );
    cancelSubscription(t.ctx, c.actor(t.ctx, admin.id), s.contractId, leave.id);
    const agent = await login(t, 'tresorier@exemple.fr', f.PASSWORD);
    const preview = await agent.get(`/tresorerie/remises/nouvelle?contrat=${s.contractId}&date=${s.paymentDateIds[0]}`);
    expect(preview.text).to.contain('Gardés pour être rendus');
    const h = createHandover(t.ctx, c.actor(t.ctx, tr.id), s.contractId, s.paymentDateIds[0], null, {
      earlyConfirmed: true,
    });
    expect(h.count).to.equal(1);
    const after = t.db
      .select()
      .from(chequesTable)
      .all()
      .filter((x) => x.paymentDateId === s.paymentDateIds[0]);
    expect(after.map((x) => x.status).sort()).to.deep.equal(['handed_over', 'received']);
  });
});
