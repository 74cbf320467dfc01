import { and, eq, lte } from 'drizzle-orm';
import { cheques, handovers, members, paymentDates, products, subscriptions } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { addDays } from '../domain/delivery-calendar.js';
import { addReferent, addProducerAccount, createProducer } from '../features/producers/producers.service.js';
import { createProduct } from '../features/producers/products.service.js';
import { createContract, openContract, setContractProducts } from '../features/contracts/contracts.service.js';
import { generateDeliveries, resetPaymentDates } from '../features/contracts/contract-calendar.service.js';
import { loadContract } from '../read/contract-bundle.js';
import { saveSubscription } from '../features/subscriptions/subscriptions.service.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { receiveCheques } from '../features/treasury/cheques.service.js';
import { createHandover } from '../features/treasury/handovers.service.js';
import { grantCredit } from '../features/treasury/credits.service.js';
import type { QuantityLine } from '../features/subscriptions/subscriptions.forms.js';
import { seedCheesePreviousSeason } from './seed-cheese.js';
import { receivedAtDistributions, vegetablesSeasonLife } from './seed-season-life.js';

type Rand = () => number;

interface ProducerSpec {
  name: string;
  payee: string;
  description: string;
  email: string;
  phone: string;
  address: string;
  products: [string, string, number][];
}

const PRODUCERS: ProducerSpec[] = [
  {
    name: 'GAEC des Volcans',
    payee: 'GAEC des Volcans',
    description: 'Maraîchage bio sur 3 hectares au pied du puy de Dôme.',
    email: 'contact@gaec-volcans.example',
    phone: '04 73 00 11 22',
    address: 'Lieu-dit Les Granges, 63870 Orcines',
    products: [
      ['Petit panier de légumes', 'panier (2 personnes)', 1200],
      ['Grand panier de légumes', 'panier (4 personnes)', 1800],
    ],
  },
  {
    name: 'Fournil de la Sioule',
    payee: 'SARL Fournil de la Sioule',
    description: 'Pain au levain, farines de la meunerie voisine, cuit au feu de bois.',
    email: 'fournil.sioule@example.org',
    phone: '04 73 22 33 44',
    address: '2 rue du Moulin, 63440 Blot-l’Église',
    products: [
      ['Pain de campagne', 'pain de 1 kg', 560],
      ['Pain complet', 'pain de 750 g', 480],
      ['Brioche', 'brioche de 500 g', 650],
    ],
  },
  {
    name: 'Ferme des Combrailles',
    payee: 'EARL des Combrailles',
    description: 'Poules pondeuses en plein air.',
    email: 'oeufs@combrailles.example',
    phone: '06 44 55 66 77',
    address: 'Le Bourg, 63380 Pontaumur',
    products: [
      ['Œufs', 'boîte de 6', 270],
      ['Œufs', 'douzaine', 520],
    ],
  },
  {
    name: 'Chèvrerie du Sancy',
    payee: 'Chèvrerie du Sancy',
    description: 'Fromages de chèvre au lait cru.',
    email: 'chevrerie.sancy@example.org',
    phone: '06 11 22 33 44',
    address: 'Route de Besse, 63610 Besse',
    products: [
      ['Crottin frais', 'pièce', 250],
      ['Crottin affiné', 'pièce', 280],
      ['Tomme de chèvre', '500 g', 1150],
    ],
  },
  {
    name: 'Vergers de Limagne',
    payee: 'Vergers de Limagne',
    description: 'Pommes et poires, jus pressé à la ferme.',
    email: 'vergers.limagne@example.org',
    phone: '04 73 55 66 77',
    address: '14 chemin des Pommiers, 63200 Riom',
    products: [
      ['Pommes', 'sac de 3 kg', 780],
      ['Jus de pomme', 'bouteille de 1 L', 350],
    ],
  },
  {
    name: 'Volailles du Livradois',
    payee: 'Volailles du Livradois',
    description: 'Poulets fermiers élevés 110 jours en plein air.',
    email: 'volailles.livradois@example.org',
    phone: '06 77 88 99 00',
    address: 'La Chapelle, 63890 Saint-Amant-Roche-Savine',
    products: [
      ['Poulet fermier', 'pièce (1,8 kg env.)', 1650],
      ['Pintade', 'pièce (1,4 kg env.)', 1750],
    ],
  },
];

function isoMonthDay(today: string, months: number, day: number): string {
  const [y, m] = today.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The season's producers and contracts around "today": vegetables running since September
 * (subscriptions closed), bread and poultry open for subscription now, cheese in draft (copied from
 * last season's, archived).
 */
export function seedContracts(ctx: Ctx, admin: Actor, rand: Rand): void {
  const today = ctx.today();
  const referent = ctx.db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.email, 'referent@demo.amap'))
    .get()!;
  const producerIds = PRODUCERS.map((p) => {
    const id = createProducer(ctx, admin, {
      name: p.name,
      payee: p.payee,
      description: p.description,
      email: p.email,
      phone: p.phone,
      address: p.address,
    });
    for (const [name, unit, priceCents] of p.products) createProduct(ctx, admin, id, { name, unit, priceCents });
    return id;
  });
  const [vegetables, bread, eggs, cheese, , poultry] = producerIds;
  addReferent(ctx, admin, vegetables, referent.id, true);
  addReferent(ctx, admin, bread, referent.id, true);
  // The households, not the demo accounts.
  const others = ctx.db
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(eq(members.active, true))
    .all()
    .filter((m) => !m.email?.endsWith('@demo.amap'))
    .map((m) => m.id);
  addReferent(ctx, admin, eggs, others[3], true);
  addReferent(ctx, admin, poultry, others[7], false);
  addProducerAccount(ctx, admin, vegetables, others[11]);

  const productsOf = (producerId: number) =>
    ctx.db
      .select({ id: products.id, defaultPriceCents: products.defaultPriceCents })
      .from(products)
      .where(eq(products.producerId, producerId))
      .all();
  const make = (
    producerId: number,
    o: {
      name: string;
      kind: 'fixed' | 'variable';
      opensOn: string;
      closesOn: string;
      from: string;
      to: string;
      frequency: 'weekly' | 'fortnightly' | 'monthly';
      weekday: number;
      minCheque?: number;
      memberInfo: string;
      open: boolean;
      description: string;
    },
  ) => {
    const id = createContract(ctx, admin, {
      producerId,
      name: o.name,
      description: o.description,
      memberInfo: o.memberInfo,
      kind: o.kind,
      opensOn: o.opensOn,
      closesOn: o.closesOn,
      paymentsManaged: true,
      paymentInfo: null,
      payee: '',
      paymentDay: 5,
      proposalRule: 'whole-euros',
      minCheque: o.minCheque ?? null,
      membersEditAmounts: true,
    });
    setContractProducts(
      ctx,
      admin,
      id,
      productsOf(producerId).map((p) => ({
        productId: p.id,
        priceCents: p.defaultPriceCents,
        maxPerDelivery: o.kind === 'variable' ? 6 : 3,
      })),
    );
    generateDeliveries(
      ctx,
      admin,
      id,
      o.frequency === 'monthly'
        ? { from: o.from, to: o.to, frequency: 'monthly', weekday: o.weekday, nth: 1 }
        : { from: o.from, to: o.to, frequency: o.frequency, weekday: o.weekday },
      // The demo's running season started months ago.
      { dateConfirmed: true },
    );
    resetPaymentDates(ctx, admin, id);
    if (o.open) openContract(ctx, admin, id);
    return id;
  };

  const seasonStart = isoMonthDay(today, -3, 1);
  const vegetablesId = make(vegetables, {
    name: 'Légumes automne-hiver',
    kind: 'fixed',
    opensOn: isoMonthDay(today, -5, 1),
    closesOn: isoMonthDay(today, -4, 20),
    from: seasonStart,
    to: isoMonthDay(today, 3, 28),
    frequency: 'weekly',
    weekday: 4,
    open: true,
    description: 'Un panier de légumes de saison chaque jeudi.',
    memberInfo:
      'Chèques à l’ordre du GAEC des Volcans, à remettre à la table des référents à la première distribution.',
  });
  const breadId = make(bread, {
    name: 'Pain 1er semestre',
    kind: 'variable',
    opensOn: isoMonthDay(today, 0, 1),
    closesOn: addDays(today, 17),
    from: isoMonthDay(today, 2, 1),
    to: isoMonthDay(today, 7, 30),
    frequency: 'fortnightly',
    weekday: 4,
    open: true,
    description: 'Pain au levain un jeudi sur deux : choisissez vos pains pour chaque livraison.',
    memberInfo: 'Commande modifiable jusqu’à la fermeture des souscriptions.',
  });
  const poultryId = make(poultry, {
    name: 'Volailles 1er semestre',
    kind: 'variable',
    opensOn: isoMonthDay(today, 0, 1),
    closesOn: addDays(today, 24),
    from: isoMonthDay(today, 2, 1),
    to: isoMonthDay(today, 7, 30),
    frequency: 'monthly',
    weekday: 4,
    minCheque: 3000,
    open: true,
    description: 'Un poulet ou une pintade le premier jeudi du mois.',
    memberInfo: 'Chèques de 30 € au moins.',
  });
  make(eggs, {
    name: 'Œufs 1er semestre',
    kind: 'fixed',
    opensOn: addDays(today, 10),
    closesOn: addDays(today, 40),
    from: isoMonthDay(today, 2, 1),
    to: isoMonthDay(today, 7, 30),
    frequency: 'weekly',
    weekday: 4,
    open: true,
    description: 'Des œufs frais chaque semaine.',
    memberInfo: 'Souscription en décembre.',
  });
  const cheeseId = make(cheese, {
    name: `Fromages de chèvre ${isoMonthDay(today, 3, 1).slice(0, 4)}`,
    kind: 'fixed',
    opensOn: addDays(today, 30),
    closesOn: addDays(today, 60),
    from: isoMonthDay(today, 3, 1),
    to: isoMonthDay(today, 9, 30),
    frequency: 'fortnightly',
    weekday: 4,
    open: false,
    description: 'En préparation.',
    memberInfo: '',
  });

  // Subscriptions: about 30 households take vegetables, a dozen already ordered bread or poultry.
  const amapien = ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'amapien@demo.amap')).get()!
    .id;
  const subscribers = [amapien, referent.id, ...others.slice(0, 28)];
  const veg = loadContract(ctx.db, vegetablesId)!;
  const open = (b: typeof veg) => b.deliveries.filter((d) => !d.cancelled);
  for (const memberId of subscribers) {
    const cp = veg.products[rand() < 0.55 ? 0 : 1];
    const lines: QuantityLine[] = open(veg).map((d) => ({
      deliveryId: d.id,
      contractProductId: cp.id,
      quantity: 1,
    }));
    saveSubscription(ctx, admin, vegetablesId, memberId, lines, null);
  }
  for (const [contractId, count] of [
    [breadId, 12],
    [poultryId, 8],
  ] as const) {
    const b = loadContract(ctx.db, contractId)!;
    for (const memberId of subscribers.slice(2, 2 + count)) {
      const lines: QuantityLine[] = [];
      for (const d of open(b)) {
        for (const o of b.products) {
          const q = rand() < (b.products.length > 2 ? 0.35 : 0.45) ? 1 + Math.floor(rand() * 2) : 0;
          if (q) lines.push({ deliveryId: d.id, contractProductId: o.id, quantity: q });
        }
      }
      if (lines.length === 0)
        lines.push({ deliveryId: open(b)[0].id, contractProductId: b.products[0].id, quantity: 1 });
      saveSubscription(ctx, admin, contractId, memberId, lines, null);
    }
  }

  vegetablesSeasonLife(ctx, admin, vegetablesId, subscribers, others[28]);

  // The vegetables season started: the cheques of the months gone by were collected, except the
  // latest one of a few members (the treasurer has something to chase).
  const rows = ctx.db
    .select({ id: cheques.id, subscriptionId: cheques.subscriptionId, dueOn: paymentDates.dueOn })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(
      and(eq(subscriptions.contractId, vegetablesId), eq(cheques.status, 'promised'), lte(paymentDates.dueOn, today)),
    )
    .all();
  const latestDue = rows.reduce((m, r) => (r.dueOn > m ? r.dueOn : m), '');
  const due = rows.filter((r) => !(r.dueOn === latestDue && r.subscriptionId % 7 === 3)).map((r) => r.id);
  // Received by the treasurer at the table, with bank and number as written on them.
  const treasurer = findActiveActor(
    ctx.db,
    ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'tresorier@demo.amap')).get()!.id,
  )!;
  const banks = [
    'Crédit Agricole',
    'Banque Populaire',
    'La Banque Postale',
    'Crédit Mutuel',
    'Société Générale',
    'BNP Paribas',
    'Caisse d’Épargne',
  ];
  if (due.length) {
    receiveCheques(
      ctx,
      treasurer,
      due.map((chequeId) => ({
        chequeId,
        bank: banks[Math.floor(rand() * banks.length)],
        number: String(1000000 + Math.floor(rand() * 8999999)),
      })),
    );
    receivedAtDistributions(ctx, vegetablesId);
  }
  // The two oldest months were handed over to the producer.
  const vegDates = loadContract(ctx.db, vegetablesId)!.paymentDates.filter((p) => p.dueOn <= today);
  for (const p of vegDates.slice(0, 2)) {
    const h = createHandover(ctx, treasurer, vegetablesId, p.id, 'Remis à la distribution, bordereau signé.');
    // Done at the distribution after that payment date, not today.
    ctx.db
      .update(handovers)
      .set({ handedOverOn: addDays(p.dueOn, 3) })
      .where(eq(handovers.id, h.id))
      .run();
  }
  // A basket the producer could not deliver, credited to one member.
  const credited = ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, vegetablesId), eq(subscriptions.memberId, subscribers[3])))
    .get();
  if (credited) grantCredit(ctx, treasurer, credited.id, veg.products[0].priceCents, 'Panier non livré (grêle)');

  // Last, so that the ids of everything above stay those the demo always had.
  seedCheesePreviousSeason(ctx, admin, cheese, cheeseId, others);
}
