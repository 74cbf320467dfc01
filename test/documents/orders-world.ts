/**
 * A known data set for the synthesis and the delivery sheets: "Légumes été 2027" of "GAEC des
 * Volcans" (payee "EARL Les Volcans"), variable quantities, 12 Thursdays from 6 May to 22 July 2027,
 * Petit panier 12 € and Grand panier 18 €, payment dates on the 5th of May, June and July.
 *
 *   Léa Martin       1 Petit at every delivery                        12 × 12 € = 144 €
 *   Émile Édouard    2 Grand at every delivery (note for the sheets)  12 × 36 € = 432 €
 *   Zoé Abadie       1 Petit + 1 Grand at the first six deliveries     6 × 30 € = 180 €
 *   Paul Dupont      1 Grand from the third delivery (20 May) on      10 × 18 € = 180 €
 *
 * Per delivery: Petit 2 (6 May–10 June) then 1; Grand 3, 3, then 4 (20 May–10 June), then 3.
 * Season: 18 Petit, 40 Grand, 936 €.
 */
import { eq } from 'drizzle-orm';
import { members } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';

export const DATES = [
  '2027-05-06',
  '2027-05-13',
  '2027-05-20',
  '2027-05-27',
  '2027-06-03',
  '2027-06-10',
  '2027-06-17',
  '2027-06-24',
  '2027-07-01',
  '2027-07-08',
  '2027-07-15',
  '2027-07-22',
];

export interface OrdersWorld {
  t: TestApp;
  adminId: number;
  c: ContractSetup;
  ids: { lea: number; emile: number; zoe: number; paul: number };
}

export async function ordersWorld(opts: { subscribers?: boolean } = {}): Promise<OrdersWorld> {
  const t = makeTestApp();
  t.clock.set('2027-04-20T10:00:00.000Z');
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const producerId = createProducer(t.ctx, { name: 'GAEC des Volcans', payee: 'EARL Les Volcans' });
  const c = setupContract(t.ctx, admin.id, {
    producerId,
    kind: 'variable',
    products: [
      { name: 'Petit panier', unit: 'panier 2 personnes', priceCents: 1200 },
      { name: 'Grand panier', unit: 'panier 4 personnes', priceCents: 1800 },
    ],
    opensOn: '2027-04-01',
    closesOn: '2027-04-30',
    from: '2027-05-06',
    to: '2027-07-22',
  });
  const [petit, grand] = c.productIds;
  const member = async (firstName: string, lastName: string, email: string) =>
    (await createMember(t.ctx, { firstName, lastName, email, password: null })).id;
  const ids = {
    lea: await member('Léa', 'Martin', 'lea@exemple.fr'),
    emile: await member('Émile', 'Édouard', 'emile@exemple.fr'),
    zoe: await member('Zoé', 'Abadie', 'zoe@exemple.fr'),
    paul: await member('Paul', 'Dupont', 'paul@exemple.fr'),
  };
  t.db
    .update(members)
    .set({ pickupNote: 'Récupère aussi le panier de sa voisine' })
    .where(eq(members.id, ids.emile))
    .run();
  if (opts.subscribers !== false) {
    const a = actor(t.ctx, admin.id);
    const every = (pick: (i: number) => [number, number][]) =>
      c.deliveryIds.flatMap((deliveryId, i) =>
        pick(i).map(([contractProductId, quantity]) => ({ deliveryId, contractProductId, quantity })),
      );
    saveSubscription(
      t.ctx,
      a,
      c.contractId,
      ids.lea,
      every(() => [[petit, 1]]),
      null,
    );
    saveSubscription(
      t.ctx,
      a,
      c.contractId,
      ids.emile,
      every(() => [[grand, 2]]),
      null,
    );
    saveSubscription(
      t.ctx,
      a,
      c.contractId,
      ids.zoe,
      every((i) =>
        i < 6
          ? [
              [petit, 1],
              [grand, 1],
            ]
          : [],
      ),
      null,
    );
    saveSubscription(
      t.ctx,
      a,
      c.contractId,
      ids.paul,
      every((i) => (i >= 2 ? [[grand, 1]] : [])),
      null,
    );
  }
  return { t, adminId: admin.id, c, ids };
}
