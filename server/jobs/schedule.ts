import cron, { type ScheduledTask } from 'node-cron';
import type { Ctx } from '../lib/context.js';
import type { MailTransport } from '../lib/mailer.js';
import { sendOutbox } from '../features/mail/send-outbox.task.js';
import { purgeExpired } from '../features/auth/purge.task.js';

/**
 * The one list of scheduled work (DESIGN.md §8), in the AMAP's timezone. Each entry calls a
 * task that is idempotent and can also be run by hand from the CLI.
 */
export function startJobs(
  ctx: Ctx,
  transport: MailTransport | null,
  log: (line: string) => void = console.log,
): ScheduledTask[] {
  const opts = { timezone: ctx.config.timezone, noOverlap: true };
  const run = (name: string, fn: () => unknown) => async () => {
    try {
      await fn();
    } catch (e) {
      log(`[tâche ${name}] échec : ${(e as Error).stack ?? e}`);
    }
  };
  return [
    cron.schedule(
      '* * * * *',
      run('envoi des mails', () => sendOutbox(ctx, transport)),
      { ...opts, name: 'outbox' },
    ),
    cron.schedule(
      '17 4 * * *',
      run('purge', () => purgeExpired(ctx)),
      { ...opts, name: 'purge' },
    ),
  ];
}
