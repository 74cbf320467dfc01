import { expect } from 'chai';
import {
  may,
  mayOnSomeProducer,
  producerScope,
  type Action,
  type Actor,
  type Target,
} from '../../server/domain/access.js';

/**
 * The whole table, written out: for every actor, every action on every target, whether it is
 * allowed. Producer 1 is the vegetables producer, 2 the bread producer; member 10 subscribes to
 * vegetables only, member 11 to nothing, but shares member 10's bread basket (co-member).
 */
const base = { firstName: 'A', lastName: 'B', email: null, roles: [], referentOf: [], producerOf: [] };
const ACTORS: Record<string, Actor> = {
  admin: { ...base, id: 1, roles: ['admin'] },
  treasurer: { ...base, id: 2, roles: ['treasurer'] },
  coordinator: { ...base, id: 5, roles: ['coordinator'] },
  vegReferent: { ...base, id: 3, referentOf: [1] },
  vegProducer: { ...base, id: 4, producerOf: [1] },
  member10: { ...base, id: 10 },
  member11: { ...base, id: 11 },
};

const TARGETS: Record<string, Target> = {
  member10: { type: 'member', memberId: 10, producerIds: [1] },
  member11: { type: 'member', memberId: 11, producerIds: [] },
  vegProducer: { type: 'producer', producerId: 1 },
  breadProducer: { type: 'producer', producerId: 2 },
  vegContract: { type: 'contract', producerId: 1 },
  breadContract: { type: 'contract', producerId: 2 },
  vegSubscriptionOf10: { type: 'subscription', producerId: 1, memberId: 10 },
  breadSubscriptionOf10: { type: 'subscription', producerId: 2, memberId: 10 },
  breadSharedBy10With11: { type: 'subscription', producerId: 2, memberId: 10, coMemberId: 11 },
  vegChequeOf10: { type: 'cheque', producerId: 1, memberId: 10 },
  breadChequeOf11: { type: 'cheque', producerId: 2, memberId: 11 },
  vegHandover: { type: 'handover', producerId: 1 },
  breadHandover: { type: 'handover', producerId: 2 },
  amap: { type: 'amap' },
};

const ACTIONS: Action[] = [
  'see-member',
  'change-member',
  'see-orders',
  'manage-contracts',
  'see-subscription',
  'see-subscription-quantities',
  'share-subscription',
  'handle-money',
  'administer',
  'manage-memberships',
  'create-producers',
  'coordinate-duty',
];

/** Every allowed `actor action target`; everything else is refused. */
const LISTED = new Set<string>([
  // Administrators: everything, on every target.
  ...ACTIONS.flatMap((a) => Object.keys(TARGETS).map((t) => `admin ${a} ${t}`)),
  // The treasurer: every member's contacts, every producer's orders and money, memberships.
  'treasurer see-member member10',
  'treasurer see-member member11',
  ...['vegProducer', 'breadProducer', 'vegContract', 'breadContract'].map((t) => `treasurer see-orders ${t}`),
  ...[
    'vegSubscriptionOf10',
    'breadSubscriptionOf10',
    'breadSharedBy10With11',
    'vegChequeOf10',
    'breadChequeOf11',
  ].flatMap((t) => [`treasurer see-orders ${t}`, `treasurer see-subscription ${t}`]),
  'treasurer see-orders vegHandover',
  'treasurer see-orders breadHandover',
  ...Object.keys(TARGETS)
    .filter((t) => !t.startsWith('member'))
    .map((t) => `treasurer handle-money ${t}`),
  ...Object.keys(TARGETS).map((t) => `treasurer manage-memberships ${t}`),
  // The vegetables referent: their subscribers' contacts, their producer's contracts and money.
  'vegReferent see-member member10',
  ...['vegProducer', 'vegContract', 'vegSubscriptionOf10', 'vegChequeOf10', 'vegHandover'].flatMap((t) => [
    `vegReferent see-orders ${t}`,
    `vegReferent manage-contracts ${t}`,
    `vegReferent handle-money ${t}`,
  ]),
  'vegReferent see-subscription vegSubscriptionOf10',
  'vegReferent see-subscription vegChequeOf10',
  // The vegetables producer's account: reads its orders, nothing else.
  ...['vegProducer', 'vegContract', 'vegSubscriptionOf10', 'vegChequeOf10', 'vegHandover'].map(
    (t) => `vegProducer see-orders ${t}`,
  ),
  'vegProducer see-subscription vegSubscriptionOf10',
  'vegProducer see-subscription vegChequeOf10',
  // The coordinator: the whole duty roster, and nothing about members' money or contracts.
  'coordinator coordinate-duty amap',
  // Members: their own record and their own subscriptions and cheques.
  'member10 see-member member10',
  'member10 change-member member10',
  'member10 see-subscription vegSubscriptionOf10',
  'member10 see-subscription breadSubscriptionOf10',
  'member10 see-subscription breadSharedBy10With11',
  // The subscriber names the co-member and the days; the referent of the producer may do it for them.
  'member10 share-subscription vegSubscriptionOf10',
  'member10 share-subscription breadSubscriptionOf10',
  'member10 share-subscription breadSharedBy10With11',
  'vegReferent share-subscription vegSubscriptionOf10',
  // The co-member of a shared basket: its quantities and days, never its cheques.
  'member11 see-subscription-quantities breadSharedBy10With11',
  'member10 see-subscription vegChequeOf10',
  'member11 see-member member11',
  'member11 change-member member11',
  'member11 see-subscription breadChequeOf11',
]);

/** Whoever may read a whole subscription may read its quantities. */
const ALLOWED = new Set([
  ...LISTED,
  ...[...LISTED]
    .filter((k) => k.split(' ')[1] === 'see-subscription')
    .map((k) => k.replace(' see-subscription ', ' see-subscription-quantities ')),
]);

describe('access rules (actor × action × target)', () => {
  for (const [actorName, actor] of Object.entries(ACTORS)) {
    for (const action of ACTIONS) {
      for (const [targetName, target] of Object.entries(TARGETS)) {
        const key = `${actorName} ${action} ${targetName}`;
        const expected = ALLOWED.has(key);
        it(`${key}: ${expected ? 'allowed' : 'refused'}`, () => {
          expect(may(actor, action, target)).to.equal(expected);
        });
      }
    }
  }

  it('refuses everything to an anonymous visitor', () => {
    for (const action of ACTIONS)
      for (const target of Object.values(TARGETS)) expect(may(null, action, target)).to.equal(false);
  });

  it('scopes lists to the producers an actor may see', () => {
    expect(producerScope(ACTORS.admin, 'see-orders')).to.equal(null);
    expect(producerScope(ACTORS.treasurer, 'handle-money')).to.equal(null);
    expect(producerScope(ACTORS.treasurer, 'manage-contracts')).to.deep.equal([]);
    expect(producerScope(ACTORS.vegReferent, 'handle-money')).to.deep.equal([1]);
    expect(producerScope(ACTORS.vegProducer, 'see-orders')).to.deep.equal([1]);
    expect(producerScope(ACTORS.vegProducer, 'handle-money')).to.deep.equal([]);
    expect(producerScope(ACTORS.member10, 'see-orders')).to.deep.equal([]);
  });

  it('says whether an actor has anything to do with producers (menus)', () => {
    expect(mayOnSomeProducer(ACTORS.vegProducer, 'see-orders')).to.equal(true);
    expect(mayOnSomeProducer(ACTORS.vegProducer, 'manage-contracts')).to.equal(false);
    expect(mayOnSomeProducer(ACTORS.treasurer, 'handle-money')).to.equal(true);
    expect(mayOnSomeProducer(ACTORS.member10, 'see-orders')).to.equal(false);
    expect(mayOnSomeProducer(null, 'see-orders')).to.equal(false);
  });
});

describe('access rules: the sign-in sheet of a day (actor × on duty that day)', () => {
  const coordinator: Actor = { ...base, id: 5, roles: ['coordinator'] };
  const actors: Record<string, Actor> = { ...ACTORS, coordinator };
  /** Who may print it when not on duty; on duty, every member may. */
  const withoutDuty = new Set(['admin', 'treasurer', 'coordinator', 'vegReferent']);
  for (const [name, a] of Object.entries(actors)) {
    for (const onDuty of [false, true]) {
      const expected = onDuty || withoutDuty.has(name);
      it(`${name} ${onDuty ? 'on duty' : 'not on duty'}: ${expected ? 'allowed' : 'refused'}`, () => {
        expect(may(a, 'see-sign-in-sheet', { type: 'sign-in-sheet', onDuty })).to.equal(expected);
      });
    }
  }

  it('is about sign-in sheets only, and refused to an anonymous visitor', () => {
    for (const target of Object.values(TARGETS))
      expect(may(ACTORS.treasurer, 'see-sign-in-sheet', target), target.type).to.equal(false);
    for (const action of ACTIONS)
      expect(may(ACTORS.member10, action, { type: 'sign-in-sheet', onDuty: true }), action).to.equal(false);
    expect(may(null, 'see-sign-in-sheet', { type: 'sign-in-sheet', onDuty: true })).to.equal(false);
  });
});

describe('access rules: mailing lists and messages (actor × action × audience)', () => {
  const audiences: Record<string, Target> = {
    amap: { type: 'amap' },
    vegContract: { type: 'contract', producerId: 1 },
    breadContract: { type: 'contract', producerId: 2 },
    peopleOnDuty: { type: 'people-on-duty' },
    member10: { type: 'member', memberId: 10, producerIds: [1] },
  };
  const everywhere = (who: string, action: string) =>
    ['amap', 'vegContract', 'breadContract', 'peopleOnDuty', 'member10'].map((t) => `${who} ${action} ${t}`);
  const allowed = new Set<string>([
    ...everywhere('admin', 'list-addresses'),
    ...everywhere('admin', 'send-messages'),
    // The treasurer and the coordinator reach every member; only the coordinator writes to them.
    ...everywhere('treasurer', 'list-addresses'),
    ...everywhere('coordinator', 'list-addresses'),
    ...everywhere('coordinator', 'send-messages'),
    // A referent: their own contract's subscribers and the people on duty, never the whole AMAP.
    'vegReferent list-addresses vegContract',
    'vegReferent list-addresses peopleOnDuty',
    'vegReferent send-messages vegContract',
    'vegReferent send-messages peopleOnDuty',
  ]);
  for (const [name, a] of Object.entries(ACTORS)) {
    for (const action of ['list-addresses', 'send-messages'] as const) {
      for (const [targetName, target] of Object.entries(audiences)) {
        const key = `${name} ${action} ${targetName}`;
        const expected = allowed.has(key);
        it(`${key}: ${expected ? 'allowed' : 'refused'}`, () => {
          expect(may(a, action, target)).to.equal(expected);
        });
      }
    }
  }

  it('says nothing about the people on duty to the other actions', () => {
    for (const action of ACTIONS.filter((a) => a !== 'administer'))
      expect(may(ACTORS.vegReferent, action, { type: 'people-on-duty' }), action).to.equal(false);
    expect(may(null, 'list-addresses', { type: 'people-on-duty' })).to.equal(false);
  });
});
