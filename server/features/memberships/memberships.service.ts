import { eq } from 'drizzle-orm';
import { members, membershipPeriods, memberships } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { deMonth, formatDayLong, formatEuros } from '../../lib/format.js';
import { recordAudit } from '../audit/audit.service.js';
import { getSettings } from '../settings/settings.service.js';
import { queueMembershipMail } from './membership-mail.js';
import { windowState } from '../../domain/subscription-window.js';
import type { JoinInput, PeriodInput, RecordInput } from './memberships.forms.js';
import {
  findMembership,
  findPeriod,
  hasCurrentMembership,
  membershipOf,
  openPeriods,
  type MembershipRow,
  type PeriodRow,
} from './memberships.queries.js';

function assertTreasurer(actor: Actor): void {
  if (!may(actor, 'manage-memberships', { type: 'amap' })) throw new ForbiddenError();
}

export function requirePeriod(ctx: Ctx, id: number): PeriodRow {
  const p = findPeriod(ctx.db, id);
  if (!p) throw new NotFoundError('Cette période d’adhésion n’existe pas.');
  return p;
}

function memberName(ctx: Ctx, memberId: number): { name: string; active: boolean } | null {
  const m = ctx.db
    .select({ firstName: members.firstName, lastName: members.lastName, active: members.active })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  return m ? { name: `${m.firstName} ${m.lastName}`, active: m.active } : null;
}

function assertMinimum(period: PeriodRow, amountCents: number): void {
  if (amountCents < period.minimumCents) {
    throw new ValidationError({
      field: 'amount',
      message: `Le montant minimum de l’adhésion est de ${formatEuros(period.minimumCents)}.`,
    });
  }
}

/** Changed fields as { field: [before, after] } for the audit log. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = [before[k], v];
  return out;
}

// --- periods (treasurer) ---

export function createPeriod(ctx: Ctx, actor: Actor, input: PeriodInput): number {
  assertTreasurer(actor);
  const now = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    // Two periods with one name are a double click or a mistake.
    const same = ctx.db
      .select({ id: membershipPeriods.id })
      .from(membershipPeriods)
      .where(eq(membershipPeriods.name, input.name))
      .get();
    if (same) throw new ValidationError({ field: 'name', message: 'Une période porte déjà ce nom.' });
    const { id } = ctx.db
      .insert(membershipPeriods)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning({ id: membershipPeriods.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'membership-period.created',
      targetType: 'membership-period',
      targetId: id,
      details: input,
    });
    return id;
  });
}

/** Saves a period's settings; returns whether anything changed. Existing memberships keep their amounts. */
export function updatePeriod(ctx: Ctx, actor: Actor, id: number, input: PeriodInput): boolean {
  assertTreasurer(actor);
  return ctx.db.transaction(() => {
    const before = requirePeriod(ctx, id);
    const changes = diff(before, input);
    if (!Object.keys(changes).length) return false;
    ctx.db
      .update(membershipPeriods)
      .set({ ...input, updatedAt: ctx.clock().toISOString() })
      .where(eq(membershipPeriods.id, id))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'membership-period.updated',
      targetType: 'membership-period',
      targetId: id,
      details: changes,
    });
    return true;
  });
}

// --- the member joins ---

export type JoinOutcome = { kind: 'created' | 'updated' | 'unchanged'; period: PeriodRow; membership: MembershipRow };

/**
 * The member joins the period they saw on /adhesion, during its sign-up window, for at least the
 * minimum. Joining again changes the same membership while it is only promised; once the treasurer
 * received it, it is read-only. Sending the same thing twice changes nothing.
 */
export function joinMembership(ctx: Ctx, actor: Actor, input: JoinInput, today: string): JoinOutcome {
  return ctx.db.transaction(() => {
    const period = findPeriod(ctx.db, input.periodId);
    if (!period) throw new ValidationError({ message: 'Cette période d’adhésion n’existe pas : rechargez la page.' });
    const window = windowState(period, today);
    if (window === 'upcoming')
      throw new ValidationError({
        message: `Les adhésions pour « ${period.name} » ouvriront le ${formatDayLong(period.opensOn)}.`,
      });
    if (window === 'closed')
      throw new ValidationError({
        message: `Les adhésions pour « ${period.name} » sont fermées depuis le ${formatDayLong(period.closesOn)} : adressez-vous à la trésorerie.`,
      });
    assertMinimum(period, input.amountCents);
    const now = ctx.clock().toISOString();
    const existing = membershipOf(ctx.db, period.id, actor.id);
    const details = {
      periodId: period.id,
      periodName: period.name,
      amountCents: input.amountCents,
      method: input.method,
    };
    if (existing) {
      if (existing.status === 'received') {
        throw new ValidationError({
          message:
            'Votre adhésion est déjà reçue par la trésorerie : elle ne peut plus être modifiée ici. Pour une correction, adressez-vous à la trésorerie.',
        });
      }
      if (existing.amountCents === input.amountCents && existing.method === input.method)
        return { kind: 'unchanged', period, membership: existing };
      ctx.db
        .update(memberships)
        .set({ amountCents: input.amountCents, method: input.method, updatedAt: now })
        .where(eq(memberships.id, existing.id))
        .run();
      const membership = { ...existing, amountCents: input.amountCents, method: input.method, updatedAt: now };
      recordAudit(ctx, {
        actorId: actor.id,
        action: 'membership.updated',
        targetType: 'member',
        targetId: actor.id,
        details: {
          ...details,
          membershipId: existing.id,
          before: { amountCents: existing.amountCents, method: existing.method },
        },
      });
      queueMembershipMail(ctx, period, membership, 'updated');
      return { kind: 'updated', period, membership };
    }
    const membership = ctx.db
      .insert(memberships)
      .values({
        periodId: period.id,
        memberId: actor.id,
        amountCents: input.amountCents,
        method: input.method,
        status: 'promised',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'membership.created',
      targetType: 'member',
      targetId: actor.id,
      details: { ...details, membershipId: membership.id },
    });
    queueMembershipMail(ctx, period, membership, 'created');
    return { kind: 'created', period, membership };
  });
}

// --- the treasurer at the table ---

export type ReceptionOutcome = {
  changed: boolean;
  name: string;
  periodId: number;
  amountCents: number;
  method: MembershipRow['method'];
};

function receive(ctx: Ctx, actor: Actor, period: PeriodRow, m: MembershipRow, name: string): MembershipRow {
  const now = ctx.clock().toISOString();
  ctx.db
    .update(memberships)
    .set({ status: 'received', receivedAt: now, receivedById: actor.id, updatedAt: now })
    .where(eq(memberships.id, m.id))
    .run();
  recordAudit(ctx, {
    actorId: actor.id,
    action: 'membership.received',
    targetType: 'member',
    targetId: m.memberId,
    details: {
      periodId: period.id,
      periodName: period.name,
      membershipId: m.id,
      name,
      amountCents: m.amountCents,
      method: m.method,
    },
  });
  const received = { ...m, status: 'received' as const, receivedAt: now, receivedById: actor.id, updatedAt: now };
  queueMembershipMail(ctx, period, received, 'received');
  return received;
}

function requireMembership(ctx: Ctx, membershipId: number): { m: MembershipRow; period: PeriodRow; name: string } {
  const m = findMembership(ctx.db, membershipId);
  if (!m) throw new NotFoundError('Cette adhésion n’existe pas.');
  return {
    m,
    period: requirePeriod(ctx, m.periodId),
    name: memberName(ctx, m.memberId)?.name ?? `membre n° ${m.memberId}`,
  };
}

/** One tap at the table: a promised membership is received. Already received: nothing changes. */
export function markReceived(ctx: Ctx, actor: Actor, membershipId: number): ReceptionOutcome {
  assertTreasurer(actor);
  return ctx.db.transaction(() => {
    const { m, period, name } = requireMembership(ctx, membershipId);
    const out = { name, periodId: period.id, amountCents: m.amountCents, method: m.method };
    if (m.status === 'received') return { changed: false, ...out };
    receive(ctx, actor, period, m, name);
    return { changed: true, ...out };
  });
}

/** Undoes a reception tapped by mistake: the membership is promised again. Already promised: nothing changes. */
export function undoReception(ctx: Ctx, actor: Actor, membershipId: number): ReceptionOutcome {
  assertTreasurer(actor);
  return ctx.db.transaction(() => {
    const { m, period, name } = requireMembership(ctx, membershipId);
    const out = { name, periodId: period.id, amountCents: m.amountCents, method: m.method };
    if (m.status === 'promised') return { changed: false, ...out };
    ctx.db
      .update(memberships)
      .set({ status: 'promised', receivedAt: null, receivedById: null, updatedAt: ctx.clock().toISOString() })
      .where(eq(memberships.id, m.id))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'membership.reception-undone',
      targetType: 'member',
      targetId: m.memberId,
      details: {
        periodId: period.id,
        periodName: period.name,
        membershipId: m.id,
        name,
        amountCents: m.amountCents,
        method: m.method,
        receivedAt: m.receivedAt,
      },
    });
    return { changed: true, ...out };
  });
}

/**
 * A member pays at the table: the treasurer records the membership, received at once, at any
 * time of the period. A promised membership takes the amount and method paid. Sending the same
 * payment twice changes nothing; a different one for a membership already received is refused.
 */
export function recordPaidMembership(ctx: Ctx, actor: Actor, periodId: number, input: RecordInput): ReceptionOutcome {
  assertTreasurer(actor);
  return ctx.db.transaction(() => {
    const period = requirePeriod(ctx, periodId);
    const who = memberName(ctx, input.memberId);
    if (!who || !who.active)
      throw new ValidationError({ field: 'memberId', message: 'Choisissez un membre actif dans la liste.' });
    assertMinimum(period, input.amountCents);
    const out = { name: who.name, periodId, amountCents: input.amountCents, method: input.method };
    const details = {
      periodId,
      periodName: period.name,
      name: who.name,
      amountCents: input.amountCents,
      method: input.method,
    };
    const existing = membershipOf(ctx.db, periodId, input.memberId);
    const now = ctx.clock().toISOString();
    if (existing?.status === 'received') {
      if (existing.amountCents === input.amountCents && existing.method === input.method)
        return { changed: false, ...out };
      throw new ValidationError({
        field: 'memberId',
        message: `L’adhésion ${deMonth(who.name)} est déjà reçue (${formatEuros(existing.amountCents)}) : annulez d’abord la réception pour la corriger.`,
      });
    }
    let m: MembershipRow;
    if (existing) {
      m = existing;
      if (existing.amountCents !== input.amountCents || existing.method !== input.method) {
        ctx.db
          .update(memberships)
          .set({ amountCents: input.amountCents, method: input.method, updatedAt: now })
          .where(eq(memberships.id, existing.id))
          .run();
        m = { ...existing, amountCents: input.amountCents, method: input.method };
        recordAudit(ctx, {
          actorId: actor.id,
          action: 'membership.updated',
          targetType: 'member',
          targetId: input.memberId,
          details: {
            ...details,
            membershipId: existing.id,
            before: { amountCents: existing.amountCents, method: existing.method },
          },
        });
      }
    } else {
      m = ctx.db
        .insert(memberships)
        .values({
          periodId,
          memberId: input.memberId,
          amountCents: input.amountCents,
          method: input.method,
          status: 'promised',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      recordAudit(ctx, {
        actorId: actor.id,
        action: 'membership.created',
        targetType: 'member',
        targetId: input.memberId,
        details: { ...details, membershipId: m.id, onBehalf: true },
      });
    }
    receive(ctx, actor, period, m, who.name);
    return { changed: true, ...out };
  });
}

// --- the "membership required" rule ---

export const MEMBERSHIP_FORM_PATH = '/adhesion';

/**
 * Why the member may not subscribe to contracts yet: the setting requires a current membership
 * and they have none. A French sentence for the contracts pages (link it to MEMBERSHIP_FORM_PATH),
 * or null when nothing stands in the way.
 */
export function membershipBlocker(ctx: Ctx, memberId: number, today: string): string | null {
  if (!getSettings(ctx.db).membershipRequired) return null;
  if (hasCurrentMembership(ctx.db, memberId, today)) return null;
  const open = openPeriods(ctx.db, today)[0];
  if (open)
    return `L’adhésion à l’association est obligatoire avant de souscrire un contrat. Adhérer pour la période « ${open.name} ».`;
  return 'L’adhésion à l’association est obligatoire avant de souscrire un contrat, et aucune période d’adhésion n’est ouverte en ce moment : adressez-vous à la trésorerie de l’AMAP.';
}
