import { eq, inArray } from 'drizzle-orm';
import { cheques, contracts, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';

/** The treasurer and administrators handle every cheque; a referent those of their producers. */
export function canHandleMoney(actor: Actor | null | undefined, producerId?: number): boolean {
  if (!actor) return false;
  if (actor.roles.includes('treasurer') || actor.roles.includes('admin')) return true;
  return producerId === undefined ? actor.referentOf.length > 0 : actor.referentOf.includes(producerId);
}

/** Producers whose cheques the actor handles; null means all of them. */
export function moneyScope(actor: Actor): number[] | null {
  return actor.roles.includes('treasurer') || actor.roles.includes('admin') ? null : actor.referentOf;
}

export interface ChequeRow {
  id: number;
  subscriptionId: number;
  subscriptionStatus: 'active' | 'cancelled';
  paymentDateId: number;
  amountCents: number;
  status: 'promised' | 'received' | 'handed_over' | 'cancelled' | 'returned';
  contractId: number;
  producerId: number;
  memberId: number;
  handoverId: number | null;
}

/** Loads the cheques an action is about, refusing any outside the actor's scope (403) or unknown (404). */
export function chequesInScope(ctx: Ctx, actor: Actor, ids: number[]): ChequeRow[] {
  const unique = [...new Set(ids)];
  const rows =
    unique.length === 0
      ? []
      : ctx.db
          .select({
            id: cheques.id,
            subscriptionId: cheques.subscriptionId,
            subscriptionStatus: subscriptions.status,
            paymentDateId: cheques.paymentDateId,
            amountCents: cheques.amountCents,
            status: cheques.status,
            contractId: contracts.id,
            producerId: contracts.producerId,
            memberId: subscriptions.memberId,
            handoverId: cheques.handoverId,
          })
          .from(cheques)
          .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
          .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
          .where(inArray(cheques.id, unique))
          .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (ids.some((id) => !byId.has(id))) throw new NotFoundError('Ce chèque n’existe pas.');
  const found = ids.map((id) => byId.get(id)!) as ChequeRow[];
  if (found.some((r) => !canHandleMoney(actor, r.producerId)))
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  return found;
}
