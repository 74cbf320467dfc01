import { and, asc, eq, inArray } from 'drizzle-orm';
import { cheques, credits, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../lib/context.js';
import type { ContractPaymentDate } from '../contracts/contracts.queries.js';

/** Cheques that are part of the schedule; those received or handed over can no longer change. */
export const ACTIVE_CHEQUE = ['promised', 'received', 'handed_over'] as const;
export const FROZEN_CHEQUE = ['received', 'handed_over'] as const;

export type ChequeStatus = 'promised' | 'received' | 'handed_over' | 'cancelled' | 'returned';

/** One line of a subscription's schedule: a payment date and the cheque that pays it, if any. */
export interface ScheduleLine {
  paymentDateId: number;
  dueOn: string;
  amountCents: number;
  frozen: boolean;
  chequeId: number | null;
  status: ChequeStatus | null;
}

/** The schedule as it stands: one line per payment date of the contract, in date order. */
export function currentSchedule(db: Db, subscriptionId: number | null, dates: ContractPaymentDate[]): ScheduleLine[] {
  const active =
    subscriptionId === null
      ? []
      : db
          .select({
            id: cheques.id,
            paymentDateId: cheques.paymentDateId,
            amountCents: cheques.amountCents,
            status: cheques.status,
          })
          .from(cheques)
          .where(and(eq(cheques.subscriptionId, subscriptionId), inArray(cheques.status, [...ACTIVE_CHEQUE])))
          .orderBy(asc(cheques.id))
          .all();
  const byDate = new Map(active.map((c) => [c.paymentDateId, c]));
  return dates.map((d) => {
    const c = byDate.get(d.id);
    return {
      paymentDateId: d.id,
      dueOn: d.dueOn,
      amountCents: c?.amountCents ?? 0,
      frozen: !!c && (FROZEN_CHEQUE as readonly string[]).includes(c.status),
      chequeId: c?.id ?? null,
      status: (c?.status as ChequeStatus) ?? null,
    };
  });
}

/**
 * Makes the cheques match the new amounts, line by line: a promised cheque changes amount or is
 * cancelled (never deleted), a new line gets a promised cheque, frozen lines are left alone.
 * Inside the caller's transaction.
 */
export function writeCheques(ctx: Ctx, subscriptionId: number, lines: ScheduleLine[], amounts: number[]): void {
  const now = ctx.clock().toISOString();
  lines.forEach((line, i) => {
    const amount = amounts[i];
    if (line.frozen) {
      if (amount !== line.amountCents) throw new Error(`frozen cheque ${line.chequeId} would change`);
      return;
    }
    if (line.chequeId !== null) {
      if (amount === 0) {
        ctx.db.update(cheques).set({ status: 'cancelled', updatedAt: now }).where(eq(cheques.id, line.chequeId)).run();
      } else if (amount !== line.amountCents) {
        ctx.db.update(cheques).set({ amountCents: amount, updatedAt: now }).where(eq(cheques.id, line.chequeId)).run();
      }
    } else if (amount > 0) {
      ctx.db
        .insert(cheques)
        .values({
          subscriptionId,
          paymentDateId: line.paymentDateId,
          amountCents: amount,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
  });
}

/** Money owed back to the member: cheques already kept beyond the ordered total. */
export function creditOf(totalCents: number, lines: { amountCents: number; frozen: boolean }[]): number {
  const frozen = lines.filter((l) => l.frozen).reduce((s, l) => s + l.amountCents, 0);
  return Math.max(0, frozen - totalCents);
}

export function subscriptionIdOf(db: Db, contractId: number, memberId: number): number | null {
  return (
    db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.memberId, memberId)))
      .get()?.id ?? null
  );
}

/** The schedules of every subscription of a contract, in two queries (no query per member). */
export function contractSchedules(
  db: Db,
  subscriptionIds: number[],
  dates: ContractPaymentDate[],
): Map<number, ScheduleLine[]> {
  const active =
    subscriptionIds.length === 0
      ? []
      : db
          .select({
            id: cheques.id,
            subscriptionId: cheques.subscriptionId,
            paymentDateId: cheques.paymentDateId,
            amountCents: cheques.amountCents,
            status: cheques.status,
          })
          .from(cheques)
          .where(and(inArray(cheques.subscriptionId, subscriptionIds), inArray(cheques.status, [...ACTIVE_CHEQUE])))
          .all();
  const key = (s: number, d: number) => `${s}:${d}`;
  const byKey = new Map(active.map((c) => [key(c.subscriptionId, c.paymentDateId), c]));
  return new Map(
    subscriptionIds.map((sid) => [
      sid,
      dates.map((d) => {
        const c = byKey.get(key(sid, d.id));
        return {
          paymentDateId: d.id,
          dueOn: d.dueOn,
          amountCents: c?.amountCents ?? 0,
          frozen: !!c && (FROZEN_CHEQUE as readonly string[]).includes(c.status),
          chequeId: c?.id ?? null,
          status: (c?.status as ChequeStatus) ?? null,
        };
      }),
    ]),
  );
}

/** Σ credits (avoirs) granted on each subscription: the schedule covers the total minus them. */
export function grantedCredits(db: Db, subscriptionIds: number[]): Map<number, number> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = db
    .select({ subscriptionId: credits.subscriptionId, amountCents: credits.amountCents })
    .from(credits)
    .where(inArray(credits.subscriptionId, subscriptionIds))
    .all();
  const out = new Map<number, number>();
  for (const r of rows) out.set(r.subscriptionId, (out.get(r.subscriptionId) ?? 0) + r.amountCents);
  return out;
}

/** What the cheques must cover: the total minus credits, never below zero. */
export function payableCents(totalCents: number, creditsCents: number): number {
  return Math.max(0, totalCents - creditsCents);
}
