import { deMonth, displayName, formatEuros } from '../../lib/format.js';
import type { Request, Response, Router } from 'express';
import type { Ctx } from '../../lib/context.js';
import { actorOf } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { formValues, validationErrors } from '../../web/forms.js';
import { monthLabel, monthsLabel } from '../../domain/cheque-grouping.js';
import { quantityField } from './subscriptions.forms.js';
import { cancelSubscription } from './subscriptions.service.js';
import {
  confirmSubscription,
  proposeSchedule,
  quantitiesStep,
  type SubscriptionStep,
} from './subscription-steps.service.js';
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

/**
 * The subscription steps — quantities, then payment schedule, then save — shared by a member
 * subscribing for themself and a referent acting for a member (subscription-steps.service.ts).
 */
export function subscriptionFlow(router: Router, ctx: Ctx, o: FlowOptions): void {
  const render = (req: Request, res: Response, page: SubscriptionStep) => {
    if (page.step === 'quantities') {
      const { access, existing, values, errors, full } = page;
      return res.status(page.status).render('subscriptions/quantities', {
        title: `${existing ? 'Modifier' : 'Souscrire'} : ${access.bundle.contract.name}`,
        access,
        bundle: access.bundle,
        existing,
        base: o.base(req),
        back: o.back(req),
        quantityField,
        values,
        errors,
        full,
      });
    }
    const { draft, summary, values, errors } = page;
    res.status(page.status).render('subscriptions/schedule', {
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

  router.get(`${o.path}/souscrire`, (req, res) =>
    render(req, res, quantitiesStep(ctx, actorOf(req), idParam(req), o.memberId(req))),
  );

  router.post(`${o.path}/souscrire`, (req, res) =>
    render(
      req,
      res,
      proposeSchedule(ctx, actorOf(req), idParam(req), o.memberId(req), req.body ?? {}, formValues(req.body)),
    ),
  );

  router.post(`${o.path}/echeancier`, (req, res) => {
    const page = confirmSubscription(
      ctx,
      actorOf(req),
      idParam(req),
      o.memberId(req),
      req.body ?? {},
      formValues(req.body),
    );
    if (page.step !== 'saved') return render(req, res, page);
    flash(
      req,
      'success',
      page.onBehalf
        ? `Souscription ${deMonth(displayName(page.member))} enregistrée.`
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

  // A refused form re-renders its page at the POST's URL; that URL opened later by GET (a reload, a
  // bookmark) leads back to the page instead of a 404.
  router.get(`${o.path}/echeancier`, (req, res) => res.redirect(`${o.base(req)}/souscrire`));
}
