/**
 * Absences (DESIGN §5 "Absences, capacity and shared baskets"): a member says they will not collect
 * on one delivery of a contract. Pure rules: the contract's settings and how they may change, the
 * deadline, the limits, which deliveries may receive a carry-over, and the effect on quantities.
 *
 * Why the effect is written into the quantities (and not computed at read time): every read model
 * and document (collections, sign-in sheets, delivery sheets, syntheses, planning counts, home page,
 * calendar feed) reads subscription quantities; moving them once keeps all of those right without
 * teaching each one about absences. The absence row keeps what it moved, so a withdrawal puts back
 * exactly that: with carry-over the quantities go back from the target to the absent day; with
 * deduct they come back to the day, and the total and open cheques follow again.
 */

export type AbsenceMode = 'carry-over' | 'deduct';

export interface AbsenceSettings {
  absencesAllowed: boolean;
  /** Most live absences per member (subscription) and season. */
  maxPerMember: number;
  /** A member declares an absence at the latest this many days before the delivery. */
  noticeDays: number;
  mode: AbsenceMode;
  /** Whether a member may offer a basket they cannot collect to other members. */
  exchangeAllowed: boolean;
  /** An offered basket may be taken until this many hours before the distribution starts. */
  exchangeHours: number;
}

/** A contract nobody configured: no absence, no offered basket (a referent opts in). */
export const DEFAULT_ABSENCE_SETTINGS: AbsenceSettings = {
  absencesAllowed: false,
  maxPerMember: 3,
  noticeDays: 7,
  mode: 'carry-over',
  exchangeAllowed: false,
  exchangeHours: 24,
};

export const SETTING_BOUNDS = {
  maxPerMember: { min: 1, max: 52 },
  noticeDays: { min: 0, max: 60 },
  exchangeHours: { min: 0, max: 168 },
} as const;

export type SettingsField = keyof AbsenceSettings;

/**
 * Which changes are refused, by field. Before the contract opens anything goes; after, only in the
 * members' favour (they subscribed under the old rules): allowing absences or baskets, more absences,
 * a shorter notice, a later time to take a basket. The mode never changes once absences were allowed
 * (neither is better for every member).
 */
export function refusedSettingChanges(
  before: AbsenceSettings,
  after: AbsenceSettings,
  contractOpened: boolean,
): SettingsField[] {
  if (!contractOpened) return [];
  const refused: SettingsField[] = [];
  if (before.absencesAllowed) {
    if (!after.absencesAllowed) refused.push('absencesAllowed');
    if (after.maxPerMember < before.maxPerMember) refused.push('maxPerMember');
    if (after.noticeDays > before.noticeDays) refused.push('noticeDays');
    if (after.mode !== before.mode) refused.push('mode');
  }
  if (before.exchangeAllowed) {
    if (!after.exchangeAllowed) refused.push('exchangeAllowed');
    if (after.exchangeHours > before.exchangeHours) refused.push('exchangeHours');
  }
  return refused;
}

/** The last day (YYYY-MM-DD) on which a member may declare or withdraw an absence for this delivery. */
export function declarationDeadline(deliveryOn: string, noticeDays: number): string {
  const t = Date.parse(`${deliveryOn}T00:00:00Z`) - noticeDays * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface DeliveryRef {
  id: number;
  deliveryOn: string;
  cancelled: boolean;
}

export interface QuantityLine {
  deliveryId: number;
  contractProductId: number;
  quantity: number;
}

export interface MovedQuantity {
  contractProductId: number;
  quantity: number;
}

/** An absence still in force, as the rules need it. */
export interface LiveAbsence {
  deliveryId: number;
  mode: AbsenceMode;
  targetDeliveryId: number | null;
  moved: MovedQuantity[];
}

/**
 * The deliveries that may receive the quantities of `absentDeliveryId`: later in the season, not
 * cancelled, not themselves a day of absence of this member.
 */
export function carryOverTargets(
  deliveries: readonly DeliveryRef[],
  absentDeliveryId: number,
  live: readonly Pick<LiveAbsence, 'deliveryId'>[],
): DeliveryRef[] {
  const absent = deliveries.find((d) => d.id === absentDeliveryId);
  if (!absent) return [];
  const away = new Set(live.map((a) => a.deliveryId));
  return deliveries.filter((d) => d.deliveryOn > absent.deliveryOn && !d.cancelled && !away.has(d.id));
}

/**
 * Whether the target delivery can take the moved quantities. Today every delivery can; when
 * contract products get a capacity, `placesLeft` (contract product → places still free on the
 * target) is the one thing to pass in, and this is the one place that says no.
 */
export function canReceiveCarryOver(
  moved: readonly MovedQuantity[],
  placesLeft?: ReadonlyMap<number, number>,
): boolean {
  if (!placesLeft) return true;
  return moved.every((m) => {
    const left = placesLeft.get(m.contractProductId);
    return left === undefined || left >= m.quantity;
  });
}

export type AbsenceProblem =
  | { reason: 'not-allowed' }
  | { reason: 'cancelled-delivery' }
  | { reason: 'past' }
  | { reason: 'too-late'; deadline: string }
  | { reason: 'already-absent' }
  | { reason: 'receives-carry-over' }
  | { reason: 'nothing-to-collect' }
  | { reason: 'basket-offered' }
  | { reason: 'limit'; max: number }
  | { reason: 'target-needed' }
  | { reason: 'bad-target' }
  | { reason: 'no-room' };

export interface Declaration {
  settings: AbsenceSettings;
  today: string;
  /** The contract's deliveries, in date order. */
  deliveries: readonly DeliveryRef[];
  deliveryId: number;
  /** Carry-over only: the delivery chosen to receive the quantities. */
  targetDeliveryId: number | null;
  /** The subscription's quantities as they stand. */
  lines: readonly QuantityLine[];
  /** The subscription's live absences. */
  live: readonly LiveAbsence[];
  /** A basket of that day is offered to other members. */
  offered: boolean;
  /** A referent acting for the member: no deadline, no limit. */
  byReferent: boolean;
  placesLeft?: ReadonlyMap<number, number>;
}

/** Why this absence may not be declared, or null when it may. */
export function declarationProblem(d: Declaration): AbsenceProblem | null {
  if (!d.settings.absencesAllowed) return { reason: 'not-allowed' };
  const delivery = d.deliveries.find((x) => x.id === d.deliveryId);
  if (!delivery || delivery.cancelled) return { reason: 'cancelled-delivery' };
  if (!d.byReferent) {
    if (delivery.deliveryOn < d.today) return { reason: 'past' };
    const deadline = declarationDeadline(delivery.deliveryOn, d.settings.noticeDays);
    if (d.today > deadline) return { reason: 'too-late', deadline };
  }
  if (d.live.some((a) => a.deliveryId === d.deliveryId)) return { reason: 'already-absent' };
  if (d.live.some((a) => a.targetDeliveryId === d.deliveryId)) return { reason: 'receives-carry-over' };
  const moved = movedBy(d.lines, d.deliveryId);
  if (moved.length === 0) return { reason: 'nothing-to-collect' };
  if (d.offered) return { reason: 'basket-offered' };
  if (!d.byReferent && d.live.length >= d.settings.maxPerMember)
    return { reason: 'limit', max: d.settings.maxPerMember };
  if (d.settings.mode === 'carry-over') {
    if (d.targetDeliveryId === null) return { reason: 'target-needed' };
    const targets = carryOverTargets(d.deliveries, d.deliveryId, d.live);
    if (!targets.some((t) => t.id === d.targetDeliveryId)) return { reason: 'bad-target' };
    if (!canReceiveCarryOver(moved, d.placesLeft)) return { reason: 'no-room' };
  }
  return null;
}

/** Why a member may not withdraw this absence any more (a referent always may), or null. */
export function withdrawalProblem(input: {
  settings: AbsenceSettings;
  today: string;
  deliveryOn: string;
  byReferent: boolean;
}): AbsenceProblem | null {
  if (input.byReferent) return null;
  const deadline = declarationDeadline(input.deliveryOn, input.settings.noticeDays);
  return input.today > deadline ? { reason: 'too-late', deadline } : null;
}

/** What the day holds, per product (the quantities an absence takes off it), in product order. */
export function movedBy(lines: readonly QuantityLine[], deliveryId: number): MovedQuantity[] {
  const byProduct = new Map<number, number>();
  for (const l of lines)
    if (l.deliveryId === deliveryId && l.quantity > 0)
      byProduct.set(l.contractProductId, (byProduct.get(l.contractProductId) ?? 0) + l.quantity);
  return [...byProduct]
    .sort((a, b) => a[0] - b[0])
    .map(([contractProductId, quantity]) => ({ contractProductId, quantity }));
}

export const movedCount = (moved: readonly MovedQuantity[]) => moved.reduce((a, m) => a + m.quantity, 0);

/** Lines with one entry per (delivery, product), zeros dropped, in a stable order. */
export function normalizeLines(lines: readonly QuantityLine[]): QuantityLine[] {
  const map = new Map<string, QuantityLine>();
  for (const l of lines) {
    const key = `${l.deliveryId}:${l.contractProductId}`;
    const q = (map.get(key)?.quantity ?? 0) + l.quantity;
    map.set(key, { deliveryId: l.deliveryId, contractProductId: l.contractProductId, quantity: q });
  }
  return [...map.values()]
    .filter((l) => l.quantity > 0)
    .sort((a, b) => a.deliveryId - b.deliveryId || a.contractProductId - b.contractProductId);
}

/**
 * The subscription's quantities once the absence applies, and what it moved: the day's quantities
 * leave it; with carry-over they are added to the target delivery, with deduct they are gone.
 */
export function applyAbsence(
  lines: readonly QuantityLine[],
  absence: { deliveryId: number; mode: AbsenceMode; targetDeliveryId: number | null },
): { lines: QuantityLine[]; moved: MovedQuantity[] } {
  const moved = movedBy(lines, absence.deliveryId);
  const kept = lines.filter((l) => l.deliveryId !== absence.deliveryId);
  const added =
    absence.mode === 'carry-over' && absence.targetDeliveryId !== null
      ? moved.map((m) => ({ deliveryId: absence.targetDeliveryId!, ...m }))
      : [];
  return { lines: normalizeLines([...kept, ...added]), moved };
}

/**
 * The quantities once the absence is withdrawn: what it moved comes back to its day (from the
 * target with carry-over). Should the target hold less than was moved (a referent lowered it
 * since), only what is there goes back: a withdrawal never creates baskets out of nothing.
 */
export function withdrawAbsence(lines: readonly QuantityLine[], absence: LiveAbsence): QuantityLine[] {
  const out = normalizeLines(lines);
  const back: QuantityLine[] = [];
  for (const m of absence.moved) {
    let quantity = m.quantity;
    if (absence.mode === 'carry-over' && absence.targetDeliveryId !== null) {
      const there = out.find(
        (l) => l.deliveryId === absence.targetDeliveryId && l.contractProductId === m.contractProductId,
      );
      quantity = Math.min(quantity, there?.quantity ?? 0);
      if (there) there.quantity -= quantity;
    }
    back.push({ deliveryId: absence.deliveryId, contractProductId: m.contractProductId, quantity });
  }
  return normalizeLines([...out, ...back]);
}
