/**
 * The distributions pages, each from a few set-based reads: the coming (or past) days with their
 * contracts and team, one day's page, the forms of a day.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { hasRoles } from '../../domain/duty.js';
import { distributionPeriod } from '../../read/distribution-days.js';
import { collectingDays } from '../../read/duty-households.js';
import { displayName, formatDayLong, sortName } from '../../lib/format.js';
import { dayDefaults, getSettings } from '../settings/settings.service.js';
import { byMonth, dayCard, type CardContext, type DayCard } from '../duty/duty-cards.js';
import { coordinates } from '../duty/duty.service.js';
import { endOfMonthAfter } from '../duty/duty.queries.js';

export interface Orphan {
  on: string;
  dayLabel: string;
  team: { shiftId: number; name: string }[];
}

export interface DistributionsPage {
  past: boolean;
  months: { key: string; month: string; days: DayCard[] }[];
  until: string;
  coordinator: boolean;
  /** Sign-ups on dates that are no distribution day any more (coordinator only). */
  orphans: Orphan[];
}

function context(ctx: Ctx, actor: Actor, collectsOn?: Set<string>): CardContext {
  return {
    viewerId: actor.id,
    now: ctx.clock(),
    withdrawalHours: getSettings(ctx.db).dutyWithdrawalHours,
    timeZone: ctx.config.timezone,
    coordinator: coordinates(actor),
    collectsOn,
  };
}

/** /distributions: the coming six months; `past`: the last twelve, most recent first. */
export function distributionsPage(ctx: Ctx, actor: Actor, past: boolean): DistributionsPage {
  const today = ctx.today();
  const from = past ? addDays(today, -366) : today;
  const to = past ? addDays(today, -1) : endOfMonthAfter(today, 5);
  const period = distributionPeriod(ctx.db, from, to, dayDefaults(ctx));
  const collects = new Set(collectingDays(ctx.db, from, to, actor.id).map((c) => c.on));
  const c = context(ctx, actor, collects);
  const cards = period.days.map((d) => dayCard(d, c));
  return {
    past,
    months: byMonth(past ? cards.reverse() : cards),
    until: to,
    coordinator: c.coordinator,
    orphans: c.coordinator
      ? period.orphans.map((o) => ({
          on: o.on,
          dayLabel: formatDayLong(o.on),
          team: o.shifts.map((s) => ({ shiftId: s.shiftId, name: displayName(s) })),
        }))
      : [],
  };
}

export interface DayPage {
  card: DayCard;
  coordinator: boolean;
  /** Active members not on duty that day, for the coordinator's picker ("MARTIN Léa"). */
  candidates: { id: number; label: string }[];
}

/** A day's page, or null when the date is no distribution day. */
export function dayPage(ctx: Ctx, actor: Actor, on: string): DayPage | null {
  const day = distributionPeriod(ctx.db, on, on, dayDefaults(ctx)).days[0];
  if (!day) return null;
  const collects = new Set(collectingDays(ctx.db, on, on, actor.id).map((c) => c.on));
  const c = context(ctx, actor, collects);
  const card = dayCard(day, c);
  const onDuty = new Set(day.roles.flatMap((r) => r.shifts.map((s) => s.memberId)));
  const candidates = c.coordinator
    ? ctx.db
        .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
        .from(members)
        .where(eq(members.active, true))
        .orderBy(sql`lower(${members.lastName})`, sql`lower(${members.firstName})`, asc(members.id))
        .all()
        .filter((m) => !onDuty.has(m.id))
        .map((m) => ({ id: m.id, label: sortName(m) }))
    : [];
  return { card, coordinator: c.coordinator, candidates };
}

/** The values of a day's form: what is set, the defaults otherwise. */
export function dayFormValues(ctx: Ctx, on: string) {
  const settings = getSettings(ctx.db);
  const day = distributionPeriod(ctx.db, on, on, dayDefaults(ctx, settings)).days[0];
  if (!day) return null;
  const own = day.roles.filter((r) => r.name !== '' && r.places > 0);
  const values: Record<string, string> = {
    place: day.place,
    startTime: day.startTime,
    endTime: day.endTime,
    note: day.note ?? '',
    placesNeeded: String(hasRoles(day) ? settings.dutyPlacesPerDay : day.placesNeeded),
    rolesMode: 'defaut',
  };
  const differs =
    JSON.stringify(own.map((r) => ({ name: r.name, places: r.places }))) !== JSON.stringify(settings.dutyRoles);
  if (differs) values.rolesMode = 'jour';
  own.forEach((r, i) => {
    values[`roleName${i + 1}`] = r.name;
    values[`rolePlaces${i + 1}`] = String(r.places);
  });
  return { on, dayLabel: formatDayLong(on), dayTitle: day.title, cancelled: day.cancelled, values };
}
