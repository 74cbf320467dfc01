/**
 * Who may see or do what (DESIGN.md §3): the one place that decides it. Routes and services ask
 * `may(actor, action, target)`; nothing else compares roles or producer ids. Pure: the caller
 * loads the facts a decision needs (the contract's producer, the member's producers…) and passes
 * them in the target.
 *
 * Roles: administrators do everything; the treasurer handles every cheque, handover and
 * membership and reads every contract; a referent manages their producers' contracts and the
 * money of those contracts; a producer account reads its own contracts and their orders (never
 * members' bank details); every member sees and changes their own things.
 */

export type Role = 'admin' | 'treasurer' | 'coordinator';

/** The logged-in member acting, as the access rules see them. */
export interface Actor {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  roles: Role[];
  /** Producers whose contracts this member manages (scoped role "referent"). */
  referentOf: number[];
  /** Producers this account belongs to (scoped role "producer": read-only). */
  producerOf: number[];
}

/** What an action is about, with the facts the decision needs. */
export type Target =
  /** A member's record; `producerIds`: producers the member holds a subscription with (any status). */
  | { type: 'member'; memberId: number; producerIds: readonly number[] }
  | { type: 'producer'; producerId: number }
  | { type: 'contract'; producerId: number }
  /** `coMemberId`: the other household of a shared basket, who collects on some days. */
  | { type: 'subscription'; producerId: number; memberId: number; coMemberId?: number | null }
  | { type: 'cheque'; producerId: number; memberId: number }
  | { type: 'handover'; producerId: number }
  /** The whole AMAP (lists across every producer, settings, members admin…). */
  | { type: 'amap' }
  /** The sign-in sheet of a day (or a month); `onDuty`: the actor is on duty that day (a day of that month). */
  | { type: 'sign-in-sheet'; onDuty: boolean }
  /** The people on duty (a day, a month): whom a referent may write to beyond their subscribers. */
  | { type: 'people-on-duty' };

export type Action =
  /** See a member's name and contact details (e-mail, phones, address). */
  | 'see-member'
  /** Change a member's record (the member's own account page, the members admin). */
  | 'change-member'
  /** Read a producer's details, contracts, orders, syntheses and delivery sheets. */
  | 'see-orders'
  /**
   * Build and change a producer's contracts and subscriptions on members' behalf; keep the
   * producer's details and catalogue of products.
   */
  | 'manage-contracts'
  /** Read a subscription (its quantities, its schedule and cheques). */
  | 'see-subscription'
  /**
   * Read a subscription's quantities and delivery days only, not its money: what the co-member
   * of a shared basket sees (the subscriber signs and pays).
   */
  | 'see-subscription-quantities'
  /** Name or change a shared basket's co-member and who collects which day. */
  | 'share-subscription'
  /** Receive, correct or return cheques, grant credits, hand cheques over; see bank details. */
  | 'handle-money'
  /** The members admin, roles, settings, mail log. */
  | 'administer'
  /** Membership periods and fees. */
  | 'manage-memberships'
  /** Create producers. */
  | 'create-producers'
  /** Print a sign-in sheet (members' names, phones, what they collect). */
  | 'see-sign-in-sheet'
  /**
   * The duty roster of every day: assign and remove anyone, change a day's places, roles and
   * hours, add or cancel a day, the proposal and the duty report (coordinator).
   */
  | 'coordinate-duty'
  /**
   * Build a mailing list (names, e-mails, phones) from filters: on the whole AMAP, on a
   * contract's subscribers, on the people on duty.
   */
  | 'list-addresses'
  /** Write a message from the app to a mailing list (same targets as list-addresses). */
  | 'send-messages';

const isAdmin = (a: Actor) => a.roles.includes('admin');
const isTreasurer = (a: Actor) => a.roles.includes('treasurer');
const isCoordinator = (a: Actor) => a.roles.includes('coordinator');
const refersTo = (a: Actor, producerId: number) => a.referentOf.includes(producerId);
const belongsTo = (a: Actor, producerId: number) => a.producerOf.includes(producerId);

/** The producer a target is about, if it is about one. */
function producerOf(target: Target): number | null {
  return 'producerId' in target ? target.producerId : null;
}

/** Whether this actor may do this action on this target. Anonymous visitors may do nothing. */
export function may(actor: Actor | null | undefined, action: Action, target: Target): boolean {
  if (!actor) return false;
  if (isAdmin(actor)) return true;
  const producerId = producerOf(target);
  switch (action) {
    case 'administer':
    case 'create-producers':
      return false;
    case 'manage-memberships':
      return isTreasurer(actor);
    case 'coordinate-duty':
      return target.type === 'amap' && isCoordinator(actor);
    case 'see-member':
      if (target.type !== 'member') return false;
      // The treasurer meets every member at the table; a referent only their own subscribers.
      return target.memberId === actor.id || isTreasurer(actor) || target.producerIds.some((p) => refersTo(actor, p));
    case 'change-member':
      return target.type === 'member' && target.memberId === actor.id;
    case 'manage-contracts':
      return producerId !== null && refersTo(actor, producerId);
    case 'see-orders':
      return producerId !== null && (refersTo(actor, producerId) || belongsTo(actor, producerId) || isTreasurer(actor));
    case 'see-subscription':
      if (target.type !== 'subscription' && target.type !== 'cheque') return false;
      return target.memberId === actor.id || may(actor, 'see-orders', target);
    case 'see-subscription-quantities':
      if (target.type === 'subscription' && target.coMemberId === actor.id) return true;
      return may(actor, 'see-subscription', target);
    case 'share-subscription':
      if (target.type !== 'subscription') return false;
      return target.memberId === actor.id || refersTo(actor, target.producerId);
    case 'handle-money':
      if (target.type === 'amap') return isTreasurer(actor);
      return producerId !== null && (isTreasurer(actor) || refersTo(actor, producerId));
    case 'see-sign-in-sheet':
      // Anyone with a role in the AMAP (not a producer's read-only account), and the day's team.
      if (target.type !== 'sign-in-sheet') return false;
      return isTreasurer(actor) || actor.roles.includes('coordinator') || actor.referentOf.length > 0 || target.onDuty;
    case 'list-addresses':
      // The treasurer and the coordinator reach every member; a referent their subscribers and the duty teams.
      if (isTreasurer(actor) || isCoordinator(actor)) return true;
      if (target.type === 'people-on-duty') return actor.referentOf.length > 0;
      return target.type === 'contract' && refersTo(actor, target.producerId);
    case 'send-messages':
      // Writing to members is the coordinator's and the referents' job, not the treasurer's.
      if (isCoordinator(actor)) return true;
      if (target.type === 'people-on-duty') return actor.referentOf.length > 0;
      return target.type === 'contract' && refersTo(actor, target.producerId);
  }
}

/** Whether the actor may do this action on at least one producer (menus, list pages). */
export function mayOnSomeProducer(
  actor: Actor | null | undefined,
  action: 'see-orders' | 'manage-contracts' | 'handle-money',
): boolean {
  if (!actor) return false;
  if (isAdmin(actor)) return true;
  switch (action) {
    case 'manage-contracts':
      return actor.referentOf.length > 0;
    case 'see-orders':
      return isTreasurer(actor) || actor.referentOf.length > 0 || actor.producerOf.length > 0;
    case 'handle-money':
      return isTreasurer(actor) || actor.referentOf.length > 0;
  }
}

/**
 * The producers whose data a list may show for this action: `null` means every producer
 * (no filter), an array the only ones (possibly empty).
 */
export function producerScope(
  actor: Actor,
  action: 'see-orders' | 'manage-contracts' | 'handle-money',
): number[] | null {
  if (isAdmin(actor)) return null;
  switch (action) {
    case 'manage-contracts':
      return actor.referentOf;
    case 'see-orders':
      return isTreasurer(actor) ? null : [...new Set([...actor.referentOf, ...actor.producerOf])];
    case 'handle-money':
      return isTreasurer(actor) ? null : actor.referentOf;
  }
}
