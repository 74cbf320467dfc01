/**
 * The data of the monthly planning (DESIGN.md §5 "Distributions and duty"): for each distribution
 * day of a month, where and when, which contracts deliver and which of their products, who is on
 * duty by role and how many places are still open. The page /planning/AAAA-MM and the PDF read
 * this same function. Four queries whatever the number of days and members: those of the
 * distribution days' read model, the deliveries with the products collected.
 */
import type { Db } from '../db/client.js';
import type { DayDefaults } from '../domain/distribution-days.js';
import { plannedPeriod, type DistributionDayView } from '../read/distribution-days.js';
import { displayName } from '../lib/format.js';

export interface PlanningPerson {
  memberId: number;
  name: string;
  standInSought: boolean;
}

export interface PlanningRole {
  /** '' on a day without roles. */
  name: string;
  places: number;
  people: PlanningPerson[];
  open: number;
}

export interface PlanningDelivery {
  producerName: string;
  contractName: string;
  /** The products somebody collects that day, in the contract's order ("Panier de légumes", "Œufs"). */
  products: string[];
}

export interface PlanningDay {
  on: string;
  title: string | null;
  place: string;
  startTime: string;
  endTime: string;
  note: string | null;
  cancelled: boolean;
  cancelReason: string | null;
  deliveries: PlanningDelivery[];
  roles: PlanningRole[];
  placesNeeded: number;
  openPlaces: number;
  standInsSought: number;
}

export interface PlanningData {
  amapName: string;
  /** YYYY-MM */
  month: string;
  previousMonth: string;
  nextMonth: string;
  days: PlanningDay[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2027-05" as typed in a URL, or null ("2027-13", "abc", "2027-5"). */
export function parseMonth(raw: unknown): string | null {
  return typeof raw === 'string' && MONTH.test(raw) ? raw : null;
}

/** The first and last day of a month (YYYY-MM-DD). */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month `n` months after (or before, n < 0) this one. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function planningDay(d: DistributionDayView, delivered: Map<string, string[]>): PlanningDay {
  return {
    on: d.on,
    title: d.title,
    place: d.place,
    startTime: d.startTime,
    endTime: d.endTime,
    note: d.note,
    cancelled: d.cancelled,
    cancelReason: d.cancelReason,
    deliveries: d.contracts.map((c) => ({
      producerName: c.producerName,
      contractName: c.contractName,
      products: delivered.get(`${d.on}:${c.contractId}`) ?? [],
    })),
    roles: d.roles.map((r) => ({
      name: r.name,
      places: r.places,
      open: r.open,
      people: r.shifts.map((s) => ({ memberId: s.memberId, name: displayName(s), standInSought: s.standInSought })),
    })),
    placesNeeded: d.placesNeeded,
    openPlaces: d.openPlaces,
    standInsSought: d.standInsSought,
  };
}

/** The days from `from` to `to` (inclusive) as the planning shows them. Four queries. */
export function planningDays(db: Db, from: string, to: string, defaults: DayDefaults): PlanningDay[] {
  const { days, products } = plannedPeriod(db, from, to, defaults);
  return days.map((d) => planningDay(d, products));
}

/** The planning of a month ("2027-05"). */
export function planningData(db: Db, month: string, defaults: DayDefaults, amapName: string): PlanningData {
  const { from, to } = monthBounds(month);
  return {
    amapName,
    month,
    previousMonth: addMonths(month, -1),
    nextMonth: addMonths(month, 1),
    days: planningDays(db, from, to, defaults),
  };
}
