/**
 * The fair duty proposal (DESIGN.md §5, issue 9 "Targets and fairness"): fills the open places
 * of a period with the households below their target for the season. Each household's missing
 * shifts are placed one round at a time (everyone's first missing shift before anyone's second),
 * the hardest to place first; each shift goes preferably to a day the household collects on,
 * in its share of the period (the first of two shifts in the first half, the second in the
 * second), as far as possible from its other shifts, on the day that lacks the most people.
 * Never two shifts of a household in one ISO week, never beyond the places, never beyond the
 * target. Ties are broken by a hash of a fixed seed, so the same data always gives the same
 * proposal, whatever order it comes in. Pure: the caller reads the days and the households.
 * The idea of one share of the period per shift comes from AmapJ's automatic planning.
 */
import { daysBetween, isoWeek } from './duty.js';

/** A day of the period that may take people: its roles' open places and who is on duty already. */
export interface ProposalDay {
  on: string;
  /** Places left per role ('' for a day without roles), in the day's order. */
  roles: readonly { name: string; open: number }[];
  /** Members holding a place that day (a member takes one place a day). */
  onDuty: readonly number[];
}

/** A household expected on duty. */
export interface ProposalMember {
  memberId: number;
  /** Shifts expected this season. */
  target: number;
  /** The days of the season they already hold a shift on (done or coming). */
  shifts: readonly string[];
  /** The days of the period they collect something on. */
  collects: readonly string[];
}

/** Why a household got this day, for the coordinator's preview. */
export interface AssignmentReason {
  /** They collect something that day: they come anyway. */
  collects: boolean;
  /** This shift's number in their season (1 for their first) and the target. */
  shiftNumber: number;
  target: number;
  /** Days to their nearest other shift of the season; null when it is their only one. */
  gapDays: number | null;
}

export interface Assignment {
  on: string;
  memberId: number;
  roleName: string;
  reason: AssignmentReason;
}

export interface Unplaced {
  memberId: number;
  /** Shifts still missing to reach the target. */
  missing: number;
  /** 'full': no place left in the period; 'weeks': the places left are in weeks they already serve, or days they already hold. */
  reason: 'full' | 'weeks';
}

export interface Proposal {
  assignments: Assignment[];
  unplaced: Unplaced[];
}

/** Beyond this, a longer gap between two shifts of a household does not make a day better. */
const SPREAD_CAP_DAYS = 28;

/** A 32-bit mix of integers (murmur3's finaliser): the same numbers always give the same value. */
export function hash32(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const dayNumber = (on: string) => Number(on.replaceAll('-', ''));

/** Compares tuples of numbers, first difference decides. */
function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

interface DayState {
  on: string;
  week: string;
  index: number;
  roles: { name: string; open: number }[];
  onDuty: Set<number>;
}

/** The proposal for these days and households, with a fixed seed (the same data, the same proposal). */
export function proposeDuty(input: {
  days: readonly ProposalDay[];
  members: readonly ProposalMember[];
  seed?: number;
}): Proposal {
  const seed = input.seed ?? 2027;
  const days: DayState[] = [...input.days]
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
    .map((d, index) => ({
      on: d.on,
      week: isoWeek(d.on),
      index,
      roles: d.roles.map((r) => ({ name: r.name, open: Math.max(0, r.open) })),
      onDuty: new Set(d.onDuty),
    }));
  const members = [...input.members].sort((a, b) => a.memberId - b.memberId);
  const dayOn = new Set(days.map((d) => d.on));

  interface Household {
    m: ProposalMember;
    need: number;
    collects: Set<string>;
    /** Every day they hold, season and proposal. */
    held: string[];
    weeks: Set<string>;
  }
  const households: Household[] = [];
  for (const m of members) {
    const need = Math.max(0, m.target - m.shifts.length);
    if (need === 0) continue;
    households.push({
      m,
      need,
      collects: new Set(m.collects.filter((on) => dayOn.has(on))),
      held: [...m.shifts],
      weeks: new Set(m.shifts.map(isoWeek)),
    });
  }

  // Round k holds everyone's k-th missing shift; in a round, those with fewer days they collect
  // on go first (they have fewer good days), then the seeded order.
  const requests = households
    .flatMap((h) => Array.from({ length: h.need }, (_, k) => ({ h, k })))
    .sort((a, b) =>
      compareTuples(
        [a.k, a.h.collects.size, hash32(seed, a.h.m.memberId), a.h.m.memberId],
        [b.k, b.h.collects.size, hash32(seed, b.h.m.memberId), b.h.m.memberId],
      ),
    );

  const assignments: Assignment[] = [];
  const missing = new Map<number, number>();
  const open = (d: DayState) => d.roles.reduce((n, r) => n + r.open, 0);

  for (const { h, k } of requests) {
    const n = days.length;
    const segFrom = Math.floor((k * n) / h.need);
    const segTo = Math.floor(((k + 1) * n) / h.need);
    let best: { d: DayState; key: number[] } | null = null;
    for (const d of days) {
      if (open(d) === 0 || d.onDuty.has(h.m.memberId) || h.weeks.has(d.week)) continue;
      const gap = nearestGap(d.on, h.held);
      const key = [
        h.collects.has(d.on) ? 0 : 1,
        d.index >= segFrom && d.index < segTo ? 0 : 1,
        -Math.min(gap ?? SPREAD_CAP_DAYS, SPREAD_CAP_DAYS),
        -open(d),
        hash32(seed, h.m.memberId, dayNumber(d.on)),
        d.index,
      ];
      if (!best || compareTuples(key, best.key) < 0) best = { d, key };
    }
    if (!best) {
      missing.set(h.m.memberId, (missing.get(h.m.memberId) ?? 0) + 1);
      continue;
    }
    const d = best.d;
    const role = d.roles.reduce((a, r) => (r.open > a.open ? r : a));
    role.open--;
    d.onDuty.add(h.m.memberId);
    const gap = nearestGap(d.on, h.held);
    h.held.push(d.on);
    h.weeks.add(d.week);
    assignments.push({
      on: d.on,
      memberId: h.m.memberId,
      roleName: role.name,
      reason: {
        collects: h.collects.has(d.on),
        shiftNumber: h.m.shifts.length + k + 1 - (missing.get(h.m.memberId) ?? 0),
        target: h.m.target,
        gapDays: gap,
      },
    });
  }

  const anyOpen = days.some((d) => open(d) > 0);
  return {
    assignments: assignments.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.memberId - b.memberId)),
    unplaced: [...missing]
      .sort((a, b) => a[0] - b[0])
      .map(([memberId, count]) => ({ memberId, missing: count, reason: anyOpen ? 'weeks' : 'full' })),
  };
}

/** Days from `on` to the nearest of `others`, or null when there is none. */
function nearestGap(on: string, others: readonly string[]): number | null {
  let best: number | null = null;
  for (const o of others) {
    const g = Math.abs(daysBetween(o, on));
    if (best === null || g < best) best = g;
  }
  return best;
}
