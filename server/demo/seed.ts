import { members, memberRoles } from '../db/schema/index.js';
import type { Ctx, Role } from '../lib/context.js';
import { hashPassword } from '../lib/passwords.js';
import { recordAudit } from '../features/audit/audit.service.js';
import { inviteMember } from '../features/members/members.service.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { seedContracts } from './seed-contracts.js';
import { seedCapacityAndSharing } from './seed-capacity.js';
import { seedMemberships } from './seed-memberships.js';
import { demoCoordinator, seedDuty } from './seed-duty.js';
import { seedReminderRuns } from './seed-reminders.js';
import { seedAbsences } from './seed-absences.js';
import { seedMessages } from './seed-messages.js';
import { eq } from 'drizzle-orm';
import { prng } from '../lib/prng.js';
import { seedCalendars } from './seed-calendar.js';

export const DEMO_PASSWORD = 'demo';

export const DEMO_ACCOUNTS: { email: string; firstName: string; lastName: string; roles: Role[]; what: string }[] = [
  { email: 'admin@demo.amap', firstName: 'Hélène', lastName: 'Marchand', roles: ['admin'], what: 'administratrice' },
  {
    email: 'tresorier@demo.amap',
    firstName: 'Bernard',
    lastName: 'Chassagne',
    roles: ['treasurer'],
    what: 'trésorier',
  },
  {
    email: 'referent@demo.amap',
    firstName: 'Sophie',
    lastName: 'Roux',
    roles: [],
    what: 'référente des légumes et du pain',
  },
  { email: 'amapien@demo.amap', firstName: 'Julien', lastName: 'Fabre', roles: [], what: 'amapien' },
  {
    email: 'permanences@demo.amap',
    firstName: 'Martine',
    lastName: 'Vialle',
    roles: ['coordinator'],
    what: 'responsable des permanences',
  },
];

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

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Fills an empty database with a believable AMAP: the demo accounts and about 40 member
 * households, a few without e-mail, some who never logged in, two inactive.
 */
export async function seedDemo(ctx: Ctx): Promise<void> {
  const rand = prng(2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = ctx.clock();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const phone = () =>
    `06 ${Array.from({ length: 4 }, () => String(Math.floor(rand() * 100)).padStart(2, '0')).join(' ')}`;

  ctx.db.transaction(() => {
    for (const a of DEMO_ACCOUNTS) {
      const [postalCode, city] = pick(CITIES);
      const { id } = ctx.db
        .insert(members)
        .values({
          firstName: a.firstName,
          lastName: a.lastName,
          email: a.email,
          passwordHash,
          phone: phone(),
          address: `${1 + Math.floor(rand() * 80)} ${pick(STREETS)}`,
          postalCode,
          city,
          lastLoginAt: daysAgo(1 + Math.floor(rand() * 10)),
          createdAt: daysAgo(400),
          updatedAt: daysAgo(30),
        })
        .returning({ id: members.id })
        .get();
      for (const role of a.roles) ctx.db.insert(memberRoles).values({ memberId: id, role }).run();
    }
    const used = new Set<string>();
    for (let i = 0; i < 40; i++) {
      let first: string, last: string;
      do {
        first = pick(FIRST);
        last = pick(LAST);
      } while (used.has(first + last));
      used.add(first + last);
      const [postalCode, city] = pick(CITIES);
      const withEmail = i % 13 !== 5;
      const neverLogged = i % 6 === 2;
      ctx.db
        .insert(members)
        .values({
          firstName: first,
          lastName: last,
          email: withEmail ? `${slug(first)}.${slug(last)}@exemple.fr` : null,
          passwordHash: withEmail && !neverLogged ? passwordHash : null,
          phone: phone(),
          phone2: i % 5 === 0 ? phone() : null,
          address: `${1 + Math.floor(rand() * 120)} ${pick(STREETS)}`,
          postalCode,
          city,
          active: i !== 17 && i !== 33,
          mailOptOut: i % 9 === 4,
          lastLoginAt: withEmail && !neverLogged ? daysAgo(Math.floor(rand() * 60)) : null,
          createdAt: daysAgo(30 + Math.floor(rand() * 700)),
          updatedAt: daysAgo(Math.floor(rand() * 30)),
        })
        .run();
    }
    recordAudit(ctx, { actorId: 1, action: 'login', targetType: 'member', targetId: 1 });
  });

  // Two members who have no password yet got their invitation: the mail log has something to show.
  const admin = findActiveActor(ctx.db, 1)!;
  const waiting = ctx.db
    .select({ id: members.id, email: members.email, passwordHash: members.passwordHash, active: members.active })
    .from(members)
    .all()
    .filter((m) => m.email && !m.passwordHash && m.active)
    .slice(0, 2);
  for (const m of waiting) inviteMember(ctx, admin, m.id);
  ctx.db.transaction(() => seedContracts(ctx, admin, rand));
  // Absences first: the capacity is set to what the busiest delivery takes, a carried-over basket included.
  ctx.db.transaction(() => seedAbsences(ctx, admin));
  ctx.db.transaction(() => seedCapacityAndSharing(ctx, admin));
  const treasurer = findActiveActor(
    ctx.db,
    ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'tresorier@demo.amap')).get()!.id,
  )!;
  ctx.db.transaction(() => seedMemberships(ctx, treasurer, rand));
  ctx.db.transaction(() => seedDuty(ctx, demoCoordinator(ctx), rand));
  ctx.db.transaction(() => seedCalendars(ctx));
  await seedMessages(ctx);
  await seedReminderRuns(ctx, admin);
}
