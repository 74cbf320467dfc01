/**
 * Cheques due soon: N days before a payment date (setting, default 7), to each member whose
 * cheque for it is still promised (not handed in), with every such cheque, its payee and amount.
 * Essential mail: it concerns the member's own cheques.
 */
import type { Ctx } from '../../lib/context.js';
import { formatDayMonth, formatEuros } from '../../lib/format.js';
import { chequeLines } from '../../read/cheque-lines.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';

export function runChequesDue(ctx: Ctx, today: string): TaskResult {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.chequesEnabled) return disabledResult();
  const dueOn = plusDays(today, s.chequesDays);
  const lines = chequeLines(
    ctx.db,
    { statuses: ['promised'], dueFrom: dueOn, dueUpTo: dueOn, paymentsManaged: true },
    'member',
  ).filter((l) => l.subscriptionStatus === 'active');
  if (lines.length === 0) return reminderResult([], noCounts());
  const byMember = new Map<number, typeof lines>();
  for (const l of lines) byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l]);
  const counts = ctx.db.transaction(() =>
    queueMemberMails(
      ctx,
      [...byMember].map(([memberId, cheques]) => ({
        memberId,
        kind: 'essential' as const,
        template: 'reminder-cheques-due',
        subject: `Chèque${cheques.length > 1 ? 's' : ''} à apporter, encaissé${cheques.length > 1 ? 's' : ''} le ${formatDayMonth(dueOn)}`,
        data: {
          dueLabel: formatDayMonth(dueOn),
          cheques: cheques.map((c) => ({
            contractName: c.contractName,
            payee: c.payee,
            amount: formatEuros(c.amountCents),
          })),
          pageUrl: `${ctx.config.server.baseUrl}/mes-paiements`,
        },
        dedupeKey: `reminder-cheques-due:${dueOn}:${memberId}`,
      })),
    ),
  );
  return reminderResult([`encaissement du ${formatDayMonth(dueOn)}`], counts);
}
