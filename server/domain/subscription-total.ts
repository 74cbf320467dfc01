/**
 * The total `T` of a subscription (DESIGN §5): Σ quantity × contract price over every delivery that
 * takes place. The payment schedule splits exactly this amount, so it must be exact to the cent.
 */
import { assertCents } from './money.js';

export interface SubscriptionLine {
  deliveryOn: string;
  contractProductId: number;
  quantity: number;
}

/**
 * Σ quantity × price (cents) over the lines whose delivery date is not cancelled: a cancelled
 * distribution is not paid for.
 *
 * Every line is checked, cancelled or not, since a bad one means a bug or corrupt data: throws a
 * RangeError on a negative or non-integer quantity, on a product without a price in `prices`
 * (contractProductId → price in cents) or with a negative price, and a TypeError on a non-integer
 * price.
 */
export function subscriptionTotalCents(
  lines: readonly SubscriptionLine[],
  prices: ReadonlyMap<number, number>,
  cancelledDates: ReadonlySet<string>,
): number {
  let total = 0;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
      throw new RangeError(`subscriptionTotalCents: bad quantity ${String(line.quantity)} on ${line.deliveryOn}`);
    }
    const price = prices.get(line.contractProductId);
    if (price === undefined) {
      throw new RangeError(`subscriptionTotalCents: unknown product ${line.contractProductId}`);
    }
    assertCents(price, 'subscriptionTotalCents');
    if (price < 0) throw new RangeError(`subscriptionTotalCents: negative price for product ${line.contractProductId}`);
    if (cancelledDates.has(line.deliveryOn)) continue;
    total += line.quantity * price;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError(`subscriptionTotalCents: total too large (${total})`);
  return total;
}
