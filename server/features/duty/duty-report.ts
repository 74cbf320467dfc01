/** The duty report of a season as the coordinator asks for it: the current one, or the one starting in a given year. */
import type { Ctx } from '../../lib/context.js';
import { dutySeason, seasonStarting } from '../../domain/duty.js';
import { dutyReportData, type DutyReport } from '../../documents/duty-report.data.js';
import { dayDefaults, getSettings } from '../settings/settings.service.js';

/** `startYear` null: the season of today. */
export function dutyReport(ctx: Ctx, startYear: number | null): DutyReport {
  const settings = getSettings(ctx.db);
  const today = ctx.today();
  const startMonth = settings.dutySeasonStartMonth;
  return dutyReportData(ctx.db, {
    season: startYear === null ? dutySeason(today, startMonth) : seasonStarting(startYear, startMonth),
    startMonth,
    today,
    defaults: dayDefaults(ctx, settings),
    defaultTarget: settings.dutyShiftsPerSeason,
    amapName: ctx.config.amap.name,
  });
}

/** ?saison=2026 → 2026; absent → null (today's season); anything else → undefined (no such page). */
export function seasonParam(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === '') return null;
  return typeof raw === 'string' && /^20\d\d$/.test(raw) ? Number(raw) : undefined;
}
