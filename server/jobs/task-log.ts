import { eq } from 'drizzle-orm';
import { taskRuns } from '../db/schema/index.js';
import { nowIso, type Ctx } from '../lib/context.js';
import { tasks, type Task, type TaskDeps, type TaskName, type TaskResult } from './tasks.js';

export type TaskTrigger = (typeof taskRuns.$inferInsert)['trigger'];

/** Longest error message kept in the log: enough for an SMTP answer, not a whole stack. */
const MAX_ERROR = 2000;

function startRun(ctx: Ctx, task: TaskName, today: string, trigger: TaskTrigger, startedAt: string): number {
  return ctx.db
    .insert(taskRuns)
    .values({ task, today, trigger, startedAt, status: 'running' })
    .returning({ id: taskRuns.id })
    .get().id;
}

function finishRun(
  ctx: Ctx,
  id: number,
  outcome: { status: 'ok'; result: TaskResult } | { status: 'error'; error: unknown },
): void {
  const finishedAt = nowIso(ctx);
  ctx.db
    .update(taskRuns)
    .set(
      outcome.status === 'ok'
        ? {
            finishedAt,
            status: 'ok',
            summary: outcome.result.summary,
            details: JSON.stringify(outcome.result.details),
          }
        : { finishedAt, status: 'error', error: errorMessage(outcome.error).slice(0, MAX_ERROR) },
    )
    .where(eq(taskRuns.id, id))
    .run();
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message || e.name : String(e);
}

/**
 * Runs a task of the registry for `today` and leaves a line in the task log. The line is written
 * when the run starts ("running": a run cut short by a crash stays visible) and completed when
 * it ends. An error is logged, then thrown again for the caller (the CLI prints it, cron logs it).
 *
 * A `quietWhenIdle` task run by cron writes its line only once it knows it did something (sent
 * or failed a mail): the outbox runs every minute and would otherwise fill the log.
 */
export async function runTask(
  ctx: Ctx,
  name: TaskName,
  options: { today?: string; trigger: TaskTrigger; deps: TaskDeps },
): Promise<TaskResult> {
  const task: Task = tasks[name];
  const today = options.today ?? ctx.today();
  const startedAt = nowIso(ctx);
  const deferred = options.trigger === 'cron' && task.quietWhenIdle === true;
  let id = deferred ? null : startRun(ctx, name, today, options.trigger, startedAt);
  let result: TaskResult;
  try {
    result = await task.run(ctx, today, options.deps);
  } catch (error) {
    id ??= startRun(ctx, name, today, options.trigger, startedAt);
    finishRun(ctx, id, { status: 'error', error });
    throw error;
  }
  if (id === null && !result.idle) id = startRun(ctx, name, today, options.trigger, startedAt);
  if (id !== null) finishRun(ctx, id, { status: 'ok', result });
  return result;
}
