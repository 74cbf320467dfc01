import { asc, eq } from 'drizzle-orm';
import { contractProducts, products } from '../db/schema/index.js';
import type { Db } from '../db/client.js';

/** A contract's products in the contract's order, with their price. One query. */
export function loadContractProducts(db: Db, contractId: number) {
  return db
    .select({
      id: contractProducts.id,
      name: products.name,
      unit: products.unit,
      priceCents: contractProducts.priceCents,
    })
    .from(contractProducts)
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(eq(contractProducts.contractId, contractId))
    .orderBy(asc(contractProducts.position), asc(contractProducts.id))
    .all();
}
