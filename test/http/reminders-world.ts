/**
 * The month of May 2027 of test/documents/distribution-fixtures.ts, with e-mail addresses for
 * some of its members, and helpers to run a reminder for a day and read what it queued.
 */
import { eq, like } from 'drizzle-orm';
import { members, outbox, taskRuns } from '../../server/db/schema/index.js';
import { runTask } from '../../server/jobs/task-log.js';
import type { TaskName } from '../../server/jobs/tasks.js';
import { saveReminderSettings, type ReminderSettings } from '../../server/features/settings/reminder-settings.js';
import { distributionWorld, type DistributionWorld } from '../documents/distribution-fixtures.js';
import { actor } from '../support/contracts.js';

export interface ReminderWorld extends DistributionWorld {
  /** Runs a task by hand for `today`; returns its details as the task log keeps them. */
  run(task: TaskName, today: string): Promise<Record<string, unknown>>;
  /** The mails whose dedupe key starts with `prefix`, in order. */
  mails(prefix: string): (typeof outbox.$inferSelect)[];
  settings(s: Partial<ReminderSettings>): void;
  email(memberId: number, address: string, opts?: { optOut?: boolean; acceptsDutyCalls?: boolean }): void;
}

export async function reminderWorld(): Promise<ReminderWorld> {
  const w = await distributionWorld();
  const { t } = w;
  return {
    ...w,
    async run(task, today) {
      await runTask(t.ctx, task, { today, trigger: 'cli', deps: { transport: null } });
      const line = t.db.select().from(taskRuns).orderBy(taskRuns.id).all().at(-1)!;
      return JSON.parse(line.details) as Record<string, unknown>;
    },
    mails: (prefix) =>
      t.db
        .select()
        .from(outbox)
        .where(like(outbox.dedupeKey, `${prefix}%`))
        .orderBy(outbox.id)
        .all(),
    settings: (s) => saveReminderSettings(t.ctx, actor(t.ctx, w.adminId), s),
    email(memberId, address, opts = {}) {
      t.db
        .update(members)
        .set({
          email: address,
          mailOptOut: opts.optOut ?? false,
          acceptsDutyCalls: opts.acceptsDutyCalls ?? true,
        })
        .where(eq(members.id, memberId))
        .run();
    },
  };
}

/** The recipients' addresses of some mails, sorted. */
export function addresses(rows: { toAddress: string }[]): string[] {
  return rows.map((r) => r.toAddress).sort();
}
