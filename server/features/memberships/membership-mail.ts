import type { Ctx } from '../../lib/context.js';
import { queueMemberMail } from '../mail/member-mail.js';
import { paymentPhrase } from './memberships.forms.js';
import type { MembershipRow, PeriodRow } from './memberships.queries.js';

export type MembershipMailKind = 'created' | 'updated' | 'received';

const SUBJECTS: Record<MembershipMailKind, string> = {
  created: 'Votre adhésion est enregistrée',
  updated: 'Votre adhésion est modifiée',
  received: 'Votre adhésion est reçue',
};

/**
 * Tells the member their membership is recorded (or changed, or received by the treasurer).
 * Inside the caller's transaction; a member without an e-mail address gets nothing.
 */
export function queueMembershipMail(
  ctx: Ctx,
  period: PeriodRow,
  membership: Pick<MembershipRow, 'id' | 'memberId' | 'amountCents' | 'method'>,
  kind: MembershipMailKind,
): void {
  queueMemberMail(ctx, {
    memberId: membership.memberId,
    kind: 'essential',
    template: 'membership',
    subject: `${SUBJECTS[kind]} : ${period.name}`,
    data: {
      kind,
      period,
      amountCents: membership.amountCents,
      method: membership.method,
      payment: paymentPhrase(membership.method, period.payee),
      today: ctx.today(),
    },
    // A receipt goes once for the same amount and method (marking received again after an undo sends nothing new).
    dedupeKey:
      kind === 'received'
        ? `membership-received:${membership.id}:${membership.amountCents}:${membership.method}`
        : undefined,
  });
}
