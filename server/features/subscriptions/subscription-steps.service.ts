/**
 * The subscription steps — quantities, then payment schedule, then save — as one function per
 * form post, shared by a member subscribing for themself and a referent acting for a member.
 * Each returns the page to show next, so that the routes only render it (or redirect once saved).
 */
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { parseAmounts, parseQuantities, quantityField, type QuantityLine } from './subscriptions.forms.js';
import {
  draftSubscription,
  saveSubscription,
  subscriptionAccess,
  type SubscriptionAccess,
  type SubscriptionDraft,
} from './subscriptions.service.js';
import { storedSubscription, type StoredSubscription } from './subscriptions.queries.js';
import { summarizeSubscription, type SubscriptionSummary } from './subscription-summary.js';
import { CapacityError } from '../waiting-list/capacity-check.js';

type Fields = Record<string, string>;

export interface QuantitiesStep {
  step: 'quantities';
  status: 200 | 422;
  access: SubscriptionAccess;
  /** The active subscription being changed, if any. */
  existing: StoredSubscription | null;
  values: Fields;
  errors: Fields;
  /** The products refused for lack of places, with the dates: the page offers the waiting list. */
  full: CapacityError['full'] | null;
}

export interface ScheduleStep {
  step: 'schedule';
  status: 200 | 422;
  draft: SubscriptionDraft;
  summary: SubscriptionSummary;
  values: Fields;
  errors: Fields;
}

export type SubscriptionStep = QuantitiesStep | ScheduleStep;

/** Pre-fills the quantities form from what is stored (fixed: the first delivery's basket). */
function valuesFromLines(lines: QuantityLine[], kind: 'fixed' | 'variable'): Fields {
  const values: Fields = {};
  for (const l of lines) {
    const field =
      kind === 'fixed' ? quantityField(l.contractProductId) : quantityField(l.contractProductId, l.deliveryId);
    values[field] ??= String(l.quantity);
  }
  return values;
}

function quantities(
  ctx: Ctx,
  access: SubscriptionAccess,
  posted: { values: Fields; errors: Fields; full?: CapacityError['full'] } | null,
): QuantitiesStep {
  const stored = storedSubscription(ctx.db, access.bundle.contract.id, access.member.id);
  const existing = stored?.status === 'active' ? stored : null;
  return {
    step: 'quantities',
    status: posted && Object.keys(posted.errors).length ? 422 : 200,
    access,
    existing,
    values: posted?.values ?? (existing ? valuesFromLines(existing.lines, access.bundle.contract.kind) : {}),
    errors: posted?.errors ?? {},
    full: posted?.full ?? null,
  };
}

/**
 * The draft, or back to the quantities with the refusal when a product has no places left (the
 * capacity is checked again inside the save's transaction, where the last place is decided).
 */
function draftOrFull(
  ctx: Ctx,
  access: SubscriptionAccess,
  values: Fields,
  draft: () => SubscriptionDraft,
): SubscriptionDraft | QuantitiesStep {
  try {
    return draft();
  } catch (e) {
    if (e instanceof CapacityError) return quantities(ctx, access, { values, errors: e.errors, full: e.full });
    throw e;
  }
}

function schedule(draft: SubscriptionDraft, values: Fields, errors: Fields): ScheduleStep {
  const summary = summarizeSubscription(
    draft.bundle,
    draft.lines,
    draft.schedule.map((l, i) => ({ dueOn: l.dueOn, amountCents: draft.amounts[i], status: l.status })),
    draft.totalCents,
    draft.creditCents,
  );
  return { step: 'schedule', status: Object.keys(errors).length ? 422 : 200, draft, summary, values, errors };
}

/** Step 1, opened: the quantities form, filled with the stored subscription if there is one. */
export function quantitiesStep(ctx: Ctx, actor: Actor, contractId: number, memberId: number): QuantitiesStep {
  return quantities(ctx, subscriptionAccess(ctx, actor, contractId, memberId), null);
}

/** Step 1 → step 2: the quantities are checked, the schedule proposed. `values`: the form as typed. */
export function proposeSchedule(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  memberId: number,
  body: Record<string, unknown>,
  values: Fields,
): SubscriptionStep {
  const access = subscriptionAccess(ctx, actor, contractId, memberId);
  const q = parseQuantities(body, access.bundle);
  if (!q.ok) return quantities(ctx, access, { values, errors: q.errors });
  const draft = draftOrFull(ctx, access, values, () =>
    draftSubscription(ctx, actor, contractId, memberId, q.lines, null),
  );
  return 'step' in draft ? draft : schedule(draft, values, {});
}

export interface Saved {
  step: 'saved';
  onBehalf: boolean;
  member: { firstName: string; lastName: string };
}

/**
 * Step 2 → saved, or back to step 1 ("retour"), or step 2 again with its errors. Typed amounts
 * are read only where this person may type them (a referent; a member if the contract allows);
 * otherwise the proposal stands.
 */
export function confirmSubscription(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  memberId: number,
  body: Record<string, unknown>,
  values: Fields,
): SubscriptionStep | Saved {
  const access = subscriptionAccess(ctx, actor, contractId, memberId);
  const q = parseQuantities(body, access.bundle);
  if (!q.ok) return quantities(ctx, access, { values, errors: q.errors });
  if (body.action === 'retour') return quantities(ctx, access, { values, errors: {} });
  let typed: Map<number, number> | null = null;
  if ((access.onBehalf || access.bundle.contract.membersEditAmounts) && body.amountsTyped === '1') {
    const amounts = parseAmounts(
      body,
      access.bundle.paymentDates.map((p) => p.id),
    );
    if (!amounts.ok) {
      const plain = draftOrFull(ctx, access, values, () =>
        draftSubscription(ctx, actor, contractId, memberId, q.lines, null),
      );
      return 'step' in plain ? plain : schedule(plain, values, amounts.errors);
    }
    typed = amounts.amounts;
  }
  const drafted = draftOrFull(ctx, access, values, () =>
    draftSubscription(ctx, actor, contractId, memberId, q.lines, typed),
  );
  if ('step' in drafted) return drafted;
  const draft = drafted;
  if (Object.keys(draft.errors).length) return schedule(draft, values, draft.errors);
  // "Recalculer" (pages without JavaScript): the schedule as typed, last cheque computed, not saved.
  if (body.action === 'recalculer') return schedule(draft, values, {});
  try {
    saveSubscription(ctx, actor, contractId, memberId, q.lines, typed);
  } catch (e) {
    // Someone took the last place between this page and the save.
    if (e instanceof CapacityError) return quantities(ctx, access, { values, errors: e.errors, full: e.full });
    if (e instanceof ValidationError) return schedule(draft, values, e.errors);
    throw e;
  }
  return { step: 'saved', onBehalf: access.onBehalf, member: access.member };
}
