import type { Ctx } from '../lib/context.js';
import type { MailTransport } from '../lib/mailer.js';
import { sendOutbox } from '../features/mail/send-outbox.task.js';
import { purgeExpired } from '../features/auth/purge.task.js';
import { checkBackupFreshness, runBackup } from '../features/operations/backup.task.js';
import { purgeOldPersonalData } from '../features/privacy/retention.js';
import { reminderTasks } from '../features/reminders/reminder-tasks.js';
import { waitingListOffers } from '../features/waiting-list/waiting-list.task.js';

/** What a task may need beyond the context: built once by the server or the CLI. */
export interface TaskDeps {
  /** The SMTP transport, or null when none is configured (mails then stay in the outbox). */
  transport: MailTransport | null;
}

export interface TaskResult {
  /** One French sentence a person reads in the task log and the CLI: "3 mails envoyés, 1 échec." */
  summary: string;
  /** Counts and reasons, kept as JSON in the task log. */
  details: Record<string, unknown>;
  /** Nothing was done (nothing due, nothing expired). */
  idle: boolean;
}

export interface Task {
  /** Its name for a person, in the task log: "Envoi des mails". */
  label: string;
  /** What the task does, in French, for `run-task` without a name. */
  description: string;
  /**
   * A task that runs every minute logs its cron runs only when they did something: an idle
   * outbox would otherwise write 1 440 lines a day. Runs by hand are always logged.
   */
  quietWhenIdle?: boolean;
  /** Idempotent: running twice for the same day does the work once. */
  run(ctx: Ctx, today: string, deps: TaskDeps): TaskResult | Promise<TaskResult>;
}

/** "1 mail envoyé", "0 mail envoyé", "3 mails envoyés": French plural (0 and 1 singular). */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/**
 * The one registry of tasks (DESIGN.md §8): the cron schedule (jobs/schedule.ts) and the CLI's
 * `run-task` both run them by name from here.
 */
export const tasks = {
  'send-outbox': {
    label: 'Envoi des mails',
    description: 'envoie les mails en attente (et réessaie ceux qui ont échoué)',
    quietWhenIdle: true,
    async run(ctx, _today, deps) {
      const r = await sendOutbox(ctx, deps.transport);
      if (r.skipped === 'no-smtp')
        return {
          summary: 'Pas de serveur SMTP configuré (SMTP_URL) : rien envoyé.',
          details: { sent: 0, failed: 0, skipped: r.skipped },
          idle: true,
        };
      return {
        summary: `${count(r.sent, 'mail envoyé', 'mails envoyés')}, ${count(r.failed, 'échec', 'échecs')}.`,
        details: { sent: r.sent, failed: r.failed },
        idle: r.sent === 0 && r.failed === 0,
      };
    },
  },
  purge: {
    label: 'Purge des sessions et liens',
    description:
      'supprime les sessions expirées, les liens de mot de passe périmés, et les mails et détails du journal plus vieux que la durée de conservation',
    run(ctx, today) {
      const r = purgeExpired(ctx);
      const p = purgeOldPersonalData(ctx, today);
      const old =
        p.mails + p.auditDetails > 0
          ? ` Plus de ${p.months} mois : ${count(p.mails, 'mail supprimé', 'mails supprimés')}, ${count(p.auditDetails, 'détail du journal effacé', 'détails du journal effacés')}.`
          : '';
      return {
        summary: `${count(r.sessions, 'session supprimée', 'sessions supprimées')}, ${count(r.tokens, 'lien supprimé', 'liens supprimés')}.${old}`,
        details: { sessions: r.sessions, tokens: r.tokens, mails: p.mails, auditDetails: p.auditDetails },
        idle: r.sessions === 0 && r.tokens === 0 && p.mails === 0 && p.auditDetails === 0,
      };
    },
  },
  backup: {
    label: 'Sauvegarde de la base',
    description:
      'copie la base dans le dossier des sauvegardes, la vérifie, garde les dernières (et une par mois sur un an)',
    async run(ctx, today) {
      const r = await runBackup(ctx, today, 'nightly');
      // The administrators are mailed already; the task log records the run as failed.
      if (r.failure) throw new Error(r.summary);
      return { summary: r.summary, details: r.details, idle: false };
    },
  },
  'backup-check': {
    label: 'Contrôle des sauvegardes',
    description: 'prévient les administrateurs si la dernière sauvegarde vérifiée est trop ancienne',
    quietWhenIdle: true,
    run(ctx, today) {
      const r = checkBackupFreshness(ctx, today);
      return { summary: r.summary, details: { stale: r.stale, alerted: r.alerted }, idle: !r.stale };
    },
  },
  ...reminderTasks,
  'waiting-list-offers': {
    label: 'Listes d’attente',
    description:
      'propose les places libérées à la personne suivante des listes d’attente et fait expirer les offres sans réponse',
    run(ctx, today) {
      const r = waitingListOffers(ctx, today);
      return {
        summary: `${count(r.offered, 'place proposée', 'places proposées')}, ${count(r.expired, 'offre expirée', 'offres expirées')}.`,
        details: r,
        idle: r.offered === 0 && r.expired === 0,
      };
    },
  },
} satisfies Record<string, Task>;

export type TaskName = keyof typeof tasks;

export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(tasks, name);
}

export const taskNames = Object.keys(tasks) as TaskName[];
