import type { Actor, Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { chequeLines, type ChequeLine } from '../../read/cheque-lines.js';

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

/** A cheque an action is about: its cheque line (read/cheque-lines.ts). */
export type ChequeRow = ChequeLine;

/** Loads the cheques an action is about, refusing any outside the actor's scope (403) or unknown (404). */
export function chequesInScope(ctx: Ctx, actor: Actor, ids: number[]): ChequeRow[] {
  const unique = [...new Set(ids)];
  const rows = unique.length === 0 ? [] : chequeLines(ctx.db, { chequeIds: unique });
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (ids.some((id) => !byId.has(id))) throw new NotFoundError('Ce chèque n’existe pas.');
  const found = ids.map((id) => byId.get(id)!);
  if (found.some((r) => !canHandleMoney(actor, r.producerId)))
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  return found;
}
