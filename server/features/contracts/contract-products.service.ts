import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { parseContractProducts } from './contracts.forms.js';
import { catalogueOf } from './contracts.queries.js';
import { requireManagedContract, setContractProducts } from './contracts.service.js';

/**
 * The products form of the contract page: each product of the producer's catalogue offered or
 * not, with its price; refused fields come back as a ValidationError, one message per field.
 */
export function saveContractProducts(ctx: Ctx, actor: Actor, contractId: number, body: Record<string, unknown>): void {
  const bundle = requireManagedContract(ctx, actor, contractId);
  const parsed = parseContractProducts(body, catalogueOf(ctx.db, bundle.contract.producerId));
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  setContractProducts(ctx, actor, contractId, parsed.products);
}
