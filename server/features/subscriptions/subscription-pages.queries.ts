/**
 * The member's pages under /contrats and /mes-contrats, each read by one function that also
 * decides what this member may see, so that a route only renders what it gets.
 */
import { eq } from 'drizzle-orm';
import { producers } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { NotFoundError } from '../../lib/errors.js';
import { loadContract } from '../../read/contract-bundle.js';
import { membershipBlocker } from '../memberships/memberships.service.js';
import { windowState } from '../../domain/subscription-window.js';
import { contractOffer } from './contract-offer.js';
import { absenceSummaries } from '../../read/absences.js';
import { memberWaitingStatus, myWaitingLists } from '../waiting-list/waiting-list-pages.js';
import { sharedWithMe, sharingOf } from '../shared-baskets/shared-baskets.queries.js';
import { storedSubscription, subscriptionSummary } from './subscriptions.queries.js';
import { contractCards, type ContractCard } from './contract-cards.queries.js';
import { mySubscriptions } from './my-contracts.queries.js';

/** /contrats: the open contracts by window state, whether this member subscribed, and their products. */
export function openContractsPage(ctx: Ctx, actor: Actor) {
  const today = ctx.today();
  const open: ContractCard[] = [];
  const upcoming: ContractCard[] = [];
  const closed: ContractCard[] = [];
  for (const c of contractCards(ctx.db, actor.id, today))
    (c.window === 'open' ? open : c.window === 'upcoming' ? upcoming : closed).push(c);
  return { blocker: membershipBlocker(ctx, actor.id, today), open, upcoming, closed };
}

/**
 * /contrats/:id: one contract and this member's own subscription to it. A draft exists only for
 * those who manage it (404 for everyone else).
 */
export function memberContractPage(ctx: Ctx, actor: Actor, contractId: number) {
  const bundle = loadContract(ctx.db, contractId);
  const mayManage =
    !!bundle && may(actor, 'manage-contracts', { type: 'contract', producerId: bundle.contract.producerId });
  if (!bundle || (bundle.contract.status === 'draft' && !mayManage))
    throw new NotFoundError('Ce contrat n’existe pas.');
  const today = ctx.today();
  const stored = storedSubscription(ctx.db, bundle.contract.id, actor.id);
  return {
    bundle,
    window: windowState(bundle.contract, today),
    subscription: stored && stored.status === 'active' ? subscriptionSummary(ctx.db, bundle, stored) : null,
    cancelled: stored?.status === 'cancelled',
    mayManage,
    blocker: membershipBlocker(ctx, actor.id, today),
    waiting: memberWaitingStatus(ctx, bundle, actor.id),
    sharing: stored?.status === 'active' ? sharingOf(ctx, bundle, actor.id) : null,
    // Another household's basket this member collects on some days (quantities and days, no cheques).
    sharedWithMe: sharedWithMe(ctx, actor, bundle.contract.id)[0] ?? null,
    // What it costs before subscribing: a typical choice's season total and cheques.
    offer: contractOffer(bundle),
    absences: absenceSummaries(ctx.db, actor.id, [bundle.contract.id]).get(bundle.contract.id)!,
    producerDescription:
      ctx.db
        .select({ description: producers.description })
        .from(producers)
        .where(eq(producers.id, bundle.contract.producerId))
        .get()?.description ?? null,
  };
}

/** "Mes contrats": this member's current subscriptions, then the past ones (archived or cancelled). */
export function myContractsPage(ctx: Ctx, actor: Actor) {
  const { current, past } = mySubscriptions(ctx.db, actor.id, ctx.today());
  return {
    current,
    past,
    shared: sharedWithMe(ctx, actor),
    waitingLists: myWaitingLists(ctx, actor.id),
  };
}
