/**
 * The waiting list's use cases (DESIGN.md §5 "Capacity"): a member joins or leaves it; a referent
 * orders it, offers a place by hand or removes someone; and whenever places may have freed (a
 * cancellation, lower quantities, the daily task), the offer round mails the next ones waiting.
 * Each runs in one transaction (the callers' when they already hold one: SQLite nests them).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { subscriptionQuantities, subscriptions, waitingListEntries } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { openPlaces } from '../../domain/capacity.js';
import { holdsPlace, listOrder, moveInList, offerExpiry, offerRound, type Entry } from '../../domain/waiting-list.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { getSettings } from '../settings/settings.service.js';
import { capacitiesOf, contractsWithWaitingList, placesTaken, waitingEntries } from './waiting-list.queries.js';

function contractOf(ctx: Ctx, contractId: number): ContractBundle {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle || bundle.contract.status === 'draft') throw new NotFoundError('Ce contrat n’existe pas.');
  return bundle;
}

function managedContract(ctx: Ctx, actor: Actor, contractId: number): ContractBundle {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  if (!may(actor, 'manage-contracts', { type: 'contract', producerId: bundle.contract.producerId }))
    throw new ForbiddenError();
  return bundle;
}

/** Writes the list's order as positions 1, 2, 3… */
function writeOrder(ctx: Ctx, ids: number[], now: string): void {
  ids.forEach((id, i) =>
    ctx.db
      .update(waitingListEntries)
      .set({ position: i + 1, updatedAt: now })
      .where(eq(waitingListEntries.id, id))
      .run(),
  );
}

/** The member joins the end of the contract's waiting list, for one product or for any (null). */
export function joinWaitingList(ctx: Ctx, actor: Actor, contractId: number, contractProductId: number | null): void {
  ctx.db.transaction(() => {
    const bundle = contractOf(ctx, contractId);
    if (bundle.contract.status === 'archived')
      throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
    if (contractProductId !== null && !bundle.products.some((p) => p.id === contractProductId))
      throw new ValidationError({ message: 'Ce produit n’est pas proposé par ce contrat.' });
    const entries = waitingEntries(ctx.db, contractId);
    const mine = entries.find((e) => e.memberId === actor.id);
    if (mine && (mine.status === 'waiting' || mine.status === 'offered'))
      throw new ValidationError({ message: 'Vous êtes déjà sur la liste d’attente de ce contrat.' });
    const now = ctx.clock().toISOString();
    const position = Math.max(0, ...entries.map((e) => e.position)) + 1;
    ctx.db
      .insert(waitingListEntries)
      .values({ contractId, contractProductId, memberId: actor.id, position, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [waitingListEntries.contractId, waitingListEntries.memberId],
        set: { contractProductId, position, status: 'waiting', offeredOn: null, offerExpiresOn: null, updatedAt: now },
      })
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'waiting-list.joined',
      targetType: 'contract',
      targetId: contractId,
      details: { memberId: actor.id, contractProductId },
    });
    // A place may be free already (held by nobody): the round offers it at once.
    offerFreePlaces(ctx, bundle, ctx.today());
  });
}

/** The member leaves the list (an offered place then goes to the next one waiting). */
export function leaveWaitingList(ctx: Ctx, actor: Actor, contractId: number): void {
  ctx.db.transaction(() => {
    const bundle = contractOf(ctx, contractId);
    const entry = waitingEntries(ctx.db, contractId).find((e) => e.memberId === actor.id);
    if (!entry || (entry.status !== 'waiting' && entry.status !== 'offered'))
      throw new ValidationError({ message: 'Vous n’êtes pas sur la liste d’attente de ce contrat.' });
    endEntry(ctx, entry.id, 'left');
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'waiting-list.left',
      targetType: 'contract',
      targetId: contractId,
      details: { memberId: actor.id },
    });
    offerFreePlaces(ctx, bundle, ctx.today());
  });
}

function endEntry(ctx: Ctx, id: number, status: 'left' | 'removed' | 'served' | 'expired'): void {
  ctx.db
    .update(waitingListEntries)
    .set({ status, offerExpiresOn: null, updatedAt: ctx.clock().toISOString() })
    .where(eq(waitingListEntries.id, id))
    .run();
}

export type ReferentAction = 'up' | 'down' | 'offer' | 'remove';

const AUDIT_ACTIONS: Record<ReferentAction, string> = {
  up: 'waiting-list.moved',
  down: 'waiting-list.moved',
  offer: 'waiting-list.offered',
  remove: 'waiting-list.removed',
};

/** A referent moves someone up or down the list, offers them a place now, or removes them. */
export function manageWaitingEntry(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  entryId: number,
  action: ReferentAction,
): void {
  ctx.db.transaction(() => {
    const bundle = managedContract(ctx, actor, contractId);
    const entries = waitingEntries(ctx.db, contractId);
    const order = listOrder(entries);
    const entry = order.find((e) => e.id === entryId);
    if (!entry) throw new NotFoundError('Cette personne n’est plus sur la liste d’attente.');
    const now = ctx.clock().toISOString();
    const today = ctx.today();
    if (action === 'up' || action === 'down') {
      writeOrder(
        ctx,
        moveInList(
          order.map((e) => e.id),
          entryId,
          action,
        ),
        now,
      );
    } else if (action === 'remove') {
      endEntry(ctx, entryId, 'removed');
    } else {
      if (holdsPlace(entry, today)) throw new ValidationError({ message: 'Une place lui est déjà proposée.' });
      makeOffers(
        ctx,
        bundle,
        [
          {
            entryId,
            memberId: entry.memberId,
            expiresOn: offerExpiry(today, getSettings(ctx.db).waitingListOfferDays),
          },
        ],
        today,
      );
    }
    recordAudit(ctx, {
      actorId: actor.id,
      action: AUDIT_ACTIONS[action],
      targetType: 'contract',
      targetId: contractId,
      details: { memberId: entry.memberId, ...(action === 'up' || action === 'down' ? { direction: action } : {}) },
    });
    if (action === 'remove') offerFreePlaces(ctx, bundle, today);
  });
}

function makeOffers(
  ctx: Ctx,
  bundle: ContractBundle,
  offers: { entryId: number; memberId: number; expiresOn: string }[],
  today: string,
): number {
  if (offers.length === 0) return 0;
  const now = ctx.clock().toISOString();
  for (const o of offers)
    ctx.db
      .update(waitingListEntries)
      .set({ status: 'offered', offeredOn: today, offerExpiresOn: o.expiresOn, updatedAt: now })
      .where(eq(waitingListEntries.id, o.entryId))
      .run();
  queueMemberMails(
    ctx,
    offers.map((o) => ({
      memberId: o.memberId,
      kind: 'essential' as const,
      template: 'waiting-list-offer',
      subject: `Une place pour vous : « ${bundle.contract.name} »`,
      data: {
        contractId: bundle.contract.id,
        contractName: bundle.contract.name,
        producerName: bundle.producer.name,
        expiresOn: o.expiresOn,
      },
      // One mail per offer, however often the round runs.
      dedupeKey: `waiting-list-offer:${o.entryId}:${today}`,
    })),
  );
  return offers.length;
}

/**
 * The offer round of one contract: offers past their last day expire, then the places free on
 * every delivery to come (not held by an offer) go to the next ones waiting, each mailed once.
 * Idempotent: a second run the same day finds the places held and offers nothing.
 */
export function offerFreePlaces(ctx: Ctx, bundle: ContractBundle, today: string): { offered: number; expired: number } {
  const capacities = capacitiesOf(bundle);
  const entries: Entry[] = waitingEntries(ctx.db, bundle.contract.id);
  if (!entries.some((e) => e.status === 'waiting' || e.status === 'offered')) return { offered: 0, expired: 0 };
  const open = openPlaces(today, capacities, placesTaken(ctx.db, bundle, null), bundle.deliveries);
  const round = offerRound(entries, open, today, getSettings(ctx.db).waitingListOfferDays);
  for (const id of round.expire) endEntry(ctx, id, 'expired');
  const offered = bundle.contract.status === 'archived' ? 0 : makeOffers(ctx, bundle, round.offer, today);
  return { offered, expired: round.expire.length };
}

/**
 * After a subscription of the contract was saved or cancelled: the member's own entry is served
 * once they hold the product they waited for, and places that freed go to the next ones waiting.
 * Inside the caller's transaction.
 */
export function placesChanged(ctx: Ctx, contractId: number, memberId: number): void {
  const bundle = loadContract(ctx.db, contractId)!;
  const entry = waitingEntries(ctx.db, contractId).find(
    (e) => e.memberId === memberId && (e.status === 'waiting' || e.status === 'offered'),
  );
  if (entry) {
    const held = ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(subscriptionQuantities)
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
      .where(
        and(
          eq(subscriptions.contractId, contractId),
          eq(subscriptions.memberId, memberId),
          eq(subscriptions.status, 'active'),
          entry.contractProductId === null
            ? undefined
            : inArray(subscriptionQuantities.contractProductId, [entry.contractProductId]),
        ),
      )
      .get();
    if ((held?.n ?? 0) > 0) endEntry(ctx, entry.id, 'served');
  }
  offerFreePlaces(ctx, bundle, ctx.today());
}

/** Whether the member holds an offered place on the contract today (they may then subscribe outside the window). */
export function holdsOffer(ctx: Ctx, contractId: number, memberId: number): boolean {
  const today = ctx.today();
  return waitingEntries(ctx.db, contractId).some((e) => e.memberId === memberId && holdsPlace(e, today));
}

/** The task: the offer round of every contract with a waiting list. */
export function runWaitingListOffers(ctx: Ctx, today: string): { contracts: number; offered: number; expired: number } {
  return ctx.db.transaction(() => {
    const ids = contractsWithWaitingList(ctx.db);
    let offered = 0;
    let expired = 0;
    for (const id of ids) {
      const bundle = loadContract(ctx.db, id);
      if (!bundle) continue;
      const r = offerFreePlaces(ctx, bundle, today);
      offered += r.offered;
      expired += r.expired;
    }
    return { contracts: ids.length, offered, expired };
  });
}
