/**
 * The call for volunteers: N days before a distribution (setting, default 7) that still has open
 * places or a stand-in sought, to the active members who accept such calls (/compte) and are not
 * on duty that day. An announcement: members who opted out are skipped.
 */
import { and, eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { formatDayNoYear, formatHours } from '../../lib/format.js';
import { distributionDay } from '../../read/distribution-days.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { dayDefaults } from '../settings/settings.service.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';

export function runVolunteerCall(ctx: Ctx, today: string): TaskResult {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.volunteerEnabled) return disabledResult();
  const on = plusDays(today, s.volunteerDays);
  const day = distributionDay(ctx.db, on, dayDefaults(ctx));
  if (!day || day.cancelled || (day.openPlaces === 0 && day.standInsSought === 0))
    return reminderResult([], noCounts());
  const onDuty = new Set(day.roles.flatMap((r) => r.shifts.map((sh) => sh.memberId)));
  const volunteers = ctx.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.active, true), eq(members.acceptsDutyCalls, true)))
    .all()
    .filter((m) => !onDuty.has(m.id));
  const data = {
    dayLabel: formatDayNoYear(on),
    hours: formatHours(day.startTime, day.endTime),
    place: day.place,
    openPlaces: day.openPlaces,
    standInsSought: day.standInsSought,
    openRoles: day.roles.filter((r) => r.open > 0 && r.name !== '').map((r) => ({ name: r.name, open: r.open })),
    pageUrl: `${ctx.config.server.baseUrl}/permanences`,
  };
  const counts = ctx.db.transaction(() =>
    queueMemberMails(
      ctx,
      volunteers.map((m) => ({
        memberId: m.id,
        kind: 'announcement' as const,
        template: 'reminder-volunteer-call',
        subject: `On cherche des bénévoles : permanence du ${formatDayNoYear(on)}`,
        data,
        dedupeKey: `reminder-volunteer-call:${on}:${m.id}`,
      })),
    ),
  );
  return reminderResult([`permanence du ${formatDayNoYear(on)}`], counts);
}
