/**
 * The balance of a subscription (DESIGN.md §5 "Balance of a subscription"): what was ordered,
 * what the cheques cover at each stage, credits (avoirs), and what is still due or owed back.
 * Pure: amounts in cents in, amounts in cents out.
 */
import type { ChequeStatus } from './cheque-status.js';
import { owedBackCents, payableCents as payableOf } from './subscription-schedule.js';

export interface BalanceInput {
  totalCents: number;
  /** Σ credits (avoirs) granted to the member on this subscription. */
  creditsCents: number;
  cheques: readonly { amountCents: number; status: ChequeStatus }[];
}

export interface Balance {
  orderedCents: number;
  creditCents: number;
  /** What the member must pay in the end: ordered − credits, never below 0. */
  payableCents: number;
  promisedCents: number;
  receivedCents: number;
  handedOverCents: number;
  returnedCents: number;
  /** Cheques in the AMAP's or the producer's hands: received + handed over. */
  collectedCents: number;
  /** Still to collect: payable − collected, when positive. */
  dueCents: number;
  /** Collected beyond what is payable: money owed back to the member. */
  owedBackCents: number;
  /** payable − (promised + collected): non-zero means the schedule does not match the total. */
  unscheduledCents: number;
}

export function computeBalance(input: BalanceInput): Balance {
  const sum = (s: ChequeStatus) => input.cheques.filter((c) => c.status === s).reduce((a, c) => a + c.amountCents, 0);
  const promisedCents = sum('promised');
  const receivedCents = sum('received');
  const handedOverCents = sum('handed_over');
  const payableCents = payableOf(input.totalCents, input.creditsCents);
  const collectedCents = receivedCents + handedOverCents;
  return {
    orderedCents: input.totalCents,
    creditCents: input.creditsCents,
    payableCents,
    promisedCents,
    receivedCents,
    handedOverCents,
    returnedCents: sum('returned'),
    collectedCents,
    dueCents: Math.max(0, payableCents - collectedCents),
    owedBackCents: owedBackCents(payableCents, collectedCents),
    unscheduledCents: payableCents - promisedCents - collectedCents,
  };
}
