/**
 * A known month of distributions for the planning and sign-in sheet tests, built through the real
 * services (subscriptions, cancellation), with duty shifts written straight into their table.
 *
 * "Légumes printemps 2027" (GAEC des Volcans): every Thursday of May 2027 (6, 13, 20, 27), a
 * basket ("Panier de légumes", unit panier) and eggs ("Œufs", unit douzaine).
 * "Pain printemps 2027" (Fournil du Puy): every other Thursday (6 and 20 May, 3 June), "Pain de
 * campagne" (unit "pain de 1 kg").
 *
 * - Léa Martin (06 11 22 33 44, note "récupère pour sa voisine"): 1 basket every week; bread 2 on
 *   the 6th, 1 on the 20th.
 * - Hugo Roux: 3 baskets and 1 dozen eggs every week.
 * - Paul Dupont: 2 dozen eggs every week but the 20th (absent).
 * - Zoé Abel: 1 basket every week, cancelled on 15 May.
 * - Émile Édouard: subscribes on 16 May, 1 basket from the 20th on.
 * - Inès Fabre: bread, 1 on the 20th only (subscribed in April).
 *
 * On the 20th the baskets to bring are 1 + 3 + 1 = 5, eggs 1, bread 2.
 */
import { eq } from 'drizzle-orm';
import { contracts, dutyShifts, members } from '../../server/db/schema/index.js';
import { cancelSubscription, saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';

export interface DistributionWorld {
  t: TestApp;
  adminId: number;
  legumes: ContractSetup;
  pain: ContractSetup;
  people: Record<'lea' | 'hugo' | 'paul' | 'zoe' | 'emile' | 'ines', number>;
  /** Puts a member on duty on a day (optionally in a role, optionally seeking a stand-in). */
  onDuty(memberId: number, dayOn: string, opts?: { role?: string; standInSought?: boolean }): void;
}

export async function distributionWorld(): Promise<DistributionWorld> {
  const t = makeTestApp();
  t.clock.set('2027-04-01T10:00:00.000Z');
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const a = actor(t.ctx, admin.id);
  const legumes = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'GAEC des Volcans' }),
    products: [
      { name: 'Panier de légumes', unit: 'panier', priceCents: 1500 },
      { name: 'Œufs', unit: 'douzaine', priceCents: 400 },
    ],
    opensOn: '2027-03-01',
    closesOn: '2027-04-20',
    from: '2027-05-06',
    to: '2027-05-27',
  });
  t.db.update(contracts).set({ name: 'Légumes printemps 2027' }).where(eq(contracts.id, legumes.contractId)).run();
  const pain = setupContract(t.ctx, admin.id, {
    producerId: createProducer(t.ctx, { name: 'Fournil du Puy' }),
    kind: 'variable',
    frequency: 'fortnightly',
    products: [{ name: 'Pain de campagne', unit: 'pain de 1 kg', priceCents: 450 }],
    opensOn: '2027-03-01',
    closesOn: '2027-04-20',
    from: '2027-05-06',
    to: '2027-06-03',
  });
  t.db.update(contracts).set({ name: 'Pain printemps 2027' }).where(eq(contracts.id, pain.contractId)).run();

  const member = async (firstName: string, lastName: string, phone: string | null = null) =>
    (await createMember(t.ctx, { firstName, lastName, phone, email: null, password: null })).id;
  const people = {
    lea: await member('Léa', 'Martin', '06 11 22 33 44'),
    hugo: await member('Hugo', 'Roux', '07 00 00 00 01'),
    paul: await member('Paul', 'Dupont'),
    zoe: await member('Zoé', 'Abel'),
    emile: await member('Émile', 'Édouard'),
    ines: await member('Inès', 'Fabre'),
  };
  t.db.update(members).set({ pickupNote: 'récupère pour sa voisine' }).where(eq(members.id, people.lea)).run();

  const [veg, eggs] = legumes.productIds;
  const [bread] = pain.productIds;
  const weekly = (product: number, quantity: number, skip: number[] = []) =>
    legumes.deliveryIds
      .filter((_, i) => !skip.includes(i))
      .map((deliveryId) => ({ deliveryId, contractProductId: product, quantity }));
  saveSubscription(t.ctx, a, legumes.contractId, people.lea, weekly(veg, 1), null);
  saveSubscription(t.ctx, a, legumes.contractId, people.hugo, [...weekly(veg, 3), ...weekly(eggs, 1)], null);
  saveSubscription(t.ctx, a, legumes.contractId, people.paul, weekly(eggs, 2, [2]), null);
  saveSubscription(t.ctx, a, legumes.contractId, people.zoe, weekly(veg, 1), null);
  const [bread6, bread20] = pain.deliveryIds;
  saveSubscription(
    t.ctx,
    a,
    pain.contractId,
    people.lea,
    [
      { deliveryId: bread6, contractProductId: bread, quantity: 2 },
      { deliveryId: bread20, contractProductId: bread, quantity: 1 },
    ],
    null,
  );
  saveSubscription(
    t.ctx,
    a,
    pain.contractId,
    people.ines,
    [{ deliveryId: bread20, contractProductId: bread, quantity: 1 }],
    null,
  );
  t.clock.set('2027-05-15T09:00:00.000Z');
  cancelSubscription(t.ctx, a, legumes.contractId, people.zoe);
  t.clock.set('2027-05-16T09:00:00.000Z');
  saveSubscription(t.ctx, a, legumes.contractId, people.emile, weekly(veg, 1, [0, 1]), null);
  t.clock.set('2027-05-18T09:00:00.000Z');

  return {
    t,
    adminId: admin.id,
    legumes,
    pain,
    people,
    onDuty(memberId, dayOn, opts = {}) {
      t.db
        .insert(dutyShifts)
        .values({
          dayOn,
          memberId,
          roleName: opts.role ?? null,
          standInSoughtAt: opts.standInSought ? '2027-05-17T10:00:00.000Z' : null,
          createdAt: '2027-04-20T10:00:00.000Z',
        })
        .run();
    },
  };
}
