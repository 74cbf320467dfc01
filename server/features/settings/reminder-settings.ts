import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { settings } from '../../db/schema/index.js';
import type { AmapConfig } from '../../config.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { writeSetting } from '../../db/settings-store.js';

/** Who the "closing soon" reminder goes to. */
export type ClosingAudience = 'not-subscribed' | 'previous-subscribers';

/**
 * The reminders' on/off and delays, edited in the "Rappels" section of /admin/reglages. Stored as
 * one JSON value (key `reminders`); the config file's `reminders` section gives two defaults.
 */
export interface ReminderSettings {
  dutyEnabled: boolean;
  dutyDays: number;
  volunteerEnabled: boolean;
  volunteerDays: number;
  collectionEnabled: boolean;
  collectionDays: number;
  openingEnabled: boolean;
  closingEnabled: boolean;
  closingDays: number;
  closingAudience: ClosingAudience;
  producerSheetEnabled: boolean;
  /** Days before each delivery, unless the contract has its own delay below. */
  producerSheetDays: number;
  /** Contract id → its own delay. */
  producerSheetDaysByContract: Record<string, number>;
  chequesEnabled: boolean;
  chequesDays: number;
  planningEnabled: boolean;
  /** Day of the month the planning goes out: 1–19 the current month's, 20–28 the next month's. */
  planningDay: number;
}

export const REMINDER_LIMITS = {
  days: { min: 0, max: 60 },
  collectionDays: { min: 0, max: 7 },
  planningDay: { min: 1, max: 28 },
} as const;

/** From this day of the month on, the planning mailed is the next month's. */
export const NEXT_MONTH_FROM_DAY = 20;

export function reminderDefaults(config: AmapConfig): ReminderSettings {
  return {
    dutyEnabled: true,
    dutyDays: config.reminders.dutyShiftDays,
    volunteerEnabled: true,
    volunteerDays: 7,
    collectionEnabled: false,
    collectionDays: 1,
    openingEnabled: true,
    closingEnabled: true,
    closingDays: config.reminders.subscriptionClosingDays,
    closingAudience: 'not-subscribed',
    producerSheetEnabled: true,
    producerSheetDays: 2,
    producerSheetDaysByContract: {},
    chequesEnabled: true,
    chequesDays: 7,
    planningEnabled: false,
    planningDay: 25,
  };
}

const KEY = 'reminders';

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const intIn = (min: number, max: number) => (v: unknown) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const days = intIn(REMINDER_LIMITS.days.min, REMINDER_LIMITS.days.max);

const CHECKS: { [K in keyof ReminderSettings]: (v: unknown) => boolean } = {
  dutyEnabled: isBool,
  dutyDays: days,
  volunteerEnabled: isBool,
  volunteerDays: days,
  collectionEnabled: isBool,
  collectionDays: intIn(REMINDER_LIMITS.collectionDays.min, REMINDER_LIMITS.collectionDays.max),
  openingEnabled: isBool,
  closingEnabled: isBool,
  closingDays: days,
  closingAudience: (v) => v === 'not-subscribed' || v === 'previous-subscribers',
  producerSheetEnabled: isBool,
  producerSheetDays: days,
  producerSheetDaysByContract: (v) =>
    !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(days),
  chequesEnabled: isBool,
  chequesDays: days,
  planningEnabled: isBool,
  planningDay: intIn(REMINDER_LIMITS.planningDay.min, REMINDER_LIMITS.planningDay.max),
};

const valueColumn = { value: settings.value };

/** The stored settings over their defaults; a value that is missing or no longer valid is its default. */
export function reminderSettings(db: Db, config: AmapConfig): ReminderSettings {
  const out = reminderDefaults(config);
  // Every contract page reads it (its delivery-sheet line): prepared once.
  const raw = prepared(db, 'reminder-settings', () => ({
    fields: valueColumn,
    query: db.select(valueColumn).from(settings).where(eq(settings.key, KEY)),
  })).get()?.value;
  if (!raw) return out;
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return out;
  }
  for (const key of Object.keys(CHECKS) as (keyof ReminderSettings)[])
    if (CHECKS[key](stored[key])) (out as unknown as Record<string, unknown>)[key] = stored[key];
  return out;
}

/** The delay of a contract's delivery sheet: its own, else the AMAP's. */
export function producerSheetDaysOf(s: ReminderSettings, contractId: number): number {
  return s.producerSheetDaysByContract[String(contractId)] ?? s.producerSheetDays;
}

/** Saves the reminder settings (administrators), audited with what changed; returns whether anything did. */
export function saveReminderSettings(ctx: Ctx, actor: Actor, input: Partial<ReminderSettings>): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return writeSettings(ctx, actor, input);
}

function writeSettings(ctx: Ctx, actor: Actor, input: Partial<ReminderSettings>): boolean {
  return ctx.db.transaction(() => {
    const before = reminderSettings(ctx.db, ctx.config);
    const after = { ...before, ...input };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const key of Object.keys(after) as (keyof ReminderSettings)[])
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
    if (!Object.keys(changes).length) return false;
    writeSetting(ctx.db, KEY, after, ctx.clock().toISOString());
    recordAudit(ctx, { actorId: actor.id, action: 'settings.updated', targetType: 'settings', details: changes });
    return true;
  });
}

/** A contract's own delivery-sheet delay, or back to the AMAP's (null). Administrators and the contract's referents. */
export function setContractSheetDays(
  ctx: Ctx,
  actor: Actor,
  contract: { id: number; producerId: number },
  days: number | null,
): boolean {
  if (!may(actor, 'manage-contracts', { type: 'contract', producerId: contract.producerId }))
    throw new ForbiddenError();
  const byContract = { ...reminderSettings(ctx.db, ctx.config).producerSheetDaysByContract };
  if (days === null) delete byContract[String(contract.id)];
  else byContract[String(contract.id)] = days;
  return writeSettings(ctx, actor, { producerSheetDaysByContract: byContract });
}
