/**
 * The monthly planning mail: on day N of the month (setting; off by default), to every active
 * member, the month's planning PDF (who delivers what, who is on duty, the open places). From day
 * 20 on the planning sent is the next month's: at the end of April, May's is what people need.
 * An announcement (opt-out honoured).
 */
import type { Ctx } from '../../lib/context.js';
import { planningData, addMonths } from '../../documents/planning.data.js';
import { build as planningPdf } from '../../documents/planning.pdf.js';
import { planningTitle } from '../../documents/planning.words.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { dayDefaults } from '../settings/settings.service.js';
import { NEXT_MONTH_FROM_DAY, reminderSettings } from '../settings/reminder-settings.js';
import { disabledResult, noCounts, reminderResult } from './reminder-result.js';
import { activeMemberIds } from './subscription-windows.js';

/** The month whose planning goes out on `today` when the setting is `day`, or null on other days. */
export function planningMonthFor(today: string, day: number): string | null {
  if (Number(today.slice(8, 10)) !== day) return null;
  const month = today.slice(0, 7);
  return day >= NEXT_MONTH_FROM_DAY ? addMonths(month, 1) : month;
}

export async function runMonthlyPlanning(ctx: Ctx, today: string): Promise<TaskResult> {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.planningEnabled) return disabledResult();
  const month = planningMonthFor(today, s.planningDay);
  if (!month) return reminderResult([], noCounts());
  const data = planningData(ctx.db, month, dayDefaults(ctx), ctx.config.amap.name);
  if (data.days.length === 0) return reminderResult([], noCounts());
  const pdf = await planningPdf(data, today);
  const title = planningTitle(month);
  const openPlaces = data.days.reduce((n, d) => n + d.openPlaces, 0);
  const counts = ctx.db.transaction(() =>
    queueMemberMails(
      ctx,
      activeMemberIds(ctx.db).map((memberId) => ({
        memberId,
        kind: 'announcement' as const,
        template: 'reminder-monthly-planning',
        subject: title,
        data: {
          title,
          dayCount: data.days.length,
          openPlaces,
          pageUrl: `${ctx.config.server.baseUrl}/planning/${month}`,
          dutyUrl: `${ctx.config.server.baseUrl}/permanences`,
        },
        dedupeKey: `reminder-monthly-planning:${month}:${memberId}`,
        attachments: [pdf],
      })),
    ),
  );
  return reminderResult([title.replace(/^P/, 'p')], counts);
}
