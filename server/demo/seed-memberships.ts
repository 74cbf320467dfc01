import { eq } from 'drizzle-orm';
import { members } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { addDays } from '../domain/delivery-calendar.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { createPeriod, joinMembership, recordPaidMembership } from '../features/memberships/memberships.service.js';

/**
 * This year's membership period, open until the end of the year: most households joined
 * (some paid, some promised), amapien@demo.amap has not yet — their home page says so.
 */
export function seedMemberships(ctx: Ctx, treasurer: Actor, rand: () => number): void {
  const today = ctx.today();
  const year = Number(today.slice(0, 4));
  const periodId = createPeriod(ctx, treasurer, {
    name: `Adhésion ${year}-${year + 1}`,
    startsOn: addDays(today, -60),
    endsOn: addDays(today, 300),
    opensOn: addDays(today, -70),
    closesOn: addDays(today, 33),
    minimumCents: 1000,
    suggestedCents: 2000,
    payee: ctx.config.amap.name,
    info: 'L’adhésion finance l’assurance, le local et les rencontres avec les producteurs.',
  });
  const people = ctx.db
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(eq(members.active, true))
    .all()
    .filter((m) => m.email !== 'amapien@demo.amap');
  people.forEach((m, i) => {
    if (i % 5 === 4) return; // not joined yet
    const amountCents = [1000, 2000, 2000, 3000, 1500][i % 5];
    const method = (['cheque', 'cheque', 'cash', 'transfer'] as const)[Math.floor(rand() * 4)];
    if (i % 3 === 0) {
      joinMembership(ctx, findActiveActor(ctx.db, m.id)!, { periodId, amountCents, method }, today);
    } else {
      recordPaidMembership(ctx, treasurer, periodId, { memberId: m.id, amountCents, method });
    }
  });
}
