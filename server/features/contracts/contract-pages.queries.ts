/**
 * The referents' pages under /gestion/contrats, each read by one function that also decides
 * who may see it (domain/access.ts), so that a route only renders what it gets.
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { formatDecimalEuros } from '../../lib/format.js';
import { DEFAULT_CONDITIONS } from '../../lib/contract-conditions.js';
import { memberSeenBy } from '../members/members.queries.js';
import { windowState } from '../../domain/subscription-window.js';
import { loadContract } from '../../read/contract-bundle.js';
import { storedSubscription, subscriptionSummary } from '../subscriptions/subscriptions.queries.js';
import {
  catalogueOf,
  listManagedContracts,
  manageableProducers,
  anyoneToSubscribe,
  membersForSubscription,
  removalBlockers,
} from './contracts.queries.js';
import { archiveProblemsOf, openingProblems, requireManagedContract } from './contracts.service.js';
import { contractLedger } from './contract-ledger.queries.js';
import { contractDocuments } from './contract-documents.js';

/** /gestion/contrats: the contracts this actor may read, and whether they may create one. */
export function contractListPage(ctx: Ctx, actor: Actor) {
  return {
    contracts: listManagedContracts(ctx.db, actor),
    canCreate: manageableProducers(ctx.db, actor).length > 0,
    today: ctx.today(),
  };
}

/**
 * The contract form: a new contract's defaults (optionally for one producer), or an existing
 * contract's stored values. 403 for a contract of another producer, or with no producer to manage.
 */
export function contractFormPage(ctx: Ctx, actor: Actor, contractId: number | null, producerId: number | null = null) {
  const c = contractId === null ? null : requireManagedContract(ctx, actor, contractId).contract;
  const producers = manageableProducers(ctx.db, actor);
  if (!c) {
    if (producers.length === 0) throw new ForbiddenError('Vous n’êtes référent·e d’aucun producteur.');
    const t = ctx.today();
    const values: Record<string, string> = {
      kind: 'fixed',
      opensOn: t,
      closesOn: t,
      paymentsManaged: 'on',
      membersEditAmounts: 'on',
      paymentDay: '5',
      proposalRule: 'whole-euros',
      producerId: producerId === null ? '' : String(producerId),
    };
    return { contractId: null, producers, values, defaultConditions: DEFAULT_CONDITIONS };
  }
  const values: Record<string, string> = {
    name: c.name,
    kind: c.kind,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    payee: c.payee,
    proposalRule: c.proposalRule,
    producerId: String(c.producerId),
    paymentDay: String(c.paymentDay),
    paymentsManaged: c.paymentsManaged ? 'on' : '',
    membersEditAmounts: c.membersEditAmounts ? 'on' : '',
    minCheque: c.minChequeCents === null ? '' : formatDecimalEuros(c.minChequeCents),
    description: c.description ?? '',
    memberInfo: c.memberInfo ?? '',
    conditions: c.conditions ?? '',
    paymentInfo: c.paymentInfo ?? '',
  };
  return { contractId: c.id, producers, values, defaultConditions: DEFAULT_CONDITIONS };
}

/**
 * A contract's page: read by its referents, the treasurer and the producer's own account; the
 * forms, the catalogue and the member picker only for those who manage it.
 */
export function contractPage(ctx: Ctx, actor: Actor, contractId: number) {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  const c = bundle.contract;
  const target = { type: 'contract', producerId: c.producerId } as const;
  if (!may(actor, 'see-orders', target)) throw new ForbiddenError('Vous ne gérez pas les contrats de ce producteur.');
  const mayManage = may(actor, 'manage-contracts', target);
  const today = ctx.today();
  const ledger = contractLedger(ctx.db, c.id);
  const stats = ledger.stats;
  return {
    bundle,
    mayManage,
    today,
    window: windowState(c, today),
    stats,
    documents: contractDocuments(bundle, today, stats.subscriberCount),
    openingProblems: openingProblems(bundle),
    archiveProblems: c.status === 'open' ? archiveProblemsOf(bundle, today, ledger) : [],
    catalogue: mayManage ? catalogueOf(ctx.db, c.producerId) : [],
    // "retirer" is offered only where it would not be refused.
    blockers: removalBlockers(ctx.db, c.id),
    subscribers: ledger.subscribers,
    // "Subscribe for a member" is a search (subscribeForPage), offered while someone is left to subscribe.
    anyoneToSubscribe: mayManage && c.status === 'open' && anyoneToSubscribe(ctx.db, contractId),
  };
}

/**
 * A referent's "subscribe for a member": the members a few letters of their name find, those to
 * subscribe and those already subscribed (opened rather than subscribed twice). Names only: a
 * referent subscribes any active member, and sees contact details once the subscription exists.
 */
export function subscribeForPage(ctx: Ctx, actor: Actor, contractId: number, q: string) {
  const bundle = requireManagedContract(ctx, actor, contractId);
  // Nobody subscribes to a contract that is not open: no search either (found is null).
  const open = bundle.contract.status === 'open';
  return { bundle, q, found: open ? membersForSubscription(ctx.db, contractId, q) : null };
}

/**
 * One member's subscription to a contract, for its referents. Any active member may be subscribed
 * (their name is shown); their e-mail and phone only once they subscribe to one of the referent's
 * producers. An inactive member with nothing here does not exist for the referent.
 */
export function memberSubscriptionPage(ctx: Ctx, actor: Actor, contractId: number, memberId: number) {
  const bundle = requireManagedContract(ctx, actor, contractId);
  const member = memberSeenBy(ctx.db, actor, memberId);
  const stored = member ? storedSubscription(ctx.db, contractId, memberId) : null;
  if (!member || (!member.active && !stored)) throw new NotFoundError('Ce membre n’existe pas.');
  return {
    bundle,
    member,
    stored,
    summary: stored && stored.status === 'active' ? subscriptionSummary(ctx.db, bundle, stored) : null,
  };
}
