/**
 * Capacity of a contract product (DESIGN.md §5 "Capacity"): the places per delivery for all members
 * together (40 baskets). Pure: the caller loads what is taken and held and passes it in.
 *
 * A place is one unit of quantity on one delivery. Deliveries before today are done: they are never
 * refused nor counted as free. A line is refused only where it asks for more than the subscription
 * already had, so that lowering a capacity never blocks a member who changes something else.
 */

/** `${deliveryId}:${contractProductId}`: the key of the quantity maps. */
export function placeKey(deliveryId: number, contractProductId: number): string {
  return `${deliveryId}:${contractProductId}`;
}

export interface WantedLine {
  deliveryId: number;
  deliveryOn: string;
  contractProductId: number;
  quantity: number;
}

export interface CapacityCheck {
  today: string;
  /** contract product id → places per delivery; products without a capacity are absent. */
  capacities: ReadonlyMap<number, number>;
  /** Σ quantities of every other active subscription, by placeKey. */
  takenByOthers: ReadonlyMap<string, number>;
  /** Places held for other members by waiting-list offers, by contract product. */
  heldForOthers: ReadonlyMap<number, number>;
  /** This subscription's quantities as stored, by placeKey (empty for a new one). */
  previous: ReadonlyMap<string, number>;
  wanted: readonly WantedLine[];
}

/** A delivery and product on which the subscription would exceed the capacity. */
export interface Shortfall {
  deliveryId: number;
  deliveryOn: string;
  contractProductId: number;
  capacity: number;
  /** Places still free for this member there (0 or more). */
  free: number;
  wanted: number;
}

/** The lines that would exceed the capacity, by date then product. Empty: the subscription fits. */
export function capacityShortfalls(c: CapacityCheck): Shortfall[] {
  const out: Shortfall[] = [];
  for (const l of c.wanted) {
    const capacity = c.capacities.get(l.contractProductId);
    if (capacity === undefined || l.deliveryOn < c.today) continue;
    const key = placeKey(l.deliveryId, l.contractProductId);
    if (l.quantity <= (c.previous.get(key) ?? 0)) continue;
    const free = Math.max(
      0,
      capacity - (c.takenByOthers.get(key) ?? 0) - (c.heldForOthers.get(l.contractProductId) ?? 0),
    );
    if (l.quantity > free)
      out.push({
        deliveryId: l.deliveryId,
        deliveryOn: l.deliveryOn,
        contractProductId: l.contractProductId,
        capacity,
        free,
        wanted: l.quantity,
      });
  }
  return out.sort((a, b) => a.deliveryOn.localeCompare(b.deliveryOn) || a.contractProductId - b.contractProductId);
}

/**
 * Places a newcomer could take on every delivery still to come, per capped product, before any
 * waiting-list hold: min over those deliveries of capacity − taken. No delivery left: 0.
 */
export function openPlaces(
  today: string,
  capacities: ReadonlyMap<number, number>,
  taken: ReadonlyMap<string, number>,
  deliveries: readonly { id: number; deliveryOn: string; cancelled: boolean }[],
): Map<number, number> {
  const coming = deliveries.filter((d) => !d.cancelled && d.deliveryOn >= today);
  const out = new Map<number, number>();
  for (const [cp, capacity] of capacities) {
    const free = coming.map((d) => capacity - (taken.get(placeKey(d.id, cp)) ?? 0));
    out.set(cp, coming.length ? Math.max(0, Math.min(...free)) : 0);
  }
  return out;
}
