import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import { text } from '../support/text.js';
import { auditLog, cheques } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { grantCredit } from '../../server/features/treasury/credits.service.js';
import { setMemberRoles, updateMember } from '../../server/features/members/members.service.js';
import { recordAudit } from '../../server/features/audit/audit.service.js';
import { latestJournalEntries } from '../../server/features/audit/audit.queries.js';
import { AUDIT_KINDS } from '../../server/features/audit/audit-labels.js';

/** No key of the code in what a person reads: "amountCents : 1000", "subscriptionId", "{…}". */
function expectNoRawKeys(page: string) {
  expect(page).not.to.match(/\b[a-z]+[A-Z][A-Za-z]*\b/, 'a camelCase key');
  expect(page).not.to.match(/[{}[\]]/, 'JSON');
  expect(page).not.to.match(/undefined|NaN|\bnull\b/);
}

interface World {
  t: TestApp;
  c: ContractSetup;
  ids: { admin: number; treasurer: number; lea: number; paul: number };
  sub: number;
}

/** Léa Martin subscribes to "Légumes été 2027" (12 × 12,75 € = 153 €: three cheques of 51 €). */
async function world(): Promise<World> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const treasurer = await createMember(t.ctx, {
    firstName: 'Tom',
    lastName: 'Trésor',
    email: 'tom@exemple.fr',
    roles: ['treasurer'],
  });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const paul = await createMember(t.ctx, { firstName: 'Paul', lastName: 'Durand', email: 'paul@exemple.fr' });
  const c = setupContract(t.ctx, admin.id, {
    products: [{ name: 'Panier de légumes', unit: 'panier (4 personnes)', priceCents: 1275 }],
  });
  const sub = subscribeEveryDelivery(t.ctx, c, lea.id);
  return { t, c, ids: { admin: admin.id, treasurer: treasurer.id, lea: lea.id, paul: paul.id }, sub };
}

function chequesOf(w: World) {
  return w.t.db.select().from(cheques).where(eq(cheques.subscriptionId, w.sub)).orderBy(asc(cheques.id)).all();
}

describe('journal: every action in a French sentence, filters and pages', () => {
  it('says who received whose cheque for which contract, hands over, grants a credit, edits a member, in words', async () => {
    const w = await world();
    const tom = actor(w.t.ctx, w.ids.treasurer);
    const [first] = chequesOf(w);
    expect(first.amountCents).to.equal(5100);
    receiveCheques(w.t.ctx, tom, [{ chequeId: first.id }]);
    createHandover(w.t.ctx, tom, w.c.contractId, first.paymentDateId, null, { earlyConfirmed: true });
    grantCredit(w.t.ctx, tom, w.sub, 1500, 'Livraison manquée');
    const alice = actor(w.t.ctx, w.ids.admin);
    updateMember(w.t.ctx, alice, w.ids.lea, {
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea.martin@exemple.fr',
      phone: null,
      phone2: null,
      address: null,
      postalCode: null,
      city: 'Riom',
    });
    setMemberRoles(w.t.ctx, alice, w.ids.paul, { admin: false, treasurer: true, coordinator: false });

    const agent = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const res = await agent.get('/admin/journal');
    expect(res.status).to.equal(200);
    const page = text(res.text);
    expect(page).to.contain('Chèque de 51,00 € de Léa Martin reçu (Légumes été 2027)');
    expect(page).to.contain(
      'Remise à GAEC des Volcans de 1 chèque, 51,00 € (Légumes été 2027, échéance de janvier 2027)',
    );
    expect(page).to.contain('Avoir de 15,00 € accordé à Léa Martin (Légumes été 2027) — raison : Livraison manquée');
    expect(page).to.contain(
      'Fiche de Léa Martin modifiée : e-mail « lea@exemple.fr » → « lea.martin@exemple.fr », ville (vide) → « Riom »',
    );
    expect(page).to.contain('Rôle trésorier·e donné à Paul Durand');
    expect(page).to.contain('Souscription de Léa Martin au contrat « Légumes été 2027 » : 153,00 €, 3 chèques');
    expect(page).to.contain('Produits du contrat « Légumes été 2027 » : Panier de légumes à 12,75 €');
    expect(page).to.contain(
      '12 livraisons ajoutées au contrat « Légumes été 2027 », du 7 janvier 2027 au 25 mars 2027',
    );
    expect(page).to.contain('Contrat « Légumes été 2027 » ouvert aux membres');
    // The one who acted, in running text.
    expect(page).to.match(/Tom Trésor Chèque de 51,00 €/);
    expectNoRawKeys(page.replace(/lea(\.martin)?@exemple\.fr/g, ''));
  });

  it('the treasury’s latest movements say whose cheque and which contract', async () => {
    const w = await world();
    const tom = actor(w.t.ctx, w.ids.treasurer);
    receiveCheques(w.t.ctx, tom, [{ chequeId: chequesOf(w)[1].id }]);
    const agent = await loginAs(w.t, 'tom@exemple.fr', PASSWORD);
    const page = text((await agent.get('/tresorerie')).text);
    const movements = page.slice(page.indexOf('Derniers mouvements'));
    expect(movements).to.contain('Chèque de 51,00 € de Léa Martin reçu (Légumes été 2027)');
    expect(movements).to.contain('Souscription de Léa Martin au contrat « Légumes été 2027 » : 153,00 €, 3 chèques');
    expect(movements).not.to.contain('amountCents');
  });

  it('filters by person (what they did and what concerns them), by kind and by period', async () => {
    const w = await world();
    const tom = actor(w.t.ctx, w.ids.treasurer);
    w.t.clock.set('2027-01-07T17:30:00.000Z');
    receiveCheques(w.t.ctx, tom, [{ chequeId: chequesOf(w)[0].id }]);
    w.t.clock.set('2027-02-04T17:30:00.000Z');
    setMemberRoles(w.t.ctx, actor(w.t.ctx, w.ids.admin), w.ids.paul, {
      admin: false,
      treasurer: true,
      coordinator: false,
    });
    const agent = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const sentences = async (query: Record<string, string>) =>
      [...(await agent.get('/admin/journal').query(query)).text.matchAll(/class="journal-sentence">([^<]*)/g)].map(
        (m) => text(m[1]).trim(),
      );

    const lea = await sentences({ personne: String(w.ids.lea) });
    expect(lea).to.include('Chèque de 51,00 € de Léa Martin reçu (Légumes été 2027)');
    expect(lea).to.include('Souscription de Léa Martin au contrat « Légumes été 2027 » : 153,00 €, 3 chèques');
    expect(lea.join('\n')).not.to.contain('Paul Durand');
    expect(lea.join('\n')).not.to.contain('Produits du contrat');

    const money = await sentences({ type: 'argent' });
    expect(money).to.deep.equal(['Chèque de 51,00 € de Léa Martin reçu (Légumes été 2027)']);

    // Days are the AMAP's (Paris): the reception on 7 January, the role on 4 February.
    expect(await sentences({ du: '2027-02-01', au: '2027-02-28' })).to.deep.include(
      'Rôle trésorier·e donné à Paul Durand',
    );
    const january = await sentences({ du: '2027-01-07', au: '2027-01-07' });
    expect(january).to.deep.equal(['Chèque de 51,00 € de Léa Martin reçu (Légumes été 2027)']);
    expect(await sentences({ du: '2027-01-08', au: '2027-02-03' })).to.deep.equal([]);

    // A bad filter typed by hand is no filter, never an error page.
    const bogus = await agent.get('/admin/journal').query({ personne: 'x', type: 'zzz', du: '2027-02-31', page: '-3' });
    expect(bogus.status).to.equal(200);
    expect(text(bogus.text)).to.contain('Rôle trésorier·e donné à Paul Durand');
  });

  it('shows 50 entries a page, newest first, with links to the other pages keeping the filters', async () => {
    const w = await world();
    const before = (await loginAs(w.t, 'alice@exemple.fr', PASSWORD)).get('/admin/journal');
    const already = Number(/(\d+) actions/.exec(text((await before).text))![1]);
    for (let i = 0; i < 120 - already; i++)
      recordAudit(w.t.ctx, { actorId: w.ids.paul, action: 'login', targetType: 'member', targetId: w.ids.paul });
    const agent = await loginAs(w.t, 'alice@exemple.fr', PASSWORD);
    const rows = (html: string) => (html.match(/class="journal-sentence"/g) ?? []).length;

    const first = await agent.get('/admin/journal');
    expect(rows(first.text)).to.equal(50);
    expect(text(first.text)).to.contain('121 actions · page 1 sur 3');
    // The newest is the administrator's own login.
    expect(/class="journal-sentence">([^<]*)/.exec(first.text)![1].trim()).to.equal('Connexion d’Alice Admin');
    expect(first.text).to.contain('href="/admin/journal?page=2" rel="next"');

    const last = await agent.get('/admin/journal?page=3');
    expect(rows(last.text)).to.equal(21);
    expect(last.text).to.contain('href="/admin/journal?page=2" rel="prev"');
    expect(last.text).not.to.contain('rel="next"');

    const filtered = await agent.get('/admin/journal').query({ type: 'connexions' });
    expect(filtered.text).to.contain('href="/admin/journal?type=connexions&amp;page=2" rel="next"');
    // Past the last page is the last page.
    expect(rows((await agent.get('/admin/journal?page=99')).text)).to.equal(21);
  });
  it('a kind holds its prefixes and the actions under them, no action that only starts like them', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    // The families are read up to the first dot: a prefix with a dot in it would never match.
    for (const k of AUDIT_KINDS) for (const p of k.prefixes) expect(p, k.slug).not.to.contain('.');
    const actions = [
      'cheque', // the prefix itself
      'cheque.receive',
      'cheque.cancel.later', // deeper
      'chequebook.x', // starts like a prefix: another family
      'credit.granted',
      'membership.created', // adhesions, not argent
      'handover', // argent
      'Cheque.receive', // LIKE matched it, case-blind; the family does not
      'subscription_x', // '_' was a LIKE wildcard for one character
      'login',
    ];
    for (const action of actions) recordAudit(t.ctx, { actorId: admin.id, action });
    const actionOf = new Map(
      t.db
        .select()
        .from(auditLog)
        .all()
        .map((r) => [r.id, r.action]),
    );
    const money = latestJournalEntries(t.db, ['argent'], 50).map((e) => actionOf.get(e.id));
    expect([...money].sort()).to.deep.equal([
      'cheque',
      'cheque.cancel.later',
      'cheque.receive',
      'credit.granted',
      'handover',
    ]);
    const both = latestJournalEntries(t.db, ['argent', 'adhesions'], 3).map((e) => actionOf.get(e.id));
    expect(both, 'newest first, limited').to.deep.equal(['handover', 'membership.created', 'credit.granted']);
  });
});
