/** A mailing list's filter in words ("souscripteurs de « Pain 2027 » et sans adhésion…"), for the message pages. */
import { inArray } from 'drizzle-orm';
import { contracts } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { formatDayLong, formatMonthYear } from '../../lib/format.js';
import type { AudienceFilter } from './audience-filter.js';

const either = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ou ${parts.at(-1)}`;

export function contractNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(
    db
      .select({ id: contracts.id, name: contracts.name })
      .from(contracts)
      .where(inArray(contracts.id, [...ids]))
      .all()
      .map((c) => [c.id, c.name]),
  );
}

/**
 * Pure: the names of the contracts come in, and what "every member" means for the list's scope
 * (a referent's "every member" is every subscriber of their contracts).
 */
export function filterWords(
  f: AudienceFilter,
  names: ReadonlyMap<number, string>,
  everyone = 'tous les membres actifs',
): string {
  const parts: string[] = [];
  if (f.active) parts.push(everyone);
  const subscribed = [
    ...f.contractIds.map((id) => `« ${names.get(id) ?? 'contrat supprimé'} »`),
    ...f.seasons.map((y) => `d’un contrat de la saison ${y}`),
  ];
  if (subscribed.length) parts.push(`souscripteurs ${f.contractIds.length ? 'de ' : ''}${either(subscribed)}`);
  const duty = [
    ...f.dutyDays.map((d) => `le ${formatDayLong(d)}`),
    ...f.dutyMonths.map((m) => `en ${formatMonthYear(`${m}-01`)}`),
  ];
  if (duty.length) parts.push(`de permanence ${either(duty)}`);
  if (f.noMembership) parts.push('sans adhésion pour la période en cours');
  if (f.chequesDueOn.length)
    parts.push(`avec un chèque encore promis pour ${either(f.chequesDueOn.map((d) => `le ${formatDayLong(d)}`))}`);
  if (f.behindDuty) parts.push('en retard sur leur objectif de permanences');
  const roles = [f.referents ? 'référent·es' : '', f.producerAccounts ? 'comptes producteurs' : ''].filter(Boolean);
  if (roles.length) parts.push(either(roles));
  const sentence = parts.join(' et ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
