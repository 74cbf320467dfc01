import { eq } from 'drizzle-orm';
import { contracts } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { NotFoundError } from '../../lib/errors.js';
import { setContractSheetDays } from '../settings/reminder-settings.js';

/** A contract's own delivery-sheet delay (/admin/rappels); null: the AMAP's delay again. */
export function setContractSheetDelay(ctx: Ctx, actor: Actor, contractId: number, days: number | null): boolean {
  const contract = ctx.db
    .select({ id: contracts.id, producerId: contracts.producerId })
    .from(contracts)
    .where(eq(contracts.id, contractId))
    .get();
  if (!contract) throw new NotFoundError('Ce contrat n’existe pas.');
  return setContractSheetDays(ctx, actor, contract, days);
}
