/** Sentences of the waiting lists and shared baskets (DESIGN.md §5 "Capacity", "Shared basket"). */
import { contractName, de, detailsMember, str, type Describe } from './audit-sentence-kit.js';

const SHARE_MODES: Record<string, string> = {
  alternate: 'une semaine sur deux',
  'alternate-inverted': 'une semaine sur deux (l’autre foyer en premier)',
  dates: 'à des dates choisies',
};

const coMember: (e: Parameters<Describe>[0], n: Parameters<Describe>[1]) => string = (e, n) =>
  n.member(e.details.coMemberId) ?? 'un membre supprimé';

export const WAITING_SENTENCES: Record<string, Describe> = {
  'waiting-list.joined': (e, n) =>
    `${detailsMember(e, n)} rejoint la liste d’attente du contrat ${contractName(n, e.targetId)}`,
  'waiting-list.left': (e, n) =>
    `${detailsMember(e, n)} quitte la liste d’attente du contrat ${contractName(n, e.targetId)}`,
  'waiting-list.moved': (e, n) =>
    `${detailsMember(e, n)} ${str(e.details.direction) === 'up' ? 'monte' : 'descend'} dans la liste d’attente du contrat ${contractName(n, e.targetId)}`,
  'waiting-list.offered': (e, n) =>
    `Place du contrat ${contractName(n, e.targetId)} proposée à ${detailsMember(e, n)} (liste d’attente)`,
  'waiting-list.removed': (e, n) =>
    `${detailsMember(e, n)} retiré·e de la liste d’attente du contrat ${contractName(n, e.targetId)}`,
  'subscription.shared': (e, n) =>
    `Panier ${de(detailsMember(e, n))} au contrat ${contractName(n, e.details.contractId)} partagé avec ${coMember(e, n)}, ${SHARE_MODES[str(e.details.mode)] ?? 'selon les jours'}`,
  'subscription.unshared': (e, n) =>
    `Panier ${de(detailsMember(e, n))} au contrat ${contractName(n, e.details.contractId)} plus partagé avec ${coMember(e, n)}`,
};
