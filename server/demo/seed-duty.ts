/**
 * The demo's duty roster: the vegetables Thursdays split in three roles, the days gone by served,
 * the coming months partly filled (some places open), one member who cannot come and seeks a
 * stand-in on the next Thursday, and amapien@demo.amap on no shift yet (their home page invites
 * them). Rows are written directly: the services refuse shifts on days gone by, and would mail
 * every demo member.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { contracts, deliveries, dutyShifts, members, subscriptions } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { addDays } from '../domain/delivery-calendar.js';
import { distributionPeriod } from '../read/distribution-days.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { updateDay } from '../features/distributions/distributions.service.js';
import { dayDefaults } from '../features/settings/settings.service.js';

const VEGETABLE_ROLES = [
  { name: 'Ouverture et installation', places: 1 },
  { name: 'Accueil et émargement', places: 2 },
  { name: 'Caisse et chèques', places: 1 },
];

export function seedDuty(ctx: Ctx, coordinator: Actor, rand: () => number): void {
  const today = ctx.today();
  const { startTime, endTime, place } = ctx.config.distribution;
  const vegetableDays = ctx.db
    .selectDistinct({ on: deliveries.deliveryOn })
    .from(deliveries)
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .where(eq(contracts.name, 'Légumes automne-hiver'))
    .all()
    .map((d) => d.on)
    .sort();
  const next = vegetableDays.find((on) => on >= today);
  for (const on of vegetableDays)
    updateDay(
      ctx,
      coordinator,
      on,
      {
        place,
        startTime,
        endTime,
        note: on === next ? 'Entrée par le portail arrière : la grille de la rue est fermée pour travaux.' : null,
        placesNeeded: 3,
        rolesMode: 'jour',
      },
      VEGETABLE_ROLES,
    );

  // The households on the roster: every active member collecting vegetables, but amapien@demo.amap.
  const households = ctx.db
    .selectDistinct({ id: members.id, email: members.email })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .where(and(eq(members.active, true), eq(subscriptions.status, 'active'), inArray(contracts.status, ['open'])))
    .all()
    .filter((m) => m.email !== 'amapien@demo.amap')
    .map((m) => m.id)
    .sort((a, b) => a - b);
  if (households.length === 0) return;

  const until = addDays(today, 120);
  const period = distributionPeriod(ctx.db, addDays(today, -120), until, dayDefaults(ctx));
  const now = ctx.clock().toISOString();
  let turn = 0;
  const comingDays = period.days.filter((d) => d.on >= today);
  for (const day of period.days) {
    const coming = day.on >= today;
    const index = comingDays.indexOf(day);
    // About one shift per household done by now (two expected in the season); the coming weeks
    // fill less the further they are.
    const share = !coming ? 0.6 : index < 2 ? 0.75 : index < 6 ? 0.45 : 0.2;
    const taken = new Set<number>();
    for (const role of day.roles) {
      for (let i = 0; i < role.places; i++) {
        if (rand() > share) continue;
        let memberId = households[turn++ % households.length];
        if (taken.has(memberId)) memberId = households[turn++ % households.length];
        if (taken.has(memberId)) continue;
        taken.add(memberId);
        ctx.db
          .insert(dutyShifts)
          .values({
            dayOn: day.on,
            memberId,
            roleName: role.name || null,
            // The one who cannot come on the next Thursday.
            standInSoughtAt: coming && index === 0 && taken.size === 1 ? addDays(today, -1) + 'T18:00:00.000Z' : null,
            createdById: coordinator.id,
            createdAt: now,
          })
          .run();
      }
    }
  }
}

/** The coordinator's account of the demo, as an actor. */
export function demoCoordinator(ctx: Ctx): Actor {
  const row = ctx.db.select({ id: members.id }).from(members).where(eq(members.email, 'permanences@demo.amap')).get();
  return findActiveActor(ctx.db, row!.id)!;
}
