/**
 * The filters of a mailing list (issue 11, "The member e-mail list"): what the GET form of
 * /adresses says, read from its query string (or the hidden fields of the message form) and written
 * back into one. Kinds combine with AND; the values within a kind (several contracts, several days)
 * with OR. Pure: no database.
 */
import { isRealDate } from '../../web/form-fields.js';
import { parseId } from '../../web/params.js';

export interface AudienceFilter {
  /** Every active member (the list is always of active members; this kind alone means "all of them"). */
  active: boolean;
  /** Subscribers (active subscription) of any of these contracts… */
  contractIds: number[];
  /** …or of any contract delivering in one of these years. */
  seasons: number[];
  /** On duty on one of these days (YYYY-MM-DD)… */
  dutyDays: string[];
  /** …or on a day of one of these months (YYYY-MM). */
  dutyMonths: string[];
  /** Without a membership for the current membership period. */
  noMembership: boolean;
  /** With a cheque still promised for one of these payment dates. */
  chequesDueOn: string[];
  /** Behind their duty target this season. */
  behindDuty: boolean;
  /** Referents of a producer… */
  referents: boolean;
  /** …or producer accounts. */
  producerAccounts: boolean;
}

export const EMPTY_FILTER: AudienceFilter = {
  active: false,
  contractIds: [],
  seasons: [],
  dutyDays: [],
  dutyMonths: [],
  noMembership: false,
  chequesDueOn: [],
  behindDuty: false,
  referents: false,
  producerAccounts: false,
};

/** The query-string names of the filters (French: they are in a URL someone shares). */
export const FILTER_PARAMS = {
  active: 'actifs',
  contractIds: 'contrat',
  seasons: 'saison',
  dutyDays: 'permanence-jour',
  dutyMonths: 'permanence-mois',
  noMembership: 'sans-adhesion',
  chequesDueOn: 'cheques',
  behindDuty: 'retard-permanences',
  referents: 'referents',
  producerAccounts: 'producteurs',
} as const;

const MONTH = /^(20\d\d)-(0[1-9]|1[0-2])$/;
const YEAR = /^20\d\d$/;

function list(raw: unknown): string[] {
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(all.filter((v): v is string => typeof v === 'string' && v !== ''))].slice(0, 100);
}

const flag = (raw: unknown) => list(raw).some((v) => v === '1' || v === 'on');

/** The filter a query string or form body asks for; values that are not what they should be are left out. */
export function parseAudienceFilter(source: Record<string, unknown> | undefined): AudienceFilter {
  const q = source ?? {};
  const p = FILTER_PARAMS;
  return {
    active: flag(q[p.active]),
    contractIds: list(q[p.contractIds])
      .map(parseId)
      .filter((id): id is number => id !== null),
    seasons: list(q[p.seasons])
      .filter((v) => YEAR.test(v))
      .map(Number),
    dutyDays: list(q[p.dutyDays]).filter(isRealDate),
    dutyMonths: list(q[p.dutyMonths]).filter((v) => MONTH.test(v)),
    noMembership: flag(q[p.noMembership]),
    chequesDueOn: list(q[p.chequesDueOn]).filter(isRealDate),
    behindDuty: flag(q[p.behindDuty]),
    referents: flag(q[p.referents]),
    producerAccounts: flag(q[p.producerAccounts]),
  };
}

/** The filter as [name, value] pairs, for a query string or hidden fields. */
export function filterPairs(f: AudienceFilter): [string, string][] {
  const p = FILTER_PARAMS;
  const out: [string, string][] = [];
  if (f.active) out.push([p.active, '1']);
  for (const id of f.contractIds) out.push([p.contractIds, String(id)]);
  for (const y of f.seasons) out.push([p.seasons, String(y)]);
  for (const d of f.dutyDays) out.push([p.dutyDays, d]);
  for (const m of f.dutyMonths) out.push([p.dutyMonths, m]);
  if (f.noMembership) out.push([p.noMembership, '1']);
  for (const d of f.chequesDueOn) out.push([p.chequesDueOn, d]);
  if (f.behindDuty) out.push([p.behindDuty, '1']);
  if (f.referents) out.push([p.referents, '1']);
  if (f.producerAccounts) out.push([p.producerAccounts, '1']);
  return out;
}

/** "actifs=1&contrat=3" (empty for no filter). */
export function filterQuery(f: AudienceFilter): string {
  return new URLSearchParams(filterPairs(f)).toString();
}

export const hasContractKind = (f: AudienceFilter) => f.contractIds.length > 0 || f.seasons.length > 0;
export const hasDutyKind = (f: AudienceFilter) => f.dutyDays.length > 0 || f.dutyMonths.length > 0;

/** Whether any filter is set: no filter is no list (never "everybody" by accident). */
export function isEmptyFilter(f: AudienceFilter): boolean {
  return filterPairs(f).length === 0;
}

/**
 * Whether every member the filter selects gets the message about their own contracts, cheques,
 * membership or duty (sent even to those who opted out of announcements): the filter names one of
 * these kinds, and kinds combine with AND.
 */
export function concernsOwnAffairs(f: AudienceFilter): boolean {
  return hasContractKind(f) || hasDutyKind(f) || f.noMembership || f.chequesDueOn.length > 0 || f.behindDuty;
}

/**
 * What a referent may filter by: their subscribers and the people on duty. The other kinds (the whole
 * AMAP's memberships, cheques, duty report, roles) are dropped.
 */
export function referentFilter(f: AudienceFilter): AudienceFilter {
  return {
    ...EMPTY_FILTER,
    active: f.active,
    contractIds: f.contractIds,
    seasons: f.seasons,
    dutyDays: f.dutyDays,
    dutyMonths: f.dutyMonths,
  };
}
