/**
 * The distribution days of a period with their duty team (DESIGN.md §3 "read/"): what the
 * distributions page, the duty roster, the monthly planning, the sign-in sheet and the reminders
 * all read. Four queries whatever the number of days or members: the deliveries, the stored days,
 * their custom roles, the current duty shifts.
 */
import { and, asc, eq, getTableColumns, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  contractProducts,
  contracts,
  deliveries,
  distributionDays as storedDays,
  dutyRoles,
  dutyShifts,
  members,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { ph, prepared } from '../db/prepared.js';
import {
  distributionDays,
  orphanDays,
  type DayDefaults,
  type DeliveringContract,
  type DistributionDay,
  type DutyRolePlaces,
} from '../domain/distribution-days.js';

/** A member holding a place on duty. */
export interface DutyShiftView {
  shiftId: number;
  memberId: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  /** The role's name; '' on a day without roles. */
  roleName: string;
  /** "Je ne peux pas venir" after the deadline: still on the roster until a stand-in comes. */
  standInSought: boolean;
}

export interface DutyRoleView extends DutyRolePlaces {
  shifts: DutyShiftView[];
  /** Places nobody holds yet (a shift whose holder seeks a stand-in still holds its place). */
  open: number;
}

export interface DistributionDayView extends Omit<DistributionDay, 'roles'> {
  roles: DutyRoleView[];
  /** Σ open places of the roles. */
  openPlaces: number;
  /** Shifts whose holder seeks a stand-in. */
  standInsSought: number;
}

export interface DistributionPeriod {
  days: DistributionDayView[];
  /** Dates with current duty sign-ups that are no distribution day any more (warn the coordinator). */
  orphans: { on: string; shifts: DutyShiftView[] }[];
}

const deliveringColumns = {
  on: deliveries.deliveryOn,
  contractId: contracts.id,
  contractName: contracts.name,
  producerId: producers.id,
  producerName: producers.name,
};
const storedColumns = getTableColumns(storedDays);
const roleColumns = { dayOn: dutyRoles.dayOn, name: dutyRoles.name, places: dutyRoles.places };
const shiftColumns = {
  shiftId: dutyShifts.id,
  dayOn: dutyShifts.dayOn,
  roleName: dutyShifts.roleName,
  standInSoughtAt: dutyShifts.standInSoughtAt,
  memberId: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  phone: members.phone,
  email: members.email,
};

/**
 * The products of a delivery somebody collects (an active subscription with a quantity), in the
 * contract's order, as a JSON array: the planning's column of each delivery, probed from the
 * quantities' index per product rather than read as one row per product.
 */
const collectedProducts = sql<string>`(select json_group_array(${products.name} order by ${contractProducts.position}, ${products.name})
  from ${contractProducts} join ${products} on ${products.id} = ${contractProducts.productId}
  where ${contractProducts.contractId} = ${deliveries.contractId} and exists (select 1 from ${subscriptionQuantities}
    join ${subscriptions} on ${subscriptions.id} = ${subscriptionQuantities.subscriptionId}
    where ${subscriptionQuantities.deliveryId} = ${deliveries.id}
      and ${subscriptionQuantities.contractProductId} = ${contractProducts.id}
      and ${subscriptionQuantities.quantity} > 0 and ${subscriptions.status} = 'active'))`;
const deliveringWithProductsColumns = { ...deliveringColumns, products: collectedProducts };

/** Deliveries not cancelled from `from` to `to`, of contracts open or archived. */
const deliveringWhere = () =>
  and(
    gte(deliveries.deliveryOn, ph('from')),
    lte(deliveries.deliveryOn, ph('to')),
    isNull(deliveries.cancelledAt),
    inArray(contracts.status, ['open', 'archived']),
  );

/** The four queries of a period, prepared once: the home page, the roster and the planning run them. */
const periodQueries = (db: Db) => ({
  delivering: prepared(db, 'period-deliveries', () => ({
    fields: deliveringColumns,
    query: db
      .select(deliveringColumns)
      .from(deliveries)
      .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(deliveringWhere()),
  })),
  deliveringWithProducts: prepared(db, 'period-deliveries-products', () => ({
    fields: deliveringWithProductsColumns,
    query: db
      .select(deliveringWithProductsColumns)
      .from(deliveries)
      .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(deliveringWhere()),
  })),
  stored: prepared(db, 'period-stored-days', () => ({
    fields: storedColumns,
    query: db
      .select(storedColumns)
      .from(storedDays)
      .where(and(gte(storedDays.on, ph('from')), lte(storedDays.on, ph('to')))),
  })),
  roles: prepared(db, 'period-roles', () => ({
    fields: roleColumns,
    query: db
      .select(roleColumns)
      .from(dutyRoles)
      .where(and(gte(dutyRoles.dayOn, ph('from')), lte(dutyRoles.dayOn, ph('to'))))
      .orderBy(asc(dutyRoles.dayOn), asc(dutyRoles.position), asc(dutyRoles.id)),
  })),
  shifts: prepared(db, 'period-shifts', () => ({
    fields: shiftColumns,
    query: db
      .select(shiftColumns)
      .from(dutyShifts)
      .innerJoin(members, eq(members.id, dutyShifts.memberId))
      .where(and(gte(dutyShifts.dayOn, ph('from')), lte(dutyShifts.dayOn, ph('to')), isNull(dutyShifts.endedAt)))
      .orderBy(asc(dutyShifts.dayOn), asc(dutyShifts.createdAt), asc(dutyShifts.id)),
  })),
});

/**
 * The days from `from` to `to` (inclusive), contracts delivering (open or archived contracts,
 * deliveries not cancelled) and people on duty by role.
 */
export function distributionPeriod(db: Db, from: string, to: string, defaults: DayDefaults): DistributionPeriod {
  const q = periodQueries(db);
  return periodOf(q, q.delivering.all({ from, to }), from, to, defaults);
}

/** A period as the planning shows it: `distributionPeriod`, and per day and contract the products collected. */
export interface PlannedPeriod extends DistributionPeriod {
  /** Keyed `${on}:${contractId}`: the products somebody collects, in the contract's order. */
  products: Map<string, string[]>;
}

/** `distributionPeriod` with the products each contract delivers (the monthly planning), in the same four queries. */
export function plannedPeriod(db: Db, from: string, to: string, defaults: DayDefaults): PlannedPeriod {
  const q = periodQueries(db);
  const rows = q.deliveringWithProducts.all({ from, to });
  const products = new Map<string, string[]>();
  for (const r of rows) products.set(`${r.on}:${r.contractId}`, JSON.parse(r.products) as string[]);
  return { ...periodOf(q, rows, from, to, defaults), products };
}

function periodOf(
  q: ReturnType<typeof periodQueries>,
  delivering: readonly DeliveringContract[],
  from: string,
  to: string,
  defaults: DayDefaults,
): DistributionPeriod {
  const range = { from, to };
  const stored = q.stored.all(range);
  const roleRows = q.roles.all(range);
  const shiftRows = q.shifts.all(range);

  const customRoles = new Map<string, DutyRolePlaces[]>();
  for (const r of roleRows) {
    const list = customRoles.get(r.dayOn) ?? [];
    list.push({ name: r.name, places: r.places });
    customRoles.set(r.dayOn, list);
  }
  const days = distributionDays({ deliveries: delivering, stored, customRoles, defaults });

  const shiftsByDay = new Map<string, DutyShiftView[]>();
  for (const s of shiftRows) {
    const list = shiftsByDay.get(s.dayOn) ?? [];
    list.push({
      shiftId: s.shiftId,
      memberId: s.memberId,
      firstName: s.firstName,
      lastName: s.lastName,
      phone: s.phone,
      email: s.email,
      roleName: s.roleName ?? '',
      standInSought: s.standInSoughtAt !== null,
    });
    shiftsByDay.set(s.dayOn, list);
  }

  return {
    days: days.map((d) => withTeam(d, shiftsByDay.get(d.on) ?? [])),
    orphans: orphanDays(days, shiftsByDay.keys()).map((on) => ({ on, shifts: shiftsByDay.get(on)! })),
  };
}

/** One day, or null when it is no distribution day. */
export function distributionDay(db: Db, on: string, defaults: DayDefaults): DistributionDayView | null {
  return distributionPeriod(db, on, on, defaults).days[0] ?? null;
}

/**
 * Puts each shift in its role. A shift whose role no longer exists on the day (the coordinator
 * renamed or removed it) is kept in view, in a role of its own with no places, so nobody vanishes.
 */
function withTeam(day: DistributionDay, shifts: DutyShiftView[]): DistributionDayView {
  // Built field by field: every page of days runs this for each day, and spreads cost more.
  const roles: DutyRoleView[] = day.roles.map((r) => ({ name: r.name, places: r.places, shifts: [], open: 0 }));
  const anonymous = roles.length === 1 && roles[0].name === '';
  let standInsSought = 0;
  for (const s of shifts) {
    let role = anonymous ? roles[0] : roles.find((r) => r.name === s.roleName);
    if (!role) {
      role = { name: s.roleName, places: 0, shifts: [], open: 0 };
      roles.push(role);
    }
    role.shifts.push(s);
    if (s.standInSought) standInsSought++;
  }
  let openPlaces = 0;
  for (const r of roles) {
    r.open = Math.max(0, r.places - r.shifts.length);
    openPlaces += r.open;
  }
  return {
    on: day.on,
    title: day.title,
    place: day.place,
    startTime: day.startTime,
    endTime: day.endTime,
    note: day.note,
    addedByHand: day.addedByHand,
    cancelled: day.cancelled,
    cancelReason: day.cancelReason,
    contracts: day.contracts,
    roles,
    placesNeeded: day.placesNeeded,
    openPlaces,
    standInsSought,
  };
}
