/**
 * Basket exchange (paniers à donner, DESIGN §5): a member who will miss a delivery offers that
 * basket; another member takes it until some hours before the distribution. No money moves in the
 * app: the basket stays paid by its subscriber, who settles with the taker (or gives it). An offer
 * nobody takes stays the subscriber's. Pure: "now" and the day's start are parameters.
 */
import { withdrawalDeadline } from './duty.js';

/** The moment after which an offered basket can no longer be taken (nor offered). */
export function takeDeadline(day: { on: string; startTime: string }, hours: number, timeZone: string): Date {
  return withdrawalDeadline(day, hours, timeZone);
}

export type OfferProblem =
  | { reason: 'not-allowed' }
  | { reason: 'cancelled-delivery' }
  | { reason: 'too-late' }
  | { reason: 'nothing-to-collect' }
  | { reason: 'absent' }
  | { reason: 'already-offered' };

/** Why this basket may not be offered, or null when it may. */
export function offerProblem(input: {
  exchangeAllowed: boolean;
  cancelled: boolean;
  now: Date;
  deadline: Date;
  hasQuantities: boolean;
  absent: boolean;
  alreadyOffered: boolean;
}): OfferProblem | null {
  if (!input.exchangeAllowed) return { reason: 'not-allowed' };
  if (input.cancelled) return { reason: 'cancelled-delivery' };
  if (input.now.getTime() >= input.deadline.getTime()) return { reason: 'too-late' };
  if (input.alreadyOffered) return { reason: 'already-offered' };
  if (input.absent) return { reason: 'absent' };
  if (!input.hasQuantities) return { reason: 'nothing-to-collect' };
  return null;
}

export interface OfferState {
  giverId: number;
  takenById: number | null;
  withdrawn: boolean;
}

export type TakeOutcome =
  { ok: true; already: boolean } | { ok: false; reason: 'own' | 'taken' | 'withdrawn' | 'too-late' };

/**
 * Whether `takerId` may take the offer now. Taking twice is no harm (`already`); the giver cannot
 * take their own basket; the service still takes it with a conditional update, so that of two
 * takers at once exactly one gets it.
 */
export function takeOutcome(offer: OfferState, takerId: number, now: Date, deadline: Date): TakeOutcome {
  if (offer.takenById === takerId) return { ok: true, already: true };
  if (offer.giverId === takerId) return { ok: false, reason: 'own' };
  if (offer.withdrawn) return { ok: false, reason: 'withdrawn' };
  if (offer.takenById !== null) return { ok: false, reason: 'taken' };
  if (now.getTime() >= deadline.getTime()) return { ok: false, reason: 'too-late' };
  return { ok: true, already: false };
}

/** Whether the giver may still take the offer back: only while nobody took it. */
export function mayWithdrawOffer(offer: OfferState): boolean {
  return !offer.withdrawn && offer.takenById === null;
}
