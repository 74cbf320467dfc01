/**
 * The coordinator's fair proposal for a period (domain/duty-proposal.ts): previewed with who,
 * when and why, then applied in whole or in part. Applying computes the proposal again inside
 * the transaction (the same data gives the same proposal), takes the ticked assignments that
 * are still in it, and mails each member their new shifts at once.
 */
import { dutyShifts } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { daysBetween, dutySeason, shiftPhase } from '../../domain/duty.js';
import { proposeDuty, type AssignmentReason, type Proposal } from '../../domain/duty-proposal.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { displayName, formatDayLong } from '../../lib/format.js';
import { distributionPeriod, type DistributionDayView } from '../../read/distribution-days.js';
import { collectingDays, currentShifts, dutyHouseholds } from '../../read/duty-households.js';
import { recordAudit } from '../audit/audit.service.js';
import { dayDefaults, getSettings } from '../settings/settings.service.js';
import { seasonLabel } from '../../documents/duty-report.data.js';
import { mailDay, queueAssignedMails } from './duty-mail.js';
import { coordinates } from './duty.service.js';

/** A fixed seed: the same roster always gives the same proposal. */
const SEED = 2027;

export interface ProposalPeriod {
  from: string;
  to: string;
}

export interface ProposalView {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  seasonLabel: string;
  /** The period asked for went past the season's end: it stops there. */
  clipped: boolean;
  /** Days that may still take people (before their withdrawal deadline), open places in them. */
  days: number;
  openPlaces: number;
  assignments: { key: string; on: string; dayLabel: string; name: string; roleName: string; why: string }[];
  unplaced: { name: string; missing: number; why: string }[];
}

/** "1re", "2e", "3e". */
const ordinal = (n: number) => (n === 1 ? '1re' : `${n}e`);

export function reasonText(r: AssignmentReason): string {
  const parts = [
    r.collects ? 'retire un panier ce jour-là' : 'ne retire rien ce jour-là',
    `${ordinal(r.shiftNumber)} permanence sur ${r.target} attendue${r.target > 1 ? 's' : ''}`,
  ];
  if (r.gapDays !== null)
    parts.push(
      r.gapDays >= 14
        ? `à ${Math.round(r.gapDays / 7)} semaines de son autre permanence`
        : `à ${r.gapDays} jours de son autre permanence`,
    );
  return parts.join(' · ');
}

/** The period, checked: real days in order, from today on, within one season, a year at most. */
function checkPeriod(ctx: Ctx, p: ProposalPeriod, startMonth: number) {
  if (p.to < p.from) throw new ValidationError({ field: 'au', message: 'La fin de la période est avant son début.' });
  const from = p.from < ctx.today() ? ctx.today() : p.from;
  const season = dutySeason(from, startMonth);
  const to = p.to > season.to ? season.to : p.to;
  if (daysBetween(from, to) > 366) throw new ValidationError({ field: 'au', message: 'Une année au plus.' });
  return { from, to, season, clipped: to !== p.to };
}

interface Computed {
  proposal: Proposal;
  days: DistributionDayView[];
  names: Map<number, string>;
  period: ReturnType<typeof checkPeriod>;
  withdrawalHours: number;
}

/** Reads the roster and computes the proposal: six queries whatever the number of members or days. */
function compute(ctx: Ctx, p: ProposalPeriod): Computed {
  const settings = getSettings(ctx.db);
  const period = checkPeriod(ctx, p, settings.dutySeasonStartMonth);
  const now = ctx.clock();
  const days = distributionPeriod(ctx.db, period.from, period.to, dayDefaults(ctx, settings)).days.filter(
    (d) => !d.cancelled && shiftPhase(now, d, settings.dutyWithdrawalHours, ctx.config.timezone) === 'open',
  );
  const households = dutyHouseholds(ctx.db, period.season.from, period.season.to, settings.dutyShiftsPerSeason);
  const held = new Map<number, string[]>();
  for (const s of currentShifts(ctx.db, period.season.from, period.season.to))
    held.set(s.memberId, [...(held.get(s.memberId) ?? []), s.on]);
  const collects = new Map<number, string[]>();
  for (const c of collectingDays(ctx.db, period.from, period.to))
    collects.set(c.memberId, [...(collects.get(c.memberId) ?? []), c.on]);
  const proposal = proposeDuty({
    seed: SEED,
    days: days.map((d) => ({
      on: d.on,
      roles: d.roles.filter((r) => r.places > 0).map((r) => ({ name: r.name, open: r.open })),
      onDuty: d.roles.flatMap((r) => r.shifts.map((s) => s.memberId)),
    })),
    members: households
      .filter((h) => h.target > 0)
      .map((h) => ({
        memberId: h.memberId,
        target: h.target,
        shifts: held.get(h.memberId) ?? [],
        collects: collects.get(h.memberId) ?? [],
      })),
  });
  return {
    proposal,
    days,
    names: new Map(households.map((h) => [h.memberId, displayName(h)])),
    period,
    withdrawalHours: settings.dutyWithdrawalHours,
  };
}

const keyOf = (a: { on: string; memberId: number; roleName: string }) => `${a.on}|${a.memberId}|${a.roleName}`;

function assertCoordinator(actor: Actor): void {
  if (!coordinates(actor)) throw new ForbiddenError();
}

/** The proposal for the period, as the coordinator previews it. Writes nothing. */
export function previewProposal(ctx: Ctx, actor: Actor, p: ProposalPeriod): ProposalView {
  assertCoordinator(actor);
  const { proposal, days, names, period } = compute(ctx, p);
  return {
    from: period.from,
    to: period.to,
    fromLabel: formatDayLong(period.from),
    toLabel: formatDayLong(period.to),
    seasonLabel: seasonLabel(period.season.startYear, getSettings(ctx.db).dutySeasonStartMonth),
    clipped: period.clipped,
    days: days.length,
    openPlaces: days.reduce((n, d) => n + d.openPlaces, 0),
    assignments: proposal.assignments.map((a) => ({
      key: keyOf(a),
      on: a.on,
      dayLabel: formatDayLong(a.on),
      name: names.get(a.memberId) ?? '',
      roleName: a.roleName,
      why: reasonText(a.reason),
    })),
    unplaced: proposal.unplaced.map((u) => ({
      name: names.get(u.memberId) ?? '',
      missing: u.missing,
      why:
        u.reason === 'full'
          ? 'plus aucune place libre sur la période'
          : 'les places libres restantes tombent des semaines où ce foyer est déjà de permanence',
    })),
  };
}

/**
 * Applies the ticked assignments (`keys`, as previewed) that the proposal still holds; returns
 * how many were applied and how many had changed since the preview.
 */
export function applyProposal(
  ctx: Ctx,
  actor: Actor,
  p: ProposalPeriod,
  keys: readonly string[],
): { applied: number; skipped: number } {
  assertCoordinator(actor);
  if (keys.length === 0) throw new ValidationError({ message: 'Cochez au moins une permanence à enregistrer.' });
  return ctx.db.transaction(() => {
    const { proposal, days, withdrawalHours } = compute(ctx, p);
    const wanted = new Set(keys);
    const chosen = proposal.assignments.filter((a) => wanted.has(keyOf(a)));
    const byDay = new Map(days.map((d) => [d.on, d]));
    const now = ctx.clock().toISOString();
    const mails = chosen.map((a) => {
      const { id } = ctx.db
        .insert(dutyShifts)
        .values({
          dayOn: a.on,
          memberId: a.memberId,
          roleName: a.roleName || null,
          createdById: actor.id,
          createdAt: now,
        })
        .returning({ id: dutyShifts.id })
        .get();
      return { memberId: a.memberId, shiftId: id, day: mailDay(ctx, byDay.get(a.on)!, a.roleName, withdrawalHours) };
    });
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'duty.proposal-applied',
      targetType: 'duty-roster',
      details: { from: p.from, to: p.to, applied: chosen.map(keyOf), skipped: keys.length - chosen.length },
    });
    queueAssignedMails(ctx, displayName(actor), withdrawalHours, mails);
    return { applied: chosen.length, skipped: new Set(keys).size - chosen.length };
  });
}

/** The default period of the proposal: the coming three months, from today to the end of the third month after this one. */
export function defaultProposalPeriod(today: string): ProposalPeriod {
  const [y, m] = today.split('-').map(Number);
  return { from: today, to: addDays(new Date(Date.UTC(y, m + 3, 1)).toISOString().slice(0, 10), -1) };
}
