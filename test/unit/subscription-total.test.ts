import { expect } from 'chai';
import fc from 'fast-check';
import { subscriptionTotalCents, type SubscriptionLine } from '../../server/domain/subscription-total.js';

const BASKET = 1; // small vegetable basket, 17,50 €
const EGGS = 2; // 6 eggs, 2,10 €
const prices = new Map([
  [BASKET, 1750],
  [EGGS, 210],
]);

describe('subscriptionTotalCents', () => {
  const thursdays = ['2025-05-15', '2025-05-22', '2025-05-29', '2025-06-05'];
  const lines: SubscriptionLine[] = thursdays.flatMap((deliveryOn) => [
    { deliveryOn, contractProductId: BASKET, quantity: 1 },
    { deliveryOn, contractProductId: EGGS, quantity: 2 },
  ]);

  it('adds quantity × price over every delivery', () => {
    expect(subscriptionTotalCents(lines, prices, new Set())).to.equal(4 * (1750 + 2 * 210));
  });

  it('leaves out the deliveries that are cancelled', () => {
    expect(subscriptionTotalCents(lines, prices, new Set(['2025-05-29']))).to.equal(3 * (1750 + 420));
    expect(subscriptionTotalCents(lines, prices, new Set(thursdays))).to.equal(0);
  });

  it('counts a zero quantity as nothing and an empty subscription as 0', () => {
    expect(
      subscriptionTotalCents([{ deliveryOn: '2025-05-15', contractProductId: EGGS, quantity: 0 }], prices, new Set()),
    ).to.equal(0);
    expect(subscriptionTotalCents([], prices, new Set())).to.equal(0);
  });

  it('refuses a negative or non-integer quantity, even on a cancelled date', () => {
    for (const quantity of [-1, 1.5, Number.NaN]) {
      const bad = [{ deliveryOn: '2025-05-15', contractProductId: BASKET, quantity }];
      expect(() => subscriptionTotalCents(bad, prices, new Set())).to.throw(RangeError, /quantity/);
      expect(() => subscriptionTotalCents(bad, prices, new Set(['2025-05-15']))).to.throw(RangeError, /quantity/);
    }
  });

  it('refuses a product without a price in this contract, and a float price', () => {
    const unknown = [{ deliveryOn: '2025-05-15', contractProductId: 99, quantity: 1 }];
    expect(() => subscriptionTotalCents(unknown, prices, new Set())).to.throw(RangeError, /unknown product 99/);
    expect(() =>
      subscriptionTotalCents(
        lines,
        new Map([
          [BASKET, 17.5],
          [EGGS, 210],
        ]),
        new Set(),
      ),
    ).to.throw(TypeError);
  });

  it('equals the sum over each delivery taken alone, and drops exactly the cancelled ones (random subscriptions)', () => {
    const lineArb = fc.record({
      deliveryOn: fc.constantFrom(...thursdays),
      contractProductId: fc.constantFrom(BASKET, EGGS),
      quantity: fc.nat(20),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), fc.subarray(thursdays), (random, cancelled) => {
        const total = subscriptionTotalCents(random, prices, new Set(cancelled));
        expect(Number.isSafeInteger(total)).to.equal(true);
        const perDate = thursdays.map((d) =>
          subscriptionTotalCents(
            random.filter((l) => l.deliveryOn === d),
            prices,
            new Set(),
          ),
        );
        const expected = thursdays.reduce((acc, d, i) => (cancelled.includes(d) ? acc : acc + perDate[i]), 0);
        expect(total).to.equal(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
