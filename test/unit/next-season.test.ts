import { expect } from 'chai';
import fc from 'fast-check';
import { weekdayOf } from '../../server/domain/delivery-calendar.js';
import { nextSeasonCalendar, nextSeasonName } from '../../server/domain/next-season.js';

describe('nextSeasonName', () => {
  it('moves every year of the name one season on', () => {
    expect(nextSeasonName('Légumes été 2027')).to.equal('Légumes été 2028');
    expect(nextSeasonName('Pain 2026-2027')).to.equal('Pain 2027-2028');
    expect(nextSeasonName('Œufs 2026/27')).to.equal('Œufs 2027/28');
    expect(nextSeasonName('Fromages 2099/00')).to.equal('Fromages 2100/01');
  });

  it('marks a name without a year as a copy', () => {
    expect(nextSeasonName('Pommes')).to.equal('Pommes (copie)');
    expect(nextSeasonName('Panier n° 12345')).to.equal('Panier n° 12345 (copie)');
  });
});

describe('nextSeasonCalendar', () => {
  const season = { opensOn: '2026-11-01', closesOn: '2026-12-15', paymentsManaged: true, paymentDay: 5 };

  it('keeps the window on the same calendar days, the deliveries on their weekday, and proposes payment dates', () => {
    // Thursdays of January–March 2027
    const deliveries = ['2027-01-07', '2027-02-04', '2027-03-18'];
    expect(nextSeasonCalendar(season, deliveries)).to.deep.equal({
      opensOn: '2027-11-01',
      closesOn: '2027-12-15',
      deliveryDates: ['2028-01-06', '2028-02-03', '2028-03-16'],
      paymentDates: ['2028-01-05', '2028-02-05', '2028-03-05'],
    });
  });

  it('turns 29 February into 28 February, and has no payment dates when payments are not managed', () => {
    const leap = { opensOn: '2028-02-29', closesOn: '2028-03-10', paymentsManaged: false, paymentDay: 5 };
    expect(nextSeasonCalendar(leap, [])).to.deep.equal({
      opensOn: '2029-02-28',
      closesOn: '2029-03-10',
      deliveryDates: [],
      paymentDates: [],
    });
  });

  it('gives sorted deliveries, each on its weekday within 3 days of a year later (random seasons)', () => {
    const day = fc
      .date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 30 }), (dates) => {
        const next = nextSeasonCalendar(season, dates);
        expect(next.deliveryDates).to.deep.equal([...new Set(next.deliveryDates)].sort());
        expect(new Set(next.deliveryDates.map(weekdayOf))).to.deep.equal(new Set(dates.map(weekdayOf)));
        const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
        // each date of this season has its copy: same weekday, a year on give or take 3 days
        for (const d of dates) {
          const copy = next.deliveryDates.filter(
            (n) => weekdayOf(n) === weekdayOf(d) && Math.abs(days(d, n) - 365) <= 4,
          );
          expect(copy, d).to.have.length(1);
        }
        expect(next.deliveryDates.length).to.be.at.most(new Set(dates).size);
      }),
    );
  });
});
