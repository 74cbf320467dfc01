/**
 * What the waiting list pages show: the member's place and offer on a contract page, and the
 * referent's list in its order with the places free today.
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { openPlaces } from '../../domain/capacity.js';
import { heldPlaces, holdsPlace, listOrder, placeInList } from '../../domain/waiting-list.js';
import { loadContract, loadContracts, type ContractBundle } from '../../read/contract-bundle.js';
import { capacitiesOf, memberWaitingEntries, placesTaken, waitingEntries } from './waiting-list.queries.js';

export interface MemberWaitingStatus {
  /** 1 = first in the list; null: not in it. */
  place: number | null;
  /** The product waited for ("n’importe quel produit" when null). */
  productName: string | null;
  /** The last day an offered place is held for the member, or null. */
  offeredUntil: string | null;
  /** Capped products with no place left today (the member may join the list for them). */
  full: { contractProductId: number; productName: string }[];
  /** People in the list. */
  length: number;
}

/** The member's side of a contract's waiting list. A few queries; nothing when the contract has no capacity. */
export function memberWaitingStatus(ctx: Ctx, bundle: ContractBundle, memberId: number): MemberWaitingStatus | null {
  const capacities = capacitiesOf(bundle);
  const entries = waitingEntries(ctx.db, bundle.contract.id);
  if (capacities.size === 0 && entries.length === 0) return null;
  const today = ctx.today();
  const open = openPlaces(today, capacities, placesTaken(ctx.db, bundle, null), bundle.deliveries);
  const held = heldPlaces(entries, today, [...capacities.keys()], memberId);
  const mine = listOrder(entries).find((e) => e.memberId === memberId);
  return {
    place: placeInList(entries, memberId),
    productName: mine?.contractProductId
      ? (bundle.products.find((p) => p.id === mine.contractProductId)?.name ?? null)
      : null,
    offeredUntil: mine && holdsPlace(mine, today) ? mine.offerExpiresOn : null,
    full: bundle.products
      .filter((p) => capacities.has(p.id) && (open.get(p.id) ?? 0) - (held.get(p.id) ?? 0) <= 0)
      .map((p) => ({ contractProductId: p.id, productName: p.name })),
    length: listOrder(entries).length,
  };
}

/** "Mes contrats": the lists the member is in, with their place or the offer they hold. A few queries per list. */
export function myWaitingLists(ctx: Ctx, memberId: number) {
  const ids = memberWaitingEntries(ctx.db, memberId);
  if (ids.length === 0) return [];
  const today = ctx.today();
  const bundles = loadContracts(ctx.db, ids);
  return ids.flatMap((id) => {
    const bundle = bundles.get(id);
    if (!bundle) return [];
    const entries = waitingEntries(ctx.db, id);
    const mine = entries.find((e) => e.memberId === memberId)!;
    return [
      {
        contractId: id,
        contractName: bundle.contract.name,
        place: placeInList(entries, memberId),
        length: listOrder(entries).length,
        offeredUntil: holdsPlace(mine, today) ? mine.offerExpiresOn : null,
      },
    ];
  });
}

/** The referent's page: the list in order, each with their product and offer, and the places free. */
export function waitingListPage(ctx: Ctx, actor: Actor, contractId: number) {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  const producer = { type: 'contract' as const, producerId: bundle.contract.producerId };
  if (!may(actor, 'see-orders', producer)) throw new ForbiddenError();
  const today = ctx.today();
  const capacities = capacitiesOf(bundle);
  const entries = waitingEntries(ctx.db, contractId);
  const open = openPlaces(today, capacities, placesTaken(ctx.db, bundle, null), bundle.deliveries);
  const held = heldPlaces(entries, today, [...capacities.keys()]);
  const names = new Map(bundle.products.map((p) => [p.id, p.name]));
  return {
    bundle,
    mayManage: may(actor, 'manage-contracts', producer),
    capped: bundle.products
      .filter((p) => capacities.has(p.id))
      .map((p) => ({
        name: p.name,
        capacity: p.capacity!,
        free: open.get(p.id) ?? 0,
        held: held.get(p.id) ?? 0,
      })),
    list: listOrder(entries).map((e, i) => ({
      id: e.id,
      place: i + 1,
      firstName: e.firstName,
      lastName: e.lastName,
      email: e.email,
      productName: e.contractProductId === null ? null : (names.get(e.contractProductId) ?? null),
      since: e.createdAt.slice(0, 10),
      offeredUntil: holdsPlace(e, today) ? e.offerExpiresOn : null,
    })),
  };
}
