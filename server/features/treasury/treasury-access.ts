import { eq, inArray } from 'drizzle-orm';
import { cheques, contracts, subscriptions } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';

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
  if (
    found.some((r) => !may(actor, 'handle-money', { type: 'cheque', producerId: r.producerId, memberId: r.memberId }))
  )
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  return found;
}
