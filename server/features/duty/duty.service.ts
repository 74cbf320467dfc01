/**
 * The duty roster's use cases (DESIGN.md §5 "Distributions and duty"), each in one transaction:
 * take a place (a member for themself, the coordinator for anyone), withdraw before the deadline,
 * "je ne peux pas venir" after it, take over as stand-in, remove someone (coordinator). A second
 * tap of the same button changes nothing and says so; a refused one writes nothing and says why.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { distributionDays as storedDays, dutyShifts, members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { hasRoles, placeProblem, roleOf, shiftPhase } from '../../domain/duty.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { displayName } from '../../lib/format.js';
import { distributionDay, type DistributionDayView } from '../../read/distribution-days.js';
import { recordAudit } from '../audit/audit.service.js';
import { dayDefaults, getSettings, type Settings } from '../settings/settings.service.js';
import {
  mailDay,
  queueAssignedMails,
  queueReplacedMails,
  queueSignedUpMail,
  queueStandInSoughtMails,
} from './duty-mail.js';

/** What a tap did: done now, or it was done already (a second tap). */
export type Outcome<K extends string> = { kind: K | 'already'; on: string; roleName: string };

export function coordinates(actor: Actor): boolean {
  return may(actor, 'coordinate-duty', { type: 'amap' });
}

/** The day and the settings it is read with; a date that is no distribution day is refused. */
export function rosterDay(ctx: Ctx, on: string): { day: DistributionDayView; settings: Settings } {
  const settings = getSettings(ctx.db);
  const day = distributionDay(ctx.db, on, dayDefaults(ctx, settings));
  if (!day) throw new ValidationError({ message: 'Il n’y a pas de distribution ce jour-là.' });
  return { day, settings };
}

function phaseOf(ctx: Ctx, day: { on: string; startTime: string }, settings: Settings) {
  return shiftPhase(ctx.clock(), day, settings.dutyWithdrawalHours, ctx.config.timezone);
}

function memberName(ctx: Ctx, memberId: number): { name: string; active: boolean } | null {
  const m = ctx.db
    .select({ firstName: members.firstName, lastName: members.lastName, active: members.active })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  return m ? { name: displayName(m), active: m.active } : null;
}

/**
 * `memberId` takes a place in `roleName` ('' on a day without roles) on day `on`. A member may
 * sign up only themself; the coordinator may put anyone (and the member is mailed).
 */
export function takePlace(
  ctx: Ctx,
  actor: Actor,
  input: { on: string; memberId: number; roleName: string },
): Outcome<'taken'> {
  const byCoordinator = input.memberId !== actor.id;
  if (byCoordinator && !coordinates(actor))
    throw new ForbiddenError(
      'Vous ne pouvez inscrire que vous-même : demandez au ou à la responsable des permanences.',
    );
  return ctx.db.transaction(() => {
    const member = memberName(ctx, input.memberId);
    if (!member?.active) throw new ValidationError({ field: 'memberId', message: 'Ce membre n’est pas actif.' });
    const { day, settings } = rosterDay(ctx, input.on);
    const roleName = hasRoles(day) ? input.roleName.trim() : '';
    const problem = placeProblem(day, input.memberId, roleName, phaseOf(ctx, day, settings));
    if (problem) throw new ValidationError({ field: 'roleName', message: byCoordinator ? forOther(problem) : problem });
    if (roleOf(day, input.memberId) !== null) return { kind: 'already', on: day.on, roleName };
    const { id } = ctx.db
      .insert(dutyShifts)
      .values({
        dayOn: day.on,
        memberId: input.memberId,
        roleName: roleName || null,
        createdById: actor.id,
        createdAt: ctx.clock().toISOString(),
      })
      .returning({ id: dutyShifts.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: byCoordinator ? 'duty.assigned' : 'duty.signed-up',
      targetType: 'member',
      targetId: input.memberId,
      details: { on: day.on, roleName, shiftId: id },
    });
    const mail = mailDay(ctx, day, roleName, settings.dutyWithdrawalHours);
    if (byCoordinator)
      queueAssignedMails(ctx, displayName(actor), settings.dutyWithdrawalHours, [
        { memberId: input.memberId, shiftId: id, day: mail },
      ]);
    else queueSignedUpMail(ctx, input.memberId, id, mail, day);
    return { kind: 'taken', on: day.on, roleName };
  });
}

/** The member's own words, said of the member the coordinator picked. */
function forOther(problem: string): string {
  return problem.replace('vous êtes déjà', 'ce membre est déjà');
}

interface ShiftRow {
  id: number;
  dayOn: string;
  memberId: number;
  roleName: string | null;
  standInSoughtAt: string | null;
  endedAt: string | null;
  endReason: 'withdrawn' | 'removed' | 'replaced' | null;
}

function loadShift(ctx: Ctx, shiftId: number): ShiftRow {
  const s = ctx.db
    .select({
      id: dutyShifts.id,
      dayOn: dutyShifts.dayOn,
      memberId: dutyShifts.memberId,
      roleName: dutyShifts.roleName,
      standInSoughtAt: dutyShifts.standInSoughtAt,
      endedAt: dutyShifts.endedAt,
      endReason: dutyShifts.endReason,
    })
    .from(dutyShifts)
    .where(eq(dutyShifts.id, shiftId))
    .get();
  if (!s) throw new NotFoundError('Cette permanence n’existe pas.');
  return s;
}

/**
 * The day of a shift as the rules need it. A shift on a date that is no distribution day any more
 * (its deliveries went) keeps the stored or default hours, so it can still be left.
 */
function shiftDay(ctx: Ctx, s: ShiftRow): { day: DistributionDayView | null; startTime: string; settings: Settings } {
  const settings = getSettings(ctx.db);
  const day = distributionDay(ctx.db, s.dayOn, dayDefaults(ctx, settings));
  const stored = day
    ? null
    : ctx.db.select({ startTime: storedDays.startTime }).from(storedDays).where(eq(storedDays.on, s.dayOn)).get();
  return { day, startTime: day?.startTime ?? stored?.startTime ?? ctx.config.distribution.startTime, settings };
}

function endShift(ctx: Ctx, shiftId: number, reason: 'withdrawn' | 'removed' | 'replaced'): void {
  ctx.db
    .update(dutyShifts)
    .set({ endedAt: ctx.clock().toISOString(), endReason: reason })
    .where(and(eq(dutyShifts.id, shiftId), isNull(dutyShifts.endedAt)))
    .run();
}

/**
 * The member leaves their shift before the deadline ("Je me retire"); the coordinator removes
 * anyone at any time. After the deadline a member is told to say "Je ne peux pas venir".
 */
export function leaveShift(ctx: Ctx, actor: Actor, shiftId: number): Outcome<'withdrawn' | 'removed'> {
  return ctx.db.transaction(() => {
    const s = loadShift(ctx, shiftId);
    const own = s.memberId === actor.id;
    if (!own && !coordinates(actor)) throw new ForbiddenError('Vous ne pouvez retirer que vous-même d’une permanence.');
    const outcome = { on: s.dayOn, roleName: s.roleName ?? '' };
    if (s.endedAt) return { kind: 'already', ...outcome };
    const { startTime, settings } = shiftDay(ctx, s);
    if (own && !coordinates(actor)) {
      const phase = phaseOf(ctx, { on: s.dayOn, startTime }, settings);
      if (phase === 'started') throw new ValidationError({ message: 'Cette distribution est passée.' });
      if (phase === 'late')
        throw new ValidationError({
          message: `Le délai pour vous retirer est passé (${settings.dutyWithdrawalHours} h avant le début) : dites « Je ne peux pas venir », nous chercherons quelqu’un pour vous remplacer.`,
        });
    }
    const kind = own ? 'withdrawn' : 'removed';
    endShift(ctx, s.id, kind);
    recordAudit(ctx, {
      actorId: actor.id,
      action: own ? 'duty.withdrawn' : 'duty.removed',
      targetType: 'member',
      targetId: s.memberId,
      details: { on: s.dayOn, roleName: outcome.roleName, shiftId: s.id },
    });
    return { kind, ...outcome };
  });
}

/**
 * "Je ne peux pas venir", after the withdrawal deadline: the member stays on the roster marked
 * "remplaçant·e recherché·e", and the coordinators and the members who accept calls are mailed.
 */
export function cannotCome(ctx: Ctx, actor: Actor, shiftId: number): Outcome<'stand-in-sought'> {
  return ctx.db.transaction(() => {
    const s = loadShift(ctx, shiftId);
    if (s.memberId !== actor.id && !coordinates(actor))
      throw new ForbiddenError('Cette permanence n’est pas la vôtre.');
    if (s.endedAt) throw new ValidationError({ message: 'Cette permanence n’est plus la vôtre.' });
    const outcome = { on: s.dayOn, roleName: s.roleName ?? '' };
    if (s.standInSoughtAt) return { kind: 'already', ...outcome };
    const { day, startTime, settings } = shiftDay(ctx, s);
    const phase = phaseOf(ctx, { on: s.dayOn, startTime }, settings);
    if (phase === 'started') throw new ValidationError({ message: 'Cette distribution est passée.' });
    if (phase === 'open')
      throw new ValidationError({
        message: 'Le délai n’est pas passé : vous pouvez encore vous retirer librement avec « Je me retire ».',
      });
    if (!day || day.cancelled)
      throw new ValidationError({
        message: 'Cette distribution n’a plus lieu : demandez au ou à la responsable des permanences de vous retirer.',
      });
    ctx.db.update(dutyShifts).set({ standInSoughtAt: ctx.clock().toISOString() }).where(eq(dutyShifts.id, s.id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'duty.stand-in-sought',
      targetType: 'member',
      targetId: s.memberId,
      details: { on: s.dayOn, roleName: outcome.roleName, shiftId: s.id },
    });
    const onDuty = day.roles.flatMap((r) => r.shifts.map((x) => x.memberId));
    queueStandInSoughtMails(
      ctx,
      { shiftId: s.id, memberId: s.memberId, holderName: memberName(ctx, s.memberId)!.name },
      mailDay(ctx, day, outcome.roleName, settings.dutyWithdrawalHours),
      onDuty,
    );
    return { kind: 'stand-in-sought', ...outcome };
  });
}

/** "Je remplace": the actor takes over a shift whose holder seeks a stand-in; both are mailed. */
export function standIn(ctx: Ctx, actor: Actor, shiftId: number): Outcome<'replaced'> {
  return ctx.db.transaction(() => {
    const s = loadShift(ctx, shiftId);
    const outcome = { on: s.dayOn, roleName: s.roleName ?? '' };
    if (s.endedAt) {
      const mine = ctx.db
        .select({ id: dutyShifts.id })
        .from(dutyShifts)
        .where(and(eq(dutyShifts.replacesId, s.id), eq(dutyShifts.memberId, actor.id)))
        .get();
      if (mine) return { kind: 'already', ...outcome };
      throw new ValidationError({ message: 'Quelqu’un a déjà pris cette place. Merci quand même !' });
    }
    if (!s.standInSoughtAt) throw new ValidationError({ message: 'Cette permanence ne cherche pas de remplaçant·e.' });
    if (s.memberId === actor.id) throw new ValidationError({ message: 'C’est votre propre permanence.' });
    const { day, settings } = shiftDay(ctx, s);
    if (!day || day.cancelled) throw new ValidationError({ message: 'Cette distribution n’a plus lieu.' });
    if (phaseOf(ctx, day, settings) === 'started')
      throw new ValidationError({ message: 'Cette distribution est passée.' });
    const held = roleOf(day, actor.id);
    if (held !== null) throw new ValidationError({ message: 'Vous êtes déjà de permanence ce jour-là.' });
    endShift(ctx, s.id, 'replaced');
    const { id } = ctx.db
      .insert(dutyShifts)
      .values({
        dayOn: s.dayOn,
        memberId: actor.id,
        roleName: s.roleName,
        replacesId: s.id,
        createdById: actor.id,
        createdAt: ctx.clock().toISOString(),
      })
      .returning({ id: dutyShifts.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'duty.replaced',
      targetType: 'member',
      targetId: s.memberId,
      details: { on: s.dayOn, roleName: outcome.roleName, shiftId: s.id, standInShiftId: id },
    });
    queueReplacedMails(
      ctx,
      { memberId: s.memberId, name: memberName(ctx, s.memberId)!.name },
      { memberId: actor.id, name: displayName(actor), shiftId: id },
      mailDay(ctx, day, outcome.roleName, settings.dutyWithdrawalHours),
    );
    return { kind: 'replaced', ...outcome };
  });
}
