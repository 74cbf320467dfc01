import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { formatEuros, formatDayLong } from '../../lib/format.js';
import { renderMail } from '../mail/mail-templates.js';
import { queueMail } from '../mail/outbox.service.js';
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
  const member = ctx.db
    .select({ firstName: members.firstName, lastName: members.lastName, email: members.email })
    .from(members)
    .where(eq(members.id, membership.memberId))
    .get();
  if (!member?.email) return;
  const mail = renderMail('membership', {
    amapName: ctx.config.amap.name,
    baseUrl: ctx.config.server.baseUrl,
    kind,
    firstName: member.firstName,
    period,
    amountCents: membership.amountCents,
    method: membership.method,
    payment: paymentPhrase(membership.method, period.payee),
    today: ctx.today(),
    formatEuros,
    formatDayLong,
  });
  queueMail(ctx, {
    to: { address: member.email, name: `${member.firstName} ${member.lastName}` },
    subject: `${SUBJECTS[kind]} : ${period.name}`,
    ...mail,
    // A receipt goes once for the same amount and method (marking received again after an undo sends nothing new).
    dedupeKey:
      kind === 'received'
        ? `membership-received:${membership.id}:${membership.amountCents}:${membership.method}`
        : undefined,
  });
}
