/** The journal's sentences about contracts, subscriptions, cheques, handovers, credits and memberships. */
import { formatEuros } from '../../lib/format.js';
import { monthsLabel } from '../../domain/cheque-grouping.js';
import { countOf, dayWithYear, METHOD_WORDS, readableChanges } from './audit-changes.js';
import type { AuditNames, StoredAuditEntry } from './audit-names.js';
import {
  because,
  contractName,
  de,
  euros,
  instalment,
  num,
  quoted,
  str,
  targetMember,
  type Describe,
} from './audit-sentence-kit.js';

/** A cheque's member and contract: "de Léa Martin", "(Légumes été 2027)". */
function chequeOf(e: StoredAuditEntry, n: AuditNames) {
  const s = n.subscription(e.details.subscriptionId);
  return {
    member: s?.memberName ?? 'un membre',
    contract: s ? ` (${s.contractName})` : '',
  };
}

/** A subscription's member and contract, from its target or the ids kept in the details. */
function subscriptionOf(e: StoredAuditEntry, n: AuditNames) {
  const s = e.targetType === 'subscription' ? n.subscription(e.targetId) : null;
  return {
    member: s?.memberName ?? n.member(e.details.memberId) ?? 'un membre',
    contract: s ? quoted(s.contractName) : contractName(n, e.details.contractId),
  };
}

/** ": 180,00 €, 6 chèques" for a saved subscription; the cheques only when the AMAP manages them. */
function subscriptionFigures(e: StoredAuditEntry): string {
  const amounts = Array.isArray(e.details.amounts) ? (e.details.amounts as unknown[]) : [];
  const cheques = amounts.filter((a) => num(a) > 0).length;
  const credit = num(e.details.creditCents);
  return (
    ` : ${euros(e.details.totalCents)}` +
    (cheques ? `, ${countOf(cheques, 'chèque', 'chèques')}` : '') +
    (credit > 0 ? `, ${formatEuros(credit)} à lui rendre` : '') +
    (e.details.onBehalf ? ' (saisie par un·e référent·e)' : '')
  );
}

/** A handover as "à GAEC des Volcans (Légumes été 2027, échéance de mai 2027)". */
function handoverOf(e: StoredAuditEntry, n: AuditNames): string {
  const h = n.handover(e.targetId);
  if (!h) return 'supprimée';
  return `à ${h.producerName} du ${dayWithYear(h.handedOverOn)} (${h.contractName}, ${instalment(h.dueOn)})`;
}

const dates = (v: unknown): string[] => (Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : []);

/** "une livraison du 7 janvier 2027", "12 livraisons, du 7 janvier 2027 au 25 mars 2027". */
function deliveriesAdded(e: StoredAuditEntry, n: AuditNames): string {
  const list = dates(e.details.dates).sort();
  const contract = contractName(n, e.targetId);
  if (list.length === 0) return `Aucune livraison ajoutée au contrat ${contract} : ces dates y étaient déjà`;
  if (list.length === 1) return `Livraison du ${dayWithYear(list[0])} ajoutée au contrat ${contract}`;
  return `${list.length} livraisons ajoutées au contrat ${contract}, du ${dayWithYear(list[0])} au ${dayWithYear(list[list.length - 1])}`;
}

/** "Panier de légumes à 15,00 €, Œufs à 3,00 € (6 au plus par livraison)". */
function offeredProducts(e: StoredAuditEntry, n: AuditNames): string {
  const list = Array.isArray(e.details.products)
    ? (e.details.products as { productId?: unknown; priceCents?: unknown; maxPerDelivery?: unknown }[])
    : [];
  if (list.length === 0) return 'aucun produit';
  return list
    .map(
      (p) =>
        `${n.product(p.productId) ?? 'un produit supprimé'} à ${euros(p.priceCents)}` +
        (num(p.maxPerDelivery) ? ` (${num(p.maxPerDelivery)} au plus par livraison)` : ''),
    )
    .join(', ');
}

/** "« Adhésion 2027 » : 20,00 € par chèque". */
function membershipOf(e: StoredAuditEntry, n: AuditNames): string {
  const period = str(e.details.periodName) || n.period(e.details.periodId) || 'une période supprimée';
  return `${quoted(period)}`;
}
const paid = (amount: unknown, method: unknown) => `${euros(amount)} ${METHOD_WORDS[str(method)] ?? ''}`.trim();

const date = (v: unknown) => (str(v) ? dayWithYear(str(v)) : 'une date inconnue');

export const MONEY_SENTENCES: Record<string, Describe> = {
  'contract.created': (e, n) =>
    `Contrat ${quoted(str(e.details.name))} créé` +
    (n.contract(e.targetId) ? ` (${n.contract(e.targetId)!.producerName})` : ''),
  'contract.updated': (e, n) => `Contrat ${contractName(n, e.targetId)} modifié`,
  'contract.products-set': (e, n) => `Produits du contrat ${contractName(n, e.targetId)} : ${offeredProducts(e, n)}`,
  'contract.opened': (e, n) => `Contrat ${contractName(n, e.targetId)} ouvert aux membres`,
  'contract.unpublished': (e, n) => `Contrat ${contractName(n, e.targetId)} repassé en brouillon`,
  'contract.archived': (e, n) => `Contrat ${contractName(n, e.targetId)} archivé`,
  'contract.copied': (e, n) =>
    `Contrat ${contractName(n, e.targetId)} créé en copie de ${contractName(n, e.details.from)}`,
  'contract.deliveries-added': deliveriesAdded,
  'contract.delivery-removed': (e, n) =>
    `Livraison du ${date(e.details.date)} retirée du contrat ${contractName(n, e.targetId)}`,
  'contract.delivery-cancelled': (e, n) =>
    `Livraison du ${date(e.details.date)} du contrat ${contractName(n, e.targetId)} annulée : ` +
    `${countOf(num(e.details.subscriptions), 'souscription recalculée', 'souscriptions recalculées')}`,
  'contract.payment-dates-reset': (e, n) => {
    const list = dates(e.details.dates);
    return (
      `Dates d’encaissement du contrat ${contractName(n, e.targetId)} recalculées : ` +
      (list.length ? `${countOf(list.length, 'date', 'dates')}, ${monthsLabel(list)}` : 'aucune date')
    );
  },
  'contract.payment-date-added': (e, n) =>
    `Date d’encaissement du ${date(e.details.date)} ajoutée au contrat ${contractName(n, e.targetId)}`,
  'contract.payment-date-removed': (e, n) =>
    `Date d’encaissement du ${date(e.details.date)} retirée du contrat ${contractName(n, e.targetId)}`,

  'subscription.created': (e, n) => {
    const s = subscriptionOf(e, n);
    return `Souscription ${de(s.member)} au contrat ${s.contract}${subscriptionFigures(e)}`;
  },
  'subscription.updated': (e, n) => {
    const s = subscriptionOf(e, n);
    return `Souscription ${de(s.member)} au contrat ${s.contract} modifiée${subscriptionFigures(e)}`;
  },
  'subscription.cancelled': (e, n) => {
    const s = subscriptionOf(e, n);
    const credit = num(e.details.creditCents);
    return (
      `Souscription ${de(s.member)} au contrat ${s.contract} annulée` +
      (credit > 0 ? ` : ${formatEuros(credit)} à lui rendre` : '') +
      (e.details.onBehalf ? ' (par un·e référent·e)' : '')
    );
  },

  'cheque.receive': (e, n) => {
    const c = chequeOf(e, n);
    return `Chèque de ${euros(e.details.amountCents)} ${de(c.member)} reçu${c.contract}${str(e.details.note) ? ` — note : ${str(e.details.note)}` : ''}`;
  },
  'cheque.undo-receive': (e, n) => {
    const c = chequeOf(e, n);
    return `Réception du chèque de ${euros(e.details.amountCents)} ${de(c.member)} annulée${c.contract}${because(e.details.reason)}`;
  },
  'cheque.return': (e, n) => {
    const c = chequeOf(e, n);
    return `Chèque de ${euros(e.details.amountCents)} rendu à ${c.member}${c.contract}${because(e.details.reason)}`;
  },
  'cheque.hand-over': (e, n) => {
    const c = chequeOf(e, n);
    return `Chèque de ${euros(e.details.amountCents)} ${de(c.member)} remis au producteur${c.contract}`;
  },
  'cheque.undo-hand-over': (e, n) => {
    const c = chequeOf(e, n);
    return `Remise du chèque de ${euros(e.details.amountCents)} ${de(c.member)} annulée${c.contract}`;
  },
  'handover.created': (e, n) => {
    const c = n.contract(e.details.contractId);
    return (
      `Remise à ${c?.producerName ?? 'un producteur'} de ${countOf(num(e.details.count), 'chèque', 'chèques')}, ` +
      `${euros(e.details.totalCents)} (${c?.name ?? 'contrat supprimé'}, ${instalment(n.paymentDate(e.details.paymentDateId))})`
    );
  },
  'handover.undone': (e, n) =>
    `Remise ${handoverOf(e, n)} annulée : ${countOf(num(e.details.cheques), 'chèque', 'chèques')} ` +
    `(${euros(e.details.totalCents)}) de nouveau à remettre${because(e.details.reason)}`,
  'handover.slip-mailed': (e, n) =>
    `Bordereau de la remise ${handoverOf(e, n)} envoyé à ${str(e.details.to) || 'une adresse inconnue'}`,
  'credit.granted': (e, n) => {
    const s = e.targetType === 'subscription' ? n.subscription(e.targetId) : null;
    return `Avoir de ${euros(e.details.amountCents)} accordé à ${s?.memberName ?? 'un membre'}${s ? ` (${s.contractName})` : ''}${because(e.details.reason)}`;
  },

  'membership-period.created': (e) =>
    `Période d’adhésion ${quoted(str(e.details.name))} créée` +
    (str(e.details.startsOn) && str(e.details.endsOn)
      ? ` : du ${date(e.details.startsOn)} au ${date(e.details.endsOn)}, ${euros(e.details.minimumCents)} au minimum`
      : ''),
  'membership-period.updated': (e, n) => {
    const changes = readableChanges(e.details);
    return `Période d’adhésion ${quoted(n.period(e.targetId) ?? 'supprimée')} modifiée${changes ? ` : ${changes}` : ''}`;
  },
  'membership.created': (e, n) =>
    `Adhésion ${de(targetMember(e, n))} à ${membershipOf(e, n)} : ${paid(e.details.amountCents, e.details.method)}` +
    (e.details.onBehalf ? ' (saisie par la trésorerie)' : ''),
  'membership.updated': (e, n) => {
    const before = (e.details.before ?? {}) as Record<string, unknown>;
    return (
      `Adhésion ${de(targetMember(e, n))} à ${membershipOf(e, n)} modifiée : ` +
      `${paid(before.amountCents, before.method)} → ${paid(e.details.amountCents, e.details.method)}`
    );
  },
  'membership.received': (e, n) =>
    `Adhésion ${de(targetMember(e, n))} à ${membershipOf(e, n)} reçue : ${paid(e.details.amountCents, e.details.method)}`,
  'membership.reception-undone': (e, n) =>
    `Réception de l’adhésion ${de(targetMember(e, n))} à ${membershipOf(e, n)} annulée (${paid(e.details.amountCents, e.details.method)})`,
};
