/**
 * "What you collect": N days before a distribution (setting, default the day before; off by
 * default), to each member with a delivery that day, what they collect per contract. Essential
 * mail: it concerns the member's own contracts.
 */
import type { Ctx } from '../../lib/context.js';
import { formatDayNoYear, formatHours } from '../../lib/format.js';
import { collections } from '../../read/collections.js';
import { distributionDay } from '../../read/distribution-days.js';
import { itemLabel } from '../../documents/sign-in-sheet.words.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { dayDefaults } from '../settings/settings.service.js';
import { reminderSettings } from '../settings/reminder-settings.js';
import { disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';

export function runCollectionReminders(ctx: Ctx, today: string): TaskResult {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.collectionEnabled) return disabledResult();
  const on = plusDays(today, s.collectionDays);
  const day = distributionDay(ctx.db, on, dayDefaults(ctx));
  const people = day && !day.cancelled ? (collections(ctx.db, { from: on, to: on })[0]?.members ?? []) : [];
  if (!day || people.length === 0) return reminderResult([], noCounts());
  const counts = ctx.db.transaction(() =>
    queueMemberMails(
      ctx,
      people.map((m) => ({
        memberId: m.memberId,
        kind: 'essential' as const,
        template: 'reminder-collection',
        subject: `Distribution ${formatDayNoYear(on)} : ce que vous récupérez`,
        data: {
          dayLabel: formatDayNoYear(on),
          hours: formatHours(day.startTime, day.endTime),
          place: day.place,
          note: day.note,
          contracts: m.contracts.map((c) => ({
            contractName: c.contractName,
            producerName: c.producerName,
            items: c.products.map(itemLabel),
          })),
          pageUrl: `${ctx.config.server.baseUrl}/mes-contrats`,
        },
        dedupeKey: `reminder-collection:${on}:${m.memberId}`,
      })),
    ),
  );
  return reminderResult([`distribution du ${formatDayNoYear(on)}`], counts);
}
