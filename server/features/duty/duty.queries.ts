/**
 * The member's duty pages, each from a few set-based reads (DESIGN.md §3): /permanences (my next
 * shift, then the coming days by month), /mes-permanences (coming, past), and the home page's
 * block (my next shift this month, or the next day that needs people).
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { distributionPeriod, type DistributionDayView } from '../../read/distribution-days.js';
import { collectingDays, currentShifts } from '../../read/duty-households.js';
import { formatDayLong } from '../../lib/format.js';
import { openRoles, placeProblem, shiftPhase } from '../../domain/duty.js';
import { dayDefaults, getSettings, type Settings } from '../settings/settings.service.js';
import { byMonth, dayCard, type CardContext, type DayCard } from './duty-cards.js';
import { coordinates } from './duty.service.js';

/** How far the member's roster looks ahead. */
export const ROSTER_DAYS = 92;
const FAR = '9999-12-31';

function cardContext(ctx: Ctx, actor: Actor, settings: Settings, collectsOn?: Set<string>): CardContext {
  return {
    viewerId: actor.id,
    now: ctx.clock(),
    withdrawalHours: settings.dutyWithdrawalHours,
    timeZone: ctx.config.timezone,
    coordinator: coordinates(actor),
    collectsOn,
  };
}

/** The last day of the month `months` after the month of `day`. */
export function endOfMonthAfter(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months + 1, 0)).toISOString().slice(0, 10);
}

export interface RosterPage {
  next: DayCard | null;
  months: { key: string; month: string; days: DayCard[] }[];
  /** Coming days with open places in the page. */
  openDays: number;
  until: string;
  coordinator: boolean;
}

/** /permanences: my next shift, then every coming day (to the end of the third month) by month. */
export function rosterPage(ctx: Ctx, actor: Actor): RosterPage {
  const today = ctx.today();
  const until = endOfMonthAfter(today, 2);
  const settings = getSettings(ctx.db);
  const defaults = dayDefaults(ctx, settings);
  const period = distributionPeriod(ctx.db, today, until, defaults);
  const collects = new Set(collectingDays(ctx.db, today, until, actor.id).map((c) => c.on));
  const c = cardContext(ctx, actor, settings, collects);
  const cards = period.days.map((d) => dayCard(d, c)).filter((d) => d.phase !== 'started' || d.mine);
  // My next shift: the first one not begun yet, maybe beyond the page (one more read then).
  const byOn = new Map(cards.map((d) => [d.on, d]));
  let next: DayCard | null = null;
  for (const s of currentShifts(ctx.db, today, FAR, actor.id)) {
    if (s.on > until) {
      const far = distributionPeriod(ctx.db, s.on, s.on, defaults).days[0];
      next = far ? dayCard(far, c) : null;
    } else next = byOn.get(s.on) ?? null;
    if (next && next.phase !== 'started') break;
    next = null;
    if (s.on > until) break;
  }
  return {
    next,
    months: byMonth(cards),
    openDays: cards.filter((d) => !d.cancelled && d.openPlaces > 0).length,
    until,
    coordinator: c.coordinator,
  };
}

export interface PastShift {
  on: string;
  dayLabel: string;
  roleName: string;
  standInSought: boolean;
}

export interface MyShiftsPage {
  coming: DayCard[];
  /** Shifts on dates that are no distribution day any more (the coordinator is warned too). */
  orphans: { on: string; dayLabel: string; shiftId: number }[];
  past: PastShift[];
}

/** /mes-permanences: my coming shifts with what I may do, then the past ones (a year back). */
export function myShiftsPage(ctx: Ctx, actor: Actor): MyShiftsPage {
  const today = ctx.today();
  const settings = getSettings(ctx.db);
  const mine = currentShifts(ctx.db, addDays(today, -366), FAR, actor.id);
  const coming = mine.filter((s) => s.on >= today);
  // Read even without coming shifts: the page runs the same statements whoever looks at it.
  const days: DistributionDayView[] = distributionPeriod(
    ctx.db,
    today,
    coming.at(-1)?.on ?? today,
    dayDefaults(ctx, settings),
  ).days;
  const byDay = new Map(days.map((d) => [d.on, d]));
  const c = cardContext(ctx, actor, settings);
  return {
    coming: coming.filter((s) => byDay.has(s.on)).map((s) => dayCard(byDay.get(s.on)!, c)),
    orphans: coming
      .filter((s) => !byDay.has(s.on))
      .map((s) => ({ on: s.on, dayLabel: formatDayLong(s.on), shiftId: s.shiftId })),
    past: mine
      .filter((s) => s.on < today)
      .reverse()
      .map((s) => ({ on: s.on, dayLabel: formatDayLong(s.on), roleName: s.roleName, standInSought: s.standInSought })),
  };
}

/** A shift of mine beyond this month, said in one line on the home page. */
export interface LaterShift {
  on: string;
  dayLabel: string;
}

export type HomeDuty =
  | { kind: 'shift'; card: DayCard }
  | { kind: 'needed'; card: DayCard; laterShift: LaterShift | null }
  | { kind: 'none'; laterShift: LaterShift | null };

/**
 * Days the home block reads first: its answer (my shift, or a day that needs people) is nearly
 * always in the coming week, so the rest of the two months is read only when it is not.
 */
const HOME_FIRST_DAYS = 7;

/**
 * The home page's duty block: my next shift when it is this month; otherwise the next day (in
 * the coming two months) that needs people and that I may still join in one tap.
 */
export function homeDuty(ctx: Ctx, actor: Actor, today: string = ctx.today()): HomeDuty {
  const settings = getSettings(ctx.db);
  const defaults = dayDefaults(ctx, settings);
  const until = endOfMonthAfter(today, 1);
  const c = cardContext(ctx, actor, settings);
  const now = c.now;
  const mine = currentShifts(ctx.db, today, FAR, actor.id);
  const coming = (d: DistributionDayView) => shiftPhase(now, d, c.withdrawalHours, c.timeZone) !== 'started';
  const serves = (d: DistributionDayView) => d.roles.some((r) => r.shifts.some((s) => s.memberId === actor.id));
  const openToMe = (d: DistributionDayView) => {
    const phase = shiftPhase(now, d, c.withdrawalHours, c.timeZone);
    return openRoles(d).some((name) => placeProblem(d, actor.id, name, phase) === null);
  };
  const thisMonth = (d: DistributionDayView) => d.on.slice(0, 7) === today.slice(0, 7);
  // Only the one card shown is built: the other days are looked at through the rules alone.
  const look = (days: DistributionDayView[]) => {
    const open = days.filter(coming);
    return { mineSoon: open.find(serves), needed: open.find((d) => !d.cancelled && !serves(d) && openToMe(d)) };
  };
  const soon = addDays(today, HOME_FIRST_DAYS - 1) < until ? addDays(today, HOME_FIRST_DAYS - 1) : until;
  let days = distributionPeriod(ctx.db, today, soon, defaults).days;
  let { mineSoon, needed } = look(days);
  // The first days decide when they hold my first shift and the answer, or a needed day and no
  // shift of mine can come before the end of the two months.
  const decided = mineSoon
    ? thisMonth(mineSoon) || needed !== undefined
    : needed !== undefined && !mine.some((s) => s.on > soon && s.on <= until);
  if (!decided && soon < until) {
    days = days.concat(distributionPeriod(ctx.db, addDays(soon, 1), until, defaults).days);
    ({ mineSoon, needed } = look(days));
  }
  // Whether I collect is said on the one card: read for its day alone.
  const card = (d: DistributionDayView) =>
    dayCard(d, { ...c, collectsOn: new Set(collectingDays(ctx.db, d.on, d.on, actor.id).map((x) => x.on)) });
  if (mineSoon && thisMonth(mineSoon)) return { kind: 'shift', card: card(mineSoon) };
  let later: LaterShift | null = mineSoon ? { on: mineSoon.on, dayLabel: formatDayLong(mineSoon.on) } : null;
  if (!later) {
    const next = mine.find((s) => s.on >= until);
    if (next) later = { on: next.on, dayLabel: formatDayLong(next.on) };
  }
  return needed ? { kind: 'needed', card: card(needed), laterShift: later } : { kind: 'none', laterShift: later };
}
