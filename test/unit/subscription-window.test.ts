import { expect } from 'chai';
import fc from 'fast-check';
import { windowState } from '../../server/domain/subscription-window.js';

describe('windowState', () => {
  const w = { opensOn: '2026-11-01', closesOn: '2026-12-15' };

  it('is open from the opening day to the closing day, both included', () => {
    expect(windowState(w, '2026-10-31')).to.equal('upcoming');
    expect(windowState(w, '2026-11-01')).to.equal('open');
    expect(windowState(w, '2026-12-15')).to.equal('open');
    expect(windowState(w, '2026-12-16')).to.equal('closed');
  });

  it('follows the status of a contract: an archived one is closed, a draft one not open yet', () => {
    expect(windowState({ ...w, status: 'open' }, '2026-11-20')).to.equal('open');
    expect(windowState({ ...w, status: 'archived' }, '2026-11-20')).to.equal('closed');
    expect(windowState({ ...w, status: 'archived' }, '2026-10-01')).to.equal('closed');
    expect(windowState({ ...w, status: 'draft' }, '2026-11-20')).to.equal('upcoming');
    expect(windowState({ ...w, status: 'draft' }, '2026-10-01')).to.equal('upcoming');
    expect(windowState({ ...w, status: 'draft' }, '2027-01-01')).to.equal('closed');
  });

  it('is open exactly when the dates contain today and the contract (if any) is open (random days)', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        day,
        fc.constantFrom(undefined, 'draft' as const, 'open' as const, 'archived' as const),
        (a, b, today, status) => {
          const [opensOn, closesOn] = a <= b ? [a, b] : [b, a];
          const state = windowState({ opensOn, closesOn, status }, today);
          const inDates = opensOn <= today && today <= closesOn;
          expect(state === 'open').to.equal(inDates && (status === undefined || status === 'open'));
          if (today > closesOn) expect(state).to.equal('closed');
        },
      ),
    );
  });
});
