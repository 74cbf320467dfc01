/**
 * "Plus que N jours pour souscrire": N days before a contract's window closes (setting, default
 * 3), to the active members not subscribed to it, or (setting) only to those who subscribed to an
 * earlier contract of the same producer. An announcement (opt-out honoured).
 */
import type { Ctx } from '../../lib/context.js';
import { formatDayLong } from '../../lib/format.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { addCounts, disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';
import { activeMemberIds, contractsWindow, previousSubscribersOf, subscribersOf } from './subscription-windows.js';

export function runWindowClosing(ctx: Ctx, today: string): TaskResult {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.closingEnabled) return disabledResult();
  const closesOn = plusDays(today, s.closingDays);
  const closing = contractsWindow(ctx.db, 'closesOn', closesOn, closesOn, today);
  if (closing.length === 0) return reminderResult([], noCounts());
  const active = activeMemberIds(ctx.db);
  const subscribed = subscribersOf(
    ctx.db,
    closing.map((c) => c.id),
  );
  const previous =
    s.closingAudience === 'previous-subscribers'
      ? previousSubscribersOf(
          ctx.db,
          closing.map((c) => c.producerId),
          closing.map((c) => c.id),
        )
      : null;
  const counts = ctx.db.transaction(() =>
    closing.reduce((sum, c) => {
      const audience = active.filter(
        (id) => !subscribed.get(c.id)!.has(id) && (previous === null || previous.get(c.producerId)!.has(id)),
      );
      return addCounts(
        sum,
        queueMemberMails(
          ctx,
          audience.map((memberId) => ({
            memberId,
            kind: 'announcement' as const,
            template: 'reminder-window-closing',
            subject: `Derniers jours pour souscrire : ${c.name}, jusqu’au ${formatDayLong(c.closesOn)}`,
            data: {
              contractName: c.name,
              producerName: c.producerName,
              closesLabel: formatDayLong(c.closesOn),
              daysLeft: s.closingDays,
              previousSubscriber: previous !== null,
              pageUrl: `${ctx.config.server.baseUrl}/contrats/${c.id}`,
            },
            dedupeKey: `reminder-window-closing:${c.id}:${memberId}`,
          })),
        ),
      );
    }, noCounts()),
  );
  return reminderResult(
    closing.map((c) => `fin des souscriptions de « ${c.name} »`),
    counts,
  );
}
