/**
 * The capacity check of a subscription (DESIGN.md §5 "Capacity"), called by the subscriptions
 * service both when the schedule is proposed and again inside the write transaction: there,
 * better-sqlite3's synchronous transaction serialises two members taking the last place, so
 * exactly one of them gets it.
 */
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatDayLong } from '../../lib/format.js';
import { capacityShortfalls, placeKey, type Shortfall } from '../../domain/capacity.js';
import { heldPlaces } from '../../domain/waiting-list.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import { capacitiesOf, ownQuantities, placesTaken, waitingEntries } from './waiting-list.queries.js';

/** "le jeudi 7 janvier 2027", "les jeudi 7 et …", or for many "sur 12 livraisons, du … au …". */
function datesLabel(dates: string[]): string {
  if (dates.length === 1) return `le ${formatDayLong(dates[0])}`;
  if (dates.length <= 3) return `les ${dates.map((d) => formatDayLong(d)).join(', ')}`;
  return `sur ${dates.length} livraisons, du ${formatDayLong(dates[0])} au ${formatDayLong(dates.at(-1))}`;
}

/** The refusal: what the page says, and the products whose waiting list the member may join. */
export class CapacityError extends ValidationError {
  readonly contractId: number;
  readonly shortfalls: Shortfall[];
  /** The products refused, with the dates concerned. */
  readonly full: { contractProductId: number; productName: string; dates: string[] }[];
  constructor(contractId: number, shortfalls: Shortfall[], full: CapacityError['full']) {
    super({
      message:
        full.map((f) => `Plus assez de place pour « ${f.productName} » ${datesLabel(f.dates)}.`).join(' ') +
        ' Vous pouvez rejoindre la liste d’attente : une place libérée vous sera proposée.',
    });
    this.contractId = contractId;
    this.shortfalls = shortfalls;
    this.full = full;
  }
}

/** Throws CapacityError when the quantities exceed a product's places on a delivery to come. */
export function refuseBeyondCapacity(
  ctx: Ctx,
  bundle: ContractBundle,
  memberId: number,
  lines: readonly { deliveryId: number; contractProductId: number; quantity: number }[],
): void {
  const capacities = capacitiesOf(bundle);
  if (capacities.size === 0) return;
  const today = ctx.today();
  const own = ownQuantities(ctx.db, bundle.contract.id, memberId);
  const deliveryOn = new Map(bundle.deliveries.map((d) => [d.id, d.deliveryOn]));
  const shortfalls = capacityShortfalls({
    today,
    capacities,
    takenByOthers: placesTaken(ctx.db, bundle, own.subscriptionId),
    heldForOthers: heldPlaces(waitingEntries(ctx.db, bundle.contract.id), today, [...capacities.keys()], memberId),
    previous: new Map(own.lines.map((l) => [placeKey(l.deliveryId, l.contractProductId), l.quantity])),
    wanted: lines.map((l) => ({ ...l, deliveryOn: deliveryOn.get(l.deliveryId)! })),
  });
  if (shortfalls.length === 0) return;
  const names = new Map(bundle.products.map((p) => [p.id, p.name]));
  const byProduct = new Map<number, string[]>();
  for (const s of shortfalls)
    byProduct.set(s.contractProductId, [...(byProduct.get(s.contractProductId) ?? []), s.deliveryOn]);
  throw new CapacityError(
    bundle.contract.id,
    shortfalls,
    [...byProduct].map(([id, dates]) => ({ contractProductId: id, productName: names.get(id) ?? '', dates })),
  );
}
