/**
 * The data of a producer's delivery sheet, for one delivery or a range of them: per delivery, what
 * to prepare, who collects what (with their note), and what changed since the contract's previous
 * delivery (taken even when it lies before the range). Six queries whatever the range.
 */
import type { Db } from '../db/client.js';
import { contractGrid, type GridDelivery, type GridProduct } from './contract-grid.js';
import { deliveryDays, type DeliveryDay } from './delivery-days.js';
import { carriedOverOnto } from '../read/absences.js';

export interface DeliverySheetData {
  amapName: string;
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  products: GridProduct[];
  /** The deliveries asked for, in date order (none when the range holds none). */
  days: DeliveryDay[];
  /** The range asked (YYYY-MM-DD, inclusive). */
  from: string;
  to: string;
}

/**
 * The sheet of the contract's deliveries from `from` to `to` (inclusive), or null when the
 * contract does not exist.
 */
export function deliverySheetData(
  db: Db,
  contractId: number,
  range: { from: string; to: string },
  amapName: string,
): DeliverySheetData | null {
  let first = 0;
  const pick = (all: GridDelivery[]) => {
    const inRange = all.filter((d) => d.deliveryOn >= range.from && d.deliveryOn <= range.to);
    const previous = all.filter((d) => d.deliveryOn < range.from).at(-1);
    first = previous ? 1 : 0;
    return previous ? [previous, ...inRange] : inRange;
  };
  const grid = contractGrid(db, contractId, pick);
  if (!grid) return null;
  const days = deliveryDays(grid, Math.min(first, grid.deliveries.length));
  // "dont 1 reporté": what absences carried over onto these deliveries (the quantities already hold it).
  const carried = new Map(
    carriedOverOnto(
      db,
      days.map((d) => d.deliveryId),
    ).map((c) => [`${c.memberId}:${c.deliveryId}`, c.count]),
  );
  for (const d of days)
    for (const l of d.lines) {
      const n = carried.get(`${l.memberId}:${d.deliveryId}`);
      if (n) l.carriedOver = n;
    }
  return {
    amapName,
    contractId: grid.contractId,
    contractName: grid.contractName,
    producerId: grid.producerId,
    producerName: grid.producerName,
    products: grid.products,
    days,
    from: range.from,
    to: range.to,
  };
}
