import { expect } from 'chai';
import { mayWithdrawOffer, offerProblem, takeDeadline, takeOutcome } from '../../server/domain/basket-exchange.js';

const DAY = { on: '2027-05-06', startTime: '18:30' };
const deadline = takeDeadline(DAY, 24, 'Europe/Paris');

describe('basket exchange rules', () => {
  it('a basket may be taken until N hours before the distribution starts, in the AMAP’s timezone', () => {
    expect(deadline.toISOString()).to.equal('2027-05-05T16:30:00.000Z');
    expect(takeDeadline({ on: '2027-01-07', startTime: '18:30' }, 2, 'Europe/Paris').toISOString()).to.equal(
      '2027-01-07T15:30:00.000Z',
    );
  });

  it('the giver cannot take their own basket; a second click by the taker does no harm; a taken one is gone', () => {
    const open = { giverId: 1, takenById: null, withdrawn: false };
    const before = new Date('2027-05-05T10:00:00Z');
    expect(takeOutcome(open, 2, before, deadline)).to.deep.equal({ ok: true, already: false });
    expect(takeOutcome(open, 1, before, deadline)).to.deep.equal({ ok: false, reason: 'own' });
    expect(takeOutcome({ ...open, takenById: 2 }, 2, before, deadline)).to.deep.equal({ ok: true, already: true });
    expect(takeOutcome({ ...open, takenById: 2 }, 3, before, deadline)).to.deep.equal({ ok: false, reason: 'taken' });
    expect(takeOutcome({ ...open, withdrawn: true }, 2, before, deadline)).to.deep.equal({
      ok: false,
      reason: 'withdrawn',
    });
    expect(takeOutcome(open, 2, deadline, deadline)).to.deep.equal({ ok: false, reason: 'too-late' });
  });

  it('an offer is taken back only while nobody took it', () => {
    expect(mayWithdrawOffer({ giverId: 1, takenById: null, withdrawn: false })).to.equal(true);
    expect(mayWithdrawOffer({ giverId: 1, takenById: 2, withdrawn: false })).to.equal(false);
  });

  it('offering needs the contract to allow it, a basket that day, no absence, and time left', () => {
    const base = {
      exchangeAllowed: true,
      cancelled: false,
      now: new Date('2027-05-01T10:00:00Z'),
      deadline,
      hasQuantities: true,
      absent: false,
      alreadyOffered: false,
    };
    expect(offerProblem(base)).to.equal(null);
    expect(offerProblem({ ...base, exchangeAllowed: false })?.reason).to.equal('not-allowed');
    expect(offerProblem({ ...base, cancelled: true })?.reason).to.equal('cancelled-delivery');
    expect(offerProblem({ ...base, now: deadline })?.reason).to.equal('too-late');
    expect(offerProblem({ ...base, hasQuantities: false })?.reason).to.equal('nothing-to-collect');
    expect(offerProblem({ ...base, absent: true })?.reason).to.equal('absent');
    expect(offerProblem({ ...base, alreadyOffered: true })?.reason).to.equal('already-offered');
  });
});
