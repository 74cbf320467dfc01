/**
 * A small AMAP to build mailing lists from (addresses and messages tests): two producers, their
 * subscribers, a day's duty team, a membership period, promised cheques, roles.
 *
 * - Léa MARTIN: vegetables, member this period, her cheques received, target 1 shift (none yet).
 * - Paul DURAND: bread, no e-mail (phone 06 01 02 03 04), cheques promised.
 * - Zoé BERNARD: vegetables and bread, opted out of announcements, cheques promised.
 * - Marc PETIT: no contract, on duty on Thursday 14 January 2027, target 1 (done: not behind).
 * - Inès ROUX: vegetables, but deactivated: never in a list.
 * - Pierre FERMIER: the bread producer's account.
 * - Victor VERT: vegetables referent (no subscription); Tom TRESOR: treasurer; Cora COORD: coordinator.
 */
import { eq, inArray } from 'drizzle-orm';
import {
  cheques,
  contracts,
  dutyShifts,
  members,
  membershipPeriods,
  memberships,
  outbox,
  producerAccounts,
} from '../../server/db/schema/index.js';
import type { TestApp } from './app.js';
import { createAdmin, createMember } from './factories.js';
import { createProducer, setupContract, subscribeEveryDelivery } from './contracts.js';

export const DUTY_DAY = '2027-01-14';
export const FIRST_DUE = '2027-01-05';

export async function audienceWorld(t: TestApp) {
  const { ctx } = t;
  const admin = await createAdmin(ctx, { email: 'alice@amap.test' });
  const referent = await createMember(ctx, { firstName: 'Victor', lastName: 'Vert', email: 'victor@amap.test' });
  const treasurer = await createMember(ctx, {
    firstName: 'Tom',
    lastName: 'Tresor',
    email: 'tom@amap.test',
    roles: ['treasurer'],
  });
  const coordinator = await createMember(ctx, {
    firstName: 'Cora',
    lastName: 'Coord',
    email: 'cora@amap.test',
    roles: ['coordinator'],
  });
  const lea = await createMember(ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const paul = await createMember(ctx, {
    firstName: 'Paul',
    lastName: 'Durand',
    email: null,
    phone: '06 01 02 03 04',
  });
  const zoe = await createMember(ctx, { firstName: 'Zoé', lastName: 'Bernard', email: 'zoe@exemple.fr' });
  const marc = await createMember(ctx, { firstName: 'Marc', lastName: 'Petit', email: 'marc@exemple.fr' });
  const ines = await createMember(ctx, { firstName: 'Inès', lastName: 'Roux', email: 'ines@exemple.fr' });
  const pierre = await createMember(ctx, { firstName: 'Pierre', lastName: 'Fermier', email: 'pierre@ferme.test' });

  const vegProducer = createProducer(ctx, { name: 'GAEC des Volcans', referentIds: [referent.id] });
  const breadProducer = createProducer(ctx, { name: 'Fournil du Puy' });
  const veg = setupContract(ctx, admin.id, { producerId: vegProducer });
  const bread = setupContract(ctx, admin.id, { producerId: breadProducer });
  ctx.db.update(contracts).set({ name: 'Pain 2027' }).where(eq(contracts.id, bread.contractId)).run();

  const leaVeg = subscribeEveryDelivery(ctx, veg, lea.id);
  subscribeEveryDelivery(ctx, veg, zoe.id);
  subscribeEveryDelivery(ctx, veg, ines.id);
  subscribeEveryDelivery(ctx, bread, paul.id);
  subscribeEveryDelivery(ctx, bread, zoe.id);
  ctx.db.update(cheques).set({ status: 'received' }).where(eq(cheques.subscriptionId, leaVeg)).run();
  ctx.db.update(members).set({ active: false }).where(eq(members.id, ines.id)).run();
  ctx.db.update(members).set({ mailOptOut: true }).where(eq(members.id, zoe.id)).run();
  ctx.db
    .update(members)
    .set({ dutyTarget: 1 })
    .where(inArray(members.id, [lea.id, marc.id]))
    .run();

  const now = ctx.clock().toISOString();
  ctx.db.insert(dutyShifts).values({ dayOn: DUTY_DAY, memberId: marc.id, createdAt: now }).run();
  ctx.db.insert(producerAccounts).values({ producerId: breadProducer, memberId: pierre.id }).run();
  const period = ctx.db
    .insert(membershipPeriods)
    .values({
      name: 'Adhésion 2026-2027',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      opensOn: '2026-09-01',
      closesOn: '2027-06-30',
      minimumCents: 1000,
      payee: 'AMAP',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: membershipPeriods.id })
    .get();
  ctx.db
    .insert(memberships)
    .values({
      periodId: period.id,
      memberId: lea.id,
      amountCents: 1500,
      method: 'cash',
      createdAt: now,
      updatedAt: now,
    })
    .run();
  // The subscriptions' own confirmations are not what the mailing-list tests look at.
  ctx.db.delete(outbox).run();
  return {
    admin,
    referent,
    treasurer,
    coordinator,
    lea,
    paul,
    zoe,
    marc,
    ines,
    pierre,
    veg,
    bread,
  };
}
