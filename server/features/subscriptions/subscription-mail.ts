import type { Ctx } from '../../lib/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { queueMail } from '../mail/outbox.service.js';
import { formatCents, formatDate } from '../../web/view-helpers.js';
import { monthsLabel } from '../../domain/cheque-grouping.js';
import type { SubscriptionAccess } from './subscriptions.service.js';
import type { QuantityLine } from './subscriptions.forms.js';
import type { ScheduleLine } from './schedule.js';
import { summarizeSubscription } from './subscription-summary.js';

type Kind = 'created' | 'updated' | 'cancelled';

const SUBJECTS: Record<Kind, string> = {
  created: 'Votre contrat',
  updated: 'Votre contrat modifié',
  cancelled: 'Votre contrat annulé',
};

/** The confirmation mail, with the same summary as the confirmation page. Inside the caller's transaction. */
export function queueSubscriptionMail(
  ctx: Ctx,
  draft: SubscriptionAccess & { lines: QuantityLine[]; totalCents: number; schedule: ScheduleLine[]; amounts: number[]; creditCents: number },
  kind: Kind,
): void {
  const cheques = draft.schedule.map((l, i) => ({ dueOn: l.dueOn, amountCents: draft.amounts[i], status: l.status }));
  const summary = summarizeSubscription(draft.bundle, draft.lines, cheques, draft.totalCents, draft.creditCents);
  const mail = renderMail('subscription', {
    amapName: ctx.config.amap.name, baseUrl: ctx.config.server.baseUrl, kind, onBehalf: draft.onBehalf,
    firstName: draft.member.firstName, s: summary, distribution: ctx.config.distribution,
    formatCents, formatDate, monthsLabel,
  });
  queueMail(ctx, {
    to: { address: draft.member.email, name: `${draft.member.firstName} ${draft.member.lastName}` },
    subject: `${SUBJECTS[kind]} « ${summary.contractName} »`,
    ...mail,
  });
}
