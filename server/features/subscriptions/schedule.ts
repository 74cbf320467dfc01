import { and, asc, eq, inArray } from 'drizzle-orm';
import { cheques, credits, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Ctx } from '../../lib/context.js';
import type { ContractPaymentDate } from '../../read/contract-bundle.js';
import { ACTIVE_STATUSES } from '../../domain/cheque-status.js';
import type { ScheduleLine } from '../../domain/payment-schedule.js';
import { chequeWrites, scheduleLines } from '../../domain/subscription-schedule.js';

export type { ScheduleLine } from '../../domain/payment-schedule.js';

/** The schedule as it stands: one line per payment date of the contract, in date order. */
export function currentSchedule(db: Db, subscriptionId: number | null, dates: ContractPaymentDate[]): ScheduleLine[] {
  if (subscriptionId === null) return scheduleLines(dates, []);
  return contractSchedules(db, [subscriptionId], dates).get(subscriptionId)!;
}

/** The schedules of several subscriptions of one contract, in one query (no query per member). */
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
          .where(and(inArray(cheques.subscriptionId, subscriptionIds), inArray(cheques.status, [...ACTIVE_STATUSES])))
          .orderBy(asc(cheques.id))
          .all();
  const bySubscription = new Map(subscriptionIds.map((sid) => [sid, [] as typeof active]));
  for (const c of active) bySubscription.get(c.subscriptionId)!.push(c);
  return new Map([...bySubscription].map(([sid, mine]) => [sid, scheduleLines(dates, mine)]));
}

/**
 * Makes the cheques match the new amounts, as `chequeWrites` decides: promised cheques change amount
 * or are cancelled (never deleted), new lines get a promised cheque, frozen ones are left alone.
 * Inside the caller's transaction.
 */
export function writeCheques(ctx: Ctx, subscriptionId: number, lines: ScheduleLine[], amounts: number[]): void {
  const writes = chequeWrites(lines, amounts);
  const now = ctx.clock().toISOString();
  if (writes.cancel.length) {
    ctx.db.update(cheques).set({ status: 'cancelled', updatedAt: now }).where(inArray(cheques.id, writes.cancel)).run();
  }
  for (const c of writes.change) {
    ctx.db.update(cheques).set({ amountCents: c.amountCents, updatedAt: now }).where(eq(cheques.id, c.chequeId)).run();
  }
  if (writes.create.length) {
    ctx.db
      .insert(cheques)
      .values(writes.create.map((c) => ({ subscriptionId, ...c, createdAt: now, updatedAt: now })))
      .run();
  }
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
