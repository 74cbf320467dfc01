/**
 * The waiting list of a contract (DESIGN.md §5 "Capacity"): who waits in which order, who holds an
 * offered place, and who is offered the places that free up. Pure: "today" is a parameter.
 *
 * An offer holds one place for its member until `offerExpiresOn` (inclusive): other members are
 * refused that place meanwhile. An entry for the whole contract (any product) holds one place on
 * every capped product, since its member may choose any of them.
 */
import { addDays } from 'date-fns/addDays';
import { formatISO } from 'date-fns/formatISO';
import { parseISO } from 'date-fns/parseISO';

export type EntryStatus = 'waiting' | 'offered' | 'served' | 'left' | 'removed' | 'expired';

export interface Entry {
  id: number;
  memberId: number;
  /** null: any product of the contract. */
  contractProductId: number | null;
  position: number;
  status: EntryStatus;
  offerExpiresOn: string | null;
}

/** Still in the list: waiting, or holding an offer. */
export const isActive = (e: Pick<Entry, 'status'>) => e.status === 'waiting' || e.status === 'offered';

/** The list in its order: active entries by position (then id, the order of arrival). */
export function listOrder<T extends Entry>(entries: readonly T[]): T[] {
  return entries.filter(isActive).sort((a, b) => a.position - b.position || a.id - b.id);
}

/** The member's place in the list (1 = first), or null when not in it. */
export function placeInList(entries: readonly Entry[], memberId: number): number | null {
  const i = listOrder(entries).findIndex((e) => e.memberId === memberId);
  return i < 0 ? null : i + 1;
}

/** An offer still holding its place today. */
export const holdsPlace = (e: Entry, today: string) =>
  e.status === 'offered' && e.offerExpiresOn !== null && e.offerExpiresOn >= today;

/** Places held by offers today, per capped product, leaving out one member's own offer. */
export function heldPlaces(
  entries: readonly Entry[],
  today: string,
  cappedIds: readonly number[],
  exceptMemberId?: number,
): Map<number, number> {
  const out = new Map(cappedIds.map((id) => [id, 0]));
  for (const e of entries) {
    if (!holdsPlace(e, today) || e.memberId === exceptMemberId) continue;
    for (const id of e.contractProductId === null ? cappedIds : [e.contractProductId])
      if (out.has(id)) out.set(id, out.get(id)! + 1);
  }
  return out;
}

/** The last day (inclusive) an offer made today holds its place: `offerDays` days, today included. */
export function offerExpiry(today: string, offerDays: number): string {
  return formatISO(addDays(parseISO(today), Math.max(1, offerDays) - 1), { representation: 'date' });
}

export interface OfferRound {
  /** Offers past their last day: the member leaves the list, the place goes to the next. */
  expire: number[];
  /** New offers, in list order. */
  offer: { entryId: number; memberId: number; expiresOn: string }[];
}

/**
 * Who is offered the free places today: offers past their day expire first; then, down the list,
 * each waiting member whose product (any capped product for a contract entry) still has a place
 * not held gets one, held `offerDays` days (today included). `open`: openPlaces of capacity.ts.
 */
export function offerRound(
  entries: readonly Entry[],
  open: ReadonlyMap<number, number>,
  today: string,
  offerDays: number,
): OfferRound {
  const expire = entries.filter((e) => e.status === 'offered' && !holdsPlace(e, today)).map((e) => e.id);
  const capped = [...open.keys()];
  const held = heldPlaces(entries, today, capped);
  const left = new Map(capped.map((id) => [id, (open.get(id) ?? 0) - (held.get(id) ?? 0)]));
  const expiresOn = offerExpiry(today, offerDays);
  const offer: OfferRound['offer'] = [];
  for (const e of listOrder(entries)) {
    if (e.status !== 'waiting') continue;
    const wanted = e.contractProductId === null ? capped : [e.contractProductId];
    if (!wanted.some((id) => (left.get(id) ?? 0) > 0)) continue;
    offer.push({ entryId: e.id, memberId: e.memberId, expiresOn });
    for (const id of wanted) if (left.has(id)) left.set(id, left.get(id)! - 1);
  }
  return { expire, offer };
}

/** The list's ids after moving one entry a step up or down; the ends stay where they are. */
export function moveInList(orderedIds: readonly number[], id: number, direction: 'up' | 'down'): number[] {
  const ids = [...orderedIds];
  const i = ids.indexOf(id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return ids;
  [ids[i], ids[j]] = [ids[j], ids[i]];
  return ids;
}
