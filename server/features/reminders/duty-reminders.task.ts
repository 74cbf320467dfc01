/**
 * The duty reminder: N days before a distribution (setting, default 2), to each person on duty,
 * with the place, the hours, their role, the team and their phones, what is delivered, and the
 * day's sign-in sheet attached. Essential mail: it concerns the member's own duty.
 */
import type { Ctx } from '../../lib/context.js';
import { displayName, formatDayNoYear, formatHours, formatTime } from '../../lib/format.js';
import { distributionDay } from '../../read/distribution-days.js';
import { signInSheetData } from '../../documents/sign-in-sheet.data.js';
import { build as signInSheetPdf } from '../../documents/sign-in-sheet.pdf.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { dayDefaults } from '../settings/settings.service.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';

export function dutyReminderSubject(on: string, startTime: string): string {
  return `Rappel : permanence ${formatDayNoYear(on)}, ${formatTime(startTime)}`;
}

export async function runDutyReminders(ctx: Ctx, today: string): Promise<TaskResult> {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.dutyEnabled) return disabledResult();
  const on = plusDays(today, s.dutyDays);
  const day = distributionDay(ctx.db, on, dayDefaults(ctx));
  const shifts = day && !day.cancelled ? day.roles.flatMap((r) => r.shifts) : [];
  if (!day || shifts.length === 0) return reminderResult([], noCounts());

  const sheet = signInSheetData(ctx.db, on, dayDefaults(ctx), ctx.config.amap.name);
  const attachment = sheet ? await signInSheetPdf(sheet, today) : null;
  const team = day.roles.flatMap((r) =>
    r.shifts.map((sh) => ({ name: displayName(sh), phone: sh.phone, role: r.name, standInSought: sh.standInSought })),
  );
  const common = {
    dayLabel: formatDayNoYear(on),
    hours: formatHours(day.startTime, day.endTime),
    place: day.place,
    note: day.note,
    team,
    contracts: day.contracts.map((c) => ({ contractName: c.contractName, producerName: c.producerName })),
    pageUrl: `${ctx.config.server.baseUrl}/mes-permanences`,
  };
  const counts = ctx.db.transaction(() =>
    queueMemberMails(
      ctx,
      day.roles.flatMap((r) =>
        r.shifts.map((sh) => ({
          memberId: sh.memberId,
          kind: 'essential' as const,
          template: 'reminder-duty',
          subject: dutyReminderSubject(on, day.startTime),
          data: { ...common, role: r.name, standInSought: sh.standInSought },
          dedupeKey: `reminder-duty:${on}:${sh.memberId}`,
          attachments: attachment ? [attachment] : [],
        })),
      ),
    ),
  );
  return reminderResult([`permanence du ${formatDayNoYear(on)}`], counts);
}
