/**
 * The demo's reminders: a week of real runs, one per reminder per day for the seven days before
 * today, each at 8 o'clock of its day (the hour of the schedule), so that /admin/rappels and the
 * task log show what a week looks like: duty reminders with their sign-in sheet, calls for
 * volunteers, producers' sheets, cheques due, and the skips (no address, opted out). The
 * "what you collect" mail and the monthly planning, off by default, are turned on here.
 */
import { createCtx, type Actor, type Ctx } from '../lib/context.js';
import { runTask } from '../jobs/task-log.js';
import { reminderTasks, type ReminderTaskName } from '../features/reminders/reminder-tasks.js';
import { plusDays } from '../features/reminders/reminder-result.js';
import { saveReminderSettings } from '../features/settings/reminder-settings.js';

export const DEMO_REMINDER_DAYS = 7;

export async function seedReminderRuns(ctx: Ctx, admin: Actor): Promise<void> {
  const today = ctx.today();
  const days = Array.from({ length: DEMO_REMINDER_DAYS }, (_, i) => plusDays(today, i - DEMO_REMINDER_DAYS));
  // The first day of the week that is a possible sending day of the planning (1–28).
  const planningDay = Number(days.map((d) => d.slice(8, 10)).find((dd) => Number(dd) <= 28));
  saveReminderSettings(ctx, admin, { collectionEnabled: true, planningEnabled: true, planningDay });
  for (const day of days) {
    const at = createCtx(ctx.db, ctx.config, () => new Date(`${day}T07:00:00.000Z`));
    for (const task of Object.keys(reminderTasks) as ReminderTaskName[])
      await runTask(at, task, { today: day, trigger: 'cron', deps: { transport: null } });
  }
}
