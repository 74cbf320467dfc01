/**
 * The reminders as tasks of the registry (server/jobs/tasks.ts spreads them in), each with the
 * hour it runs at (server/jobs/schedule.ts) and what /admin/rappels says of its settings.
 */
import type { Task } from '../../jobs/tasks.js';
import type { ReminderSettings } from '../settings/reminder-settings.js';
import { NEXT_MONTH_FROM_DAY } from '../settings/reminder-settings.js';
import { runChequesDue } from './cheques-due.task.js';
import { runCollectionReminders } from './collection-reminders.task.js';
import { runDutyReminders } from './duty-reminders.task.js';
import { runMonthlyPlanning } from './monthly-planning.task.js';
import { runProducerDeliverySheets } from './producer-delivery-sheets.task.js';
import { runVolunteerCall } from './volunteer-call.task.js';
import { runWindowClosing } from './window-closing.task.js';
import { runWindowOpening } from './window-opening.task.js';

export const reminderTasks = {
  'duty-reminders': {
    label: 'Rappel de permanence',
    description: 'rappelle leur permanence aux personnes inscrites, avec l’équipe et la feuille d’émargement',
    run: (ctx, today) => runDutyReminders(ctx, today),
  },
  'volunteer-call': {
    label: 'Appel aux bénévoles',
    description: 'écrit aux volontaires quand une distribution manque de monde ou cherche un·e remplaçant·e',
    run: (ctx, today) => runVolunteerCall(ctx, today),
  },
  'collection-reminders': {
    label: 'Ce que vous récupérez',
    description: 'dit à chaque membre livré ce qu’il récupère à la prochaine distribution',
    run: (ctx, today) => runCollectionReminders(ctx, today),
  },
  'window-opening': {
    label: 'Ouverture des souscriptions',
    description: 'annonce aux membres actifs qu’un contrat est ouvert aux souscriptions',
    run: (ctx, today) => runWindowOpening(ctx, today),
  },
  'window-closing': {
    label: 'Fin des souscriptions',
    description: 'prévient les membres pas encore inscrits que les souscriptions d’un contrat vont fermer',
    run: (ctx, today) => runWindowClosing(ctx, today),
  },
  'producer-delivery-sheets': {
    label: 'Feuille de livraison au producteur',
    description: 'envoie au producteur et aux référent·es la feuille de livraison (PDF et XLSX) avant chaque livraison',
    run: (ctx, today) => runProducerDeliverySheets(ctx, today),
  },
  'cheques-due': {
    label: 'Chèques à apporter',
    description: 'rappelle aux membres les chèques promis pour une date d’encaissement proche',
    run: (ctx, today) => runChequesDue(ctx, today),
  },
  'monthly-planning': {
    label: 'Planning du mois',
    description: 'envoie le planning du mois en PDF aux membres actifs',
    run: (ctx, today) => runMonthlyPlanning(ctx, today),
  },
} satisfies Record<string, Task>;

export type ReminderTaskName = keyof typeof reminderTasks;

/** The hour every reminder runs at, in the AMAP's timezone: early enough to be read the same day. */
export const REMINDER_CRON = '0 8 * * *';

const days = (n: number) => (n === 0 ? 'le jour même' : n === 1 ? 'la veille' : `${n} jours avant`);

/** Each reminder's on/off and what its settings say, in French. */
export function reminderSettingLines(
  s: ReminderSettings,
): Record<ReminderTaskName, { enabled: boolean; setting: string }> {
  return {
    'duty-reminders': { enabled: s.dutyEnabled, setting: `${days(s.dutyDays)} la permanence` },
    'volunteer-call': { enabled: s.volunteerEnabled, setting: `${days(s.volunteerDays)} une distribution incomplète` },
    'collection-reminders': { enabled: s.collectionEnabled, setting: `${days(s.collectionDays)} la distribution` },
    'window-opening': { enabled: s.openingEnabled, setting: 'le jour de l’ouverture' },
    'window-closing': {
      enabled: s.closingEnabled,
      setting: `${days(s.closingDays)} la fermeture, ${s.closingAudience === 'not-subscribed' ? 'aux membres actifs pas encore inscrits' : 'aux ancien·nes souscripteur·ices du producteur'}`,
    },
    'producer-delivery-sheets': {
      enabled: s.producerSheetEnabled,
      setting: `${days(s.producerSheetDays)} chaque livraison${Object.keys(s.producerSheetDaysByContract).length ? ' (certains contrats ont leur propre délai)' : ''}`,
    },
    'cheques-due': { enabled: s.chequesEnabled, setting: `${days(s.chequesDays)} la date d’encaissement` },
    'monthly-planning': {
      enabled: s.planningEnabled,
      setting: `le ${s.planningDay === 1 ? '1er' : s.planningDay} du mois, planning du mois ${s.planningDay >= NEXT_MONTH_FROM_DAY ? 'suivant' : 'en cours'}`,
    },
  };
}
