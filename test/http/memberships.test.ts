import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { membershipPeriods, memberships, settings } from '../../server/db/schema/index.js';
import { formatEuros } from '../../server/lib/format.js';
import { hasCurrentMembership, membershipCallToAction } from '../../server/features/memberships/memberships.queries.js';
import { membershipBlocker } from '../../server/features/memberships/memberships.service.js';

// The TestClock's today is 2026-11-28: the period runs over the season, sign-up in November and December.
const PERIOD = {
  name: 'Adhésion 2026-2027',
  startsOn: '2026-09-01',
  endsOn: '2027-08-31',
  opensOn: '2026-11-01',
  closesOn: '2026-12-31',
  minimum: '10',
  suggested: '20',
  payee: 'AMAP des Volcans',
  info: 'L’adhésion couvre l’assurance des distributions.',
};

async function setup() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  await createMember(t.ctx, {
    firstName: 'Théo',
    lastName: 'Trésorier',
    email: 'theo@exemple.fr',
    roles: ['treasurer'],
  });
  const treasurer = await loginAs(t, 'theo@exemple.fr', PASSWORD);
  return { t, treasurer };
}

/** A period inserted directly, for tests about something else than creating one. */
function insertPeriod(t: TestApp, extra: Partial<typeof membershipPeriods.$inferInsert> = {}): number {
  const now = t.ctx.clock().toISOString();
  return t.db
    .insert(membershipPeriods)
    .values({
      name: PERIOD.name,
      startsOn: PERIOD.startsOn,
      endsOn: PERIOD.endsOn,
      opensOn: PERIOD.opensOn,
      closesOn: PERIOD.closesOn,
      minimumCents: 1000,
      suggestedCents: 2000,
      payee: PERIOD.payee,
      info: PERIOD.info,
      createdAt: now,
      updatedAt: now,
      ...extra,
    })
    .returning({ id: membershipPeriods.id })
    .get().id;
}

function membershipRows(t: TestApp) {
  return t.db.select().from(memberships).orderBy(memberships.id).all();
}

async function member(
  t: TestApp,
  firstName: string,
  lastName: string,
  email: string | null = `${firstName.toLowerCase()}@exemple.fr`,
) {
  const m = await createMember(t.ctx, { firstName, lastName, email, password: email ? PASSWORD : null });
  return { id: m.id, agent: email ? await loginAs(t, email, PASSWORD) : null };
}

function join(agent: request.Agent, periodId: number, amount: string, method: string) {
  return submitForm(agent, '/adhesion', '/adhesion', { periodId: String(periodId), amount, method });
}

/** The membership id of the "Reçu" form of a member's line on the period page. */
async function receiveFor(agent: request.Agent, periodId: number, membershipId: number, filtre = 'toutes') {
  return submitForm(
    agent,
    `/tresorerie/adhesions/periodes/${periodId}`,
    `/tresorerie/adhesions/${membershipId}/recue`,
    { filtre },
  );
}

/** Names listed on the period page, in order. */
function listedNames(html: string): string[] {
  const list = /<ul class="member-list membership-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<span class="member-name">([^<]+)/g)].map((m) => m[1].trim());
}

describe('memberships: access', () => {
  it('sends anonymous visitors to the login page', async () => {
    const { t } = await setup();
    for (const path of ['/tresorerie/adhesions', '/adhesion']) {
      const res = await t.agent().get(path);
      expect(res.status, path).to.equal(302);
      expect(res.headers.location, path).to.equal('/connexion');
    }
  });

  it('shows the 403 page to a plain member on the treasurer pages, hides the menu entry, refuses their posts', async () => {
    const { t, treasurer } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    await join(paul.agent!, periodId, '20', 'cheque');
    const [m] = membershipRows(t);
    expect((await paul.agent!.get('/')).text).not.to.contain('href="/tresorerie/adhesions"');
    expect((await treasurer.get('/tresorerie/adhesions')).text).to.match(
      /href="\/tresorerie\/adhesions" aria-current="page"/,
    );
    for (const path of [
      '/tresorerie/adhesions',
      '/tresorerie/adhesions/periodes/nouvelle',
      `/tresorerie/adhesions/periodes/${periodId}`,
      `/tresorerie/adhesions/periodes/${periodId}/modifier`,
    ]) {
      expect((await paul.agent!.get(path)).status, path).to.equal(403);
    }
    const auditBefore = audit(t).length;
    for (const [action, fields] of [
      ['/tresorerie/adhesions/periodes/nouvelle', { ...PERIOD, name: 'Pirate' }],
      [`/tresorerie/adhesions/periodes/${periodId}/modifier`, { ...PERIOD, minimum: '0' }],
      [`/tresorerie/adhesions/${m.id}/recue`, {}],
      [
        `/tresorerie/adhesions/periodes/${periodId}/enregistrer`,
        { memberId: String(paul.id), amount: '20', method: 'cash' },
      ],
    ] as [string, Record<string, string>][]) {
      expect((await submitForm(paul.agent!, '/adhesion', action, fields)).status, action).to.equal(403);
    }
    expect(membershipRows(t)[0].status).to.equal('promised');
    expect(t.db.select().from(membershipPeriods).all()).to.have.length(1);
    expect(audit(t).length).to.equal(auditBefore);
  });

  it('lets an administrator in, and shows the 404 page for a period that does not exist', async () => {
    const { t, treasurer } = await setup();
    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    expect((await admin.get('/tresorerie/adhesions')).status).to.equal(200);
    expect((await treasurer.get('/tresorerie/adhesions/periodes/999')).status).to.equal(404);
    expect((await treasurer.get('/tresorerie/adhesions/periodes/abc')).status).to.equal(404);
  });
});

describe('memberships: the treasurer manages periods', () => {
  it('says so when there is no period yet', async () => {
    const { treasurer } = await setup();
    const res = await treasurer.get('/tresorerie/adhesions');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Aucune période d’adhésion pour l’instant');
    expect(res.text).to.contain('href="/tresorerie/adhesions/periodes/nouvelle"');
  });

  it('creates a period: stored in cents, audited, listed', async () => {
    const { t, treasurer } = await setup();
    const res = await submitForm(
      treasurer,
      '/tresorerie/adhesions/periodes/nouvelle',
      '/tresorerie/adhesions/periodes/nouvelle',
      { ...PERIOD, minimum: '10', suggested: '20,50' },
    );
    expect(res.status, res.text.slice(0, 500)).to.equal(302);
    const id = Number(/^\/tresorerie\/adhesions\/periodes\/(\d+)$/.exec(res.headers.location)![1]);
    expect(t.db.select().from(membershipPeriods).where(eq(membershipPeriods.id, id)).get()).to.include({
      name: PERIOD.name,
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      opensOn: '2026-11-01',
      closesOn: '2026-12-31',
      minimumCents: 1000,
      suggestedCents: 2050,
      payee: 'AMAP des Volcans',
      info: PERIOD.info,
    });
    expect((await treasurer.get(res.headers.location)).text).to.contain('Période « Adhésion 2026-2027 » créée.');
    expect(audit(t, 'membership-period.created').map((a) => a.targetId)).to.deep.equal([id]);
    const list = await treasurer.get('/tresorerie/adhesions');
    expect(list.text).to.contain('Adhésion 2026-2027');
    expect(list.text).to.contain('inscriptions ouvertes');
  });

  it('refuses bad dates and amounts: 422, one message per field, values kept, nothing written', async () => {
    const { t, treasurer } = await setup();
    const res = await submitForm(
      treasurer,
      '/tresorerie/adhesions/periodes/nouvelle',
      '/tresorerie/adhesions/periodes/nouvelle',
      {
        ...PERIOD,
        endsOn: '2026-08-01',
        closesOn: '2026-10-01',
        minimum: '15',
        suggested: '12',
        payee: 'Trésorerie AMAP',
      },
    );
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-endsOn-error" class="field-error">La fin doit venir après le début\./);
    expect(res.text).to.match(/id="f-closesOn-error" class="field-error">La fermeture doit venir après l’ouverture\./);
    expect(res.text).to.match(
      /id="f-suggested-error" class="field-error">Le montant suggéré ne peut pas être inférieur au minimum\./,
    );
    expect(res.text).to.contain('value="Trésorerie AMAP"');
    expect(res.text).to.contain('value="12"');
    const bad = await submitForm(
      treasurer,
      '/tresorerie/adhesions/periodes/nouvelle',
      '/tresorerie/adhesions/periodes/nouvelle',
      { ...PERIOD, name: ' ', minimum: '10,555' },
    );
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Nom obligatoire');
    expect(bad.text).to.contain('Montant minimum invalide');
    expect(t.db.select().from(membershipPeriods).all()).to.have.length(0);
    expect(audit(t, 'membership-period.created')).to.have.length(0);
  });

  it('edits a period: the form is filled in, changes are saved and audited, saving again changes nothing', async () => {
    const { t, treasurer } = await setup();
    const id = insertPeriod(t);
    const form = await treasurer.get(`/tresorerie/adhesions/periodes/${id}/modifier`);
    expect(form.text).to.contain('value="Adhésion 2026-2027"');
    expect(form.text).to.contain('value="10"');
    const res = await submitForm(
      treasurer,
      `/tresorerie/adhesions/periodes/${id}/modifier`,
      `/tresorerie/adhesions/periodes/${id}/modifier`,
      { ...PERIOD, minimum: '12', closesOn: '2027-01-15' },
    );
    expect(res.status).to.equal(302);
    expect(t.db.select().from(membershipPeriods).get()).to.include({ minimumCents: 1200, closesOn: '2027-01-15' });
    const [entry] = audit(t, 'membership-period.updated');
    expect(entry.details).to.deep.equal({ closesOn: ['2026-12-31', '2027-01-15'], minimumCents: [1000, 1200] });
    await submitForm(
      treasurer,
      `/tresorerie/adhesions/periodes/${id}/modifier`,
      `/tresorerie/adhesions/periodes/${id}/modifier`,
      { ...PERIOD, minimum: '12', closesOn: '2027-01-15' },
    );
    expect(audit(t, 'membership-period.updated')).to.have.length(1);
  });
});

describe('memberships: a member joins', () => {
  it('shows the open period with the suggested amount prefilled, the payee and the information', async () => {
    const { t } = await setup();
    insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    const page = await paul.agent!.get('/adhesion');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Adhésion 2026-2027');
    expect(page.text).to.match(/id="f-amount"[^>]*value="20"/);
    expect(page.text).to.contain('Chèque à l’ordre de AMAP des Volcans');
    expect(page.text).to.contain('L’adhésion couvre l’assurance des distributions.');
    expect(page.text).to.contain('>Adhérer</button>');
  });

  it('refuses an amount below the minimum (422, values kept, nothing written), then records the membership and mails it', async () => {
    const { t } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    const low = await join(paul.agent!, periodId, '5', 'transfer');
    expect(low.status).to.equal(422);
    expect(low.text).to.match(
      new RegExp(
        `id="f-amount-error" class="field-error">Le montant minimum de l’adhésion est de ${formatEuros(1000)}\\.`,
      ),
    );
    expect(low.text).to.match(/id="f-amount"[^>]*value="5"/);
    expect(low.text).to.match(/value="transfer"\s+required\s+checked/);
    const noMethod = await submitForm(paul.agent!, '/adhesion', '/adhesion', {
      periodId: String(periodId),
      amount: '20',
    });
    expect(noMethod.status).to.equal(422);
    expect(noMethod.text).to.contain('Choisissez le moyen de paiement');
    expect(membershipRows(t)).to.have.length(0);
    expect(outboxMails(t.ctx)).to.have.length(0);

    const res = await join(paul.agent!, periodId, '20', 'cheque');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/adhesion');
    expect(membershipRows(t)).to.have.length(1);
    expect(membershipRows(t)[0]).to.include({
      periodId,
      memberId: paul.id,
      amountCents: 2000,
      method: 'cheque',
      status: 'promised',
      receivedAt: null,
    });
    const page = await paul.agent!.get('/adhesion');
    expect(page.text).to.contain(
      `Votre adhésion est enregistrée : ${formatEuros(2000)}, chèque à l’ordre de AMAP des Volcans.`,
    );
    expect(page.text).to.contain('Remettez votre chèque à la trésorerie');
    expect(page.text).to.contain('>Modifier mon adhésion</button>');
    expect(audit(t, 'membership.created').map((a) => a.details)).to.deep.equal([
      { periodId, periodName: PERIOD.name, amountCents: 2000, method: 'cheque', membershipId: membershipRows(t)[0].id },
    ]);
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(1);
    expect(mails[0].toAddress).to.equal('paul@exemple.fr');
    expect(mails[0].subject).to.equal('Votre adhésion est enregistrée : Adhésion 2026-2027');
    expect(mails[0].text).to.contain(
      `Votre adhésion de ${formatEuros(2000)} (chèque à l’ordre de AMAP des Volcans) pour « Adhésion 2026-2027 » est enregistrée.`,
    );
    expect(mails[0].text).to.contain('http://amap.test/adhesion');
  });

  it('joining again updates the same membership while promised; the same answer twice changes nothing', async () => {
    const { t } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    await join(paul.agent!, periodId, '20', 'cheque');
    const page = await paul.agent!.get('/adhesion');
    expect(page.text).to.match(/id="f-amount"[^>]*value="20"/);
    expect(page.text).to.match(/value="cheque"\s+required\s+checked/);
    expect((await join(paul.agent!, periodId, '25,50', 'cash')).status).to.equal(302);
    expect(membershipRows(t)).to.have.length(1);
    expect(membershipRows(t)[0]).to.include({ amountCents: 2550, method: 'cash', status: 'promised' });
    expect(audit(t, 'membership.updated')).to.have.length(1);
    expect(outboxMails(t.ctx).map((m) => m.subject)).to.deep.equal([
      'Votre adhésion est enregistrée : Adhésion 2026-2027',
      'Votre adhésion est modifiée : Adhésion 2026-2027',
    ]);
    await join(paul.agent!, periodId, '25,50', 'cash');
    const again = await paul.agent!.get('/adhesion');
    expect(again.text).to.contain('Votre adhésion était déjà enregistrée ainsi');
    expect(audit(t, 'membership.updated')).to.have.length(1);
    expect(outboxMails(t.ctx)).to.have.length(2);
  });

  it('refuses to join outside the sign-up window, and says no period is open', async () => {
    const { t } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    await paul.agent!.get('/adhesion');
    t.clock.set('2027-01-05T10:00:00.000Z');
    const late = await join(paul.agent!, periodId, '20', 'cheque');
    expect(late.status).to.equal(422);
    expect(late.text).to.contain(
      'Les adhésions pour « Adhésion 2026-2027 » sont fermées depuis le jeudi 31 décembre 2026',
    );
    expect((await paul.agent!.get('/adhesion')).text).to.contain(
      'Aucune période d’adhésion n’est ouverte en ce moment.',
    );
    t.clock.set('2026-10-15T10:00:00.000Z');
    const early = await join(paul.agent!, periodId, '20', 'cheque');
    expect(early.status).to.equal(422);
    expect(early.text).to.contain('ouvriront le dimanche 1er novembre 2026');
    expect(membershipRows(t)).to.have.length(0);
    expect(audit(t, 'membership.created')).to.have.length(0);
  });
});

describe('memberships: the treasurer at the distribution table', () => {
  it('marks a promised membership received in one tap; the member can no longer change it; undo puts it back', async () => {
    const { t, treasurer } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    await join(paul.agent!, periodId, '20', 'cheque');
    const [m] = membershipRows(t);
    const res = await receiveFor(treasurer, periodId, m.id, 'promises');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`/tresorerie/adhesions/periodes/${periodId}?filtre=promises`);
    expect((await treasurer.get(res.headers.location)).text).to.contain(
      `Adhésion de Paul Martin reçue : ${formatEuros(2000)} (chèque).`,
    );
    expect(membershipRows(t)[0]).to.include({ status: 'received', receivedAt: '2026-11-28T10:00:00.000Z' });
    expect(audit(t, 'membership.received')).to.have.length(1);
    const receipt = outboxMails(t.ctx).at(-1)!;
    expect(receipt.subject).to.equal('Votre adhésion est reçue : Adhésion 2026-2027');
    expect(receipt.text).to.contain('est reçue par la trésorerie le samedi 28 novembre 2026');

    // a second tap does no harm
    await receiveFor(treasurer, periodId, m.id);
    expect(audit(t, 'membership.received')).to.have.length(1);

    const page = await paul.agent!.get('/adhesion');
    expect(page.text).to.contain('est reçue par la trésorerie');
    expect(page.text).to.contain('Elle ne peut plus être modifiée ici');
    expect(page.text).not.to.match(/action="\/adhesion[#"]/);
    const change = await submitForm(paul.agent!, '/', '/adhesion', {
      periodId: String(periodId),
      amount: '30',
      method: 'cash',
    });
    expect(change.status).to.equal(422);
    expect(change.text).to.contain('Votre adhésion est déjà reçue par la trésorerie');
    expect(membershipRows(t)[0]).to.include({ amountCents: 2000, method: 'cheque', status: 'received' });

    const undo = await submitForm(
      treasurer,
      `/tresorerie/adhesions/periodes/${periodId}`,
      `/tresorerie/adhesions/${m.id}/annuler-reception`,
      {},
    );
    expect(undo.status).to.equal(302);
    expect(membershipRows(t)[0]).to.include({ status: 'promised', receivedAt: null, receivedById: null });
    expect(audit(t, 'membership.reception-undone')).to.have.length(1);
    await submitForm(
      treasurer,
      `/tresorerie/adhesions/periodes/${periodId}`,
      `/tresorerie/adhesions/${m.id}/annuler-reception`,
      {},
    );
    expect(audit(t, 'membership.reception-undone')).to.have.length(1);
    expect((await join(paul.agent!, periodId, '30', 'cash')).status).to.equal(302);
    expect(membershipRows(t)[0]).to.include({ amountCents: 3000, method: 'cash' });
  });

  it('lists every active member with filters, a search on the name, and the totals', async () => {
    const { t, treasurer } = await setup();
    const periodId = insertPeriod(t);
    const anna = await member(t, 'Anna', 'Bernard');
    const bob = await member(t, 'Bob', 'Dupont');
    const chloe = await member(t, 'Chloé', 'Émery');
    await member(t, 'Denis', 'Fabre');
    await createMember(t.ctx, { firstName: 'Inès', lastName: 'Inactive', active: false });
    await join(anna.agent!, periodId, '20', 'cheque');
    await join(bob.agent!, periodId, '15', 'cash');
    await join(chloe.agent!, periodId, '30,50', 'transfer');
    const [a] = membershipRows(t);
    await receiveFor(treasurer, periodId, a.id);

    const base = `/tresorerie/adhesions/periodes/${periodId}`;
    const all = await treasurer.get(base);
    expect(all.status).to.equal(200);
    expect(listedNames(all.text)).to.deep.equal([
      'ADMIN Alice',
      'BERNARD Anna',
      'DUPONT Bob',
      'ÉMERY Chloé',
      'FABRE Denis',
      'TRÉSORIER Théo',
    ]);
    expect(all.text).to.match(new RegExp(`id="total-paid">1 · ${formatEuros(2000)}<`));
    expect(all.text).to.match(new RegExp(`id="total-promised">2 · ${formatEuros(4550)}<`));
    expect(all.text).to.match(/id="total-not-joined">3</);

    expect(listedNames((await treasurer.get(`${base}?filtre=payees`)).text)).to.deep.equal(['BERNARD Anna']);
    expect(listedNames((await treasurer.get(`${base}?filtre=promises`)).text)).to.deep.equal([
      'DUPONT Bob',
      'ÉMERY Chloé',
    ]);
    expect(listedNames((await treasurer.get(`${base}?filtre=non-adherents`)).text)).to.deep.equal([
      'ADMIN Alice',
      'FABRE Denis',
      'TRÉSORIER Théo',
    ]);
    expect(listedNames((await treasurer.get(`${base}?q=emer`)).text)).to.deep.equal(['ÉMERY Chloé']);
    expect(listedNames((await treasurer.get(`${base}?filtre=payees&q=emer`)).text)).to.deep.equal([]);
    expect((await treasurer.get(`${base}?q=zzz`)).text).to.contain('Personne ne correspond à « zzz »');

    const list = await treasurer.get('/tresorerie/adhesions');
    expect(list.text).to.contain(`1 · ${formatEuros(2000)}`);
    expect(list.text).to.contain(`2 · ${formatEuros(4550)}`);
  });

  it('records a membership paid at the table: received at once, audited, a receipt mailed; twice is harmless', async () => {
    const { t, treasurer } = await setup();
    const periodId = insertPeriod(t);
    const denis = await member(t, 'Denis', 'Fabre');
    const base = `/tresorerie/adhesions/periodes/${periodId}`;
    const chosen = await treasurer.get(`${base}?membre=${denis.id}`);
    expect(chosen.text).to.contain('Enregistrer l’adhésion de FABRE Denis');
    expect(chosen.text).to.match(new RegExp(`<option value="${denis.id}" selected>`));

    const low = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(denis.id),
      amount: '8',
      method: 'cash',
    });
    expect(low.status).to.equal(422);
    expect(low.text).to.contain('Le montant minimum de l’adhésion est de');
    expect(low.text).to.match(/id="f-amount"[^>]*value="8"/);
    expect(low.text).to.match(/<details id="enregistrer" class="card" open>/);
    const none = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: '',
      amount: '12',
      method: 'cash',
    });
    expect(none.status).to.equal(422);
    expect(none.text).to.contain('Choisissez un membre.');
    expect(membershipRows(t)).to.have.length(0);

    const res = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(denis.id),
      amount: '12',
      method: 'cash',
      filtre: 'non-adherents',
    });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal(`${base}?filtre=non-adherents`);
    expect(membershipRows(t)).to.have.length(1);
    expect(membershipRows(t)[0]).to.include({
      memberId: denis.id,
      amountCents: 1200,
      method: 'cash',
      status: 'received',
    });
    expect(
      audit(t)
        .map((a) => a.action)
        .filter((a) => a.startsWith('membership')),
    ).to.deep.equal(['membership.created', 'membership.received']);
    expect(outboxMails(t.ctx).map((m) => m.subject)).to.deep.equal(['Votre adhésion est reçue : Adhésion 2026-2027']);
    expect(outboxMails(t.ctx)[0].text).to.contain(`Votre adhésion de ${formatEuros(1200)} (espèces)`);

    const twice = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(denis.id),
      amount: '12',
      method: 'cash',
    });
    expect(twice.status).to.equal(302);
    expect((await treasurer.get(twice.headers.location)).text).to.contain('était déjà reçue : rien n’a changé');
    const other = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(denis.id),
      amount: '40',
      method: 'cash',
    });
    expect(other.status).to.equal(422);
    expect(other.text).to.contain('annulez d’abord la réception');
    expect(membershipRows(t)).to.have.length(1);
    expect(audit(t, 'membership.received')).to.have.length(1);
    expect(outboxMails(t.ctx)).to.have.length(1);
  });

  it('takes the amount paid for a promised membership, and mails nobody without an e-mail address', async () => {
    const { t, treasurer } = await setup();
    const periodId = insertPeriod(t);
    const paul = await member(t, 'Paul', 'Martin');
    const noMail = await member(t, 'Gaston', 'Sansmail', null);
    await join(paul.agent!, periodId, '20', 'cheque');
    const base = `/tresorerie/adhesions/periodes/${periodId}`;
    await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(paul.id),
      amount: '25',
      method: 'cash',
    });
    expect(membershipRows(t)).to.have.length(1);
    expect(membershipRows(t)[0]).to.include({ amountCents: 2500, method: 'cash', status: 'received' });
    expect(audit(t, 'membership.updated')[0].details.before).to.deep.equal({ amountCents: 2000, method: 'cheque' });
    const before = outboxMails(t.ctx).length;
    const res = await submitForm(treasurer, base, `${base}/enregistrer`, {
      memberId: String(noMail.id),
      amount: '10',
      method: 'cheque',
    });
    expect(res.status).to.equal(302);
    expect(membershipRows(t)[1]).to.include({ memberId: noMail.id, status: 'received' });
    expect(outboxMails(t.ctx)).to.have.length(before);
  });
});

describe('memberships: what the home page and the contracts ask', () => {
  it('membershipCallToAction: the open period the member has not joined', async () => {
    const { t } = await setup();
    const paul = await member(t, 'Paul', 'Martin');
    expect(membershipCallToAction(t.db, paul.id, '2026-11-28')).to.equal(null);
    const periodId = insertPeriod(t);
    expect(membershipCallToAction(t.db, paul.id, '2026-11-28')).to.deep.equal({
      periodId,
      name: PERIOD.name,
      closesOn: '2026-12-31',
      minimumCents: 1000,
      suggestedCents: 2000,
    });
    expect(membershipCallToAction(t.db, paul.id, '2027-01-01')).to.equal(null);
    await join(paul.agent!, periodId, '20', 'cheque');
    expect(membershipCallToAction(t.db, paul.id, '2026-11-28')).to.equal(null);
  });

  it('hasCurrentMembership: promised or received, in a period running today or open for sign-up', async () => {
    const { t } = await setup();
    const paul = await member(t, 'Paul', 'Martin');
    // sign-up opens before the period starts
    const periodId = insertPeriod(t, {
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      opensOn: '2026-11-01',
      closesOn: '2026-12-31',
    });
    expect(hasCurrentMembership(t.db, paul.id, '2026-11-28')).to.equal(false);
    await join(paul.agent!, periodId, '20', 'cheque');
    expect(hasCurrentMembership(t.db, paul.id, '2026-11-28')).to.equal(true);
    expect(hasCurrentMembership(t.db, paul.id, '2027-06-30')).to.equal(true);
    expect(hasCurrentMembership(t.db, paul.id, '2028-01-01')).to.equal(false);
    expect(hasCurrentMembership(t.db, paul.id, '2026-10-31')).to.equal(false);
  });

  it('membershipBlocker: a sentence when the setting is on and the member has no membership, else null', async () => {
    const { t } = await setup();
    const paul = await member(t, 'Paul', 'Martin');
    const today = '2026-11-28';
    expect(membershipBlocker(t.ctx, paul.id, today)).to.equal(null);
    t.db
      .insert(settings)
      .values({ key: 'membershipRequired', value: 'true', updatedAt: t.ctx.clock().toISOString() })
      .run();
    expect(membershipBlocker(t.ctx, paul.id, today)).to.match(
      /^L’adhésion à l’association est obligatoire avant de souscrire un contrat, et aucune période d’adhésion n’est ouverte.*trésorerie/,
    );
    const periodId = insertPeriod(t);
    expect(membershipBlocker(t.ctx, paul.id, today)).to.equal(
      'L’adhésion à l’association est obligatoire avant de souscrire un contrat. Adhérer pour la période « Adhésion 2026-2027 ».',
    );
    await join(paul.agent!, periodId, '20', 'cheque');
    expect(membershipBlocker(t.ctx, paul.id, today)).to.equal(null);
    t.db.update(settings).set({ value: 'false' }).where(eq(settings.key, 'membershipRequired')).run();
    const anna = await member(t, 'Anna', 'Bernard');
    expect(membershipBlocker(t.ctx, anna.id, today)).to.equal(null);
  });
});
