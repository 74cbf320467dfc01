/**
 * The coordinator's page: "which days lack people, and who has not done their share?" — the
 * coming days with open places or a stand-in sought first, sign-ups left on days without
 * deliveries, the households behind their target this season. Ten queries whatever the size.
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { displayName, formatDayLong } from '../../lib/format.js';
import { distributionPeriod } from '../../read/distribution-days.js';
import { dayDefaults, getSettings } from '../settings/settings.service.js';
import { dayCard, type DayCard } from './duty-cards.js';
import { endOfMonthAfter } from './duty.queries.js';
import { dutyReport } from './duty-report.js';
import type { DutyReport } from '../../documents/duty-report.data.js';

export interface CoordinationPage {
  until: string;
  needing: DayCard[];
  complete: number;
  orphans: { on: string; dayLabel: string; team: { shiftId: number; name: string }[] }[];
  report: Pick<DutyReport, 'season' | 'behind' | 'none' | 'rows'>;
}

export function coordinationPage(ctx: Ctx, actor: Actor): CoordinationPage {
  const today = ctx.today();
  const until = endOfMonthAfter(today, 2);
  const settings = getSettings(ctx.db);
  const period = distributionPeriod(ctx.db, today, until, dayDefaults(ctx, settings));
  const c = {
    viewerId: actor.id,
    now: ctx.clock(),
    withdrawalHours: settings.dutyWithdrawalHours,
    timeZone: ctx.config.timezone,
    coordinator: true,
  };
  const cards = period.days
    .filter((d) => !d.cancelled)
    .map((d) => dayCard(d, c))
    .filter((d) => d.phase !== 'started');
  const needing = cards.filter((d) => d.openPlaces > 0 || d.standInsSought > 0);
  const report = dutyReport(ctx, null);
  return {
    until,
    needing,
    complete: cards.length - needing.length,
    orphans: period.orphans.map((o) => ({
      on: o.on,
      dayLabel: formatDayLong(o.on),
      team: o.shifts.map((s) => ({ shiftId: s.shiftId, name: displayName(s) })),
    })),
    report,
  };
}
