import { expect } from 'chai';
import fc from 'fast-check';
import { computeBalance } from '../../server/domain/balance.js';
import { CHEQUE_STATUSES, type ChequeStatus } from '../../server/domain/cheque-status.js';

describe('subscription balance', () => {
  it('exact case: a season in progress', () => {
    const b = computeBalance({
      totalCents: 45500,
      creditsCents: 1500,
      cheques: [
        { amountCents: 7500, status: 'handed_over' },
        { amountCents: 7600, status: 'received' },
        { amountCents: 7600, status: 'promised' },
        { amountCents: 7600, status: 'promised' },
        { amountCents: 7600, status: 'promised' },
        { amountCents: 6100, status: 'promised' },
        { amountCents: 7600, status: 'cancelled' },
      ],
    });
    expect(b).to.deep.equal({
      orderedCents: 45500,
      creditCents: 1500,
      payableCents: 44000,
      promisedCents: 28900,
      receivedCents: 7600,
      handedOverCents: 7500,
      returnedCents: 0,
      collectedCents: 15100,
      dueCents: 28900,
      owedBackCents: 0,
      unscheduledCents: 0,
    });
  });

  it('a cancelled subscription with cheques already cashed is money owed back', () => {
    const b = computeBalance({
      totalCents: 0,
      creditsCents: 0,
      cheques: [
        { amountCents: 7500, status: 'handed_over' },
        { amountCents: 7600, status: 'received' },
      ],
    });
    expect(b.owedBackCents).to.equal(15100);
    expect(b.dueCents).to.equal(0);
  });

  it('invariants on random subscriptions: the amounts always add up', () => {
    const status = fc.constantFrom(...(CHEQUE_STATUSES as ChequeStatus[]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.record({ amountCents: fc.integer({ min: 1, max: 500_000 }), status }), { maxLength: 24 }),
        (totalCents, creditsCents, cheques) => {
          const b = computeBalance({ totalCents, creditsCents, cheques });
          // Every cheque is counted in exactly one bucket.
          const cancelled = cheques.filter((c) => c.status === 'cancelled').reduce((a, c) => a + c.amountCents, 0);
          expect(b.promisedCents + b.receivedCents + b.handedOverCents + b.returnedCents + cancelled).to.equal(
            cheques.reduce((a, c) => a + c.amountCents, 0),
          );
          // Due and owed back are the two sides of one difference, never both.
          expect(b.dueCents - b.owedBackCents).to.equal(b.payableCents - b.collectedCents);
          expect(Math.min(b.dueCents, b.owedBackCents)).to.equal(0);
          expect(b.dueCents).to.be.at.least(0);
          expect(b.owedBackCents).to.be.at.least(0);
          // The schedule is balanced exactly when promised + collected = payable.
          expect(b.unscheduledCents).to.equal(b.payableCents - b.promisedCents - b.collectedCents);
          expect(b.payableCents).to.equal(Math.max(0, totalCents - creditsCents));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
