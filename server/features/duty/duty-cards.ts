/**
 * A distribution day as the duty pages show it (the roster, a day's page, the home page, the
 * distributions list): plain view data, with what the person looking may do on it. The team's
 * phones and e-mails are in it only for those who coordinate the duty or serve that day.
 */
import type { DistributionDayView } from '../../read/distribution-days.js';
import {
  hasRoles,
  openRoles,
  placeProblem,
  shiftPhase,
  withdrawalDeadline,
  type ShiftPhase,
} from '../../domain/duty.js';
import { displayName, formatDayLong, formatMonthYear, formatTime } from '../../lib/format.js';
import { wallDate, wallHHMM, wallTimeAt } from '../../domain/wall-clock.js';

export interface TeamMemberView {
  shiftId: number;
  memberId: number;
  name: string;
  /** Only for the coordinator and the day's team. */
  phone: string | null;
  email: string | null;
  standInSought: boolean;
  mine: boolean;
}

export interface RoleView {
  name: string;
  places: number;
  open: number;
  team: TeamMemberView[];
}

export interface DayCard {
  on: string;
  dayLabel: string;
  hours: string;
  place: string;
  note: string | null;
  title: string | null;
  cancelled: boolean;
  cancelReason: string | null;
  addedByHand: boolean;
  contracts: { contractName: string; producerName: string }[];
  hasRoles: boolean;
  roles: RoleView[];
  placesNeeded: number;
  openPlaces: number;
  standInsSought: number;
  phase: ShiftPhase;
  /** "mardi 12 janvier 2027 à 18 h 30": the last moment to withdraw freely. */
  deadlineLabel: string;
  /** The viewer's own shift that day. */
  mine: { shiftId: number; roleName: string; standInSought: boolean } | null;
  /** Roles the viewer may take now (empty: no sign-up button). */
  rolesOpenToMe: string[];
  /** The viewer collects something that day. */
  collects: boolean;
}

export interface CardContext {
  viewerId: number;
  now: Date;
  withdrawalHours: number;
  timeZone: string;
  /** The viewer coordinates the duty: every team's contact details. */
  coordinator: boolean;
  /** Days the viewer collects on. */
  collectsOn?: ReadonlySet<string>;
}

/** "de 18 h 30 à 19 h 30". */
export function hoursLabel(day: { startTime: string; endTime: string }): string {
  return `de ${formatTime(day.startTime)} à ${formatTime(day.endTime)}`;
}

/** "jeudi 14 janvier 2027 à 18 h 30" for a moment in the AMAP's timezone. */
export function momentLabel(moment: Date, timeZone: string): string {
  const t = wallTimeAt(timeZone, moment.getTime());
  return `${formatDayLong(wallDate(t))} à ${formatTime(wallHHMM(t))}`;
}

export function dayCard(day: DistributionDayView, c: CardContext): DayCard {
  const phase = shiftPhase(c.now, day, c.withdrawalHours, c.timeZone);
  const onTeam = day.roles.some((r) => r.shifts.some((s) => s.memberId === c.viewerId));
  const contacts = c.coordinator || onTeam;
  let mine: DayCard['mine'] = null;
  const roles: RoleView[] = day.roles.map((r) => ({
    name: r.name,
    places: r.places,
    open: r.open,
    team: r.shifts.map((s) => {
      if (s.memberId === c.viewerId) mine = { shiftId: s.shiftId, roleName: r.name, standInSought: s.standInSought };
      return {
        shiftId: s.shiftId,
        memberId: s.memberId,
        name: displayName(s),
        phone: contacts ? s.phone : null,
        email: contacts ? s.email : null,
        standInSought: s.standInSought,
        mine: s.memberId === c.viewerId,
      };
    }),
  }));
  const rolesOpenToMe =
    mine === null ? openRoles(day).filter((name) => placeProblem(day, c.viewerId, name, phase) === null) : [];
  return {
    on: day.on,
    dayLabel: formatDayLong(day.on),
    hours: hoursLabel(day),
    place: day.place,
    note: day.note,
    title: day.title,
    cancelled: day.cancelled,
    cancelReason: day.cancelReason,
    addedByHand: day.addedByHand,
    contracts: day.contracts.map((k) => ({ contractName: k.contractName, producerName: k.producerName })),
    hasRoles: hasRoles(day),
    roles,
    placesNeeded: day.placesNeeded,
    openPlaces: day.openPlaces,
    standInsSought: day.standInsSought,
    phase,
    deadlineLabel: momentLabel(withdrawalDeadline(day, c.withdrawalHours, c.timeZone), c.timeZone),
    mine,
    rolesOpenToMe,
    collects: c.collectsOn?.has(day.on) ?? false,
  };
}

/** Cards grouped by month, in order: [{ month: "mai 2027", days }]. */
export function byMonth<T extends { on: string }>(days: readonly T[]): { key: string; month: string; days: T[] }[] {
  const out: { key: string; month: string; days: T[] }[] = [];
  for (const d of days) {
    const key = d.on.slice(0, 7);
    if (out.at(-1)?.key !== key) out.push({ key, month: formatMonthYear(d.on), days: [] });
    out.at(-1)!.days.push(d);
  }
  return out;
}
