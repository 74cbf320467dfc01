import { producers, producerReferents, products } from '../../server/db/schema/index.js';
import type { Actor, Ctx } from '../../server/lib/context.js';
import { findActiveActor } from '../../server/features/auth/auth.queries.js';
import {
  createContract,
  openContract,
  setContractProducts,
} from '../../server/features/contracts/contracts.service.js';
import { generateDeliveries, resetPaymentDates } from '../../server/features/contracts/contract-calendar.service.js';
import { loadContract } from '../../server/read/contract-bundle.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

export function actor(ctx: Ctx, memberId: number): Actor {
  return findActiveActor(ctx.db, memberId)!;
}

export function createProducer(ctx: Ctx, input: { name?: string; payee?: string; referentIds?: number[] } = {}) {
  const now = ctx.clock().toISOString();
  const name = input.name ?? 'GAEC des Volcans';
  const { id } = ctx.db
    .insert(producers)
    .values({ name, payee: input.payee ?? name, createdAt: now, updatedAt: now })
    .returning({ id: producers.id })
    .get();
  for (const memberId of input.referentIds ?? [])
    ctx.db.insert(producerReferents).values({ producerId: id, memberId }).run();
  return id;
}

export function createProduct(ctx: Ctx, producerId: number, name: string, unit: string, priceCents: number) {
  const now = ctx.clock().toISOString();
  return ctx.db
    .insert(products)
    .values({ producerId, name, unit, defaultPriceCents: priceCents, createdAt: now, updatedAt: now })
    .returning({ id: products.id })
    .get().id;
}

export interface ContractSetup {
  producerId: number;
  contractId: number;
  /** contract product ids, in the order of `products` */
  productIds: number[];
  deliveryIds: number[];
  paymentDateIds: number[];
}

/**
 * A ready contract through the real services: products, deliveries generated, one payment date
 * per month, opened (unless status 'draft').
 */
export function setupContract(
  ctx: Ctx,
  managerId: number,
  opts: {
    producerId?: number;
    kind?: 'fixed' | 'variable';
    products?: { name: string; unit: string; priceCents: number; max?: number }[];
    opensOn?: string;
    closesOn?: string;
    from?: string;
    to?: string;
    frequency?: 'weekly' | 'fortnightly';
    status?: 'draft' | 'open';
    minChequeCents?: number | null;
    membersEditAmounts?: boolean;
    proposalRule?: 'whole-euros' | 'cents';
    paymentsManaged?: boolean;
  } = {},
): ContractSetup {
  const a = actor(ctx, managerId);
  const producerId = opts.producerId ?? createProducer(ctx, { referentIds: [] });
  const productIds = (opts.products ?? [{ name: 'Panier de légumes', unit: 'panier', priceCents: 1500 }]).map((p) => ({
    id: createProduct(ctx, producerId, p.name, p.unit, p.priceCents),
    ...p,
  }));
  const contractId = createContract(ctx, a, {
    producerId,
    name: 'Légumes été 2027',
    description: null,
    memberInfo: 'Chèques à apporter à la première distribution.',
    kind: opts.kind ?? 'fixed',
    opensOn: opts.opensOn ?? '2026-11-01',
    closesOn: opts.closesOn ?? '2026-12-15',
    paymentsManaged: opts.paymentsManaged ?? true,
    paymentInfo: null,
    payee: '',
    paymentDay: 5,
    proposalRule: opts.proposalRule ?? 'whole-euros',
    minCheque: opts.minChequeCents ?? null,
    membersEditAmounts: opts.membersEditAmounts ?? true,
  });
  setContractProducts(
    ctx,
    a,
    contractId,
    productIds.map((p) => ({ productId: p.id, priceCents: p.priceCents, maxPerDelivery: p.max ?? null })),
  );
  generateDeliveries(
    ctx,
    a,
    contractId,
    { from: opts.from ?? '2027-01-07', to: opts.to ?? '2027-03-25', frequency: opts.frequency ?? 'weekly', weekday: 4 },
    // A test may set up a season already begun.
    { dateConfirmed: true },
  );
  if (opts.paymentsManaged ?? true) resetPaymentDates(ctx, a, contractId);
  if ((opts.status ?? 'open') === 'open') openContract(ctx, a, contractId);
  const bundle = loadContract(ctx.db, contractId)!;
  return {
    producerId,
    contractId,
    productIds: productIds.map((p) => bundle.products.find((o) => o.productId === p.id)!.id),
    deliveryIds: bundle.deliveries.map((d) => d.id),
    paymentDateIds: bundle.paymentDates.map((p) => p.id),
  };
}

/**
 * A member's subscription through the real service: `quantity` of the contract's first product at
 * every delivery, entered by `by` (the member themself unless told otherwise). Returns its id.
 */
export function subscribeEveryDelivery(
  ctx: Ctx,
  c: Pick<ContractSetup, 'contractId' | 'deliveryIds' | 'productIds'>,
  memberId: number,
  opts: { quantity?: number; by?: number } = {},
): number {
  const lines = c.deliveryIds.map((deliveryId) => ({
    deliveryId,
    contractProductId: c.productIds[0],
    quantity: opts.quantity ?? 1,
  }));
  return saveSubscription(ctx, actor(ctx, opts.by ?? memberId), c.contractId, memberId, lines, null);
}
