/**
 * The benchmark's data: a large but believable AMAP built through the app's real services, so
 * that every total, schedule and cheque is one the app itself would have written. Deterministic:
 * the same seed gives the same AMAP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../server/db/client.js';
import { parseConfig, type AmapConfig } from '../server/config.js';
import { cheques, handovers, memberRoles, members, paymentDates, subscriptions } from '../server/db/schema/index.js';
import { createCtx, type Actor, type Ctx } from '../server/lib/context.js';
import { hashPassword } from '../server/lib/passwords.js';
import { addDays } from '../server/domain/delivery-calendar.js';
import { findActiveActor } from '../server/features/auth/auth.queries.js';
import { addReferent, createProducer } from '../server/features/producers/producers.service.js';
import { createProduct } from '../server/features/producers/products.service.js';
import { createContract, openContract, setContractProducts } from '../server/features/contracts/contracts.service.js';
import { generateDeliveries, resetPaymentDates } from '../server/features/contracts/contract-calendar.service.js';
import { loadContract, type ContractBundle } from '../server/read/contract-bundle.js';
import { cancelSubscription, saveSubscription } from '../server/features/subscriptions/subscriptions.service.js';
import type { QuantityLine } from '../server/features/subscriptions/subscriptions.forms.js';
import { receiveCheques } from '../server/features/treasury/cheques.service.js';
import { createHandover } from '../server/features/treasury/handovers.service.js';
import { prng } from '../server/lib/prng.js';

export const BENCH_PASSWORD = 'bench-password';
export const ADMIN_EMAIL = 'admin@bench.amap';
export const TREASURER_EMAIL = 'tresorier@bench.amap';

export interface GenerateOptions {
  /** Member households, besides the administrator and the treasurer. */
  members: number;
  /** Length of the season in weeks (the full-season contracts span it). */
  weeks: number;
  seed?: number;
  /** SQLite file; default: a fresh file under os.tmpdir(). */
  file?: string;
  /** First delivery of the season, a Thursday (YYYY-MM-DD); default 2026-03-05. */
  seasonStart?: string;
}

export interface BenchAmap {
  file: string;
  db: Db;
  ctx: Ctx;
  /** The "today" of the app: a Thursday in the middle of the season. */
  today: string;
  /** The fixed clock the app runs with (noon UTC of `today`). */
  now: Date;
  adminId: number;
  treasurerId: number;
  /** Ids the measurements use. */
  pick: {
    /** A member with many subscriptions (member pages). */
    memberId: number;
    memberEmail: string;
    /** The contract with the most subscribers. */
    bigContractId: number;
    /** The handover with the most cheques. */
    bigHandoverId: number;
    /** A member with promised cheques of several contracts (reception page). */
    receptionMemberId: number;
  };
  counts: Record<string, number>;
  /** Removes the SQLite file (and its -wal / -shm). */
  dispose: () => void;
}

const FIRST = [
  'Marie',
  'Jean',
  'Claire',
  'Pierre',
  'Anne',
  'Luc',
  'Isabelle',
  'Michel',
  'Nathalie',
  'François',
  'Céline',
  'Olivier',
  'Sylvie',
  'Thomas',
  'Émilie',
  'Nicolas',
  'Camille',
  'Antoine',
  'Chloé',
  'Mathieu',
  'Léa',
  'Julie',
  'Rémi',
  'Agnès',
  'Yves',
  'Manon',
  'Hugo',
  'Élodie',
  'Arnaud',
  'Brigitte',
  'Gaëlle',
  'Denis',
  'Océane',
  'Fabrice',
  'Louise',
  'Noël',
  'Martine',
  'Marc',
  'Sandrine',
  'Paul',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Perrin',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vidal',
  'Brunet',
  'Faure',
  'Besson',
  'Pradier',
  'Marchand',
  'Roux',
];
const STREETS = [
  'rue des Gras',
  'avenue de Royat',
  'rue Blatin',
  'boulevard Lafayette',
  'rue du Port',
  'place de Jaude',
  'rue Fontgiève',
  'chemin des Vignes',
  'rue de la Treille',
  'allée des Tilleuls',
  'rue Montlosier',
  'rue Ballainvilliers',
];
const CITIES: [string, string][] = [
  ['63000', 'Clermont-Ferrand'],
  ['63100', 'Clermont-Ferrand'],
  ['63400', 'Chamalières'],
  ['63130', 'Royat'],
  ['63170', 'Aubière'],
  ['63800', 'Cournon-d’Auvergne'],
  ['63118', 'Cébazat'],
];
const BANKS = [
  'Crédit Agricole',
  'Banque Populaire',
  'La Banque Postale',
  'Crédit Mutuel',
  'Société Générale',
  'BNP Paribas',
  'Caisse d’Épargne',
];

interface ProducerSpec {
  name: string;
  products: [string, string, number][];
}

/** 15 producers, 2 to 4 products each. */
const PRODUCERS: ProducerSpec[] = [
  {
    name: 'GAEC des Volcans',
    products: [
      ['Petit panier de légumes', 'panier (2 personnes)', 1200],
      ['Grand panier de légumes', 'panier (4 personnes)', 1800],
      ['Panier familial', 'panier (6 personnes)', 2400],
    ],
  },
  {
    name: 'Fournil de la Sioule',
    products: [
      ['Pain de campagne', 'pain de 1 kg', 560],
      ['Pain complet', 'pain de 750 g', 480],
      ['Brioche', 'brioche de 500 g', 650],
      ['Pain aux graines', 'pain de 500 g', 420],
    ],
  },
  {
    name: 'Ferme des Combrailles',
    products: [
      ['Œufs', 'boîte de 6', 270],
      ['Œufs', 'douzaine', 520],
    ],
  },
  {
    name: 'Chèvrerie du Sancy',
    products: [
      ['Crottin frais', 'pièce', 250],
      ['Crottin affiné', 'pièce', 280],
      ['Tomme de chèvre', '500 g', 1150],
    ],
  },
  {
    name: 'Vergers de Limagne',
    products: [
      ['Pommes', 'sac de 3 kg', 780],
      ['Jus de pomme', 'bouteille de 1 L', 350],
      ['Poires', 'sac de 2 kg', 690],
    ],
  },
  {
    name: 'Volailles du Livradois',
    products: [
      ['Poulet fermier', 'pièce (1,8 kg env.)', 1650],
      ['Pintade', 'pièce (1,4 kg env.)', 1750],
    ],
  },
  {
    name: 'Rucher des Dômes',
    products: [
      ['Miel de fleurs', 'pot de 500 g', 800],
      ['Miel de châtaignier', 'pot de 500 g', 900],
    ],
  },
  {
    name: 'Ferme du Pariou',
    products: [
      ['Colis de veau', 'colis de 5 kg', 8500],
      ['Colis de bœuf', 'colis de 5 kg', 7500],
      ['Steaks hachés', 'lot de 4', 1000],
    ],
  },
  {
    name: 'Laiterie de la Montagne',
    products: [
      ['Yaourts nature', 'pot de 4', 320],
      ['Faisselle', '500 g', 290],
      ['Lait cru', 'bouteille de 1 L', 130],
      ['Beurre', 'plaquette de 250 g', 400],
    ],
  },
  {
    name: 'Moulin de Vernines',
    products: [
      ['Farine de blé T80', 'sac de 2 kg', 520],
      ['Farine de seigle', 'sac de 1 kg', 380],
      ['Lentilles blondes', 'sac de 1 kg', 650],
    ],
  },
  {
    name: 'Champignons des Puys',
    products: [
      ['Pleurotes', 'barquette de 300 g', 450],
      ['Shiitakés', 'barquette de 250 g', 550],
    ],
  },
  {
    name: 'Porcs de l’Artense',
    products: [
      ['Colis de porc', 'colis de 4 kg', 5200],
      ['Saucisses', 'lot de 6', 1100],
      ['Jambon sec', 'tranches 200 g', 780],
    ],
  },
  {
    name: 'Brasserie des Sucs',
    products: [
      ['Bière blonde', 'pack de 6', 1350],
      ['Bière ambrée', 'pack de 6', 1450],
    ],
  },
  {
    name: 'Tisanes du Forez',
    products: [
      ['Tisane digestive', 'sachet de 40 g', 550],
      ['Tisane du soir', 'sachet de 40 g', 550],
      ['Sirop de sureau', 'bouteille de 50 cl', 850],
    ],
  },
  {
    name: 'Pisciculture de la Dore',
    products: [
      ['Truite fumée', 'filets 200 g', 920],
      ['Truite fraîche', 'pièce', 780],
    ],
  },
];

type Span = 'season' | 'first-half' | 'second-half';
interface ContractSpec {
  producer: number;
  name: string;
  kind: 'fixed' | 'variable';
  frequency: 'weekly' | 'fortnightly' | 'monthly';
  span: Span;
  /** Share of the active households who take it. */
  popularity: number;
  minChequeCents?: number;
  /** Offers a household picks among (fixed contracts); default: the first two. */
  offers?: number;
}

/** 20 contracts over the 15 producers: five have a first-half and a second-half contract. */
const CONTRACTS: ContractSpec[] = [
  {
    producer: 0,
    name: 'Légumes printemps-été',
    kind: 'fixed',
    frequency: 'weekly',
    span: 'first-half',
    popularity: 0.8,
    offers: 3,
  },
  {
    producer: 0,
    name: 'Légumes automne-hiver',
    kind: 'fixed',
    frequency: 'weekly',
    span: 'second-half',
    popularity: 0.55,
    offers: 3,
  },
  { producer: 1, name: 'Pain de la saison', kind: 'variable', frequency: 'weekly', span: 'season', popularity: 0.45 },
  { producer: 2, name: 'Œufs printemps-été', kind: 'fixed', frequency: 'weekly', span: 'first-half', popularity: 0.45 },
  { producer: 2, name: 'Œufs automne-hiver', kind: 'fixed', frequency: 'weekly', span: 'second-half', popularity: 0.3 },
  {
    producer: 3,
    name: 'Fromages de chèvre',
    kind: 'variable',
    frequency: 'fortnightly',
    span: 'season',
    popularity: 0.3,
  },
  {
    producer: 4,
    name: 'Fruits et jus',
    kind: 'fixed',
    frequency: 'fortnightly',
    span: 'season',
    popularity: 0.35,
    offers: 3,
  },
  {
    producer: 5,
    name: 'Volailles',
    kind: 'variable',
    frequency: 'monthly',
    span: 'season',
    popularity: 0.2,
    minChequeCents: 3000,
  },
  { producer: 6, name: 'Miel', kind: 'fixed', frequency: 'monthly', span: 'season', popularity: 0.15 },
  {
    producer: 7,
    name: 'Viande de veau et bœuf',
    kind: 'variable',
    frequency: 'monthly',
    span: 'season',
    popularity: 0.12,
  },
  {
    producer: 8,
    name: 'Laitages printemps-été',
    kind: 'variable',
    frequency: 'weekly',
    span: 'first-half',
    popularity: 0.3,
  },
  {
    producer: 8,
    name: 'Laitages automne-hiver',
    kind: 'variable',
    frequency: 'weekly',
    span: 'second-half',
    popularity: 0.2,
  },
  {
    producer: 9,
    name: 'Farines et légumineuses',
    kind: 'fixed',
    frequency: 'monthly',
    span: 'season',
    popularity: 0.15,
    offers: 3,
  },
  { producer: 10, name: 'Champignons', kind: 'fixed', frequency: 'fortnightly', span: 'season', popularity: 0.15 },
  {
    producer: 11,
    name: 'Porc printemps-été',
    kind: 'variable',
    frequency: 'monthly',
    span: 'first-half',
    popularity: 0.12,
  },
  {
    producer: 11,
    name: 'Porc automne-hiver',
    kind: 'variable',
    frequency: 'monthly',
    span: 'second-half',
    popularity: 0.1,
  },
  { producer: 12, name: 'Bières', kind: 'fixed', frequency: 'monthly', span: 'season', popularity: 0.12 },
  { producer: 13, name: 'Tisanes', kind: 'fixed', frequency: 'monthly', span: 'season', popularity: 0.08, offers: 3 },
  {
    producer: 14,
    name: 'Truites printemps-été',
    kind: 'fixed',
    frequency: 'fortnightly',
    span: 'first-half',
    popularity: 0.12,
  },
  {
    producer: 14,
    name: 'Truites automne-hiver',
    kind: 'fixed',
    frequency: 'fortnightly',
    span: 'second-half',
    popularity: 0.1,
  },
];

/** First Thursday of the season, unless asked otherwise. */
const DEFAULT_SEASON_START = '2026-03-05';

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

function noonUtc(day: string): Date {
  return new Date(`${day}T10:00:00.000Z`);
}

export function benchConfig(dataPath: string): AmapConfig {
  const parsed = parseConfig({
    amap: { name: 'AMAP du Banc d’essai', city: 'Clermont-Ferrand' },
    server: { baseUrl: 'http://amap.bench' },
  });
  return { ...parsed, dataPath, sessionSecret: 'bench-secret-not-for-production' };
}

/** Builds the AMAP in a fresh SQLite file. */
export async function generateAmap(opts: GenerateOptions): Promise<BenchAmap> {
  const rand = prng(opts.seed ?? 2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const file = opts.file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amap-bench-')), 'bench.sqlite');
  const db = openDatabase(file);
  const config = benchConfig(path.dirname(file));

  // The season and "today": today is a Thursday a bit past the middle of the season.
  const SEASON_START = opts.seasonStart ?? DEFAULT_SEASON_START;
  const weeks = opts.weeks;
  const seasonEnd = addDays(SEASON_START, (weeks - 1) * 7);
  const today = addDays(SEASON_START, Math.floor(weeks * 0.5) * 7);
  const secondHalfFrom = addDays(today, 21);
  const firstHalfTo = addDays(today, 14);
  // The generator moves its clock (subscriptions before the season, receptions at distributions…);
  // the app then runs on `today`, fixed.
  let clockAt = noonUtc(addDays(SEASON_START, -20));
  const ctx: Ctx = createCtx(db, config, () => new Date(clockAt.getTime()));
  const setDay = (day: string) => {
    clockAt = noonUtc(day);
  };

  // --- members: direct inserts, one argon2 hash shared by all ---
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const created = addDays(SEASON_START, -400) + 'T09:00:00.000Z';
  const phone = () =>
    `06 ${Array.from({ length: 4 }, () => String(Math.floor(rand() * 100)).padStart(2, '0')).join(' ')}`;
  const { adminId, treasurerId } = db.transaction(() => {
    const insert = (
      first: string,
      last: string,
      email: string | null,
      extra: Partial<typeof members.$inferInsert> = {},
    ) => {
      const [postalCode, city] = pick(CITIES);
      return db
        .insert(members)
        .values({
          firstName: first,
          lastName: last,
          email,
          passwordHash: email ? passwordHash : null,
          phone: phone(),
          address: `${1 + Math.floor(rand() * 120)} ${pick(STREETS)}`,
          postalCode,
          city,
          lastLoginAt: email ? created : null,
          createdAt: created,
          updatedAt: created,
          ...extra,
        })
        .returning({ id: members.id })
        .get().id;
    };
    const adminId = insert('Hélène', 'Marchand', ADMIN_EMAIL);
    db.insert(memberRoles).values({ memberId: adminId, role: 'admin' }).run();
    const treasurerId = insert('Bernard', 'Chassagne', TREASURER_EMAIL);
    db.insert(memberRoles).values({ memberId: treasurerId, role: 'treasurer' }).run();
    for (let i = 0; i < opts.members; i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const withEmail = i % 23 !== 7;
      insert(first, last, withEmail ? `${slug(first)}.${slug(last)}.${i}@exemple.fr` : null, {
        phone2: i % 5 === 0 ? phone() : null,
        active: i % 50 !== 13,
        mailOptOut: i % 9 === 4,
      });
    }
    return { adminId, treasurerId };
  });
  const admin: Actor = findActiveActor(db, adminId)!;
  const treasurer: Actor = findActiveActor(db, treasurerId)!;
  const households = db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.active, true))
    .orderBy(asc(members.id))
    .all()
    .map((m) => m.id);

  // --- producers, catalogues, referents ---
  const producerIds = db.transaction(() =>
    PRODUCERS.map((p, i) => {
      const id = createProducer(ctx, admin, {
        name: p.name,
        payee: p.name,
        description: `Producteur de la saison (${p.products.length} produits).`,
        email: `${slug(p.name)}@producteurs.example`,
        phone: phone(),
        address: `Lieu-dit ${i + 1}, 63000 Clermont-Ferrand`,
      });
      for (const [name, unit, priceCents] of p.products) createProduct(ctx, admin, id, { name, unit, priceCents });
      // A referent per producer among the households, notified of subscriptions one time in two.
      addReferent(ctx, admin, id, households[3 + i], i % 2 === 0);
      return id;
    }),
  );

  // --- contracts: products, deliveries, payment dates, opened ---
  const bundles: { spec: ContractSpec; bundle: ContractBundle }[] = db.transaction(() =>
    CONTRACTS.map((spec) => {
      const producerId = producerIds[spec.producer];
      const [from, to] =
        spec.span === 'season'
          ? [SEASON_START, seasonEnd]
          : spec.span === 'first-half'
            ? [SEASON_START, firstHalfTo]
            : [secondHalfFrom, seasonEnd];
      // Second-half contracts are open for subscription around today; the others closed before the season.
      const [opensOn, closesOn] =
        spec.span === 'second-half'
          ? [addDays(today, -14), addDays(today, 10)]
          : [addDays(SEASON_START, -45), addDays(SEASON_START, -10)];
      const id = createContract(ctx, admin, {
        producerId,
        name: spec.name,
        description: `${spec.name} : contrat de la saison.`,
        memberInfo: 'Chèques à remettre à la table des référents.',
        kind: spec.kind,
        opensOn,
        closesOn,
        paymentsManaged: true,
        paymentInfo: null,
        payee: '',
        paymentDay: 5,
        proposalRule: 'whole-euros',
        minCheque: spec.minChequeCents ?? null,
        membersEditAmounts: true,
      });
      const catalogue = loadProducts(db, producerId);
      setContractProducts(
        ctx,
        admin,
        id,
        catalogue.map((p) => ({
          productId: p.id,
          priceCents: p.defaultPriceCents,
          maxPerDelivery: spec.kind === 'variable' ? 6 : 3,
        })),
      );
      generateDeliveries(
        ctx,
        admin,
        id,
        spec.frequency === 'monthly'
          ? { from, to, frequency: 'monthly', weekday: 4, nth: 1 }
          : { from, to, frequency: spec.frequency, weekday: 4 },
        { dateConfirmed: true },
      );
      resetPaymentDates(ctx, admin, id);
      openContract(ctx, admin, id);
      return { spec, bundle: loadContract(db, id)! };
    }),
  );

  // --- subscriptions: the administrator enters them on behalf of the households ---
  setDay(addDays(SEASON_START, -12));
  const open = (b: ContractBundle) => b.deliveries.filter((d) => !d.cancelled);
  db.transaction(() => {
    for (const memberId of households) {
      // Some households take much, some little: a per-household appetite scales the popularity.
      const appetite = 0.35 + 0.7 * rand();
      for (const { spec, bundle } of bundles) {
        if (rand() >= spec.popularity * appetite) continue;
        const lines: QuantityLine[] = [];
        if (spec.kind === 'fixed') {
          const offers = bundle.products.slice(0, spec.offers ?? 2);
          const chosen = [pick(offers)];
          if (bundle.products.length > 2 && rand() < 0.2) chosen.push(bundle.products[bundle.products.length - 1]);
          for (const offer of new Set(chosen)) {
            const quantity = rand() < 0.15 ? 2 : 1;
            for (const d of open(bundle)) lines.push({ deliveryId: d.id, contractProductId: offer.id, quantity });
          }
        } else {
          for (const d of open(bundle)) {
            for (const o of bundle.products) {
              if (rand() < (bundle.products.length > 2 ? 0.3 : 0.45))
                lines.push({ deliveryId: d.id, contractProductId: o.id, quantity: 1 + Math.floor(rand() * 2) });
            }
          }
          if (lines.length === 0)
            lines.push({ deliveryId: open(bundle)[0].id, contractProductId: bundle.products[0].id, quantity: 1 });
        }
        saveSubscription(ctx, admin, bundle.contract.id, memberId, lines, null);
      }
    }
  });

  // --- receptions: at each distribution before a payment date, the cheques of that month ---
  // Households bring the cheques of the month; about one in twelve is late (the treasurer chases it).
  const due = db
    .select({ id: cheques.id, memberId: subscriptions.memberId, dueOn: paymentDates.dueOn })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(and(eq(cheques.status, 'promised'), lte(paymentDates.dueOn, addDays(today, 5))))
    .orderBy(asc(paymentDates.dueOn), asc(subscriptions.memberId), asc(cheques.id))
    .all();
  const byDay = new Map<string, Map<number, number[]>>();
  for (const c of due) {
    if (rand() < 0.08) continue;
    const day = addDays(c.dueOn, -5);
    const perMember = byDay.get(day) ?? new Map<number, number[]>();
    byDay.set(day, perMember);
    perMember.set(c.memberId, [...(perMember.get(c.memberId) ?? []), c.id]);
  }
  db.transaction(() => {
    for (const [day, perMember] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
      setDay(day);
      for (const ids of perMember.values()) {
        receiveCheques(
          ctx,
          treasurer,
          ids.map((chequeId) => ({
            chequeId,
            bank: pick(BANKS),
            number: String(1000000 + Math.floor(rand() * 8999999)),
          })),
        );
      }
    }
  });

  // --- handovers: every payment date at least three weeks old, handed over three days after ---
  db.transaction(() => {
    const dates = db
      .select({ id: paymentDates.id, contractId: paymentDates.contractId, dueOn: paymentDates.dueOn })
      .from(paymentDates)
      .where(lte(paymentDates.dueOn, addDays(today, -21)))
      .orderBy(asc(paymentDates.dueOn), asc(paymentDates.contractId))
      .all();
    for (const p of dates) {
      setDay(addDays(p.dueOn, 3));
      const any = db
        .select({ id: cheques.id })
        .from(cheques)
        .where(and(eq(cheques.paymentDateId, p.id), eq(cheques.status, 'received')))
        .limit(1)
        .get();
      if (any) createHandover(ctx, treasurer, p.contractId, p.id, 'Remis à la distribution, bordereau signé.');
    }
  });

  // --- a few households moved away mid-season: cancelled, money owed back ---
  setDay(addDays(today, -7));
  db.transaction(() => {
    const some = db
      .select({ contractId: subscriptions.contractId, memberId: subscriptions.memberId })
      .from(subscriptions)
      .where(eq(subscriptions.contractId, bundles[2].bundle.contract.id))
      .orderBy(asc(subscriptions.id))
      .all();
    for (const s of some.filter((_, i) => i % 40 === 17)) cancelSubscription(ctx, admin, s.contractId, s.memberId);
  });

  // --- the app's clock from now on: today, fixed ---
  setDay(today);

  const counts = countRows(db);
  const bigContract = db.get<{ id: number }>(
    sql`select contract_id as id from subscriptions where status = 'active' group by contract_id order by count(*) desc, contract_id limit 1`,
  )!;
  const bigHandover = db
    .select({ id: handovers.id })
    .from(handovers)
    .orderBy(sql`${handovers.chequeCount} desc`, asc(handovers.id))
    .limit(1)
    .get()!;
  const busy = db.get<{
    id: number;
    email: string;
  }>(sql`select m.id, m.email from members m join subscriptions s on s.member_id = m.id
    where m.email is not null and m.id not in (${adminId}, ${treasurerId}) and s.status = 'active'
    group by m.id order by count(*) desc, m.id limit 1`)!;
  const reception = db.get<{
    id: number;
  }>(sql`select s.member_id as id from cheques c join subscriptions s on s.id = c.subscription_id
    where c.status in ('promised', 'received') group by s.member_id order by count(*) desc, s.member_id limit 1`)!;

  return {
    file,
    db,
    ctx,
    today,
    now: noonUtc(today),
    adminId,
    treasurerId,
    pick: {
      memberId: busy.id,
      memberEmail: busy.email,
      bigContractId: bigContract.id,
      bigHandoverId: bigHandover.id,
      receptionMemberId: reception.id,
    },
    counts,
    dispose: () => {
      db.$client.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      if (!opts.file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

function loadProducts(db: Db, producerId: number) {
  return db.all<{ id: number; defaultPriceCents: number }>(
    sql`select id, default_price_cents as defaultPriceCents from products where producer_id = ${producerId} order by id`,
  );
}

export function countRows(db: Db): Record<string, number> {
  const n = (q: ReturnType<typeof sql>) => db.get<{ n: number }>(q)!.n;
  const byStatus = db.all<{ status: string; n: number }>(
    sql`select status, count(*) as n from cheques group by status order by status`,
  );
  return {
    members: n(sql`select count(*) as n from members`),
    activeMembers: n(sql`select count(*) as n from members where active = 1`),
    producers: n(sql`select count(*) as n from producers`),
    products: n(sql`select count(*) as n from products`),
    contracts: n(sql`select count(*) as n from contracts`),
    deliveries: n(sql`select count(*) as n from deliveries`),
    paymentDates: n(sql`select count(*) as n from payment_dates`),
    subscriptions: n(sql`select count(*) as n from subscriptions`),
    subscriptionQuantities: n(sql`select count(*) as n from subscription_quantities`),
    cheques: n(sql`select count(*) as n from cheques`),
    ...Object.fromEntries(byStatus.map((r) => [`cheques.${r.status}`, r.n])),
    handovers: n(sql`select count(*) as n from handovers`),
    outbox: n(sql`select count(*) as n from outbox`),
    auditLog: n(sql`select count(*) as n from audit_log`),
  };
}

/** Ids of cheques still promised for a member, of every contract (for a reception). */
export function promisedChequesOf(db: Db, memberId: number): number[] {
  return db
    .select({ id: cheques.id })
    .from(cheques)
    .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
    .where(and(eq(subscriptions.memberId, memberId), eq(cheques.status, 'promised')))
    .orderBy(asc(cheques.id))
    .all()
    .map((r) => r.id);
}

/** Members with at least `min` promised cheques, in id order. */
export function membersWithPromised(db: Db, min: number, exclude: number[] = []): number[] {
  return db
    .all<{ id: number }>(
      sql`select s.member_id as id from cheques c join subscriptions s on s.id = c.subscription_id
    where c.status = 'promised' group by s.member_id having count(*) >= ${min} order by s.member_id`,
    )
    .map((r) => r.id)
    .filter((id) => !exclude.includes(id));
}
