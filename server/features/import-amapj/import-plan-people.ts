/**
 * The people half of the import plan: members and their roles, memberships, duty. Pure: AmapJ
 * records and the e-mails already present in, plan and problems out. Records are keyed by AmapJ id.
 */
import type { AmapjData } from './amapj-model.js';
import { unknownValue, type Problems } from './import-problems.js';
import { legacyHash } from '../auth/legacy-password.js';

export interface PlannedMember {
  ref: number;
  /** The member already here with this e-mail: reused as is (their data and password stay). */
  existingId: number | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  active: boolean;
  passwordHash: string | null;
  dutyTarget: number | null;
}

export interface PeoplePlan {
  members: PlannedMember[];
  roles: { userRef: number; role: 'admin' | 'treasurer' }[];
  membershipPeriods: {
    ref: number;
    name: string;
    startsOn: string;
    endsOn: string;
    payee: string;
    minimumCents: number;
    suggestedCents: number | null;
    info: string | null;
  }[];
  memberships: {
    periodRef: number;
    userRef: number;
    amountCents: number;
    method: 'cheque' | 'cash' | 'transfer';
    status: 'promised' | 'received';
    receivedOn: string | null;
  }[];
  dutyDays: { on: string; places: number; roles: { name: string; places: number }[] }[];
  dutyShifts: { on: string; userRef: number; roleName: string | null }[];
  membersWithoutEmail: number;
}

const clean = (s: string | null) => (s && s.trim() !== '' ? s.trim() : null);

/** AmapJ requires an e-mail, so members without one get a placeholder like `geraldine#`. */
function realEmail(raw: string | null): string | null {
  const e = raw?.trim().toLowerCase() ?? '';
  return /^[^\s@#]+@[^\s@#]+\.[^\s@#]+$/.test(e) ? e : null;
}

const METHODS = ['cheque', 'cash', 'transfer', 'transfer'] as const;

export function planPeople(data: AmapjData, existingEmails: Map<string, number>, problems: Problems): PeoplePlan {
  const users = new Set(data.users.map((u) => u.id));
  const seen = new Map<string, number>();
  let membersWithoutEmail = 0;
  const targets = new Map<number, number>();
  for (const d of data.dutyMembers) if (d.userId !== null && d.wanted > 0) targets.set(d.userId, d.wanted);

  const members: PlannedMember[] = [];
  for (const u of data.users) {
    if (!clean(u.lastName) && !clean(u.firstName)) {
      problems.error(u.line, `Membre ${u.id} sans nom ni prénom.`);
      continue;
    }
    if (u.state !== null && u.state !== 'ACTIF' && u.state !== 'INACTIF')
      unknownValue(problems, u.line, 'UTILISATEUR.ETATUTILISATEUR', u.state);
    let email = realEmail(u.email);
    if (email && seen.has(email)) {
      problems.warning(
        u.line,
        `L’adresse ${email} sert déjà au membre de la ligne ${seen.get(email)} : ${clean(u.firstName) ?? ''} ${clean(u.lastName) ?? ''} est importé·e sans adresse.`,
      );
      email = null;
    } else if (email) seen.set(email, u.line);
    if (!email) membersWithoutEmail++;
    members.push({
      ref: u.id,
      existingId: email ? (existingEmails.get(email) ?? null) : null,
      firstName: clean(u.firstName) ?? '-',
      lastName: clean(u.lastName) ?? '-',
      email,
      phone: clean(u.phone),
      phone2: clean(u.phone2),
      address: clean(u.address),
      postalCode: clean(u.postalCode),
      city: clean(u.city),
      active: u.state !== 'INACTIF',
      passwordHash: u.password && u.salt ? legacyHash(u.salt.trim(), u.password.trim()) : null,
      dutyTarget: targets.get(u.id) ?? null,
    });
  }

  const roles: PeoplePlan['roles'] = [];
  for (const [list, role] of [
    [data.admins, 'admin'],
    [data.treasurers, 'treasurer'],
  ] as const)
    for (const r of list) {
      if (r.userId === null || !users.has(r.userId))
        problems.warning(
          r.line,
          `Rôle ${role === 'admin' ? 'administrateur' : 'trésorier'} d’un membre absent : ignoré.`,
        );
      else roles.push({ userRef: r.userId, role });
    }

  const periods = new Set<number>();
  const membershipPeriods: PeoplePlan['membershipPeriods'] = [];
  for (const p of data.membershipPeriods) {
    if (!p.startsOn || !p.endsOn) {
      problems.error(p.line, `Période d’adhésion « ${p.name} » sans date de début ou de fin.`);
      continue;
    }
    periods.add(p.id);
    membershipPeriods.push({
      ref: p.id,
      name: clean(p.name) ?? 'Adhésion',
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      payee: clean(p.payee) ?? data.amapName ?? 'AMAP',
      minimumCents: p.minimumCents,
      suggestedCents: p.suggestedCents,
      info: clean(p.info),
    });
  }
  const memberships: PeoplePlan['memberships'] = [];
  for (const m of data.memberships) {
    if (m.periodId === null || !periods.has(m.periodId) || m.userId === null || !users.has(m.userId)) {
      problems.error(m.line, 'Adhésion dont la période ou le membre est absent.');
      continue;
    }
    if (m.state !== 0 && m.state !== 1) unknownValue(problems, m.line, 'Adhésion : état du paiement', m.state);
    const method = METHODS[m.method ?? 0];
    if (!method) unknownValue(problems, m.line, 'Adhésion : mode de paiement', m.method);
    if (m.method === 3) problems.warning(m.line, 'Adhésion payée en ligne dans AmapJ : reprise comme un virement.');
    memberships.push({
      periodRef: m.periodId,
      userRef: m.userId,
      amountCents: m.amountCents,
      method: method ?? 'cheque',
      status: m.state === 1 ? 'received' : 'promised',
      receivedOn: m.state === 1 ? (m.receivedOn ?? m.createdAt?.slice(0, 10) ?? null) : null,
    });
  }

  return { members, roles, membershipPeriods, memberships, ...planDuty(data, users, problems), membersWithoutEmail };
}

/** AmapJ's duty dates become distribution days with their places; its assignments, shifts. */
function planDuty(data: AmapjData, users: Set<number>, problems: Problems) {
  const dates = new Map(data.dutyDates.map((d) => [d.id, d]));
  const dutyMembers = new Map(data.dutyMembers.map((d) => [d.id, d]));
  const roleNames = new Map(data.dutyRoles.map((r) => [r.id, r.name.trim() || 'Permanence']));
  const days = new Map<string, { on: string; places: number; roles: Map<string, number> }>();
  for (const d of data.dutyDates) {
    if (!d.on) {
      problems.error(d.line, 'Date de permanence sans date.');
      continue;
    }
    const day = days.get(d.on) ?? { on: d.on, places: 0, roles: new Map() };
    day.places += d.places;
    days.set(d.on, day);
  }
  const shifts: PeoplePlan['dutyShifts'] = [];
  const taken = new Set<string>();
  for (const c of data.dutyCells) {
    const date = c.dateId === null ? undefined : dates.get(c.dateId);
    const who = c.dutyMemberId === null ? undefined : dutyMembers.get(c.dutyMemberId);
    if (!date?.on || !who || who.userId === null || !users.has(who.userId)) {
      problems.error(c.line, 'Permanence dont la date ou le membre est absent.');
      continue;
    }
    const key = `${date.on}|${who.userId}`;
    if (taken.has(key)) {
      problems.warning(
        c.line,
        `Un même membre inscrit deux fois à la permanence du ${date.on} : une seule place reprise.`,
      );
      continue;
    }
    taken.add(key);
    const roleName = c.roleId === null ? null : (roleNames.get(c.roleId) ?? null);
    if (c.roleId !== null && roleName === null)
      problems.warning(c.line, 'Rôle de permanence absent : place sans rôle.');
    if (roleName) {
      const roles = days.get(date.on)!.roles;
      roles.set(roleName, (roles.get(roleName) ?? 0) + 1);
    }
    shifts.push({ on: date.on, userRef: who.userId, roleName });
  }
  const dutyDays = [...days.values()].map((d) => {
    const roles = [...d.roles].map(([name, places]) => ({ name, places }));
    // Places AmapJ had beyond the assigned roles stay open, in the first role.
    const spare = d.places - roles.reduce((a, r) => a + r.places, 0);
    if (roles.length && spare > 0) roles[0].places += spare;
    return { on: d.on, places: d.places, roles };
  });
  return { dutyDays, dutyShifts: shifts };
}
