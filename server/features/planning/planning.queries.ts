/**
 * The planning pages' view models: a month (the same data as the planning PDF, with the links
 * the member may follow) and the season overview (every month from the first to the last
 * delivery of the open contracts, each day in one line).
 */
import { and, eq, isNull, max, min } from 'drizzle-orm';
import { contracts, deliveries } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { may, type Actor } from '../../domain/access.js';
import { distributionPeriod } from '../../read/distribution-days.js';
import { addMonths, monthBounds, planningData, type PlanningData } from '../../documents/planning.data.js';
import { planningTitle } from '../../documents/planning.words.js';
import { dayDefaults } from '../settings/settings.service.js';

export interface MonthPage {
  planning: PlanningData;
  title: string;
  /** Days (YYYY-MM-DD) whose sign-in sheet the member may print. */
  sheetDays: string[];
  /** Whether the member may print the monthly sign-in grid. */
  mayPrintGrid: boolean;
}

/** The planning of a month as the page shows it. Five queries. */
export function monthPage(ctx: Ctx, actor: Actor, month: string): MonthPage {
  const planning = planningData(ctx.db, month, dayDefaults(ctx), ctx.config.amap.name);
  const onDuty = (d: PlanningData['days'][number]) =>
    d.roles.some((r) => r.people.some((p) => p.memberId === actor.id));
  const mayPrint = (duty: boolean) => may(actor, 'see-sign-in-sheet', { type: 'sign-in-sheet', onDuty: duty });
  const withDeliveries = planning.days.filter((d) => d.deliveries.length > 0 && !d.cancelled);
  return {
    planning,
    title: planningTitle(month),
    sheetDays: planning.days.filter((d) => mayPrint(onDuty(d))).map((d) => d.on),
    mayPrintGrid: withDeliveries.length > 0 && mayPrint(withDeliveries.some(onDuty)),
  };
}

export interface OverviewDay {
  on: string;
  title: string | null;
  cancelled: boolean;
  producers: string[];
  openPlaces: number;
  /** The member is on duty that day. */
  mine: boolean;
}

export interface OverviewMonth {
  month: string;
  days: OverviewDay[];
}

export interface SeasonOverview {
  /** The months from the first to the last delivery of the open contracts; empty without any. */
  months: OverviewMonth[];
  /** The current month (YYYY-MM), linked when the season is empty. */
  currentMonth: string;
}

/** Every month of the current season, each day in one line. Five queries. */
export function seasonOverview(ctx: Ctx, actor: Actor): SeasonOverview {
  const currentMonth = ctx.today().slice(0, 7);
  const bounds = ctx.db
    .select({ first: min(deliveries.deliveryOn), last: max(deliveries.deliveryOn) })
    .from(deliveries)
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .where(and(eq(contracts.status, 'open'), isNull(deliveries.cancelledAt)))
    .get();
  if (!bounds?.first || !bounds.last) return { months: [], currentMonth };
  const firstMonth = bounds.first.slice(0, 7);
  const lastMonth = bounds.last.slice(0, 7);
  const { days } = distributionPeriod(
    ctx.db,
    monthBounds(firstMonth).from,
    monthBounds(lastMonth).to,
    dayDefaults(ctx),
  );
  const months: OverviewMonth[] = [];
  for (let m = firstMonth; m <= lastMonth; m = addMonths(m, 1)) months.push({ month: m, days: [] });
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const d of days)
    byMonth.get(d.on.slice(0, 7))?.days.push({
      on: d.on,
      title: d.title,
      cancelled: d.cancelled,
      producers: [...new Set(d.contracts.map((c) => c.producerName))],
      openPlaces: d.openPlaces,
      mine: d.roles.some((r) => r.shifts.some((s) => s.memberId === actor.id)),
    });
  return { months, currentMonth };
}
