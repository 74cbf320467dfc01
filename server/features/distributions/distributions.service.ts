/**
 * What a coordinator or an administrator sets about a distribution day (DESIGN.md §5): place,
 * hours, note, people on duty, duty roles, cancelled; and days added by hand. Only what differs
 * from the defaults is stored (distribution_days, duty_roles), so a later change of the defaults
 * reaches every day nobody changed.
 */
import { eq } from 'drizzle-orm';
import { distributionDays as storedDays, dutyRoles } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import type { RoleRow } from '../../domain/duty.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { distributionDay, type DistributionDayView } from '../../read/distribution-days.js';
import { recordAudit } from '../audit/audit.service.js';
import { dayDefaults } from '../settings/settings.service.js';
import { queueDayStatusMails } from '../duty/duty-mail.js';
import type { DayInput, NewDayInput } from './distributions.forms.js';

function assertCoordinator(actor: Actor): void {
  if (!may(actor, 'coordinate-duty', { type: 'amap' })) throw new ForbiddenError();
}

function requireDay(ctx: Ctx, on: string): DistributionDayView {
  const day = distributionDay(ctx.db, on, dayDefaults(ctx));
  if (!day) throw new ValidationError({ message: `Il n’y a pas de distribution le ${formatDayLong(on)}.` });
  return day;
}

/** A value equal to the default is stored as null (the default), so it follows the default. */
const unlessDefault = <T>(value: T, fallback: T): T | null => (value === fallback ? null : value);

/** Writes the day's row, creating it the first time someone sets something. */
function upsertDay(ctx: Ctx, on: string, set: Partial<typeof storedDays.$inferInsert>): void {
  const now = ctx.clock().toISOString();
  ctx.db
    .insert(storedDays)
    .values({ on, ...set, updatedAt: now })
    .onConflictDoUpdate({ target: storedDays.on, set: { ...set, updatedAt: now } })
    .run();
}

/**
 * Saves a day's place, hours, note and duty places. `roles`: null keeps the settings' default
 * roles; a list (maybe empty: no roles, `placesNeeded` people) is this day's own.
 */
export function updateDay(ctx: Ctx, actor: Actor, on: string, input: DayInput, roles: RoleRow[] | null): void {
  assertCoordinator(actor);
  ctx.db.transaction(() => {
    const before = requireDay(ctx, on);
    const d = ctx.config.distribution;
    const defaults = dayDefaults(ctx);
    upsertDay(ctx, on, {
      place: input.place === null ? null : unlessDefault(input.place, d.place),
      startTime: unlessDefault(input.startTime, d.startTime),
      endTime: unlessDefault(input.endTime, d.endTime),
      note: input.note,
      placesNeeded: unlessDefault(input.placesNeeded, defaults.placesNeeded),
      customRoles: roles !== null,
    });
    ctx.db.delete(dutyRoles).where(eq(dutyRoles.dayOn, on)).run();
    (roles ?? []).forEach((r, position) =>
      ctx.db.insert(dutyRoles).values({ dayOn: on, name: r.name, places: r.places, position }).run(),
    );
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'distribution-day.updated',
      targetType: 'distribution-day',
      details: {
        on,
        place: input.place,
        hours: `${input.startTime}-${input.endTime}`,
        note: input.note,
        placesNeeded: input.placesNeeded,
        roles: roles ?? 'défaut',
        before: { place: before.place, hours: `${before.startTime}-${before.endTime}`, roles: before.roles },
      },
    });
  });
}

/**
 * Cancels a day (its team stays recorded, should it take place after all) and tells the team and
 * the referents of the contracts delivering; a second time changes nothing.
 */
export function cancelDay(ctx: Ctx, actor: Actor, on: string, reason: string | null): boolean {
  assertCoordinator(actor);
  return ctx.db.transaction(() => {
    const day = requireDay(ctx, on);
    if (day.cancelled) return false;
    const at = ctx.clock().toISOString();
    upsertDay(ctx, on, { cancelledAt: at, cancelReason: reason });
    queueDayStatusMails(ctx, { on, cancelled: true, reason, at }, day);
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'distribution-day.cancelled',
      targetType: 'distribution-day',
      details: { on, reason },
    });
    return true;
  });
}

export function uncancelDay(ctx: Ctx, actor: Actor, on: string): boolean {
  assertCoordinator(actor);
  return ctx.db.transaction(() => {
    const day = requireDay(ctx, on);
    if (!day.cancelled) return false;
    upsertDay(ctx, on, { cancelledAt: null, cancelReason: null });
    queueDayStatusMails(ctx, { on, cancelled: false, reason: null, at: ctx.clock().toISOString() }, day);
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'distribution-day.restored',
      targetType: 'distribution-day',
      details: { on },
    });
    return true;
  });
}

/** Adds a day by hand (an assembly): from today on, not on a day that already is a distribution. */
export function addDay(ctx: Ctx, actor: Actor, input: NewDayInput): void {
  assertCoordinator(actor);
  if (input.on < ctx.today())
    throw new ValidationError({ field: 'on', message: 'Cette date est passée : choisissez un jour à venir.' });
  ctx.db.transaction(() => {
    if (distributionDay(ctx.db, input.on, dayDefaults(ctx)))
      throw new ValidationError({
        field: 'on',
        message: `Il y a déjà une distribution le ${formatDayLong(input.on)}.`,
      });
    const d = ctx.config.distribution;
    upsertDay(ctx, input.on, {
      addedByHand: true,
      title: input.title,
      place: input.place === null ? null : unlessDefault(input.place, d.place),
      startTime: unlessDefault(input.startTime, d.startTime),
      endTime: unlessDefault(input.endTime, d.endTime),
      note: input.note,
      cancelledAt: null,
      cancelReason: null,
    });
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'distribution-day.added',
      targetType: 'distribution-day',
      details: { ...input },
    });
  });
}
