/** The journal's sentences about absences and baskets given to other members. */
import { dayWithYear } from './audit-changes.js';
import type { AuditNames, StoredAuditEntry } from './audit-names.js';
import { contractName, de, euros, quoted, str, type Describe } from './audit-sentence-kit.js';

function subscriptionOf(e: StoredAuditEntry, n: AuditNames) {
  const s = e.targetType === 'subscription' ? n.subscription(e.targetId) : null;
  return {
    member: s?.memberName ?? n.member(e.details.memberId) ?? 'un membre',
    contract: s ? quoted(s.contractName) : contractName(n, e.details.contractId),
  };
}

const day = (v: unknown) => (str(v) ? `du ${dayWithYear(str(v))}` : 'd’une livraison supprimée');
const byReferent = (e: StoredAuditEntry) => (e.details.onBehalf === true ? ' (par le·la référent·e)' : '');

function effect(e: StoredAuditEntry): string {
  if (str(e.details.targetOn)) return `, panier reporté au ${dayWithYear(str(e.details.targetOn))}`;
  if (typeof e.details.totalCents === 'number') return `, total recalculé : ${euros(e.details.totalCents)}`;
  return '';
}

export const ABSENCE_SENTENCES: Record<string, Describe> = {
  'contract.absence-settings': (e, n) =>
    `Réglages des absences et paniers à donner du contrat ${contractName(n, e.details.contractId)} modifiés`,
  'absence.declared': (e, n) => {
    const s = subscriptionOf(e, n);
    return `Absence ${de(s.member)} à la livraison ${day(e.details.on)} (${s.contract})${byReferent(e)}${effect(e)}`;
  },
  'absence.withdrawn': (e, n) => {
    const s = subscriptionOf(e, n);
    const back = typeof e.details.totalCents === 'number' ? `, total recalculé : ${euros(e.details.totalCents)}` : '';
    return `Absence ${de(s.member)} à la livraison ${day(e.details.on)} retirée (${s.contract})${byReferent(e)}${back}`;
  },
  'basket.offered': (e, n) => {
    const s = subscriptionOf(e, n);
    return `Panier ${de(s.member)} de la livraison ${day(e.details.on)} proposé aux autres membres (${s.contract})`;
  },
  'basket.offer-withdrawn': (e, n) => {
    const s = subscriptionOf(e, n);
    return `Panier ${de(s.member)} de la livraison ${day(e.details.on)} n’est plus proposé (${s.contract})`;
  },
  'basket.taken': (e, n) => {
    const s = subscriptionOf(e, n);
    const taker = n.member(e.details.takerId) ?? 'un membre';
    return `Panier ${de(s.member)} de la livraison ${day(e.details.on)} pris par ${taker} (${s.contract})`;
  },
};
