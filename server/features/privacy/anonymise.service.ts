import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  auditLog,
  members,
  memberRoles,
  memberships,
  outbox,
  passwordTokens,
  producerAccounts,
  producerReferents,
} from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { formatEuros } from '../../lib/format.js';
import { recordAudit } from '../audit/audit.service.js';
import { subscriptionBalances } from '../treasury/treasury.queries.js';
import type { SqliteSessionStore } from '../../web/session-store.js';

/** "Ancien·ne adhérent·e n° 123": the name a member keeps once anonymised, in every list and document. */
export const ANONYMOUS_FIRST_NAME = 'Ancien·ne adhérent·e';
export const anonymousLastName = (id: number) => `n° ${id}`;

export interface AnonymisationCheck {
  member: { id: number; firstName: string; lastName: string; active: boolean };
  already: boolean;
  /** Why not now, one sentence each: money owed either way, the actor's own account. */
  blockers: string[];
}

/**
 * Whether a member may be anonymised now: never oneself, never twice, and never while money is
 * owed either way (a cheque still to bring, money to pay back, a membership fee promised): the
 * treasurer would no longer know whom to ask or pay.
 */
export function anonymisationCheck(db: Db, actor: Actor, memberId: number): AnonymisationCheck {
  const member = db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, active: members.active })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member) throw new NotFoundError('Ce membre n’existe pas.');
  const already =
    db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'member.anonymised'),
          eq(auditLog.targetType, 'member'),
          eq(auditLog.targetId, memberId),
        ),
      )
      .get() !== undefined;
  const blockers: string[] = [];
  if (memberId === actor.id) blockers.push('Vous ne pouvez pas anonymiser votre propre compte.');
  for (const s of subscriptionBalances(db, null, { memberId })) {
    if (s.balance.dueCents > 0)
      blockers.push(`${s.contractName} : ${formatEuros(s.balance.dueCents)} encore dû par ce membre.`);
    if (s.balance.owedBackCents > 0)
      blockers.push(`${s.contractName} : ${formatEuros(s.balance.owedBackCents)} à lui rembourser.`);
  }
  const promisedFees = db
    .select({ n: sql<number>`count(*)`, total: sql<number>`coalesce(sum(${memberships.amountCents}), 0)` })
    .from(memberships)
    .where(and(eq(memberships.memberId, memberId), eq(memberships.status, 'promised')))
    .get()!;
  if (promisedFees.n > 0) blockers.push(`Adhésion promise non reçue : ${formatEuros(promisedFees.total)}.`);
  return { member, already, blockers };
}

/**
 * Anonymises a former member (RGPD, right to erasure): the name becomes "Ancien·ne adhérent·e
 * n° 123", contact details, password, roles and links are erased, mails to them and the details
 * of the journal about them are emptied. Subscriptions, cheques, handovers, credits, memberships
 * and duty shifts stay as they are: every total still adds up. Audited without any personal data.
 */
export function anonymiseMember(ctx: Ctx, actor: Actor, memberId: number, sessions?: SqliteSessionStore): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
  ctx.db.transaction(() => {
    const check = anonymisationCheck(ctx.db, actor, memberId);
    if (check.already) throw new ValidationError({ message: 'Ce membre est déjà anonymisé.' });
    if (check.blockers.length > 0)
      throw new ValidationError({ message: `Anonymisation impossible pour l’instant : ${check.blockers.join(' ')}` });
    const { email } = ctx.db.select({ email: members.email }).from(members).where(eq(members.id, memberId)).get()!;
    ctx.db
      .update(members)
      .set({
        firstName: ANONYMOUS_FIRST_NAME,
        lastName: anonymousLastName(memberId),
        email: null,
        phone: null,
        phone2: null,
        address: null,
        postalCode: null,
        city: null,
        passwordHash: null,
        active: false,
        mailOptOut: true,
        acceptsDutyCalls: false,
        dutyTarget: null,
        pickupNote: null,
        lastLoginAt: null,
        updatedAt: ctx.clock().toISOString(),
      })
      .where(eq(members.id, memberId))
      .run();
    ctx.db.delete(memberRoles).where(eq(memberRoles.memberId, memberId)).run();
    ctx.db.delete(producerReferents).where(eq(producerReferents.memberId, memberId)).run();
    ctx.db.delete(producerAccounts).where(eq(producerAccounts.memberId, memberId)).run();
    ctx.db.delete(passwordTokens).where(eq(passwordTokens.memberId, memberId)).run();
    if (email)
      ctx.db
        .delete(outbox)
        .where(inArray(outbox.toAddress, [email]))
        .run();
    // The journal keeps who did what and when; what it said about the person goes.
    ctx.db
      .update(auditLog)
      .set({ details: '{}' })
      .where(and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, memberId)))
      .run();
    recordAudit(ctx, { actorId: actor.id, action: 'member.anonymised', targetType: 'member', targetId: memberId });
  });
  sessions?.destroyForMember(memberId);
}
