/**
 * /admin/rappels: every reminder with its settings, its next run and its recent runs (what it
 * sent, whom it skipped and why), and each contract's delivery-sheet delay. Four queries.
 */
import { and, desc, eq, gt, gte, inArray, isNull, lt, max } from 'drizzle-orm';
import { contracts, deliveries, outbox, producers, taskRuns } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Ctx } from '../../lib/context.js';
import { formatDayLong, formatMoment, formatTime } from '../../lib/format.js';
import { producerSheetDaysOf, reminderSettings } from '../settings/reminder-settings.js';
import { dailyTime, localNow, nextRunDay } from './next-run.js';
import { plusDays, type ReminderDetails } from './reminder-result.js';
import { REMINDER_CRON, reminderSettingLines, reminderTasks, type ReminderTaskName } from './reminder-tasks.js';
import { sheetKeyPrefix } from './producer-delivery-sheets.task.js';

/** How far back the page shows runs. */
export const LOG_DAYS = 14;

export interface ReminderRunView {
  today: string;
  dayLabel: string;
  startedLabel: string;
  trigger: 'cron' | 'cli' | 'web';
  status: 'running' | 'ok' | 'error';
  summary: string | null;
  error: string | null;
  sent: number | null;
  noAddress: number;
  optedOut: number;
  alreadySent: number;
}

export interface ReminderView {
  name: ReminderTaskName;
  label: string;
  description: string;
  enabled: boolean;
  setting: string;
  /** "demain à 8 h", or null when off. */
  nextRun: string | null;
  /** The runs that had something to send (or failed), newest first. */
  runs: ReminderRunView[];
  /** The latest run, whatever it did; null when it has not run lately. */
  lastRun: ReminderRunView | null;
}

/** "à 8 h 02" for a run on its own day, the whole moment for a late run by hand. */
function startedLabel(startedAt: string, today: string, timeZone: string): string {
  const at = localNow(new Date(startedAt), timeZone);
  return at.today === today ? `à ${formatTime(at.time)}` : formatMoment(startedAt, timeZone);
}

/** A run that wrote about something, failed, or is still running: the others only say "nothing today". */
function eventful(r: typeof taskRuns.$inferSelect): boolean {
  if (r.status !== 'ok') return true;
  try {
    return ((JSON.parse(r.details) as Partial<ReminderDetails>).occasions ?? []).length > 0;
  } catch {
    return true;
  }
}

function runView(r: typeof taskRuns.$inferSelect, timeZone: string): ReminderRunView {
  let d: Partial<ReminderDetails> = {};
  try {
    d = JSON.parse(r.details) as Partial<ReminderDetails>;
  } catch {
    // A line written by an older version: its summary says enough.
  }
  return {
    today: r.today,
    dayLabel: formatDayLong(r.today),
    startedLabel: startedLabel(r.startedAt, r.today, timeZone),
    trigger: r.trigger,
    status: r.status,
    summary: r.summary,
    error: r.error,
    sent: typeof d.sent === 'number' ? d.sent : null,
    noAddress: d.noAddress ?? 0,
    optedOut: d.optedOut ?? 0,
    alreadySent: d.alreadySent ?? 0,
  };
}

export function remindersPage(ctx: Ctx) {
  const s = reminderSettings(ctx.db, ctx.config);
  const lines = reminderSettingLines(s);
  const now = localNow(ctx.clock(), ctx.config.timezone);
  const time = dailyTime(REMINDER_CRON);
  const names = Object.keys(reminderTasks) as ReminderTaskName[];
  const rows = ctx.db
    .select()
    .from(taskRuns)
    .where(and(inArray(taskRuns.task, names), gte(taskRuns.today, plusDays(now.today, -LOG_DAYS))))
    .orderBy(desc(taskRuns.startedAt), desc(taskRuns.id))
    .all();
  const reminders: ReminderView[] = names.map((name) => {
    const own = rows.filter((r) => r.task === name);
    const next = nextRunDay(now.today, now.time, time, name === 'monthly-planning' ? s.planningDay : undefined);
    const when =
      next === now.today ? 'aujourd’hui' : next === plusDays(now.today, 1) ? 'demain' : `le ${formatDayLong(next)}`;
    return {
      name,
      label: reminderTasks[name].label,
      description: reminderTasks[name].description,
      enabled: lines[name].enabled,
      setting: lines[name].setting,
      nextRun: lines[name].enabled ? `${when} à ${formatTime(time)}` : null,
      runs: own.filter(eventful).map((r) => runView(r, ctx.config.timezone)),
      lastRun: own[0] ? runView(own[0], ctx.config.timezone) : null,
    };
  });
  return {
    reminders,
    contracts: contractSheetDelays(ctx.db, now.today, s),
    defaultSheetDays: s.producerSheetDays,
    logDays: LOG_DAYS,
  };
}

export interface ContractSheetDelay {
  contractId: number;
  contractName: string;
  producerName: string;
  ownDays: number | null;
  days: number;
  nextDelivery: string | null;
}

/** The contracts that still deliver, with their delivery-sheet delay. */
function contractSheetDelays(db: Db, today: string, s: ReturnType<typeof reminderSettings>): ContractSheetDelay[] {
  const rows = db
    .select({
      contractId: contracts.id,
      contractName: contracts.name,
      producerName: producers.name,
      deliveryOn: deliveries.deliveryOn,
    })
    .from(deliveries)
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(and(eq(contracts.status, 'open'), isNull(deliveries.cancelledAt), gte(deliveries.deliveryOn, today)))
    .orderBy(producers.name, contracts.name, deliveries.deliveryOn)
    .all();
  const out = new Map<number, ContractSheetDelay>();
  for (const r of rows)
    if (!out.has(r.contractId))
      out.set(r.contractId, {
        contractId: r.contractId,
        contractName: r.contractName,
        producerName: r.producerName,
        ownDays: s.producerSheetDaysByContract[String(r.contractId)] ?? null,
        days: producerSheetDaysOf(s, r.contractId),
        nextDelivery: r.deliveryOn,
      });
  return [...out.values()];
}

const sentAtColumns = { at: max(outbox.createdAt) };

/** The contract page's "envoyée le …": when the sheet of a delivery last went out, or null. */
export function producerSheetSentAt(db: Db, contractId: number, deliveryOn: string): string | null {
  // The keys "<prefix><date>:…" as a range of the unique index (LIKE, case-insensitive, read the
  // whole outbox, which only grows): ';' is the character after ':'.
  const key = `${sheetKeyPrefix(contractId)}${deliveryOn}`;
  return (
    prepared(db, 'producer-sheet-sent-at', () => ({
      fields: sentAtColumns,
      query: db
        .select(sentAtColumns)
        .from(outbox)
        .where(and(gt(outbox.dedupeKey, ph('from')), lt(outbox.dedupeKey, ph('to')))),
    })).get({ from: `${key}:`, to: `${key};` })?.at ?? null
  );
}

export interface ProducerSheetStatus {
  deliveryOn: string;
  /** "04/05/2027 à 08:00" when it went out, else null. */
  sentLabel: string | null;
  /** When the reminder will send it ("mardi 4 mai 2027"), null when off or already past. */
  plannedLabel: string | null;
}

/** What the contract page says of the producer's sheet for one delivery. */
export function producerSheetStatus(
  ctx: Ctx,
  contractId: number,
  deliveryOn: string | null,
): ProducerSheetStatus | null {
  if (!deliveryOn) return null;
  const s = reminderSettings(ctx.db, ctx.config);
  const sentAt = producerSheetSentAt(ctx.db, contractId, deliveryOn);
  const planned = plusDays(deliveryOn, -producerSheetDaysOf(s, contractId));
  return {
    deliveryOn,
    sentLabel: sentAt ? formatMoment(sentAt, ctx.config.timezone) : null,
    plannedLabel: !sentAt && s.producerSheetEnabled && planned >= ctx.today() ? formatDayLong(planned) : null,
  };
}
