/** The journal's sentences about distribution days, duty shifts, backups and personal data. */
import { dayWithYear } from './audit-changes.js';
import { quoted, str, num, targetMember, type Describe } from './audit-sentence-kit.js';

const day = (v: unknown) => (str(v) ? `le ${dayWithYear(str(v))}` : 'un jour supprimé');
const role = (v: unknown) => (str(v) ? ` (${str(v)})` : '');

export const DUTY_SENTENCES: Record<string, Describe> = {
  'distribution-day.added': (e) =>
    `Journée de distribution ajoutée ${day(e.details.on)}` +
    (str(e.details.title) ? ` : ${quoted(str(e.details.title))}` : ''),
  'distribution-day.updated': (e) => `Journée de distribution ${day(e.details.on)} modifiée`,
  'distribution-day.cancelled': (e) =>
    `Distribution ${day(e.details.on)} annulée` + (str(e.details.reason) ? ` : ${str(e.details.reason)}` : ''),
  'distribution-day.restored': (e) => `Distribution ${day(e.details.on)} rétablie`,
  'duty.signed-up': (e, n) =>
    `${targetMember(e, n)} s’inscrit à la permanence ${day(e.details.on)}${role(e.details.roleName)}`,
  'duty.assigned': (e, n) =>
    `${targetMember(e, n)} inscrit·e à la permanence ${day(e.details.on)}${role(e.details.roleName)} par la coordination`,
  'duty.withdrawn': (e, n) =>
    `${targetMember(e, n)} se retire de la permanence ${day(e.details.on)}${role(e.details.roleName)}`,
  'duty.removed': (e, n) =>
    `${targetMember(e, n)} retiré·e de la permanence ${day(e.details.on)}${role(e.details.roleName)} par la coordination`,
  'duty.stand-in-sought': (e, n) =>
    `${targetMember(e, n)} ne peut pas venir à la permanence ${day(e.details.on)}${role(e.details.roleName)} : remplaçant·e recherché·e`,
  'duty.replaced': (e, n) =>
    `${targetMember(e, n)} remplace à la permanence ${day(e.details.on)}${role(e.details.roleName)}`,
  'duty.proposal-applied': (e) => {
    const applied = Array.isArray(e.details.applied) ? e.details.applied.length : 0;
    return `Proposition de permanences appliquée du ${dayWithYear(str(e.details.from))} au ${dayWithYear(str(e.details.to))} : ${applied} inscription${applied > 1 ? 's' : ''}${num(e.details.skipped) ? `, ${num(e.details.skipped)} écartée${num(e.details.skipped) > 1 ? 's' : ''}` : ''}`;
  },
  'backup.created': (e) => `Sauvegarde faite à la main${str(e.details.file) ? ` : ${str(e.details.file)}` : ''}`,
  'backup.downloaded': (e) => `Sauvegarde téléchargée${str(e.details.file) ? ` : ${str(e.details.file)}` : ''}`,
  'member.anonymised': (e) =>
    `Membre n° ${e.targetId ?? '?'} anonymisé·e (nom et coordonnées effacés, historique d’argent gardé)`,
};
