import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { chequeLines, type ChequeLine } from '../../read/cheque-lines.js';

/** A cheque an action is about: its cheque line (read/cheque-lines.ts). */
export type ChequeRow = ChequeLine;

/** Loads the cheques an action is about, refusing any outside the actor's scope (403) or unknown (404). */
export function chequesInScope(ctx: Ctx, actor: Actor, ids: number[]): ChequeRow[] {
  const unique = [...new Set(ids)];
  const rows = unique.length === 0 ? [] : chequeLines(ctx.db, { chequeIds: unique });
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (ids.some((id) => !byId.has(id))) throw new NotFoundError('Ce chèque n’existe pas.');
  const found = ids.map((id) => byId.get(id)!);
  if (
    found.some((r) => !may(actor, 'handle-money', { type: 'cheque', producerId: r.producerId, memberId: r.memberId }))
  )
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  return found;
}
