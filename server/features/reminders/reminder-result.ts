/**
 * What every reminder leaves in the task log: the occasions it wrote about, how many mails it
 * queued and, for the others, why not (no address, opted out, already sent), so that "did the duty
 * reminder go out?" is answered by one line.
 */
import { addDays } from '../../domain/delivery-calendar.js';
import type { TaskResult } from '../../jobs/tasks.js';
import type { MemberMailCounts } from '../mail/member-mail.js';

export function noCounts(): MemberMailCounts {
  return { queued: 0, noAddress: 0, optedOut: 0, duplicate: 0 };
}

export function addCounts(a: MemberMailCounts, b: MemberMailCounts): MemberMailCounts {
  return {
    queued: a.queued + b.queued,
    noAddress: a.noAddress + b.noAddress,
    optedOut: a.optedOut + b.optedOut,
    duplicate: a.duplicate + b.duplicate,
  };
}

/** "2027-05-04" + 2 → "2027-05-06" (day arithmetic on the date: no Date built, no pattern parsed). */
export function plusDays(iso: string, n: number): string {
  return addDays(iso, n);
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The details kept as JSON, read back by /admin/rappels. */
export interface ReminderDetails {
  occasions: string[];
  sent: number;
  noAddress: number;
  optedOut: number;
  alreadySent: number;
  disabled?: boolean;
}

/**
 * "3 mails (permanence du jeudi 6 mai) ; non envoyés : 1 sans adresse, 2 déjà envoyés." or
 * "Aucune occasion aujourd’hui." when there was nothing to write about.
 */
export function reminderResult(occasions: string[], c: MemberMailCounts): TaskResult {
  const details: ReminderDetails = {
    occasions,
    sent: c.queued,
    noAddress: c.noAddress,
    optedOut: c.optedOut,
    alreadySent: c.duplicate,
  };
  if (occasions.length === 0)
    return { summary: 'Rien à envoyer : aucune occasion ce jour-là.', details: { ...details }, idle: true };
  const skipped = [
    c.noAddress ? plural(c.noAddress, 'sans adresse', 'sans adresse') : null,
    c.optedOut ? plural(c.optedOut, 'désabonné·e des annonces', 'désabonné·es des annonces') : null,
    c.duplicate ? plural(c.duplicate, 'déjà envoyé', 'déjà envoyés') : null,
  ].filter(Boolean);
  const summary =
    `${plural(c.queued, 'mail', 'mails')} (${occasions.join(' ; ')})` +
    (skipped.length ? ` ; non envoyés : ${skipped.join(', ')}.` : '.');
  return { summary, details: { ...details }, idle: c.queued === 0 };
}

export function disabledResult(): TaskResult {
  return {
    summary: 'Rappel désactivé dans les réglages : rien envoyé.',
    details: { occasions: [], sent: 0, noAddress: 0, optedOut: 0, alreadySent: 0, disabled: true },
    idle: true,
  };
}
