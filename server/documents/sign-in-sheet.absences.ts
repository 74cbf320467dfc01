/**
 * What absences and given baskets change on a sign-in sheet: a basket taken by another member moves
 * to the taker's line ("panier de Léa Martin récupéré par Paul Roux"), and quantities carried over
 * onto the day say so ("dont 1 reporté"). The quantities are already right (absences write them);
 * this only places and labels them. Two queries.
 */
import type { Db } from '../db/client.js';
import type { MemberCollection } from '../read/collections.js';
import { carriedOverLabel, carriedOverOnto, takenBaskets } from '../read/absences.js';
import { displayName } from '../lib/format.js';

export interface AbsenceMarks {
  members: MemberCollection[];
  /** Words to show beside a contract's items, by subscription (one delivery per contract and day). */
  mentionsOf: (subscriptionId: number) => { mentions?: string[] };
}

export function absenceMarks(db: Db, grouped: readonly MemberCollection[]): AbsenceMarks {
  const deliveryIds = [...new Set(grouped.flatMap((m) => m.contracts.map((c) => c.deliveryId)))];
  const mentions = new Map<number, string[]>();
  const say = (subscriptionId: number, words: string) =>
    mentions.set(subscriptionId, [...(mentions.get(subscriptionId) ?? []), words]);
  for (const c of carriedOverOnto(db, deliveryIds)) say(c.subscriptionId, carriedOverLabel(c.count));

  const members = grouped.map((m) => ({ ...m, contracts: [...m.contracts] }));
  for (const t of takenBaskets(db, deliveryIds)) {
    const giver = members.find((m) => m.memberId === t.giver.id);
    const index = giver?.contracts.findIndex((c) => c.subscriptionId === t.subscriptionId) ?? -1;
    if (!giver || index < 0) continue;
    const [basket] = giver.contracts.splice(index, 1);
    let taker = members.find((m) => m.memberId === t.taker.id);
    if (!taker) members.push((taker = { memberId: t.taker.id, ...t.taker, contracts: [] }));
    taker.contracts.push(basket);
    say(t.subscriptionId, `panier de ${displayName(t.giver)} récupéré par ${displayName(t.taker)}`);
  }
  return {
    members: members.filter((m) => m.contracts.length > 0),
    mentionsOf: (id) => (mentions.has(id) ? { mentions: mentions.get(id) } : {}),
  };
}
