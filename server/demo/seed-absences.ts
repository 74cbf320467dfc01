/**
 * The demo's absences and baskets to give: the vegetables contract allows 3 absences with
 * carry-over (7 days' notice) and baskets to give until 24 h before; the demo member has carried one
 * basket over, and the vegetables referent offers hers for the next distribution.
 */
import { eq } from 'drizzle-orm';
import { contracts, members } from '../db/schema/index.js';
import type { Actor, Ctx } from '../lib/context.js';
import { findActiveActor } from '../features/auth/auth.queries.js';
import { DEFAULT_ABSENCE_SETTINGS, declarationDeadline } from '../domain/absences.js';
import { saveAbsenceSettings } from '../features/absences/absence-settings.service.js';
import { declareAbsence } from '../features/absences/absences.service.js';
import { basketDeadline } from '../features/absences/absence-context.js';
import { offerBasket } from '../features/basket-exchange/basket-exchange.service.js';
import { loadContract } from '../read/contract-bundle.js';

function demoActor(ctx: Ctx, email: string): Actor {
  const id = ctx.db.select({ id: members.id }).from(members).where(eq(members.email, email)).get()!.id;
  return findActiveActor(ctx.db, id)!;
}

export function seedAbsences(ctx: Ctx, admin: Actor): void {
  const vegetables = ctx.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.name, 'Légumes automne-hiver'))
    .get();
  if (!vegetables) return;
  const settings = {
    ...DEFAULT_ABSENCE_SETTINGS,
    absencesAllowed: true,
    maxPerMember: 3,
    noticeDays: 7,
    mode: 'carry-over' as const,
    exchangeAllowed: true,
    exchangeHours: 24,
  };
  saveAbsenceSettings(ctx, admin, vegetables.id, settings);
  const today = ctx.today();
  const coming = loadContract(ctx.db, vegetables.id)!.deliveries.filter((d) => !d.cancelled && d.deliveryOn >= today);

  // The demo member will be away at the first delivery still open to absences: carried to the next one.
  const away = coming.findIndex((d) => declarationDeadline(d.deliveryOn, settings.noticeDays) >= today);
  if (away >= 0 && coming[away + 1]) {
    const member = demoActor(ctx, 'amapien@demo.amap');
    declareAbsence(
      ctx,
      member,
      { contractId: vegetables.id, memberId: member.id, asReferent: false },
      { deliveryId: coming[away].id, targetDeliveryId: coming[away + 1].id },
    );
  }

  // The referent cannot come to the next distribution: her basket is offered to the others.
  const next = coming.find((d) => basketDeadline(ctx, d.deliveryOn, settings.exchangeHours) > ctx.clock());
  if (next) {
    const referent = demoActor(ctx, 'referent@demo.amap');
    offerBasket(
      ctx,
      referent,
      { contractId: vegetables.id, memberId: referent.id, asReferent: false },
      { deliveryId: next.id, note: 'Offert : je pars en week-end, régalez-vous !' },
    );
  }
}
