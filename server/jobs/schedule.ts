import cron, { type ScheduledTask } from 'node-cron';
import type { Ctx } from '../lib/context.js';
import type { MailTransport } from '../lib/mailer.js';
import type { TaskName } from './tasks.js';
import { runTask } from './task-log.js';
import { REMINDER_CRON, reminderTasks, type ReminderTaskName } from '../features/reminders/reminder-tasks.js';

/**
 * The one list of cron expressions (DESIGN.md §8), in the AMAP's timezone. Each entry names a
 * task of the registry (jobs/tasks.ts), which can also be run by hand: `npm run amap -- run-task`.
 */
export const SCHEDULE: { task: TaskName; cron: string }[] = [
  { task: 'send-outbox', cron: '* * * * *' },
  { task: 'purge', cron: '17 4 * * *' },
  // Every reminder runs daily and decides from its settings whether today is an occasion.
  ...(Object.keys(reminderTasks) as ReminderTaskName[]).map((task) => ({ task, cron: REMINDER_CRON })),
  { task: 'waiting-list-offers', cron: '30 7 * * *' },
];

/** The entries that depend on the config: the nightly backup (backup.schedule) and its daily check. */
export function configuredSchedule(config: Ctx['config']): { task: TaskName; cron: string }[] {
  if (!config.backup.enabled) return [];
  return [
    { task: 'backup', cron: config.backup.schedule },
    { task: 'backup-check', cron: '5 12 * * *' },
  ];
}

export function startJobs(
  ctx: Ctx,
  transport: MailTransport | null,
  log: (line: string) => void = console.log,
): ScheduledTask[] {
  const deps = { transport };
  return [...SCHEDULE, ...configuredSchedule(ctx.config)].map(({ task, cron: expression }) =>
    cron.schedule(
      expression,
      async () => {
        try {
          await runTask(ctx, task, { trigger: 'cron', deps });
        } catch (e) {
          // Already in the task log; the server log keeps the stack.
          log(`[tâche ${task}] échec : ${(e as Error).stack ?? e}`);
        }
      },
      { timezone: ctx.config.timezone, noOverlap: true, name: task },
    ),
  );
}
