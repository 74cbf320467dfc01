/**
 * The duty report of a season (issue 9 "Duty report"): per member household, the shifts done and
 * planned against the target, who has none, and the open places per month. One data function for
 * the coordinator's page and its CSV and XLSX: six queries whatever the number of members or days.
 */
import type { Db } from '../db/client.js';
import type { DayDefaults } from '../domain/distribution-days.js';
import { distributionPeriod } from '../read/distribution-days.js';
import { currentShifts, dutyHouseholds } from '../read/duty-households.js';
import { formatMonthYear } from '../lib/format.js';

export interface DutyReportRow {
  memberId: number;
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  target: number;
  /** Shifts on days before today. */
  done: number;
  /** Shifts from today on. */
  planned: number;
  /** Of those, shifts whose holder said "je ne peux pas venir" and nobody took yet (counted neither done nor planned). */
  seeking: number;
  /** target − done − planned, at least 0. */
  missing: number;
}

export interface DutyReportMonth {
  key: string;
  label: string;
  days: number;
  placesNeeded: number;
  filled: number;
  open: number;
}

export interface DutyReport {
  amapName: string;
  today: string;
  season: { from: string; to: string; startYear: number; label: string };
  rows: DutyReportRow[];
  months: DutyReportMonth[];
  /** Households behind their target, by name. */
  behind: DutyReportRow[];
  /** Households with no shift at all this season (and a target). */
  none: DutyReportRow[];
}

export interface DutyReportInput {
  season: { from: string; to: string; startYear: number };
  /** 1–12: names the season "2026-2027" or, starting in January, "2027". */
  startMonth: number;
  today: string;
  defaults: DayDefaults;
  defaultTarget: number;
  amapName: string;
}

export function seasonLabel(startYear: number, startMonth: number): string {
  return startMonth === 1 ? String(startYear) : `${startYear}-${startYear + 1}`;
}

export function dutyReportData(db: Db, input: DutyReportInput): DutyReport {
  const { season, today } = input;
  const households = dutyHouseholds(db, season.from, season.to, input.defaultTarget);
  const shifts = currentShifts(db, season.from, season.to);
  const period = distributionPeriod(db, season.from, season.to, input.defaults);

  const held = new Map<number, { done: number; planned: number; seeking: number }>();
  for (const s of shifts) {
    const h = held.get(s.memberId) ?? { done: 0, planned: 0, seeking: 0 };
    if (s.standInSought) h.seeking++;
    else if (s.on < today) h.done++;
    else h.planned++;
    held.set(s.memberId, h);
  }
  const rows: DutyReportRow[] = households.map((m) => {
    const h = held.get(m.memberId) ?? { done: 0, planned: 0, seeking: 0 };
    return {
      memberId: m.memberId,
      lastName: m.lastName,
      firstName: m.firstName,
      email: m.email,
      phone: m.phone,
      target: m.target,
      ...h,
      missing: Math.max(0, m.target - h.done - h.planned),
    };
  });

  const months: DutyReportMonth[] = [];
  for (const d of period.days) {
    if (d.cancelled) continue;
    const key = d.on.slice(0, 7);
    let m = months.at(-1);
    if (m?.key !== key)
      months.push((m = { key, label: formatMonthYear(d.on), days: 0, placesNeeded: 0, filled: 0, open: 0 }));
    m.days++;
    m.placesNeeded += d.placesNeeded;
    m.open += d.openPlaces;
    m.filled += d.placesNeeded - d.openPlaces;
  }

  return {
    amapName: input.amapName,
    today,
    season: { ...season, label: seasonLabel(season.startYear, input.startMonth) },
    rows,
    months,
    behind: rows.filter((r) => r.missing > 0),
    none: rows.filter((r) => r.target > 0 && r.done + r.planned + r.seeking === 0),
  };
}

export const DUTY_REPORT_HEADER = [
  'Nom',
  'Prénom',
  'E-mail',
  'Téléphone',
  'Attendues',
  'Faites',
  'Prévues',
  'Sans remplaçant·e',
  'Manquantes',
];

export function dutyReportRowCells(r: DutyReportRow): (string | number | null)[] {
  return [r.lastName, r.firstName, r.email, r.phone, r.target, r.done, r.planned, r.seeking, r.missing];
}

export function dutyReportFileName(data: DutyReport): string {
  return `permanences-${data.season.label}`;
}
