import { expect } from 'chai';
import { groupChequesByAmount, monthLabel, monthsLabel } from '../../server/domain/cheque-grouping.js';

describe('cheque grouping', () => {
  it('groups cheques the way people write them, by amount, in date order', () => {
    const groups = groupChequesByAmount([
      { dueOn: '2027-06-05', amountCents: 7600 },
      { dueOn: '2027-05-05', amountCents: 7500 },
      { dueOn: '2027-07-05', amountCents: 7600 },
      { dueOn: '2027-08-05', amountCents: 0 },
      { dueOn: '2027-09-05', amountCents: 7600 },
    ]);
    expect(groups).to.deep.equal([
      { amountCents: 7500, count: 1, dueOns: ['2027-05-05'] },
      { amountCents: 7600, count: 3, dueOns: ['2027-06-05', '2027-07-05', '2027-09-05'] },
    ]);
  });

  it('says months like a person', () => {
    expect(monthLabel('2027-01-05')).to.equal('janvier 2027');
    expect(monthsLabel(['2027-06-05'])).to.equal('en juin 2027');
    expect(monthsLabel(['2027-06-05', '2027-07-05'])).to.equal('en juin et juillet 2027');
    expect(monthsLabel(['2027-06-05', '2027-07-05', '2027-08-05', '2027-09-05', '2027-10-05'])).to.equal(
      'de juin à octobre 2027',
    );
    expect(monthsLabel(['2026-08-05', '2026-09-05', '2026-10-05', '2026-11-05', '2026-12-05', '2027-01-05'])).to.equal(
      'd’août 2026 à janvier 2027',
    );
    expect(monthsLabel(['2027-04-05', '2027-05-05', '2027-06-05'])).to.equal('d’avril à juin 2027');
    expect(monthsLabel(['2027-01-05', '2027-03-05', '2027-05-05'])).to.equal('en janvier, mars et mai 2027');
    expect(monthsLabel(['2026-12-05', '2027-02-05'])).to.equal('en décembre 2026 et février 2027');
    expect(monthsLabel([])).to.equal('');
  });
});
