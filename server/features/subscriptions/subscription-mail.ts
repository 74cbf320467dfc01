import { and, eq, ne } from 'drizzle-orm';
import { members, producerReferents } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { queueMemberMail, queueMemberMails } from '../mail/member-mail.js';
import { displayName } from '../../lib/format.js';
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
  draft: SubscriptionAccess & {
    lines: QuantityLine[];
    totalCents: number;
    schedule: ScheduleLine[];
    amounts: number[];
    creditCents: number;
  },
  kind: Kind,
): void {
  const cheques = draft.schedule.map((l, i) => ({ dueOn: l.dueOn, amountCents: draft.amounts[i], status: l.status }));
  const summary = summarizeSubscription(draft.bundle, draft.lines, cheques, draft.totalCents, draft.creditCents);
  queueMemberMail(ctx, {
    memberId: draft.member.id,
    kind: 'essential',
    template: 'subscription',
    subject: `${SUBJECTS[kind]} « ${summary.contractName} »`,
    data: { kind, onBehalf: draft.onBehalf, s: summary, distribution: ctx.config.distribution, monthsLabel },
  });
}

/**
 * Tells the producer's referents who asked for notifications that a member subscribed, changed
 * or cancelled by themself (changes a referent makes are not echoed back to the referents).
 */
export function queueReferentNotifications(
  ctx: Ctx,
  draft: SubscriptionAccess & { totalCents: number },
  kind: Kind,
): void {
  if (draft.onBehalf) return;
  const referents = ctx.db
    .select({ id: members.id })
    .from(producerReferents)
    .innerJoin(members, eq(members.id, producerReferents.memberId))
    .where(
      and(
        eq(producerReferents.producerId, draft.bundle.contract.producerId),
        eq(producerReferents.notify, true),
        eq(members.active, true),
        ne(members.id, draft.member.id),
      ),
    )
    .all();
  const what = { created: 'a souscrit', updated: 'a modifié sa souscription', cancelled: 'a annulé sa souscription' }[
    kind
  ];
  const who = displayName(draft.member);
  const data = {
    kind,
    who,
    what,
    contractName: draft.bundle.contract.name,
    producerName: draft.bundle.producer.name,
    totalCents: draft.totalCents,
    link: `${ctx.config.server.baseUrl}/gestion/contrats/${draft.bundle.contract.id}/membres/${draft.member.id}`,
  };
  // About another member's contract: the referent may opt out of it, unlike mail about their own.
  queueMemberMails(
    ctx,
    referents.map((r) => ({
      memberId: r.id,
      kind: 'announcement',
      template: 'referent-notification',
      subject: `${who} ${what} : ${draft.bundle.contract.name}`,
      data,
    })),
  );
}
