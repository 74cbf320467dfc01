import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/**
 * The task log (DESIGN.md §8): one line per run of a scheduled task, by cron or by hand, so that
 * an administrator can answer "did the reminder go out?" afterwards.
 */
export const taskRuns = sqliteTable(
  'task_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Name in the task registry (server/jobs/tasks.ts). */
    task: text('task').notNull(),
    /** The "today" the task ran for (YYYY-MM-DD in the AMAP's timezone). */
    today: text('today').notNull(),
    /** cron or cli (run by hand). */
    trigger: text('trigger', { enum: ['cron', 'cli', 'web'] }).notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    status: text('status', { enum: ['running', 'ok', 'error'] })
      .notNull()
      .default('running'),
    /** One French sentence a person reads: "3 mails envoyés, 1 échec". */
    summary: text('summary'),
    /** JSON object: counts and skipped reasons. */
    details: text('details').notNull().default('{}'),
    error: text('error'),
  },
  (t) => [index('task_runs_task_idx').on(t.task, t.startedAt)],
);
