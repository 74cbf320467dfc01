import { eq } from 'drizzle-orm';
import { products } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ProductInput } from './producers.forms.js';
import { findProduct, productsOf, type ProductRow } from './producers.queries.js';
import { assertManages, foldName, requireProducer } from './producers.service.js';
import { parenthesized } from '../../lib/format.js';

/**
 * The catalogue of a producer: entered once, reused by every contract. A product is never
 * deleted (contracts refer to it), only deactivated. Administrators and the producer's referents.
 */

export function requireProduct(ctx: Ctx, producerId: number, productId: number): ProductRow {
  const p = findProduct(ctx.db, producerId, productId);
  if (!p) throw new NotFoundError('Ce produit n’existe pas.');
  return p;
}

/** The same name and unit twice in one catalogue would be impossible to tell apart in a contract. */
function assertNotDuplicate(ctx: Ctx, producerId: number, input: ProductInput, exceptId?: number): void {
  const clash = productsOf(ctx.db, producerId).find(
    (p) => p.id !== exceptId && foldName(p.name) === foldName(input.name) && foldName(p.unit) === foldName(input.unit),
  );
  if (clash) {
    throw new ValidationError({
      field: 'productName',
      message: `Le catalogue a déjà « ${clash.name} » ${parenthesized(clash.unit)}${clash.active ? '' : ', inactif : réactivez-le plutôt'}.`,
    });
  }
}

export function createProduct(ctx: Ctx, actor: Actor, producerId: number, input: ProductInput): number {
  assertManages(actor, producerId);
  const now = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    assertNotDuplicate(ctx, producerId, input);
    const { id } = ctx.db
      .insert(products)
      .values({
        producerId,
        name: input.name,
        unit: input.unit,
        defaultPriceCents: input.priceCents,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: products.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'product.created',
      targetType: 'product',
      targetId: id,
      details: { producerId, ...input },
    });
    return id;
  });
}

export function updateProduct(
  ctx: Ctx,
  actor: Actor,
  producerId: number,
  productId: number,
  input: ProductInput,
): void {
  assertManages(actor, producerId);
  ctx.db.transaction(() => {
    const before = requireProduct(ctx, producerId, productId);
    assertNotDuplicate(ctx, producerId, input, productId);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const k of ['name', 'unit', 'priceCents'] as const) {
      const was = k === 'priceCents' ? before.defaultPriceCents : before[k];
      if (was !== input[k]) changes[k] = [was, input[k]];
    }
    if (!Object.keys(changes).length) return;
    ctx.db
      .update(products)
      .set({
        name: input.name,
        unit: input.unit,
        defaultPriceCents: input.priceCents,
        updatedAt: ctx.clock().toISOString(),
      })
      .where(eq(products.id, productId))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'product.updated',
      targetType: 'product',
      targetId: productId,
      details: { producerId, ...changes },
    });
  });
}

/** An inactive product stays in the catalogue (and in the contracts using it) but is not offered again. */
export function setProductActive(
  ctx: Ctx,
  actor: Actor,
  producerId: number,
  productId: number,
  active: boolean,
): ProductRow {
  assertManages(actor, producerId);
  return ctx.db.transaction(() => {
    const p = requireProduct(ctx, producerId, productId);
    if (p.active === active) return p;
    ctx.db
      .update(products)
      .set({ active, updatedAt: ctx.clock().toISOString() })
      .where(eq(products.id, productId))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: active ? 'product.reactivated' : 'product.deactivated',
      targetType: 'product',
      targetId: productId,
      details: { producerId, name: p.name, unit: p.unit },
    });
    return p;
  });
}
