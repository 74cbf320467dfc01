/**
 * Shared baskets (DESIGN.md §5): a subscription may name a co-member household that collects some
 * of its deliveries; the subscriber signs and pays. Pure: which household collects which delivery.
 */

export type ShareMode = 'alternate' | 'alternate-inverted' | 'dates';

export const SHARE_MODES: readonly ShareMode[] = ['alternate', 'alternate-inverted', 'dates'];

export interface RankedDelivery {
  id: number;
  deliveryOn: string;
  cancelled: boolean;
}

/**
 * Each delivery's rank (1 = first) among the contract's deliveries not cancelled, in date order:
 * "odd" and "even" deliveries are counted on it, so a cancelled date does not give one household
 * two baskets in a row.
 */
export function deliveryRanks(deliveries: readonly RankedDelivery[]): Map<number, number> {
  const ranks = new Map<number, number>();
  [...deliveries]
    .filter((d) => !d.cancelled)
    .sort((a, b) => a.deliveryOn.localeCompare(b.deliveryOn))
    .forEach((d, i) => ranks.set(d.id, i + 1));
  return ranks;
}

/**
 * Whether the co-member collects the delivery of this rank: `alternate` the even ones (the
 * subscriber the odd ones), `alternate-inverted` the odd ones, `dates` the chosen ones.
 */
export function coMemberCollects(mode: ShareMode, rank: number | undefined, chosen: boolean): boolean {
  if (mode === 'dates') return chosen;
  if (rank === undefined) return false;
  return mode === 'alternate' ? rank % 2 === 0 : rank % 2 === 1;
}

/** The delivery ids the co-member collects, among the contract's deliveries not cancelled. */
export function coMemberDeliveryIds(
  mode: ShareMode,
  deliveries: readonly RankedDelivery[],
  chosenIds: ReadonlySet<number>,
): Set<number> {
  const ranks = deliveryRanks(deliveries);
  return new Set(
    deliveries
      .filter((d) => !d.cancelled && coMemberCollects(mode, ranks.get(d.id), chosenIds.has(d.id)))
      .map((d) => d.id),
  );
}
