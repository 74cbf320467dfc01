import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import {
  absences,
  contractAbsenceSettings,
  contracts,
  contractProducts,
  deliveries,
  members,
  subscriptionQuantities,
  subscriptions,
} from '../../server/db/schema/index.js';
import { openDatabase } from '../../server/db/client.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';
import { importAmapj, previewAmapjImport } from '../../server/features/import-amapj/import.service.js';
import { findActiveActor } from '../../server/features/auth/auth.queries.js';
import { cancelAbsence } from '../../server/features/absences/absences.service.js';
import { signInSheetData } from '../../server/documents/sign-in-sheet.data.js';
import { dayDefaults } from '../../server/features/settings/settings.service.js';
import { testConfig } from '../support/app.js';
import { createAdmin } from '../support/factories.js';
import { backupFor } from './amapj-fixture.js';

const AT = new Date('2025-02-01T09:30:00.000Z');

function subscriptionOf(ctx: Ctx, firstName: string) {
  return ctx.db
    .select({ id: subscriptions.id, memberId: subscriptions.memberId, contractId: subscriptions.contractId })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .where(eq(members.firstName, firstName))
    .all()
    .find((s) => s.contractId === vegId(ctx))!;
}

const vegId = (ctx: Ctx) => ctx.db.select().from(contracts).where(eq(contracts.name, 'LÉGUMES')).get()!.id;

/** The subscription's quantities by delivery day. */
function perDay(ctx: Ctx, subscriptionId: number): Record<string, number> {
  const rows = ctx.db
    .select({ on: deliveries.deliveryOn, q: subscriptionQuantities.quantity })
    .from(subscriptionQuantities)
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .where(eq(subscriptionQuantities.subscriptionId, subscriptionId))
    .all();
  return Object.fromEntries(rows.map((r) => [r.on, r.q]));
}

describe('AmapJ import: jokers and reports become absences', () => {
  let ctx: Ctx;
  let adminId: number;
  before(async () => {
    ctx = createCtx(openDatabase(':memory:'), testConfig(), () => AT);
    adminId = (await createAdmin(ctx, { email: 'admin@exemple.fr' })).id;
    const report = importAmapj(ctx, adminId, backupFor('V045'));
    expect(report.differences, JSON.stringify(report)).to.equal(0);
  });

  it('writes a carry-over for the report and a deduct for the joker, declared by the importing admin at import time', () => {
    const day = (id: number | null) =>
      id === null ? null : ctx.db.select().from(deliveries).where(eq(deliveries.id, id)).get()!.deliveryOn;
    const basket = ctx.db
      .select()
      .from(contractProducts)
      .where(eq(contractProducts.contractId, vegId(ctx)))
      .get()!;
    const rows = ctx.db.select().from(absences).orderBy(absences.id).all();
    expect(
      rows.map((a) => ({
        sub: a.subscriptionId,
        on: day(a.deliveryId),
        mode: a.mode,
        to: day(a.targetDeliveryId),
        moved: a.moved,
        n: a.movedCount,
        by: a.declaredById,
        at: a.declaredAt,
        withdrawn: a.withdrawnAt,
      })),
    ).to.deep.equal([
      {
        sub: subscriptionOf(ctx, 'Léa').id,
        on: '2025-02-20',
        mode: 'carry-over',
        to: '2025-03-06',
        moved: [{ contractProductId: basket.id, quantity: 1 }],
        n: 1,
        by: adminId,
        at: AT.toISOString(),
        withdrawn: null,
      },
      {
        sub: subscriptionOf(ctx, 'Géraldine').id,
        on: '2025-02-20',
        mode: 'deduct',
        to: null,
        moved: [{ contractProductId: basket.id, quantity: 1 }],
        n: 1,
        by: adminId,
        at: AT.toISOString(),
        withdrawn: null,
      },
    ]);
  });

  it('keeps the quantities AmapJ had already moved (no basket twice) and sets the contract’s rules from its jokers', () => {
    expect(perDay(ctx, subscriptionOf(ctx, 'Léa').id)).to.deep.equal({ '2025-02-13': 1, '2025-03-06': 2 });
    expect(perDay(ctx, subscriptionOf(ctx, 'Géraldine').id)).to.deep.equal({ '2025-02-13': 1, '2025-03-06': 1 });
    const settings = ctx.db
      .select()
      .from(contractAbsenceSettings)
      .where(eq(contractAbsenceSettings.contractId, vegId(ctx)))
      .get()!;
    expect(settings).to.include({ absencesAllowed: true, maxPerMember: 2, noticeDays: 3, mode: 'carry-over' });
    expect(
      ctx.db
        .select()
        .from(contracts)
        .where(eq(contracts.id, vegId(ctx)))
        .get()!.kind,
    ).to.equal('fixed');
    // The bread contract has no jokers: no rules written, absences stay refused there.
    expect(ctx.db.select().from(contractAbsenceSettings).all()).to.have.length(1);
  });

  it('shows the carried-over basket on the sign-in sheet of the day that receives it', () => {
    const sheet = signInSheetData(ctx.db, '2025-03-06', dayDefaults(ctx), 'AMAP')!;
    const lea = sheet.lines.find((l) => l.firstName === 'Léa')!;
    expect(lea.contracts.flatMap((c) => c.mentions ?? [])).to.include('dont 1 reporté');
  });

  it('lets a referent withdraw an imported report, which puts the basket back on its day', () => {
    const lea = subscriptionOf(ctx, 'Léa');
    const actor = findActiveActor(ctx.db, adminId)!;
    const [row] = ctx.db.select().from(absences).where(eq(absences.subscriptionId, lea.id)).all();
    cancelAbsence(ctx, actor, { contractId: lea.contractId, memberId: lea.memberId, asReferent: true }, row.id);
    expect(perDay(ctx, lea.id)).to.deep.equal({ '2025-02-13': 1, '2025-02-20': 1, '2025-03-06': 1 });
  });
});

describe('AmapJ import: absences that do not fit', () => {
  it('lists a joker on a date the contract does not have as a warning, and imports the others', () => {
    const ctx = createCtx(openDatabase(':memory:'), testConfig());
    const preview = previewAmapjImport(ctx, backupFor('V045'));
    expect(preview.absences).to.deep.equal(['Géraldine PETIT (LÉGUMES) : 20/03/2025']);
    expect(preview.counts.find((c) => c.label === 'absences reprises (jokers, reports)')!.n).to.equal(2);
    const warning = preview.problems.find((p) => p.message.includes('20/03/2025'))!;
    expect(warning.severity).to.equal('warning');
    expect(warning.message).to.contain('non reprise').and.contain('pas de livraison ce jour-là');
  });

  it('writes no absence from a V025 backup (no ABOINFO), its quantities as AmapJ had them', () => {
    const ctx = createCtx(openDatabase(':memory:'), testConfig());
    expect(importAmapj(ctx, null, backupFor('V025')).differences).to.equal(0);
    expect(ctx.db.select().from(absences).all()).to.have.length(0);
    expect(ctx.db.select().from(contractAbsenceSettings).all()).to.have.length(0);
    expect(perDay(ctx, subscriptionOf(ctx, 'Léa').id)).to.deep.equal({ '2025-02-13': 1, '2025-03-06': 2 });
  });
});
