/**
 * "Les souscriptions sont ouvertes": when a contract's window opens, to every active member. An
 * announcement (opt-out honoured). A window that opened in the last few days is caught up (the
 * server was down, the reminder was off), never a window opened long ago.
 */
import type { Ctx } from '../../lib/context.js';
import { formatDayLong } from '../../lib/format.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { addCounts, disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';
import { activeMemberIds, contractsWindow } from './subscription-windows.js';

/** How many days late an opening is still announced. */
export const OPENING_CATCH_UP_DAYS = 3;

export function runWindowOpening(ctx: Ctx, today: string): TaskResult {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.openingEnabled) return disabledResult();
  const opening = contractsWindow(ctx.db, 'opensOn', plusDays(today, -OPENING_CATCH_UP_DAYS), today, today);
  if (opening.length === 0) return reminderResult([], noCounts());
  const people = activeMemberIds(ctx.db);
  const counts = ctx.db.transaction(() =>
    opening.reduce(
      (sum, c) =>
        addCounts(
          sum,
          queueMemberMails(
            ctx,
            people.map((memberId) => ({
              memberId,
              kind: 'announcement' as const,
              template: 'reminder-window-opening',
              subject: `Souscriptions ouvertes : ${c.name} (${c.producerName})`,
              data: {
                contractName: c.name,
                producerName: c.producerName,
                closesLabel: formatDayLong(c.closesOn),
                pageUrl: `${ctx.config.server.baseUrl}/contrats/${c.id}`,
              },
              dedupeKey: `reminder-window-opening:${c.id}:${memberId}`,
            })),
          ),
        ),
      noCounts(),
    ),
  );
  return reminderResult(
    opening.map((c) => `ouverture de « ${c.name} »`),
    counts,
  );
}
