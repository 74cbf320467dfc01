import type { Ctx } from '../../lib/context.js';
import type { DayDefaults } from '../../domain/distribution-days.js';

/**
 * What a distribution day is when nobody changed it: place and hours from amap.config.json, people
 * needed on duty from the settings. Until the duty settings exist, 3 people and no roles; this is
 * the one place to point at them.
 */
export function dayDefaults(ctx: Pick<Ctx, 'config'>): DayDefaults {
  const d = ctx.config.distribution;
  return { place: d.place, startTime: d.startTime, endTime: d.endTime, placesNeeded: 3, roles: [] };
}
