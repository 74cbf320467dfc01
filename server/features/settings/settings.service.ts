import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { settings } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import type { DayDefaults } from '../../domain/distribution-days.js';
import { MAX_PLACES, MAX_ROLES, type RoleRow } from '../../domain/duty.js';
import { ForbiddenError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { writeSetting } from '../../db/settings-store.js';

/** The AMAP's settings edited in the app, typed, with their defaults. */
export interface Settings {
  /** A current membership is required before subscribing to contracts. */
  membershipRequired: boolean;
  /** People needed on duty on a day without duty roles. */
  dutyPlacesPerDay: number;
  /** The duty roles every day has unless changed on the day; empty: no roles. */
  dutyRoles: RoleRow[];
  /** Until how many hours before the start a member may withdraw from a shift. */
  dutyWithdrawalHours: number;
  /** Shifts expected from each household per season (a member's own target overrides it). */
  dutyShiftsPerSeason: number;
  /** The month (1–12) duty seasons begin with. */
  dutySeasonStartMonth: number;
  /** Days a member offered a freed place keeps it before it goes to the next one waiting. */
  waitingListOfferDays: number;
}

/** The duty settings, edited together. */
export type DutySettings = Pick<
  Settings,
  'dutyPlacesPerDay' | 'dutyRoles' | 'dutyWithdrawalHours' | 'dutyShiftsPerSeason' | 'dutySeasonStartMonth'
>;

const DEFAULTS: Settings = {
  membershipRequired: false,
  dutyPlacesPerDay: 3,
  dutyRoles: [],
  dutyWithdrawalHours: 48,
  dutyShiftsPerSeason: 2,
  dutySeasonStartMonth: 9,
  waitingListOfferDays: 3,
};

const intIn =
  (min: number, max: number) =>
  (v: unknown): v is number =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

const isRoles = (v: unknown): v is RoleRow[] =>
  Array.isArray(v) &&
  v.length <= MAX_ROLES &&
  v.every(
    (r) => r && typeof r === 'object' && typeof r.name === 'string' && r.name !== '' && intIn(1, MAX_PLACES)(r.places),
  );

const settingColumns = { key: settings.key, value: settings.value };

/** Reads every setting; a missing or unreadable value is its default. */
export function getSettings(db: Db): Settings {
  // Read on member pages (is a membership required?): prepared once.
  const stored = new Map(
    prepared(db, 'settings', () => ({ fields: settingColumns, query: db.select(settingColumns).from(settings) }))
      .all()
      .map((r) => [r.key, r.value]),
  );
  const read = <K extends keyof Settings>(key: K, valid: (v: unknown) => v is Settings[K]): Settings[K] => {
    const raw = stored.get(key);
    if (raw === undefined) return DEFAULTS[key];
    try {
      const v: unknown = JSON.parse(raw);
      return valid(v) ? v : DEFAULTS[key];
    } catch {
      return DEFAULTS[key];
    }
  };
  return {
    membershipRequired: read('membershipRequired', (v): v is boolean => typeof v === 'boolean'),
    dutyPlacesPerDay: read('dutyPlacesPerDay', intIn(0, MAX_PLACES)),
    dutyRoles: read('dutyRoles', isRoles),
    dutyWithdrawalHours: read('dutyWithdrawalHours', intIn(0, 24 * 14)),
    dutyShiftsPerSeason: read('dutyShiftsPerSeason', intIn(0, 52)),
    dutySeasonStartMonth: read('dutySeasonStartMonth', intIn(1, 12)),
    waitingListOfferDays: read('waitingListOfferDays', intIn(1, 30)),
  };
}

/**
 * What a distribution day is when nobody changed it: place and hours from amap.config.json →
 * distribution, people on duty and roles from the settings.
 */
export function dayDefaults(ctx: Pick<Ctx, 'db' | 'config'>, current: Settings = getSettings(ctx.db)): DayDefaults {
  const { place, startTime, endTime } = ctx.config.distribution;
  return { place, startTime, endTime, placesNeeded: current.dutyPlacesPerDay, roles: current.dutyRoles };
}

/** Saves the duty settings (administrators); returns whether anything changed. */
export function setDutySettings(ctx: Ctx, actor: Actor, input: DutySettings): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = getSettings(ctx.db);
    const now = ctx.clock().toISOString();
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of Object.keys(input) as (keyof DutySettings)[]) {
      const json = JSON.stringify(input[key]);
      if (JSON.stringify(before[key]) === json) continue;
      changes[key] = [before[key], input[key]];
      writeSetting(ctx.db, key, input[key], now);
    }
    if (!Object.keys(changes).length) return false;
    recordAudit(ctx, { actorId: actor.id, action: 'settings.updated', targetType: 'settings', details: changes });
    return true;
  });
}

/**
 * Turns the "membership required" rule on or off (administrators). Returns whether it changed;
 * setting the same value again writes nothing.
 */
export function setMembershipRequired(ctx: Ctx, actor: Actor, value: boolean): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = getSettings(ctx.db).membershipRequired;
    if (before === value) return false;
    writeSetting(ctx.db, 'membershipRequired', value, ctx.clock().toISOString());
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'settings',
      details: { membershipRequired: [before, value] },
    });
    return true;
  });
}

/** How many days an offered waiting-list place is held (administrators). Returns whether it changed. */
export function setWaitingListOfferDays(ctx: Ctx, actor: Actor, days: number): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = getSettings(ctx.db).waitingListOfferDays;
    if (before === days) return false;
    writeSetting(ctx.db, 'waitingListOfferDays', days, ctx.clock().toISOString());
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'settings',
      details: { waitingListOfferDays: [before, days] },
    });
    return true;
  });
}

/** When a setting was last changed (null while it has its default), for the settings page. */
export function settingUpdatedAt(db: Db, key: keyof Settings): string | null {
  return (
    db.select({ updatedAt: settings.updatedAt }).from(settings).where(eq(settings.key, key)).get()?.updatedAt ?? null
  );
}
