import { and, asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  auditLog,
  cheques,
  contractProducts,
  contracts,
  credits,
  deliveries,
  dutyShifts,
  memberRoles,
  members,
  membershipPeriods,
  memberships,
  outbox,
  paymentDates,
  producerAccounts,
  producerReferents,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import { auditLabel } from '../audit/audit-labels.js';

/**
 * Everything the AMAP stores about one member (RGPD, right of access), as plain data: the JSON
 * download is this object, the readable page shows it. A dozen queries whatever the member's
 * history. The password is said to exist, never given (even hashed).
 */
export function memberData(db: Db, memberId: number, generatedAt: string) {
  const m = db.select().from(members).where(eq(members.id, memberId)).get();
  if (!m) return null;
  const { passwordHash, ...contact } = m;
  const roles = db
    .select({ role: memberRoles.role })
    .from(memberRoles)
    .where(eq(memberRoles.memberId, memberId))
    .all()
    .map((r) => r.role);
  const referentOf = db
    .select({ name: producers.name })
    .from(producerReferents)
    .innerJoin(producers, eq(producers.id, producerReferents.producerId))
    .where(eq(producerReferents.memberId, memberId))
    .all()
    .map((r) => r.name);
  const producerAccountOf = db
    .select({ name: producers.name })
    .from(producerAccounts)
    .innerJoin(producers, eq(producers.id, producerAccounts.producerId))
    .where(eq(producerAccounts.memberId, memberId))
    .all()
    .map((r) => r.name);

  const subs = db
    .select({
      id: subscriptions.id,
      contract: contracts.name,
      producer: producers.name,
      status: subscriptions.status,
      totalCents: subscriptions.totalCents,
      createdAt: subscriptions.createdAt,
      updatedAt: subscriptions.updatedAt,
      cancelledAt: subscriptions.cancelledAt,
    })
    .from(subscriptions)
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .all();
  const quantities = db
    .select({
      subscriptionId: subscriptionQuantities.subscriptionId,
      deliveryOn: deliveries.deliveryOn,
      product: products.name,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(deliveries.deliveryOn), asc(contractProducts.position))
    .all();
  const memberCheques = db
    .select({
      subscriptionId: cheques.subscriptionId,
      dueOn: paymentDates.dueOn,
      amountCents: cheques.amountCents,
      status: cheques.status,
      bank: cheques.bank,
      number: cheques.number,
      receivedAt: cheques.receivedAt,
      handedOverAt: cheques.handedOverAt,
    })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(paymentDates.dueOn), asc(cheques.id))
    .all();
  const memberCredits = db
    .select({
      subscriptionId: credits.subscriptionId,
      amountCents: credits.amountCents,
      reason: credits.reason,
      createdAt: credits.createdAt,
    })
    .from(credits)
    .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(credits.id))
    .all();
  const of = <T extends { subscriptionId: number }>(rows: T[], id: number) =>
    rows.filter((r) => r.subscriptionId === id).map(({ subscriptionId: _s, ...rest }) => rest);

  const fees = db
    .select({
      period: membershipPeriods.name,
      amountCents: memberships.amountCents,
      method: memberships.method,
      status: memberships.status,
      receivedAt: memberships.receivedAt,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(membershipPeriods, eq(membershipPeriods.id, memberships.periodId))
    .where(eq(memberships.memberId, memberId))
    .orderBy(asc(membershipPeriods.startsOn))
    .all();
  const duty = db
    .select({
      dayOn: dutyShifts.dayOn,
      roleName: dutyShifts.roleName,
      standInSoughtAt: dutyShifts.standInSoughtAt,
      endedAt: dutyShifts.endedAt,
      endReason: dutyShifts.endReason,
      createdAt: dutyShifts.createdAt,
    })
    .from(dutyShifts)
    .where(eq(dutyShifts.memberId, memberId))
    .orderBy(asc(dutyShifts.dayOn), asc(dutyShifts.id))
    .all();
  const mails = m.email
    ? db
        .select({
          createdAt: outbox.createdAt,
          sentAt: outbox.sentAt,
          status: outbox.status,
          subject: outbox.subject,
          text: outbox.text,
        })
        .from(outbox)
        .where(eq(outbox.toAddress, m.email))
        .orderBy(asc(outbox.id))
        .all()
    : [];
  const journal = db
    .select({
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      byThisMember: auditLog.actorId,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(or(eq(auditLog.actorId, memberId), and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, memberId))))
    .orderBy(asc(auditLog.id))
    .all()
    .map((r) => ({
      ...r,
      label: auditLabel(r.action),
      byThisMember: r.byThisMember === memberId,
      details: JSON.parse(r.details) as unknown,
    }));

  return {
    generatedAt,
    member: { ...contact, hasPassword: passwordHash !== null, roles, referentOf, producerAccountOf },
    subscriptions: subs.map((s) => ({
      ...s,
      quantities: of(quantities, s.id),
      cheques: of(memberCheques, s.id),
      credits: of(memberCredits, s.id),
    })),
    memberships: fees,
    dutyShifts: duty,
    mails,
    journal,
  };
}

export type MemberData = NonNullable<ReturnType<typeof memberData>>;
