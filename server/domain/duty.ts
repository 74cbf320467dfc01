/**
 * The duty roster's rules (DESIGN.md §5 "Distributions and duty"): when a member may still
 * withdraw, which place a member may take on a day, what a season is for the targets. Pure:
 * "now" and the AMAP's timezone are parameters, the caller reads the day.
 */

import { localInstant } from './wall-clock.js';

/** Where a shift stands in time: free to withdraw, past the withdrawal deadline, or the day has begun. */
export type ShiftPhase = 'open' | 'late' | 'started';

/** The last moment a member may withdraw freely: `hours` before the day's start, in the AMAP's timezone. */
export function withdrawalDeadline(day: { on: string; startTime: string }, hours: number, timeZone: string): Date {
  return new Date(localInstant(day.on, day.startTime, timeZone).getTime() - hours * 3_600_000);
}

/** Whether, at `now`, a shift of this day may be left freely, only handed to a stand-in, or not at all. */
export function shiftPhase(
  now: Date,
  day: { on: string; startTime: string },
  hours: number,
  timeZone: string,
): ShiftPhase {
  const start = localInstant(day.on, day.startTime, timeZone).getTime();
  if (now.getTime() >= start) return 'started';
  return now.getTime() >= start - hours * 3_600_000 ? 'late' : 'open';
}

/** A day's place on duty as the rules see it: its roles, their places and who holds them. */
export interface RosterDay {
  on: string;
  cancelled: boolean;
  roles: readonly {
    name: string;
    places: number;
    shifts: readonly { memberId: number; standInSought: boolean }[];
  }[];
}

/** Whether the day is split in named roles (a day without roles has one role named ''). */
export function hasRoles(day: Pick<RosterDay, 'roles'>): boolean {
  return !(day.roles.length === 1 && day.roles[0].name === '');
}

/** The role a member holds on the day, or null. */
export function roleOf(day: RosterDay, memberId: number): string | null {
  for (const r of day.roles) if (r.shifts.some((s) => s.memberId === memberId)) return r.name;
  return null;
}

/**
 * Why `memberId` may not take a place in `roleName` on this day, or null when they may. The
 * phase is the day's (shiftPhase): a day that has begun takes nobody; after the withdrawal
 * deadline open places can still be taken (a volunteer at the last minute is welcome).
 * Taking the place they already hold is no problem here: the caller treats it as done.
 */
export function placeProblem(day: RosterDay, memberId: number, roleName: string, phase: ShiftPhase): string | null {
  if (day.cancelled) return 'Cette distribution est annulée.';
  if (phase === 'started') return 'Cette distribution est passée : on ne peut plus s’y inscrire.';
  const named = hasRoles(day);
  if (named && roleName === '') return 'Choisissez un rôle.';
  const role = named ? day.roles.find((r) => r.name === roleName) : day.roles[0];
  if (!role || role.places === 0) return 'Ce rôle n’existe pas ce jour-là.';
  const held = roleOf(day, memberId);
  if (held !== null) {
    if (held === role.name) return null;
    return held === ''
      ? 'Une seule place par jour : vous êtes déjà de permanence ce jour-là.'
      : `Une seule place par jour : vous êtes déjà inscrit·e comme « ${held} » ce jour-là.`;
  }
  if (role.shifts.length >= role.places)
    return named
      ? `Plus de place pour « ${role.name} » ce jour-là.`
      : 'Plus de place ce jour-là : l’équipe est complète.';
  return null;
}

/** Roles with places left, in the day's order (the role picker offers these). */
export function openRoles(day: Pick<RosterDay, 'roles'>): string[] {
  return day.roles.filter((r) => r.places > r.shifts.length).map((r) => r.name);
}

/**
 * A season for the duty targets: twelve months from the 1st of `startMonth` (1–12) that contain
 * `day`. startMonth 9: "2027-03-25" → 2026-09-01 … 2027-08-31.
 */
export function dutySeason(day: string, startMonth: number): { from: string; to: string; startYear: number } {
  const [y, m] = day.split('-').map(Number);
  const startYear = m >= startMonth ? y : y - 1;
  return seasonStarting(startYear, startMonth);
}

/** The season starting in `startYear` on the 1st of `startMonth`. */
export function seasonStarting(startYear: number, startMonth: number): { from: string; to: string; startYear: number } {
  const from = `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(startYear + 1, startMonth - 1, 0));
  return { from, to: end.toISOString().slice(0, 10), startYear };
}

/** "2027-W02": the ISO week of a day (Monday to Sunday, the week of 4 January is week 1). */
export function isoWeek(on: string): string {
  const [y, m, d] = on.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const year = date.getUTCFullYear();
  const week = 1 + Math.floor((date.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Days between two YYYY-MM-DD dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** A duty role typed in a form: name and places. */
export interface RoleRow {
  name: string;
  places: number;
}

export const MAX_ROLES = 8;
export const MAX_PLACES = 30;

/**
 * The duty roles typed in the rows of a form (settings, a day's page): empty rows are left
 * out; names are unique (case aside); 1 to MAX_PLACES places each. Returns the roles or the
 * first problem in French.
 */
export function checkRoles(rows: readonly { name: string; places: string }[]): RoleRow[] | { error: string } {
  const roles: RoleRow[] = [];
  for (const row of rows) {
    const name = row.name.trim().replace(/\s+/g, ' ');
    const raw = row.places.trim();
    if (name === '' && raw === '') continue;
    if (name === '') return { error: 'Chaque rôle a un nom.' };
    if (name.length > 60) return { error: `Le nom « ${name.slice(0, 20)}… » est trop long (60 caractères au plus).` };
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PLACES)
      return { error: `Indiquez pour « ${name} » un nombre de places entre 1 et ${MAX_PLACES}.` };
    if (roles.some((r) => r.name.toLocaleLowerCase('fr') === name.toLocaleLowerCase('fr')))
      return { error: `Le rôle « ${name} » est en double.` };
    roles.push({ name, places: Number(raw) });
  }
  if (roles.length > MAX_ROLES) return { error: `${MAX_ROLES} rôles au plus.` };
  return roles;
}
