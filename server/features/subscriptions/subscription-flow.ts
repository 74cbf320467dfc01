import { formatEuros } from '../../lib/format.js';
import type { Request, Response, Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, validationErrors } from '../../web/forms.js';
import { monthLabel, monthsLabel } from '../../domain/cheque-grouping.js';
import { parseAmounts, parseQuantities, quantityField, type QuantityLine } from './subscriptions.forms.js';
import {
  cancelSubscription,
  draftSubscription,
  saveSubscription,
  subscriptionAccess,
} from './subscriptions.service.js';
import { storedSubscription } from './subscriptions.queries.js';
import { summarizeSubscription } from './subscription-summary.js';
import { idParam } from '../../web/params.js';

export interface FlowOptions {
  /** Express path of the flow's base, e.g. `/contrats/:id`. */
  path: string;
  /** The base URL of the flow for this request (forms post there). */
  base: (req: Request) => string;
  memberId: (req: Request) => number;
  /** Where to go once saved or cancelled. */
  done: (req: Request) => string;
  /** Where the back link of the quantities step goes. */
  back: (req: Request) => string;
}

/** Pre-fills the quantities form from what is stored (fixed: the first delivery's basket). */
function valuesFromLines(lines: QuantityLine[], kind: 'fixed' | 'variable'): Record<string, string> {
  const values: Record<string, string> = {};
  for (const l of lines) {
    const field =
      kind === 'fixed' ? quantityField(l.contractProductId) : quantityField(l.contractProductId, l.deliveryId);
    values[field] ??= String(l.quantity);
  }
  return values;
}

/**
 * The subscription steps — quantities, then payment schedule, then save — shared by a member
 * subscribing for themself and a referent acting for a member.
 */
export function subscriptionFlow(router: Router, ctx: Ctx, o: FlowOptions): void {
  const renderQuantities = (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string> | null,
    errors: Record<string, string> = {},
  ) => {
    const access = subscriptionAccess(ctx, actorOf(req), idParam(req), o.memberId(req));
    const stored = storedSubscription(ctx.db, access.bundle.contract.id, access.member.id);
    const active = stored?.status === 'active' ? stored : null;
    res.status(status).render('subscriptions/quantities', {
      title: `${active ? 'Modifier' : 'Souscrire'} : ${access.bundle.contract.name}`,
      access,
      bundle: access.bundle,
      existing: active,
      base: o.base(req),
      back: o.back(req),
      quantityField,
      values: values ?? (active ? valuesFromLines(active.lines, access.bundle.contract.kind) : {}),
      errors,
    });
  };

  router.get(`${o.path}/souscrire`, (req, res) => renderQuantities(req, res, 200, null));

  // Step 1 → step 2: the quantities are checked, the schedule proposed.
  router.post(`${o.path}/souscrire`, (req, res) => {
    const contractId = idParam(req);
    const access = subscriptionAccess(ctx, actorOf(req), contractId, o.memberId(req));
    const q = parseQuantities(req.body ?? {}, access.bundle);
    if (!q.ok) return renderQuantities(req, res, 422, formValues(req.body), q.errors);
    const draft = draftSubscription(ctx, actorOf(req), contractId, o.memberId(req), q.lines, null);
    renderSchedule(req, res, 200, draft, formValues(req.body), {});
  });

  const renderSchedule = (
    req: Request,
    res: Response,
    status: number,
    draft: ReturnType<typeof draftSubscription>,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) => {
    const summary = summarizeSubscription(
      draft.bundle,
      draft.lines,
      draft.schedule.map((l, i) => ({ dueOn: l.dueOn, amountCents: draft.amounts[i], status: l.status })),
      draft.totalCents,
      draft.creditCents,
    );
    res.status(status).render('subscriptions/schedule', {
      title: `Paiement : ${draft.bundle.contract.name}`,
      draft,
      summary,
      values,
      errors,
      base: o.base(req),
      monthLabel,
      monthsLabel,
      quantityFields: Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('q_'))),
    });
  };
  // Step 2 → saved (or back to step 1).
  router.post(`${o.path}/echeancier`, (req, res) => {
    const contractId = idParam(req);
    const memberId = o.memberId(req);
    const actor = actorOf(req);
    const access = subscriptionAccess(ctx, actor, contractId, memberId);
    const body = req.body ?? {};
    const values = formValues(body);
    const q = parseQuantities(body, access.bundle);
    if (body.action === 'retour' || !q.ok)
      return renderQuantities(req, res, q.ok ? 200 : 422, values, q.ok ? {} : q.errors);
    // Amounts are read only where this person may type them; otherwise the proposal stands.
    const mayType = access.onBehalf || access.bundle.contract.membersEditAmounts;
    let typed: Map<number, number> | null = null;
    if (mayType && body.amountsTyped === '1') {
      const amounts = parseAmounts(
        body,
        access.bundle.paymentDates.map((p) => p.id),
      );
      if (!amounts.ok)
        return renderSchedule(
          req,
          res,
          422,
          draftSubscription(ctx, actor, contractId, memberId, q.lines, null),
          values,
          amounts.errors,
        );
      typed = amounts.amounts;
    }
    const draft = draftSubscription(ctx, actor, contractId, memberId, q.lines, typed);
    if (Object.keys(draft.errors).length) return renderSchedule(req, res, 422, draft, values, draft.errors);
    // "Recalculer" (pages without JavaScript): the schedule as typed, last cheque computed, not saved.
    if (body.action === 'recalculer') return renderSchedule(req, res, 200, draft, values, {});
    try {
      saveSubscription(ctx, actor, contractId, memberId, q.lines, typed);
    } catch (e) {
      return renderSchedule(req, res, 422, draft, values, validationErrors(e));
    }
    flash(
      req,
      'success',
      access.onBehalf
        ? `Souscription de ${access.member.firstName} ${access.member.lastName} enregistrée.`
        : 'Votre souscription est enregistrée. Un e-mail de confirmation vous est envoyé.',
    );
    res.redirect(o.done(req));
  });

  router.post(`${o.path}/annuler`, (req, res) => {
    try {
      const { creditCents } = cancelSubscription(ctx, actorOf(req), idParam(req), o.memberId(req));
      flash(
        req,
        'success',
        creditCents > 0
          ? `Souscription annulée. Des chèques déjà remis couvrent ${formatEuros(creditCents)} de trop : cette somme est due au membre.`
          : 'Souscription annulée : les chèques promis sont annulés.',
      );
    } catch (e) {
      flash(req, 'error', Object.values(validationErrors(e)).join(' '));
    }
    res.redirect(o.done(req));
  });
}
