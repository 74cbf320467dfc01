import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import {
  auditLog,
  cheques,
  contracts,
  credits,
  deliveries,
  distributionDays,
  dutyRoles,
  dutyShifts,
  handovers,
  memberRoles,
  members,
  memberships,
  paymentDates,
  producerAccounts,
  producerReferents,
  producers,
  products,
  settings,
  subscriptions,
} from '../../server/db/schema/index.js';
import { openDatabase } from '../../server/db/client.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';
import { ValidationError } from '../../server/lib/errors.js';
import { importAmapj, previewAmapjImport } from '../../server/features/import-amapj/import.service.js';
import { testConfig } from '../support/app.js';
import { createMember } from '../support/factories.js';
import { backupFor, scriptFor, season } from './amapj-fixture.js';

function freshCtx(): Ctx {
  return createCtx(openDatabase(':memory:'), testConfig());
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

const memberNamed = (ctx: Ctx, firstName: string) =>
  ctx.db.select().from(members).where(eq(members.firstName, firstName)).get()!;

for (const version of ['V045', 'V025'] as const) {
  describe(`AmapJ import of a ${version} backup`, () => {
    let ctx: Ctx;
    before(() => {
      ctx = freshCtx();
      const report = importAmapj(ctx, null, backupFor(version));
      expect(report.differences, JSON.stringify(report)).to.equal(0);
    });

    it('imports the members with their details, roles and AmapJ password hashes', () => {
      const all = ctx.db.select().from(members).all();
      expect(all).to.have.length(5);
      const lea = memberNamed(ctx, 'Léa');
      expect(lea).to.include({
        lastName: 'MARTIN',
        email: 'lea.martin@exemple.fr',
        phone: '06 12 34 56 71',
        active: true,
      });
      expect(lea.passwordHash).to.match(/^amapj-pbkdf2\$/);
      expect(memberNamed(ctx, 'Paul').email).to.equal('paul.durand@exemple.fr');
      expect(memberNamed(ctx, 'Géraldine')).to.include({
        email: null,
        city: 'Royat',
        postalCode: '63130',
        passwordHash: null,
      });
      expect(memberNamed(ctx, 'Chloé')).to.include({ lastName: "L'HÔTE", active: false });
      const roles = ctx.db.select().from(memberRoles).all();
      expect(roles).to.deep.equal([
        { memberId: lea.id, role: 'admin' },
        { memberId: memberNamed(ctx, 'Paul').id, role: 'treasurer' },
      ]);
      const gaec = ctx.db.select().from(producers).where(eq(producers.name, 'GAEC des Volcans')).get()!;
      expect(ctx.db.select().from(producerReferents).all()).to.deep.equal([
        { producerId: gaec.id, memberId: memberNamed(ctx, 'Chloé').id, notify: true },
      ]);
      expect(ctx.db.select().from(producerAccounts).all()).to.deep.equal([
        { producerId: gaec.id, memberId: memberNamed(ctx, 'Jean').id },
      ]);
    });

    it('imports producers, products and both contracts with their dates, kinds and exclusions', () => {
      expect(ctx.db.select({ name: products.name, unit: products.unit }).from(products).all()).to.deep.equal([
        { name: 'Panier de légumes', unit: 'le panier' },
        { name: 'Pain de campagne', unit: 'la pièce de 1 kg' },
        { name: 'Pain aux graines', unit: 'la pièce de 500 g' },
      ]);
      const [veg, bread] = ctx.db.select().from(contracts).orderBy(contracts.id).all();
      expect(veg).to.include({
        name: 'LÉGUMES',
        // V045: the jokers' days left out, every basket is the same; V025 has no ABOINFO to tell them.
        kind: version === 'V045' ? 'fixed' : 'variable',
        status: 'open',
        closesOn: '2025-02-10',
        opensOn: '2025-01-20',
        payee: 'GAEC des Volcans',
        paymentsManaged: true,
      });
      expect(bread).to.include({ name: 'PAIN', kind: 'fixed', status: 'archived', payee: 'Fournil du Puy' });
      const days = ctx.db
        .select()
        .from(deliveries)
        .where(eq(deliveries.contractId, veg.id))
        .orderBy(deliveries.deliveryOn)
        .all();
      expect(days.map((d) => [d.deliveryOn, d.cancelledAt !== null])).to.deep.equal([
        ['2025-02-13', false],
        ['2025-02-20', false],
        ['2025-02-27', true],
        ['2025-03-06', false],
      ]);
      expect(
        ctx.db.select({ d: paymentDates.dueOn }).from(paymentDates).where(eq(paymentDates.contractId, veg.id)).all(),
      ).to.deep.equal([{ d: '2025-02-13' }, { d: '2025-03-06' }]);
    });

    it('imports every subscription total, the credit, and each cheque in the state AmapJ had it', () => {
      const totals = ctx.db
        .select({ first: members.firstName, contract: contracts.name, total: subscriptions.totalCents })
        .from(subscriptions)
        .innerJoin(members, eq(members.id, subscriptions.memberId))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .orderBy(subscriptions.id)
        .all();
      expect(totals).to.deep.equal([
        { first: 'Léa', contract: 'LÉGUMES', total: 4500 },
        { first: 'Paul', contract: 'LÉGUMES', total: 9000 },
        { first: 'Géraldine', contract: 'LÉGUMES', total: 3000 },
        { first: 'Léa', contract: 'PAIN', total: 2200 },
      ]);
      expect(ctx.db.select({ a: credits.amountCents, r: credits.reason }).from(credits).all()).to.deep.equal([
        { a: 1500, r: 'repris d’AmapJ' },
      ]);
      const rows = ctx.db.select().from(cheques).orderBy(cheques.id).all();
      expect(rows.map((c) => [c.amountCents, c.status])).to.deep.equal([
        [2500, 'handed_over'],
        [2000, 'received'],
        [4000, 'handed_over'],
        [3500, 'promised'],
        [1500, 'promised'],
        [1000, 'promised'],
        [2200, 'received'],
      ]);
      expect(rows[1]).to.include({ bank: 'Crédit Agricole', number: '1234567', note: null });
      expect(rows[3].note).to.equal('donnera en mars');
    });

    it('imports the handover with its date, total and cheques', () => {
      const [h] = ctx.db.select().from(handovers).all();
      expect(h).to.include({ handedOverOn: '2025-02-14', totalCents: 6500, chequeCount: 2 });
      const due = ctx.db.select().from(paymentDates).where(eq(paymentDates.id, h.paymentDateId)).get()!;
      expect(due.dueOn).to.equal('2025-02-13');
      const handed = ctx.db.select().from(cheques).where(eq(cheques.handoverId, h.id)).all();
      expect(handed.map((c) => c.amountCents)).to.deep.equal([2500, 4000]);
    });

    it('imports memberships, duty days with their roles and places, shifts and targets, and the AMAP’s name — never the SMTP password', () => {
      const ms = ctx.db.select().from(memberships).orderBy(memberships.id).all();
      expect(ms.map((m) => [m.amountCents, m.method, m.status])).to.deep.equal([
        [1500, 'cheque', 'received'],
        [1000, 'transfer', 'promised'],
      ]);
      const days = ctx.db.select().from(distributionDays).orderBy(distributionDays.on).all();
      expect(days.map((d) => [d.on, d.placesNeeded, d.customRoles])).to.deep.equal([
        ['2025-02-13', null, true],
        ['2025-02-20', 2, false],
      ]);
      expect(
        ctx.db.select({ n: dutyRoles.name, p: dutyRoles.places }).from(dutyRoles).orderBy(dutyRoles.position).all(),
      ).to.deep.equal([
        { n: 'Ouverture', p: 2 },
        { n: 'Accueil', p: 1 },
      ]);
      const shifts = ctx.db.select().from(dutyShifts).orderBy(dutyShifts.id).all();
      expect(shifts.map((s) => [s.dayOn, s.memberId, s.roleName])).to.deep.equal([
        ['2025-02-13', memberNamed(ctx, 'Léa').id, 'Ouverture'],
        ['2025-02-13', memberNamed(ctx, 'Paul').id, 'Accueil'],
        ['2025-02-20', memberNamed(ctx, 'Léa').id, null],
      ]);
      expect(memberNamed(ctx, 'Léa').dutyTarget).to.equal(2);
      const kept = Object.fromEntries(
        ctx.db
          .select()
          .from(settings)
          .all()
          .map((s) => [s.key, JSON.parse(s.value)]),
      );
      expect(kept).to.include({ amapName: 'AMAP des Volcans', amapCity: 'Clermont-Ferrand' });
      const everything = JSON.stringify([ctx.db.select().from(settings).all(), ctx.db.select().from(auditLog).all()]);
      expect(everything).not.to.contain('secret-smtp');
    });

    it('refuses a second import of the same file, saying so', () => {
      expect(refusal(() => importAmapj(ctx, null, backupFor(version)))).to.contain('déjà été importé');
      expect(previewAmapjImport(ctx, backupFor(version)).refusal).to.contain('déjà été importé');
    });

    it('refuses another file once contracts exist', () => {
      const other = season();
      other.PRODUIT[0].NOM = 'Grand panier';
      expect(refusal(() => importAmapj(ctx, null, backupFor(version, scriptFor(version, other))))).to.contain(
        'déjà des contrats',
      );
    });
  });
}

describe('AmapJ import: preview and refusals', () => {
  it('lists the AmapJ absences it cannot import, and the schedule that does not add up', () => {
    const preview = previewAmapjImport(freshCtx(), backupFor('V045'));
    expect(preview.absences).to.deep.equal(['Géraldine PETIT (LÉGUMES) : 20/03/2025']);
    expect(preview.errors).to.equal(0);
    const schedule = preview.problems.find((p) => p.message.includes('Géraldine PETIT'))!;
    expect(schedule.severity).to.equal('warning');
    expect(schedule.message).to.match(/25,00\s€ pour 30,00\s€ dus/);
    expect(preview.counts.find((c) => c.label === 'chèques remis au producteur')!.n).to.equal(2);
  });

  it('matches a member already present by e-mail and keeps their password', async () => {
    const ctx = freshCtx();
    const lea = await createMember(ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea.martin@exemple.fr' });
    const before = ctx.db.select().from(members).where(eq(members.id, lea.id)).get()!;
    expect(previewAmapjImport(ctx, backupFor('V045')).counts[1]).to.deep.equal({
      label: 'membres déjà présents (même e-mail)',
      n: 1,
    });
    importAmapj(ctx, null, backupFor('V045'));
    expect(ctx.db.select().from(members).all()).to.have.length(5);
    expect(ctx.db.select().from(members).where(eq(members.id, lea.id)).get()!.passwordHash).to.equal(
      before.passwordHash,
    );
    expect(ctx.db.select().from(memberRoles).where(eq(memberRoles.memberId, lea.id)).all()).to.have.length(1);
  });

  it('blocks the import on a cheque whose contract is missing, an unknown state or a handover of another date, writing nothing', () => {
    const rows = season();
    rows.PAIEMENT.push(
      { ID: 77, ETAT: 'A_FOURNIR', MONTANT: 900, CONTRAT_ID: 999, MODELECONTRATDATEPAIEMENT_ID: 50 },
      { ID: 78, ETAT: 'PERDU', MONTANT: 900, CONTRAT_ID: 60, MODELECONTRATDATEPAIEMENT_ID: 52 },
      { ID: 79, ETAT: 'PRODUCTEUR', MONTANT: 900, CONTRAT_ID: 62, MODELECONTRATDATEPAIEMENT_ID: 51, REMISE_ID: 90 },
    );
    const script = scriptFor('V045', rows);
    const lineOf = (id: number) =>
      script.split('\n').findIndex((l) => l.startsWith(`INSERT INTO PAIEMENT VALUES(${id},`)) + 1;
    const ctx = freshCtx();
    const preview = previewAmapjImport(ctx, backupFor('V045', script));
    expect(preview.errors).to.equal(3);
    const errors = preview.problems.filter((p) => p.severity === 'error');
    expect(errors[0]).to.include({ line: lineOf(77) });
    expect(errors[0].message).to.contain('CONTRAT 999').and.contain('absent');
    expect(errors[1]).to.include({ line: lineOf(78) });
    expect(errors[1].message).to.contain('PERDU');
    expect(errors[2]).to.include({ line: lineOf(79) });
    expect(errors[2].message).to.contain('autre date de paiement');
    expect(refusal(() => importAmapj(ctx, null, backupFor('V045', script)))).to.contain('3 problèmes');
    expect(ctx.db.select().from(members).all()).to.have.length(0);
  });

  it('imports a second member using the same e-mail without an address, and says so', () => {
    const rows = season();
    rows.UTILISATEUR.push({ ...rows.UTILISATEUR[0], ID: 6, PRENOM: 'Lou', EMAIL: 'LEA.MARTIN@exemple.fr' });
    const ctx = freshCtx();
    const preview = previewAmapjImport(ctx, backupFor('V025', scriptFor('V025', rows)));
    expect(preview.problems.map((p) => p.message).join('\n')).to.contain('lea.martin@exemple.fr sert déjà');
    importAmapj(ctx, null, backupFor('V025', scriptFor('V025', rows)));
    expect(memberNamed(ctx, 'Lou').email).to.equal(null);
  });

  it('refuses malformed files with the line concerned, writing nothing', () => {
    const ctx = freshCtx();
    const broken = scriptFor('V045').replace("'Panier de l\\u00e9gumes'", "'Panier de l\\u00e9gumes");
    const line = broken.split('\n').findIndex((l) => l.includes("'Panier de l")) + 1;
    expect(refusal(() => previewAmapjImport(ctx, backupFor('V045', broken)))).to.contain(`Ligne ${line}`);
    expect(
      refusal(() => importAmapj(ctx, null, backupFor('V045', scriptFor('V045', undefined, { omit: ['PAIEMENT'] })))),
    ).to.contain('table PAIEMENT est absente');
    const full = backupFor('V045');
    expect(refusal(() => importAmapj(ctx, null, full.subarray(0, full.length - 40)))).to.contain('incomplète');
    expect(ctx.db.select().from(members).all()).to.have.length(0);
    expect(ctx.db.select().from(auditLog).all()).to.have.length(0);
  });
});
