/**
 * Writes an import plan, table by table, inside the caller's transaction. AmapJ ids (`ref`) are
 * mapped to the new rows' ids as they are inserted; nothing here decides anything the plan did not.
 */
import {
  absences,
  cheques,
  contractAbsenceSettings,
  contractProducts,
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
  membershipPeriods,
  paymentDates,
  producerAccounts,
  producerReferents,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { movedCount } from '../../domain/absences.js';
import type { ImportPlan } from './import-plan.js';
import { writeSetting } from '../../db/settings-store.js';

export const FROM_AMAPJ = 'repris d’AmapJ';

/** Ids given here to AmapJ's contracts, by AmapJ id: the report reads them back. */
export type ContractIds = Map<number, number>;

export function writePlan(ctx: Ctx, plan: ImportPlan, actorId: number | null): ContractIds {
  const db = ctx.db;
  const now = ctx.clock().toISOString();
  const stamps = { createdAt: now, updatedAt: now };
  const id = <T>(map: Map<number, T>, ref: number): T => {
    const v = map.get(ref);
    if (v === undefined) throw new Error(`import: no row for AmapJ id ${ref}`);
    return v;
  };

  const memberIds = new Map<number, number>();
  for (const m of plan.members) {
    if (m.existingId !== null) {
      memberIds.set(m.ref, m.existingId);
      continue;
    }
    const { existingId: _, ref, ...values } = m;
    memberIds.set(
      ref,
      db
        .insert(members)
        .values({ ...values, ...stamps })
        .returning({ id: members.id })
        .get().id,
    );
  }
  for (const r of plan.roles)
    db.insert(memberRoles)
      .values({ memberId: id(memberIds, r.userRef), role: r.role })
      .onConflictDoNothing()
      .run();

  const producerIds = new Map<number, number>();
  for (const { ref, ...p } of plan.producers)
    producerIds.set(
      ref,
      db
        .insert(producers)
        .values({ ...p, ...stamps })
        .returning({ id: producers.id })
        .get().id,
    );
  for (const r of plan.referents)
    db.insert(producerReferents)
      .values({ producerId: id(producerIds, r.producerRef), memberId: id(memberIds, r.userRef), notify: r.notify })
      .onConflictDoNothing()
      .run();
  for (const a of plan.producerAccounts)
    db.insert(producerAccounts)
      .values({ producerId: id(producerIds, a.producerRef), memberId: id(memberIds, a.userRef) })
      .onConflictDoNothing()
      .run();
  const productIds = new Map<number, number>();
  for (const { ref, producerRef, ...p } of plan.products)
    productIds.set(
      ref,
      db
        .insert(products)
        .values({ ...p, producerId: id(producerIds, producerRef), ...stamps })
        .returning({ id: products.id })
        .get().id,
    );

  const contractIds: ContractIds = new Map();
  const deliveryIds = new Map<number, number>();
  const contractProductIds = new Map<number, number>();
  const paymentDateIds = new Map<number, number>();
  for (const c of plan.contracts) {
    const producer = plan.producers.find((p) => p.ref === c.producerRef)!;
    const contractId = db
      .insert(contracts)
      .values({
        producerId: id(producerIds, c.producerRef),
        name: c.name,
        description: c.description,
        memberInfo: c.memberInfo,
        kind: c.kind,
        status: c.status,
        opensOn: c.opensOn,
        closesOn: c.closesOn,
        paymentsManaged: c.paymentsManaged,
        payee: c.payee || producer.payee,
        minChequeCents: c.minChequeCents,
        ...stamps,
      })
      .returning({ id: contracts.id })
      .get().id;
    contractIds.set(c.ref, contractId);
    if (c.absenceSettings)
      db.insert(contractAbsenceSettings)
        .values({ contractId, ...c.absenceSettings, updatedAt: now })
        .run();
    for (const d of c.deliveries)
      deliveryIds.set(
        d.ref,
        db
          .insert(deliveries)
          .values({ contractId, deliveryOn: d.on, cancelledAt: d.cancelled ? now : null })
          .returning({ id: deliveries.id })
          .get().id,
      );
    for (const p of c.products)
      contractProductIds.set(
        p.ref,
        db
          .insert(contractProducts)
          .values({
            contractId,
            productId: id(productIds, p.productRef),
            priceCents: p.priceCents,
            position: p.position,
          })
          .returning({ id: contractProducts.id })
          .get().id,
      );
    for (const p of c.paymentDates)
      paymentDateIds.set(
        p.ref,
        db.insert(paymentDates).values({ contractId, dueOn: p.on }).returning({ id: paymentDates.id }).get().id,
      );
  }

  const subscriptionIds = new Map<number, number>();
  for (const s of plan.subscriptions) {
    const subscriptionId = db
      .insert(subscriptions)
      .values({
        contractId: id(contractIds, s.contractRef),
        memberId: id(memberIds, s.userRef),
        totalCents: s.totalCents,
        createdAt: s.createdOn ? `${s.createdOn}T00:00:00.000Z` : now,
        updatedAt: now,
      })
      .returning({ id: subscriptions.id })
      .get().id;
    subscriptionIds.set(s.ref, subscriptionId);
    for (const q of s.quantities)
      db.insert(subscriptionQuantities)
        .values({
          subscriptionId,
          deliveryId: id(deliveryIds, q.deliveryRef),
          contractProductId: id(contractProductIds, q.contractProductRef),
          quantity: q.quantity,
        })
        .run();
    if (s.creditCents > 0)
      db.insert(credits)
        .values({
          subscriptionId,
          amountCents: s.creditCents,
          reason: FROM_AMAPJ,
          createdById: actorId,
          createdAt: now,
        })
        .run();
  }

  // The quantities above already hold the absences' effect (import-plan-absences.ts): only the rows.
  for (const a of plan.absences) {
    const moved = a.moved.map((m) => ({
      contractProductId: id(contractProductIds, m.contractProductRef),
      quantity: m.quantity,
    }));
    db.insert(absences)
      .values({
        subscriptionId: id(subscriptionIds, a.subscriptionRef),
        deliveryId: id(deliveryIds, a.deliveryRef),
        mode: a.mode,
        targetDeliveryId: a.targetDeliveryRef === null ? null : id(deliveryIds, a.targetDeliveryRef),
        moved,
        movedCount: movedCount(moved),
        declaredById: actorId,
        declaredAt: now,
      })
      .run();
  }

  const handoverIds = new Map<number, number>();
  for (const h of plan.handovers) {
    const mine = plan.cheques.filter((c) => c.handoverRef === h.ref);
    handoverIds.set(
      h.ref,
      db
        .insert(handovers)
        .values({
          contractId: id(contractIds, h.contractRef),
          paymentDateId: id(paymentDateIds, h.paymentDateRef),
          handedOverOn: h.on,
          totalCents: mine.reduce((a, c) => a + c.amountCents, 0),
          chequeCount: mine.length,
          note: FROM_AMAPJ,
          createdById: actorId,
          createdAt: now,
        })
        .returning({ id: handovers.id })
        .get().id,
    );
  }
  const handoverDay = new Map(plan.handovers.map((h) => [h.ref, h.on]));
  for (const c of plan.cheques) {
    const collected = c.status !== 'promised';
    db.insert(cheques)
      .values({
        subscriptionId: id(subscriptionIds, c.subscriptionRef),
        paymentDateId: id(paymentDateIds, c.paymentDateRef),
        amountCents: c.amountCents,
        status: c.status,
        bank: c.bank,
        number: c.number,
        note: c.note,
        receivedAt: collected ? now : null,
        handedOverAt: c.handoverRef !== null ? `${handoverDay.get(c.handoverRef)}T00:00:00.000Z` : null,
        handoverId: c.handoverRef !== null ? id(handoverIds, c.handoverRef) : null,
        ...stamps,
      })
      .run();
  }

  const periodIds = new Map<number, number>();
  for (const { ref, ...p } of plan.membershipPeriods)
    periodIds.set(
      ref,
      db
        .insert(membershipPeriods)
        .values({ ...p, opensOn: p.startsOn, closesOn: p.endsOn, ...stamps })
        .returning({ id: membershipPeriods.id })
        .get().id,
    );
  for (const m of plan.memberships)
    db.insert(memberships)
      .values({
        periodId: id(periodIds, m.periodRef),
        memberId: id(memberIds, m.userRef),
        amountCents: m.amountCents,
        method: m.method,
        status: m.status,
        receivedAt: m.receivedOn ? `${m.receivedOn}T00:00:00.000Z` : null,
        ...stamps,
      })
      .onConflictDoNothing()
      .run();

  for (const d of plan.dutyDays) {
    db.insert(distributionDays)
      .values({
        on: d.on,
        placesNeeded: d.roles.length ? null : d.places,
        customRoles: d.roles.length > 0,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .run();
    d.roles.forEach((r, position) =>
      db
        .insert(dutyRoles)
        .values({ dayOn: d.on, ...r, position })
        .onConflictDoNothing()
        .run(),
    );
  }
  for (const s of plan.dutyShifts)
    db.insert(dutyShifts)
      .values({
        dayOn: s.on,
        memberId: id(memberIds, s.userRef),
        roleName: s.roleName,
        createdById: actorId,
        createdAt: now,
      })
      .run();

  for (const [key, value] of [
    ['amapName', plan.settings.amapName],
    ['amapCity', plan.settings.amapCity],
  ] as const)
    if (value) writeSetting(db, key, value, now);
  return contractIds;
}
