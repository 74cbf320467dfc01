import type { Ctx } from '../../lib/context.js';
import { runWaitingListOffers } from './waiting-list.service.js';

/**
 * The daily round of the waiting lists: offers past their last day expire and their places, like
 * any place that freed without a subscription changing (a capacity raised, a delivery moved), go to
 * the next ones waiting. Idempotent: places held by the day's offers are not offered twice.
 */
export function waitingListOffers(ctx: Ctx, today: string) {
  return runWaitingListOffers(ctx, today);
}
