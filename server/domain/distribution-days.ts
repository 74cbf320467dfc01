/**
 * Distribution days (DESIGN.md §5 "Distributions and duty"): a day exists because at least one
 * contract delivers on it, or because an administrator added it by hand (an assembly). Nothing
 * about a derived day is stored until a person sets something (place, hours, note, places
 * needed, roles, cancelled); the stored values override the defaults. Pure: the caller reads
 * the deliveries, the stored days and the defaults, and this decides what each day is.
 */

/** A duty role of a day and how many people it needs ("Accueil et émargement", 2). */
export interface DutyRolePlaces {
  name: string;
  places: number;
}

/** What a day is when nobody changed it: amap.config.json → distribution, and the settings. */
export interface DayDefaults {
  place: string;
  startTime: string;
  endTime: string;
  /** People needed on duty on a day without roles. */
  placesNeeded: number;
  /** Default duty roles; empty: no roles, just `placesNeeded` people. */
  roles: readonly DutyRolePlaces[];
}

/** What a person set about one day (a row of distribution_days). */
export interface StoredDay {
  on: string;
  addedByHand: boolean;
  title: string | null;
  place: string | null;
  startTime: string | null;
  endTime: string | null;
  note: string | null;
  placesNeeded: number | null;
  customRoles: boolean;
  cancelledAt: string | null;
  cancelReason: string | null;
}

/** One contract delivering on a day (its delivery not cancelled). */
export interface DeliveringContract {
  on: string;
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
}

export interface DistributionDay {
  on: string;
  /** The title of a day added by hand ("Assemblée générale"), else null. */
  title: string | null;
  place: string;
  startTime: string;
  endTime: string;
  note: string | null;
  addedByHand: boolean;
  cancelled: boolean;
  cancelReason: string | null;
  /** Contracts delivering that day, by producer name. */
  contracts: Omit<DeliveringContract, 'on'>[];
  /**
   * The places on duty, by role. A day without roles has one entry with an empty name: the
   * number of people it needs.
   */
  roles: DutyRolePlaces[];
  /** Σ places of the roles. */
  placesNeeded: number;
}

/**
 * The distribution days from deliveries and stored days, in date order. A stored day whose
 * deliveries all went and that was not added by hand is not a day any more (its duty sign-ups
 * are the caller's to show as orphans: see `orphanDays`).
 */
export function distributionDays(input: {
  deliveries: readonly DeliveringContract[];
  stored: readonly StoredDay[];
  /** The roles of the days whose roles were changed by hand (stored `customRoles`). */
  customRoles: ReadonlyMap<string, readonly DutyRolePlaces[]>;
  defaults: DayDefaults;
}): DistributionDay[] {
  const { defaults } = input;
  const byDay = new Map<string, Omit<DeliveringContract, 'on'>[]>();
  for (const d of input.deliveries) {
    const list = byDay.get(d.on) ?? [];
    if (!list.some((c) => c.contractId === d.contractId)) list.push(withoutDay(d));
    byDay.set(d.on, list);
  }
  const stored = new Map(input.stored.map((s) => [s.on, s]));
  const days = new Set<string>([...byDay.keys()]);
  for (const s of input.stored) if (s.addedByHand) days.add(s.on);

  return [...days].sort().map((on) => {
    const s = stored.get(on);
    const contracts = (byDay.get(on) ?? []).sort((a, b) => a.producerName.localeCompare(b.producerName, 'fr'));
    const roles = rolesOf(s, input.customRoles.get(on), defaults);
    return {
      on,
      title: s?.title ?? null,
      place: s?.place ?? defaults.place,
      startTime: s?.startTime ?? defaults.startTime,
      endTime: s?.endTime ?? defaults.endTime,
      note: s?.note ?? null,
      addedByHand: s?.addedByHand ?? false,
      cancelled: !!s?.cancelledAt,
      cancelReason: s?.cancelReason ?? null,
      contracts,
      roles,
      placesNeeded: roles.reduce((n, r) => n + r.places, 0),
    };
  });
}

/** Dates that carry duty sign-ups but are no distribution day any more (a warning for the coordinator). */
export function orphanDays(days: readonly DistributionDay[], signedUpOn: Iterable<string>): string[] {
  const known = new Set(days.map((d) => d.on));
  return [...new Set(signedUpOn)].filter((on) => !known.has(on)).sort();
}

function withoutDay(d: DeliveringContract): Omit<DeliveringContract, 'on'> {
  return {
    contractId: d.contractId,
    contractName: d.contractName,
    producerId: d.producerId,
    producerName: d.producerName,
  };
}

function rolesOf(
  s: StoredDay | undefined,
  custom: readonly DutyRolePlaces[] | undefined,
  defaults: DayDefaults,
): DutyRolePlaces[] {
  if (s?.customRoles && custom && custom.length > 0) return custom.map((r) => ({ ...r }));
  if (s?.customRoles || defaults.roles.length === 0) {
    // No roles: one anonymous role holding the places the day needs.
    return [{ name: '', places: s?.placesNeeded ?? defaults.placesNeeded }];
  }
  return defaults.roles.map((r) => ({ ...r }));
}
