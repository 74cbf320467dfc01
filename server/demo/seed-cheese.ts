/**
 * The cheese producer's previous season, so that its statistics compare two seasons: the same
 * Thursdays a year before the coming draft (five months, over before the duty roster's months),
 * about twenty households, every cheque received and handed over the month it was due, archived.
 * The coming draft is its copy. Its own random sequence: the rest of the demo stays as it was.
 */
import { eq } from 'drizzle-orm';
import { contracts, handovers, members, products } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { addDays } from '../domain/delivery-calendar.js';
import { prng } from '../lib/prng.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import {
  archiveContract,
  createContract,
  openContract,
  setContractProducts,
} from '../features/contracts/contracts.service.js';
import { generateDeliveries, resetPaymentDates } from '../features/contracts/contract-calendar.service.js';
import { loadContract } from '../read/contract-bundle.js';
import { saveSubscription } from '../features/subscriptions/subscriptions.service.js';
import { chequeLines } from '../read/cheque-lines.js';
import { receiveCheques } from '../features/treasury/cheques.service.js';
import { createHandover } from '../features/treasury/handovers.service.js';
import type { QuantityLine } from '../features/subscriptions/subscriptions.forms.js';
import { receivedAtDistributions } from './seed-season-life.js';

const BANKS = ['Crédit Agricole', 'La Banque Postale', 'Crédit Mutuel', 'Banque Populaire', 'Caisse d’Épargne'];

/** A date 52 weeks earlier: the same weekday a year before. */
const yearBefore = (iso: string) => addDays(iso, -364);

export function seedCheesePreviousSeason(
  ctx: Ctx,
  admin: Actor,
  producerId: number,
  nextId: number,
  households: number[],
): void {
  const rand = prng(2025);
  const next = loadContract(ctx.db, nextId)!;
  const first = yearBefore(next.deliveries[0].deliveryOn);
  // A shorter first season (about five months), over before the months of the duty roster.
  const latest = addDays(ctx.today(), -125);
  const to = addDays(first, 140) < latest ? addDays(first, 140) : latest;
  const id = createContract(ctx, admin, {
    producerId,
    name: `Fromages de chèvre ${first.slice(0, 4)}`,
    description: 'Fromages de chèvre un jeudi sur deux.',
    memberInfo: 'Chèques à l’ordre de la Chèvrerie du Sancy.',
    kind: 'fixed',
    opensOn: addDays(first, -45),
    closesOn: addDays(first, -14),
    paymentsManaged: true,
    paymentInfo: null,
    payee: '',
    paymentDay: 5,
    proposalRule: 'whole-euros',
    minCheque: null,
    membersEditAmounts: true,
  });
  const catalogue = ctx.db
    .select({ id: products.id, defaultPriceCents: products.defaultPriceCents })
    .from(products)
    .where(eq(products.producerId, producerId))
    .all();
  // Last season's prices, a little lower.
  setContractProducts(
    ctx,
    admin,
    id,
    catalogue.map((p) => ({ productId: p.id, priceCents: p.defaultPriceCents - 20, maxPerDelivery: 3 })),
  );
  generateDeliveries(
    ctx,
    admin,
    id,
    { from: first, to, frequency: 'fortnightly', weekday: 4 },
    { dateConfirmed: true },
  );
  resetPaymentDates(ctx, admin, id);
  openContract(ctx, admin, id);

  const bundle = loadContract(ctx.db, id)!;
  for (const memberId of households.slice(4, 26)) {
    const lines: QuantityLine[] = [];
    for (const o of bundle.products) {
      const quantity = rand() < 0.5 ? 1 + Math.floor(rand() * 2) : 0;
      if (quantity)
        for (const d of bundle.deliveries) lines.push({ deliveryId: d.id, contractProductId: o.id, quantity });
    }
    if (lines.length === 0)
      for (const d of bundle.deliveries)
        lines.push({ deliveryId: d.id, contractProductId: bundle.products[0].id, quantity: 1 });
    saveSubscription(ctx, admin, id, memberId, lines, null);
  }

  // The treasurer received every cheque and handed each month's over to the producer.
  const treasurer = findActiveActor(
    ctx.db,
    ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'tresorier@demo.amap')).get()!.id,
  )!;
  const promised = chequeLines(ctx.db, { contractId: id, statuses: ['promised'] }, 'member');
  receiveCheques(
    ctx,
    treasurer,
    promised.map((c) => ({
      chequeId: c.id,
      bank: BANKS[Math.floor(rand() * BANKS.length)],
      number: String(2000000 + Math.floor(rand() * 7999999)),
    })),
  );
  receivedAtDistributions(ctx, id);
  for (const p of bundle.paymentDates) {
    const h = createHandover(ctx, treasurer, id, p.id, 'Remis à la distribution, bordereau signé.');
    ctx.db
      .update(handovers)
      .set({ handedOverOn: addDays(p.dueOn, 3) })
      .where(eq(handovers.id, h.id))
      .run();
  }
  archiveContract(ctx, admin, id);
  // The coming season was copied from this one.
  ctx.db.update(contracts).set({ copiedFromId: id }).where(eq(contracts.id, nextId)).run();
}
