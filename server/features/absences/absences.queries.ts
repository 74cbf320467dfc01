/**
 * The absences page of one subscription (the member's own, or a referent's for a member): each
 * delivery with what is collected, the absence or offer on it, and what may be done, with the
 * reason when not. Reads only; the rules are the domain's, asked once per delivery in memory.
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { declarationDeadline, declarationProblem, carryOverTargets, withdrawalProblem } from '../../domain/absences.js';
import { mayWithdrawOffer, offerProblem } from '../../domain/basket-exchange.js';
import { displayName } from '../../lib/format.js';
import { carriedOverOnto } from '../../read/absences.js';
import { members } from '../../db/schema/index.js';
import { inArray } from 'drizzle-orm';
import { basketDeadline, subscriptionContext } from './absence-context.js';
import { absenceProblemText, offerProblemText } from './absence-words.js';

export interface AbsenceRow {
  deliveryId: number;
  deliveryOn: string;
  cancelled: boolean;
  past: boolean;
  items: string;
  carriedIn: number;
  absence: {
    id: number;
    mode: 'carry-over' | 'deduct';
    targetOn: string | null;
    withdrawBlocked: string | null;
  } | null;
  offer: { id: number; takenBy: string | null; mayWithdraw: boolean } | null;
  declareBlocked: string | null;
  targets: { id: number; deliveryOn: string }[];
  offerBlocked: string | null;
  deadline: string;
}

export function absencesPage(
  ctx: Ctx,
  actor: Actor,
  input: { contractId: number; memberId: number; asReferent: boolean },
) {
  const sc = subscriptionContext(ctx, actor, input);
  const today = ctx.today();
  const now = ctx.clock();
  const { bundle, settings } = sc;
  const names = new Map(bundle.products.map((p) => [p.id, p.name]));
  const carried = new Map(
    carriedOverOnto(
      ctx.db,
      bundle.deliveries.map((d) => d.id),
    ).map((c) => [`${c.subscriptionId}:${c.deliveryId}`, c.count]),
  );
  const takerIds = sc.offers.flatMap((o) => (o.takenById ? [o.takenById] : []));
  const takers = new Map(
    takerIds.length
      ? ctx.db
          .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
          .from(members)
          .where(inArray(members.id, takerIds))
          .all()
          .map((m) => [m.id, displayName(m)])
      : [],
  );
  const dayOf = new Map(bundle.deliveries.map((d) => [d.id, d.deliveryOn]));
  const archived = bundle.contract.status === 'archived';
  const rows: AbsenceRow[] = bundle.deliveries.map((d) => {
    const mine = sc.lines.filter((l) => l.deliveryId === d.id && l.quantity > 0);
    const absence = sc.live.find((a) => a.deliveryId === d.id);
    const offer = sc.offers.find((o) => o.deliveryId === d.id);
    const declare = declarationProblem({
      settings,
      today,
      deliveries: bundle.deliveries,
      deliveryId: d.id,
      targetDeliveryId: null,
      lines: sc.lines,
      live: sc.live,
      offered: !!offer,
      byReferent: sc.asReferent,
    });
    const offerable = offerProblem({
      exchangeAllowed: settings.exchangeAllowed,
      cancelled: d.cancelled,
      now,
      deadline: basketDeadline(ctx, d.deliveryOn, settings.exchangeHours),
      hasQuantities: mine.length > 0,
      absent: !!absence,
      alreadyOffered: !!offer,
    });
    const withdraw = absence
      ? withdrawalProblem({ settings, today, deliveryOn: d.deliveryOn, byReferent: sc.asReferent })
      : null;
    return {
      deliveryId: d.id,
      deliveryOn: d.deliveryOn,
      cancelled: d.cancelled,
      past: d.deliveryOn < today,
      items: mine.map((l) => `${l.quantity} × ${names.get(l.contractProductId) ?? ''}`).join(', '),
      carriedIn: carried.get(`${sc.subscriptionId}:${d.id}`) ?? 0,
      absence: absence
        ? {
            id: absence.id,
            mode: absence.mode,
            targetOn: absence.targetDeliveryId ? (dayOf.get(absence.targetDeliveryId) ?? null) : null,
            withdrawBlocked: archived ? 'Contrat archivé.' : withdraw ? absenceProblemText(withdraw) : null,
          }
        : null,
      offer: offer
        ? {
            id: offer.id,
            takenBy: offer.takenById ? (takers.get(offer.takenById) ?? 'un membre') : null,
            mayWithdraw:
              !archived && mayWithdrawOffer({ giverId: sc.member.id, takenById: offer.takenById, withdrawn: false }),
          }
        : null,
      // "Target needed" only says a target is still to be picked: the form offers them.
      declareBlocked: archived
        ? 'Contrat archivé.'
        : declare && declare.reason !== 'target-needed'
          ? absenceProblemText(declare)
          : null,
      targets:
        settings.mode === 'carry-over'
          ? carryOverTargets(bundle.deliveries, d.id, sc.live).map((t) => ({ id: t.id, deliveryOn: t.deliveryOn }))
          : [],
      offerBlocked: archived ? 'Contrat archivé.' : offerable ? offerProblemText(offerable) : null,
      deadline: declarationDeadline(d.deliveryOn, settings.noticeDays),
    };
  });
  return {
    bundle,
    member: sc.member,
    asReferent: sc.asReferent,
    settings,
    declared: sc.live.length,
    // A member sees the coming deliveries; a referent the whole season (corrections after the day).
    rows: sc.asReferent ? rows : rows.filter((r) => !r.past || r.absence),
    base: sc.asReferent
      ? `/gestion/contrats/${bundle.contract.id}/membres/${sc.member.id}/absences`
      : `/contrats/${bundle.contract.id}/absences`,
  };
}
