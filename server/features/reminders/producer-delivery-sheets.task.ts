/**
 * The producer's delivery sheet: N days before each delivery (the contract's own delay, else the
 * AMAP's, default 2), to the producer's e-mail, the producer's accounts and the referents who
 * asked for notifications, with the sheet as PDF and XLSX. The referent may send it again from
 * the contract page (a new occasion: a fresh dedupe key).
 */
import { and, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import {
  contracts,
  deliveries,
  members,
  producerAccounts,
  producerReferents,
  producers,
} from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { formatDayLong, formatDayNoYear } from '../../lib/format.js';
import type { MailAttachment } from '../mail/mail-attachments.js';
import { deliverySheetData } from '../../documents/delivery-sheet.data.js';
import { build as sheetPdf } from '../../documents/delivery-sheet.pdf.js';
import { build as sheetXlsx } from '../../documents/delivery-sheet.xlsx.js';
import type { TaskResult } from '../../jobs/tasks.js';
import { queueMemberMails, type MemberMailCounts } from '../mail/member-mail.js';
import { queueMail } from '../mail/outbox.service.js';
import { producerSheetDaysOf, reminderSettings, REMINDER_LIMITS } from '../settings/reminder-settings.js';
import { addCounts, disabledResult, noCounts, plusDays, reminderResult } from './reminder-result.js';

/** Every dedupe key of a contract's sheets starts so: the contract page reads when it went. */
export function sheetKeyPrefix(contractId: number): string {
  return `reminder-producer-sheet:${contractId}:`;
}

interface Occasion {
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  producerEmail: string | null;
  deliveryOn: string;
}

/** The sheet's two files, built from one read of the data. */
async function sheetFiles(ctx: Ctx, o: Occasion, today: string): Promise<MailAttachment[]> {
  const data = deliverySheetData(ctx.db, o.contractId, { from: o.deliveryOn, to: o.deliveryOn }, ctx.config.amap.name);
  if (!data) return [];
  return [await sheetPdf(data, today), await sheetXlsx(data)];
}

/** Queues the sheet of one delivery to everyone who gets it; `suffix` makes a resend a new occasion. */
function queueSheet(ctx: Ctx, o: Occasion, files: MailAttachment[], suffix = ''): MemberMailCounts {
  const people = new Set<number>([
    ...ctx.db
      .select({ id: producerAccounts.memberId })
      .from(producerAccounts)
      .where(eq(producerAccounts.producerId, o.producerId))
      .all()
      .map((r) => r.id),
    ...ctx.db
      .select({ id: producerReferents.memberId })
      .from(producerReferents)
      .where(and(eq(producerReferents.producerId, o.producerId), eq(producerReferents.notify, true)))
      .all()
      .map((r) => r.id),
  ]);
  const key = `${sheetKeyPrefix(o.contractId)}${o.deliveryOn}${suffix}`;
  const subject = `Feuille de livraison : ${o.contractName}, ${formatDayNoYear(o.deliveryOn)}`;
  const data = {
    contractName: o.contractName,
    producerName: o.producerName,
    dayLabel: formatDayLong(o.deliveryOn),
    pageUrl: `${ctx.config.server.baseUrl}/gestion/contrats/${o.contractId}`,
  };
  const counts = queueMemberMails(
    ctx,
    [...people].map((memberId) => ({
      memberId,
      kind: 'essential' as const,
      template: 'reminder-producer-sheet',
      subject,
      data,
      dedupeKey: `${key}:m${memberId}`,
      attachments: files,
    })),
  );
  const memberAddresses = people.size
    ? new Set(
        ctx.db
          .select({ email: members.email })
          .from(members)
          .where(inArray(members.id, [...people]))
          .all()
          .map((m) => m.email?.toLowerCase()),
      )
    : new Set<string | undefined>();
  const own = { ...noCounts() };
  if (!o.producerEmail) own.noAddress++;
  else if (!memberAddresses.has(o.producerEmail.toLowerCase())) {
    const queued = queueMail(ctx, {
      to: { address: o.producerEmail, name: o.producerName },
      subject,
      template: 'reminder-producer-sheet',
      data: { ...data, firstName: null },
      dedupeKey: `${key}:producer`,
      attachments: files,
    });
    if (queued) own.queued++;
    else own.duplicate++;
  }
  return addCounts(counts, own);
}

const occasionColumns = {
  contractId: contracts.id,
  contractName: contracts.name,
  producerId: producers.id,
  producerName: producers.name,
  producerEmail: producers.email,
  deliveryOn: deliveries.deliveryOn,
};

export async function runProducerDeliverySheets(ctx: Ctx, today: string): Promise<TaskResult> {
  const s = reminderSettings(ctx.db, ctx.config);
  if (!s.producerSheetEnabled) return disabledResult();
  const due = ctx.db
    .select(occasionColumns)
    .from(deliveries)
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(
      and(
        isNull(deliveries.cancelledAt),
        inArray(contracts.status, ['open', 'archived']),
        gte(deliveries.deliveryOn, today),
        lte(deliveries.deliveryOn, plusDays(today, REMINDER_LIMITS.days.max)),
      ),
    )
    .orderBy(deliveries.deliveryOn, contracts.id)
    .all()
    .filter((o) => o.deliveryOn === plusDays(today, producerSheetDaysOf(s, o.contractId)));
  let counts = noCounts();
  for (const o of due) {
    const files = await sheetFiles(ctx, o, today);
    counts = addCounts(
      counts,
      ctx.db.transaction(() => queueSheet(ctx, o, files)),
    );
  }
  return reminderResult(
    due.map((o) => `${o.contractName}, livraison du ${formatDayNoYear(o.deliveryOn)}`),
    counts,
  );
}

/** "Renvoyer" on the contract page: the sheet of one delivery, sent again now to everyone who gets it. */
export async function resendProducerSheet(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  deliveryOn: string,
): Promise<MemberMailCounts> {
  const o = ctx.db
    .select(occasionColumns)
    .from(deliveries)
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(
      and(eq(deliveries.contractId, contractId), eq(deliveries.deliveryOn, deliveryOn), isNull(deliveries.cancelledAt)),
    )
    .get();
  if (!o) throw new NotFoundError();
  if (!may(actor, 'manage-contracts', { type: 'contract', producerId: o.producerId })) throw new ForbiddenError();
  const files = await sheetFiles(ctx, o, ctx.today());
  return ctx.db.transaction(() => queueSheet(ctx, o, files, `:resend:${ctx.clock().toISOString()}`));
}
