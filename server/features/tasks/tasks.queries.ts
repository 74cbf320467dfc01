import { desc, sql } from 'drizzle-orm';
import { taskRuns } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { isTaskName, tasks } from '../../jobs/tasks.js';

export const RUNS_PER_PAGE = 50;

export interface TaskRunRow {
  id: number;
  task: string;
  today: string;
  trigger: 'cron' | 'cli' | 'web';
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'ok' | 'error';
  summary: string | null;
  error: string | null;
}

/** One page of the task log, newest first, and how many pages there are. */
export function taskRunsPage(db: Db, page: number): { runs: TaskRunRow[]; page: number; pages: number } {
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(taskRuns)
      .get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / RUNS_PER_PAGE));
  const current = Math.min(page, pages);
  const runs = db
    .select({
      id: taskRuns.id,
      task: taskRuns.task,
      today: taskRuns.today,
      trigger: taskRuns.trigger,
      startedAt: taskRuns.startedAt,
      finishedAt: taskRuns.finishedAt,
      status: taskRuns.status,
      summary: taskRuns.summary,
      error: taskRuns.error,
    })
    .from(taskRuns)
    .orderBy(desc(taskRuns.startedAt), desc(taskRuns.id))
    .limit(RUNS_PER_PAGE)
    .offset((current - 1) * RUNS_PER_PAGE)
    .all();
  return { runs, page: current, pages };
}

export interface TaskRunView extends TaskRunRow {
  /** "Envoi des mails"; the raw name for a task no longer in the registry. */
  label: string;
  /** "0,3 s", "2 min 5 s"; null while running. */
  duration: string | null;
}

/** The task log page as the view shows it. */
export function taskLogPage(db: Db, page: number): { runs: TaskRunView[]; page: number; pages: number } {
  const r = taskRunsPage(db, page);
  return {
    ...r,
    runs: r.runs.map((run) => ({
      ...run,
      label: isTaskName(run.task) ? tasks[run.task].label : run.task,
      duration: run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : null,
    })),
  };
}

/** 320 → "0,3 s", 65 000 → "1 min 5 s": how long a run took, to the tenth of a second under a minute. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1).replace('.', ',')}\u00a0s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}\u00a0min ${s % 60}\u00a0s`;
}
