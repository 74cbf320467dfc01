/**
 * Who is expected on duty, and when they serve or collect (DESIGN.md §3 "read/"): what the duty
 * proposal, the duty report and the member's roster read. Each function is one query, whatever
 * the number of members or days.
 */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import {
  contracts,
  deliveries,
  dutyShifts,
  members,
  subscriptionQuantities,
  subscriptions,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { ph, prepared } from '../db/prepared.js';
import { byName } from '../lib/format.js';

/** A member household expected on duty in a season. */
export interface DutyHousehold {
  memberId: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  acceptsDutyCalls: boolean;
  /** Shifts expected this season: the member's own target, else the AMAP's setting. */
  target: number;
  /** Whether the target is the member's own (set by an administrator). */
  ownTarget: boolean;
}

/**
 * The active members who collect something from `from` to `to` (a subscription, active, to an
 * open or archived contract delivering then) or hold a shift then, by name.
 */
export function dutyHouseholds(db: Db, from: string, to: string, defaultTarget: number): DutyHousehold[] {
  const subscribed = sql`exists (select 1 from ${subscriptions}
    join ${contracts} on ${contracts.id} = ${subscriptions.contractId}
    join ${deliveries} on ${deliveries.contractId} = ${contracts.id}
    where ${subscriptions.memberId} = ${members.id} and ${subscriptions.status} = 'active'
      and ${contracts.status} in ('open', 'archived') and ${deliveries.cancelledAt} is null
      and ${deliveries.deliveryOn} between ${from} and ${to})`;
  const serving = sql`exists (select 1 from ${dutyShifts} where ${dutyShifts.memberId} = ${members.id}
    and ${dutyShifts.endedAt} is null and ${dutyShifts.dayOn} between ${from} and ${to})`;
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      acceptsDutyCalls: members.acceptsDutyCalls,
      dutyTarget: members.dutyTarget,
    })
    .from(members)
    .where(and(eq(members.active, true), or(subscribed, serving)))
    .all()
    .sort(byName)
    .map(({ dutyTarget, ...m }) => ({ ...m, target: dutyTarget ?? defaultTarget, ownTarget: dutyTarget !== null }));
}

/**
 * For one member, their contracts' deliveries between the dates (index contract, date), then
 * the line of each: the unary `+` keeps SQLite from reading every line of their subscriptions
 * for the season and then each line's delivery by id, which it prefers otherwise.
 */
const memberDelivery = and(
  sql`+${deliveries.id} = ${subscriptionQuantities.deliveryId}`,
  eq(deliveries.contractId, subscriptions.contractId),
)!;

const collectingColumns = { memberId: subscriptions.memberId, on: deliveries.deliveryOn };

/** The days each member collects something on, from `from` to `to` (one member, or all). */
export function collectingDays(
  db: Db,
  from: string,
  to: string,
  memberId?: number,
): { memberId: number; on: string }[] {
  const one = memberId !== undefined;
  // The home page runs it for its member at each view: prepared once per shape.
  return prepared(db, one ? 'collecting-days-of-member' : 'collecting-days', () => ({
    fields: collectingColumns,
    query: db
      .selectDistinct(collectingColumns)
      .from(subscriptionQuantities)
      .innerJoin(deliveries, one ? memberDelivery : eq(deliveries.id, subscriptionQuantities.deliveryId))
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(
        and(
          eq(subscriptions.status, 'active'),
          inArray(contracts.status, ['open', 'archived']),
          isNull(deliveries.cancelledAt),
          sql`${subscriptionQuantities.quantity} > 0`,
          gte(deliveries.deliveryOn, ph('from')),
          lte(deliveries.deliveryOn, ph('to')),
          one ? eq(subscriptions.memberId, ph('memberId')) : undefined,
        ),
      )
      .orderBy(asc(deliveries.deliveryOn)),
  })).all(one ? { from, to, memberId } : { from, to });
}

/** A current shift (not withdrawn, removed or replaced). */
export interface CurrentShift {
  shiftId: number;
  memberId: number;
  on: string;
  roleName: string;
  standInSought: boolean;
}

const shiftColumns = {
  shiftId: dutyShifts.id,
  memberId: dutyShifts.memberId,
  on: dutyShifts.dayOn,
  roleName: sql<string>`coalesce(${dutyShifts.roleName}, '')`,
  standInSoughtAt: dutyShifts.standInSoughtAt,
};

/** The current shifts from `from` to `to` (one member, or all), by day. */
export function currentShifts(db: Db, from: string, to: string, memberId?: number): CurrentShift[] {
  const one = memberId !== undefined;
  return prepared(db, one ? 'current-shifts-of-member' : 'current-shifts', () => ({
    fields: shiftColumns,
    query: db
      .select(shiftColumns)
      .from(dutyShifts)
      .where(
        and(
          isNull(dutyShifts.endedAt),
          gte(dutyShifts.dayOn, ph('from')),
          lte(dutyShifts.dayOn, ph('to')),
          one ? eq(dutyShifts.memberId, ph('memberId')) : undefined,
        ),
      )
      .orderBy(asc(dutyShifts.dayOn), asc(dutyShifts.id)),
  }))
    .all(one ? { from, to, memberId } : { from, to })
    .map(({ standInSoughtAt, ...s }) => ({ ...s, standInSought: standInSoughtAt !== null }));
}
