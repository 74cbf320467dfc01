/**
 * What changed on a contract since its previous distribution, for the end of the sign-in sheet:
 * the team at the table then knows who is new, who will not come, and whose share differs. Pure:
 * the caller passes what each member collected on both days and the subscriptions cancelled in
 * between (a cancelled subscription loses its quantities, so it does not show on the earlier day).
 */
import { byName } from '../lib/format.js';

export interface Item {
  contractProductId: number;
  productName: string;
  unit: string;
  quantity: number;
}

export interface MemberItems {
  memberId: number;
  firstName: string;
  lastName: string;
  items: Item[];
}

export type ChangeKind =
  /** Collects today on a subscription made since the previous distribution. */
  | 'subscribed'
  /** Collects today, collected nothing the previous time (back from an absence, a variable contract). */
  | 'resumed'
  /** Collected the previous time, nothing today, subscription still running (absence, carry-over). */
  | 'paused'
  /** Subscription cancelled since the previous distribution. */
  | 'cancelled'
  /** Collects both times, not the same quantities. */
  | 'changed';

export interface Change {
  kind: ChangeKind;
  memberId: number;
  firstName: string;
  lastName: string;
  before: Item[];
  after: Item[];
  /** For 'cancelled': the day it was cancelled (YYYY-MM-DD). */
  cancelledOn?: string;
}

export const CHANGE_ORDER: ChangeKind[] = ['subscribed', 'resumed', 'changed', 'paused', 'cancelled'];

function sameItems(a: Item[], b: Item[]): boolean {
  const key = (items: Item[]) =>
    items
      .map((i) => `${i.contractProductId}:${i.quantity}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * The changes of one contract between its previous delivery and this one, by kind (CHANGE_ORDER)
 * then by name. `subscribedAfterPrevious`: members whose subscription started after the previous
 * delivery.
 */
export function changesSince(input: {
  before: readonly MemberItems[];
  after: readonly MemberItems[];
  subscribedAfterPrevious: ReadonlySet<number>;
  cancelled: readonly { memberId: number; firstName: string; lastName: string; cancelledOn: string }[];
}): Change[] {
  const before = new Map(input.before.map((m) => [m.memberId, m]));
  const after = new Map(input.after.map((m) => [m.memberId, m]));
  const out: Change[] = [];
  for (const m of input.after) {
    const prev = before.get(m.memberId);
    const base = { memberId: m.memberId, firstName: m.firstName, lastName: m.lastName, after: m.items };
    if (!prev) {
      const kind = input.subscribedAfterPrevious.has(m.memberId) ? 'subscribed' : 'resumed';
      out.push({ kind, ...base, before: [] });
    } else if (!sameItems(prev.items, m.items)) out.push({ kind: 'changed', ...base, before: prev.items });
  }
  for (const m of input.before) {
    if (after.has(m.memberId)) continue;
    out.push({
      kind: 'paused',
      memberId: m.memberId,
      firstName: m.firstName,
      lastName: m.lastName,
      before: m.items,
      after: [],
    });
  }
  for (const c of input.cancelled) {
    if (after.has(c.memberId) || before.has(c.memberId)) continue;
    out.push({ kind: 'cancelled', ...c, before: [], after: [] });
  }
  return out.sort((a, b) => CHANGE_ORDER.indexOf(a.kind) - CHANGE_ORDER.indexOf(b.kind) || byName(a, b));
}
