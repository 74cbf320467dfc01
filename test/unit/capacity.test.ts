import { expect } from 'chai';
import fc from 'fast-check';
import { capacityShortfalls, openPlaces, placeKey } from '../../server/domain/capacity.js';

const BASKET = 7;
const deliveries = [
  { id: 1, deliveryOn: '2027-01-07', cancelled: false },
  { id: 2, deliveryOn: '2027-01-14', cancelled: false },
  { id: 3, deliveryOn: '2027-01-21', cancelled: true },
  { id: 4, deliveryOn: '2027-01-28', cancelled: false },
];
const line = (deliveryId: number, quantity: number) => ({
  deliveryId,
  deliveryOn: deliveries.find((d) => d.id === deliveryId)!.deliveryOn,
  contractProductId: BASKET,
  quantity,
});

describe('capacity of a contract product', () => {
  const base = {
    today: '2027-01-01',
    capacities: new Map([[BASKET, 40]]),
    takenByOthers: new Map([
      [placeKey(1, BASKET), 39],
      [placeKey(2, BASKET), 40],
    ]),
    heldForOthers: new Map<number, number>(),
    previous: new Map<string, number>(),
  };

  it('refuses the deliveries where the places are gone, with what is left there', () => {
    expect(capacityShortfalls({ ...base, wanted: [line(1, 1), line(2, 1), line(4, 1)] })).to.deep.equal([
      { deliveryId: 2, deliveryOn: '2027-01-14', contractProductId: BASKET, capacity: 40, free: 0, wanted: 1 },
    ]);
    expect(capacityShortfalls({ ...base, wanted: [line(1, 2)] })).to.have.length(1);
  });

  it('counts places held for others by waiting-list offers as taken', () => {
    expect(
      capacityShortfalls({ ...base, heldForOthers: new Map([[BASKET, 1]]), wanted: [line(1, 1)] }).map((s) => s.free),
    ).to.deep.equal([0]);
  });

  it('never refuses what the subscription already had, nor past deliveries, nor products without a capacity', () => {
    const previous = new Map([[placeKey(2, BASKET), 1]]);
    expect(capacityShortfalls({ ...base, previous, wanted: [line(2, 1)] })).to.deep.equal([]);
    expect(capacityShortfalls({ ...base, today: '2027-01-20', wanted: [line(2, 5)] })).to.deep.equal([]);
    expect(capacityShortfalls({ ...base, capacities: new Map(), wanted: [line(2, 5)] })).to.deep.equal([]);
  });

  it('counts as open the places free on every delivery to come, cancelled ones aside', () => {
    const taken = new Map([
      [placeKey(1, BASKET), 40],
      [placeKey(2, BASKET), 37],
      [placeKey(3, BASKET), 40],
      [placeKey(4, BASKET), 38],
    ]);
    expect(openPlaces('2027-01-01', base.capacities, taken, deliveries).get(BASKET)).to.equal(0);
    expect(openPlaces('2027-01-08', base.capacities, taken, deliveries).get(BASKET)).to.equal(2);
    expect(openPlaces('2027-02-01', base.capacities, taken, deliveries).get(BASKET)).to.equal(0);
  });

  it('lets subscriptions taken one after the other never exceed the capacity (invariant)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 20 }),
        (cap, wants) => {
          let taken = 0;
          for (const q of wants) {
            const refused = capacityShortfalls({
              ...base,
              capacities: new Map([[BASKET, cap]]),
              takenByOthers: new Map([[placeKey(1, BASKET), taken]]),
              wanted: [line(1, q)],
            });
            if (refused.length === 0) taken += q;
          }
          return taken <= cap;
        },
      ),
    );
  });
});
