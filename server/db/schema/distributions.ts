import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/**
 * What a person set about a distribution day (DESIGN.md §5 "Distributions and duty"). The days
 * themselves are derived from the deliveries; a row exists only when someone changed a default
 * (place, hours, note, places needed), added a day by hand (an assembly), or cancelled it.
 */
export const distributionDays = sqliteTable('distribution_days', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The day (YYYY-MM-DD); one row per day. */
  on: text('on').notNull().unique(),
  /** Added by hand: the day exists even when no contract delivers. */
  addedByHand: integer('added_by_hand', { mode: 'boolean' }).notNull().default(false),
  /** Short title of a hand-made day ("Assemblée générale"). */
  title: text('title'),
  /** Null: the defaults of amap.config.json → distribution. */
  place: text('place'),
  startTime: text('start_time'),
  endTime: text('end_time'),
  /** Shown to members ("entrée par le portail arrière"). */
  note: text('note'),
  /** People needed on duty when the day has no duty roles; null: the setting's default. */
  placesNeeded: integer('places_needed'),
  /** Whether this day's roles were set by hand (then duty_roles holds them); false: settings' default roles. */
  customRoles: integer('custom_roles', { mode: 'boolean' }).notNull().default(false),
  cancelledAt: text('cancelled_at'),
  cancelReason: text('cancel_reason'),
  updatedAt: text('updated_at').notNull(),
});

/** The duty roles of one day, when the coordinator changed them from the default (ouverture, accueil…). */
export const dutyRoles = sqliteTable(
  'duty_roles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dayOn: text('day_on').notNull(),
    name: text('name').notNull(),
    places: integer('places').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('duty_roles_unique').on(t.dayOn, t.name)],
);

/**
 * A member on duty on a day (a shift), optionally in a named role. `standInSought`: after the
 * withdrawal deadline the member said "je ne peux pas venir": they stay on the roster until a
 * stand-in takes the shift (then this row ends with `endedAt` and the stand-in gets a new row).
 */
export const dutyShifts = sqliteTable(
  'duty_shifts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dayOn: text('day_on').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    /** Null when the day has no roles. */
    roleName: text('role_name'),
    standInSoughtAt: text('stand_in_sought_at'),
    /** Ended: withdrawn before the deadline, removed by the coordinator, or replaced by a stand-in. */
    endedAt: text('ended_at'),
    endReason: text('end_reason', { enum: ['withdrawn', 'removed', 'replaced'] }),
    /** The shift this one took over as stand-in. */
    replacesId: integer('replaces_id'),
    createdById: integer('created_by_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('duty_shifts_day_idx').on(t.dayOn),
    index('duty_shifts_member_idx').on(t.memberId),
    // A member holds at most one current place on a day (a second tap does no harm).
    uniqueIndex('duty_shifts_current_unique')
      .on(t.dayOn, t.memberId)
      .where(sql`${t.endedAt} is null`),
  ],
);
