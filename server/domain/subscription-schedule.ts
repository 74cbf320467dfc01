/**
 * A subscription's schedule against its cheques (DESIGN §5 "Payment schedule" and "Cheques"): which
 * lines are frozen, what the cheques must cover once credits (avoirs) are deducted, what is owed back
 * to the member, and which cheques a new schedule creates, changes or cancels. Pure: the feature reads
 * the rows and writes what these functions decide.
 */
import { isActive, isFrozen, transition, type ChequeStatus } from './cheque-status.js';
import { assertCents, sumCents } from './money.js';
import {
  rebalanceSchedule,
  type LineAmount,
  type RebalanceResult,
  type ScheduleLine,
  type ScheduleSettings,
} from './payment-schedule.js';

/** A cheque as stored: the payment date it pays, its amount and where it stands. */
export interface StoredCheque {
  id: number;
  paymentDateId: number;
  amountCents: number;
  status: ChequeStatus;
}

/**
 * One line per payment date, in the order of `dates` (date order). A line carries the date's active
 * cheque (promised, received or handed over); cancelled and returned cheques pay nothing and are
 * ignored. The line is frozen once its cheque is received or handed over: that money is in the
 * AMAP's or the producer's hands, so no later change may alter it.
 */
export function scheduleLines(
  dates: readonly { id: number; dueOn: string }[],
  cheques: readonly StoredCheque[],
): ScheduleLine[] {
  const byDate = new Map(cheques.filter((c) => isActive(c.status)).map((c) => [c.paymentDateId, c]));
  return dates.map((d) => {
    const c = byDate.get(d.id);
    return {
      paymentDateId: d.id,
      dueOn: d.dueOn,
      amountCents: c?.amountCents ?? 0,
      frozen: c ? isFrozen(c.status) : false,
      chequeId: c?.id ?? null,
      status: c?.status ?? null,
    };
  });
}

/** What the cheques must cover: the total minus the credits (avoirs) granted, never below zero. */
export function payableCents(totalCents: number, creditsCents: number): number {
  assertCents(totalCents, 'payableCents');
  assertCents(creditsCents, 'payableCents');
  return Math.max(0, totalCents - creditsCents);
}

/** Σ of the frozen lines: money already collected, which no change gives back by itself. */
export function frozenCents(lines: readonly LineAmount[]): number {
  return sumCents(lines.filter((l) => l.frozen).map((l) => l.amountCents));
}

/**
 * Money owed back to the member: cheques collected (frozen) beyond what is payable,
 * `max(0, frozen − payable)`; 0 while they do not exceed it.
 */
export function owedBackCents(payable: number, frozen: number): number {
  assertCents(payable, 'owedBackCents');
  assertCents(frozen, 'owedBackCents');
  return Math.max(0, frozen - payable);
}

export interface Rescheduled extends RebalanceResult {
  /** Total minus credits: what the amounts (plus `unassignedCents`, minus `creditCents`) add up to. */
  payableCents: number;
}

/**
 * The schedule after what the member owes changed (quantities, calendar, a credit granted, a cheque
 * undone or returned): frozen lines keep their amount, the open ones are proposed again over
 * `payable − frozen` with the contract's rule and minimum. `creditCents` is the money owed back
 * (`owedBackCents`), `unassignedCents` what no open line can carry (see `rebalanceSchedule`).
 */
export function reschedule(input: {
  totalCents: number;
  creditsCents: number;
  lines: readonly LineAmount[];
  settings: ScheduleSettings;
}): Rescheduled {
  const payable = payableCents(input.totalCents, input.creditsCents);
  return { ...rebalanceSchedule(payable, input.lines, input.settings), payableCents: payable };
}

/** The writes that make the stored cheques match a new schedule. */
export interface ChequeWrites {
  /** Promised cheques whose line went to 0: cancelled, never deleted (money history). */
  cancel: number[];
  /** Promised cheques whose amount changes. */
  change: { chequeId: number; amountCents: number }[];
  /** Lines without a cheque that now carry an amount: one new promised cheque each. */
  create: { paymentDateId: number; amountCents: number }[];
}

/**
 * What to write so that the cheques of `lines` carry `amounts` (same order). A frozen line must keep
 * its amount: a change there is a bug upstream (the rules above never propose one), so it throws
 * instead of rewriting money already collected. An open line's cheque is promised, and cancelling it
 * goes through the cheque state machine.
 */
export function chequeWrites(lines: readonly ScheduleLine[], amounts: readonly number[]): ChequeWrites {
  if (amounts.length !== lines.length) {
    throw new RangeError(`chequeWrites: ${amounts.length} amounts for ${lines.length} lines`);
  }
  const writes: ChequeWrites = { cancel: [], change: [], create: [] };
  lines.forEach((line, i) => {
    const amount = amounts[i];
    assertCents(amount, 'chequeWrites');
    if (amount < 0) throw new RangeError(`chequeWrites: negative amount ${amount}`);
    if (line.frozen) {
      if (amount !== line.amountCents) throw new Error(`chequeWrites: frozen cheque ${line.chequeId} would change`);
      return;
    }
    if (line.chequeId === null) {
      if (amount > 0) writes.create.push({ paymentDateId: line.paymentDateId, amountCents: amount });
    } else if (amount === 0) {
      const t = transition(line.status ?? 'promised', 'cancel');
      if (!t.ok) throw new Error(t.message);
      writes.cancel.push(line.chequeId);
    } else if (amount !== line.amountCents) {
      writes.change.push({ chequeId: line.chequeId, amountCents: amount });
    }
  });
  return writes;
}
