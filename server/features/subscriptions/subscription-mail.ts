import { and, eq } from 'drizzle-orm';
import { members, producerReferents } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { queueMail } from '../mail/outbox.service.js';
import { formatEuros, formatDayLong } from '../../lib/format.js';
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
  const mail = renderMail('subscription', {
    amapName: ctx.config.amap.name,
    baseUrl: ctx.config.server.baseUrl,
    kind,
    onBehalf: draft.onBehalf,
    firstName: draft.member.firstName,
    s: summary,
    distribution: ctx.config.distribution,
    formatEuros,
    formatDayLong,
    monthsLabel,
  });
  queueMail(ctx, {
    to: { address: draft.member.email, name: `${draft.member.firstName} ${draft.member.lastName}` },
    subject: `${SUBJECTS[kind]} « ${summary.contractName} »`,
    ...mail,
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
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, email: members.email })
    .from(producerReferents)
    .innerJoin(members, eq(members.id, producerReferents.memberId))
    .where(
      and(
        eq(producerReferents.producerId, draft.bundle.contract.producerId),
        eq(producerReferents.notify, true),
        eq(members.active, true),
      ),
    )
    .all();
  const what = { created: 'a souscrit', updated: 'a modifié sa souscription', cancelled: 'a annulé sa souscription' }[
    kind
  ];
  const who = `${draft.member.firstName} ${draft.member.lastName}`;
  const link = `${ctx.config.server.baseUrl}/gestion/contrats/${draft.bundle.contract.id}/membres/${draft.member.id}`;
  for (const r of referents) {
    if (r.id === draft.member.id) continue;
    const text =
      `Bonjour ${r.firstName},\n\n${who} ${what} au contrat « ${draft.bundle.contract.name} »` +
      (kind === 'cancelled' ? '.' : ` (total ${formatEuros(draft.totalCents)}).`) +
      `\n\nLe détail : ${link}\n\nVous recevez ce message parce que vous êtes référent·e de ${draft.bundle.producer.name} avec les notifications activées.\n`;
    queueMail(ctx, {
      to: { address: r.email, name: `${r.firstName} ${r.lastName}` },
      subject: `${who} ${what} : ${draft.bundle.contract.name}`,
      text,
      essential: false,
    });
  }
}
