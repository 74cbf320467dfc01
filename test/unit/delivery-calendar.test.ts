import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  daysInMonth,
  defaultPaymentDates,
  generateDeliveryDates,
  isWithin,
  moveToNextSeason,
  nthWeekdayOfMonth,
  weekdayOf,
  type DeliverySpec,
} from '../../server/domain/delivery-calendar.js';

/** Any real date from 2000 to 2060, as an ISO string. */
const dateArb = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('2000-01-01', n));
const weekdayArb = fc.integer({ min: 1, max: 7 });
/** A period of up to ~3 years: [from, from + span]. */
const periodArb = fc
  .tuple(dateArb, fc.integer({ min: 0, max: 3 * 365 }))
  .map(([from, span]) => ({ from, to: addDays(from, span) }));

describe('calendar helpers', () => {
  it('gives the ISO weekday (1 = Monday … 7 = Sunday)', () => {
    expect(weekdayOf('2025-05-12')).to.equal(1);
    expect(weekdayOf('2025-05-15')).to.equal(4);
    expect(weekdayOf('2025-05-18')).to.equal(7);
    expect(weekdayOf('2024-02-29')).to.equal(4);
  });

  it('adds days across months, years and DST changes', () => {
    expect(addDays('2025-03-29', 2)).to.equal('2025-03-31');
    expect(addDays('2024-12-31', 1)).to.equal('2025-01-01');
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    expect(addDays('2025-10-25', 7)).to.equal('2025-11-01');
    expect(daysBetween('2025-01-01', '2026-01-01')).to.equal(365);
  });

  it('tells whether a date is within a period, both ends included', () => {
    expect(isWithin('2025-05-01', '2025-05-01', '2025-05-31')).to.equal(true);
    expect(isWithin('2025-05-31', '2025-05-01', '2025-05-31')).to.equal(true);
    expect(isWithin('2025-04-30', '2025-05-01', '2025-05-31')).to.equal(false);
    expect(isWithin('2025-06-01', '2025-05-01', '2025-05-31')).to.equal(false);
  });

  it('knows month lengths, leap years included', () => {
    expect([2023, 2024, 1900, 2000].map((y) => daysInMonth(y, 2))).to.deep.equal([28, 29, 28, 29]);
    expect(daysInMonth(2025, 4)).to.equal(30);
    expect(daysInMonth(2025, 12)).to.equal(31);
  });

  it('refuses dates that do not exist or are not YYYY-MM-DD', () => {
    for (const bad of [
      '2025-02-29',
      '2025-13-01',
      '2025-04-31',
      '2025-5-1',
      '15/05/2025',
      '',
      '2025-05-15T00:00:00Z',
    ]) {
      expect(() => weekdayOf(bad), bad).to.throw(RangeError, /Date invalide/);
    }
  });
});

describe('generateDeliveryDates', () => {
  it('gives every Thursday from the first one on or after the start, end included', () => {
    expect(
      generateDeliveryDates({ from: '2025-05-01', to: '2025-05-29', frequency: 'weekly', weekday: 4 }),
    ).to.deep.equal(['2025-05-01', '2025-05-08', '2025-05-15', '2025-05-22', '2025-05-29']);
    expect(
      generateDeliveryDates({ from: '2025-05-02', to: '2025-06-05', frequency: 'weekly', weekday: 4 }),
    ).to.deep.equal(['2025-05-08', '2025-05-15', '2025-05-22', '2025-05-29', '2025-06-05']);
  });

  it('gives every other Saturday for a fortnightly contract', () => {
    expect(
      generateDeliveryDates({ from: '2025-05-01', to: '2025-06-30', frequency: 'fortnightly', weekday: 6 }),
    ).to.deep.equal(['2025-05-03', '2025-05-17', '2025-05-31', '2025-06-14', '2025-06-28']);
  });

  it('gives the nth weekday of each month within the period', () => {
    // First Tuesday; 7 January is before the start.
    expect(
      generateDeliveryDates({ from: '2025-01-10', to: '2025-04-30', frequency: 'monthly', weekday: 2, nth: 1 }),
    ).to.deep.equal(['2025-02-04', '2025-03-04', '2025-04-01']);
    // Third Saturday.
    expect(
      generateDeliveryDates({ from: '2025-05-01', to: '2025-07-31', frequency: 'monthly', weekday: 6, nth: 3 }),
    ).to.deep.equal(['2025-05-17', '2025-06-21', '2025-07-19']);
  });

  it('reads nth 5 as the last such weekday of the month, whether it is the 4th or the 5th', () => {
    expect(
      generateDeliveryDates({ from: '2025-01-01', to: '2025-04-30', frequency: 'monthly', weekday: 5, nth: 5 }),
    ).to.deep.equal(['2025-01-31', '2025-02-28', '2025-03-28', '2025-04-25']);
  });

  it('gives an empty list when the period holds no such day, and one date for a one-day period on it', () => {
    expect(
      generateDeliveryDates({ from: '2025-05-02', to: '2025-05-07', frequency: 'weekly', weekday: 4 }),
    ).to.deep.equal([]);
    expect(
      generateDeliveryDates({ from: '2025-05-15', to: '2025-05-15', frequency: 'weekly', weekday: 4 }),
    ).to.deep.equal(['2025-05-15']);
  });

  it('accepts exactly three years and refuses more, with a French message', () => {
    expect(
      generateDeliveryDates({ from: '2025-01-01', to: '2028-01-01', frequency: 'weekly', weekday: 1 }),
    ).to.have.length(156);
    expect(() =>
      generateDeliveryDates({ from: '2025-01-01', to: '2028-01-02', frequency: 'weekly', weekday: 1 }),
    ).to.throw(RangeError, 'La période de livraison ne peut pas dépasser 3 ans.');
  });

  it('refuses an end before the start, a bad weekday, a bad rank or an unknown frequency', () => {
    expect(() =>
      generateDeliveryDates({ from: '2025-06-01', to: '2025-05-01', frequency: 'weekly', weekday: 4 }),
    ).to.throw(RangeError, 'La date de début doit être antérieure ou égale à la date de fin.');
    for (const weekday of [0, 8, 2.5, Number.NaN]) {
      expect(() =>
        generateDeliveryDates({ from: '2025-05-01', to: '2025-06-01', frequency: 'weekly', weekday }),
      ).to.throw(RangeError, /Jour de la semaine invalide/);
    }
    for (const nth of [0, 6, 1.5]) {
      const spec = {
        from: '2025-05-01',
        to: '2025-06-01',
        frequency: 'monthly',
        weekday: 4,
        nth,
      } as unknown as DeliverySpec;
      expect(() => generateDeliveryDates(spec)).to.throw(RangeError, /Rang invalide/);
    }
    const yearly = { from: '2025-05-01', to: '2025-06-01', frequency: 'yearly', weekday: 4 } as unknown as DeliverySpec;
    expect(() => generateDeliveryDates(yearly)).to.throw(RangeError, /Fréquence inconnue/);
    expect(() =>
      generateDeliveryDates({ from: '2025-02-30', to: '2025-06-01', frequency: 'weekly', weekday: 4 }),
    ).to.throw(RangeError, /Date invalide/);
  });

  it('weekly and fortnightly: right weekday, within the period, 7 or 14 days apart, none missed at either end', () => {
    fc.assert(
      fc.property(
        periodArb,
        weekdayArb,
        fc.constantFrom('weekly' as const, 'fortnightly' as const),
        ({ from, to }, weekday, frequency) => {
          const dates = generateDeliveryDates({ from, to, frequency, weekday });
          const step = frequency === 'weekly' ? 7 : 14;
          const wrong = dates.filter(
            (date, i) =>
              weekdayOf(date) !== weekday ||
              !isWithin(date, from, to) ||
              (i > 0 && daysBetween(dates[i - 1], date) !== step),
          );
          expect(wrong).to.deep.equal([]);
          if (dates.length > 0) {
            expect(daysBetween(from, dates[0])).to.be.below(7);
            expect(daysBetween(dates[dates.length - 1], to)).to.be.below(step);
          } else {
            expect(daysBetween(from, to)).to.be.below(7);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('monthly: each date is the nth (or last) weekday of its month, one per month, in order, within the period', () => {
    fc.assert(
      fc.property(
        periodArb,
        weekdayArb,
        fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5),
        ({ from, to }, weekday, nth) => {
          const dates = generateDeliveryDates({ from, to, frequency: 'monthly', weekday, nth });
          const months = dates.map((d) => d.slice(0, 7));
          expect(new Set(months).size).to.equal(dates.length);
          expect([...dates].sort()).to.deep.equal(dates);
          const wrong = dates.filter((date) => {
            const rankOk =
              nth === 5
                ? addDays(date, 7).slice(0, 7) !== date.slice(0, 7) // the last one: a week later is next month
                : Math.ceil(Number(date.slice(8)) / 7) === nth;
            return weekdayOf(date) !== weekday || !isWithin(date, from, to) || !rankOk;
          });
          expect(wrong).to.deep.equal([]);
          // No month of the period misses its date.
          const missing: string[] = [];
          for (let month = from.slice(0, 7); month <= to.slice(0, 7);) {
            const [y, m] = month.split('-').map(Number);
            const expected = nthWeekdayOfMonth(y, m, weekday as 1, nth);
            if (dates.includes(expected) !== isWithin(expected, from, to)) missing.push(expected);
            month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
          }
          expect(missing).to.deep.equal([]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('defaultPaymentDates', () => {
  it('gives one date per month from the first delivery month to the last, empty months included', () => {
    expect(defaultPaymentDates(['2025-05-15', '2025-05-22', '2025-08-07'], 5)).to.deep.equal([
      '2025-05-05',
      '2025-06-05',
      '2025-07-05',
      '2025-08-05',
    ]);
  });

  it('clamps the day to the month length', () => {
    expect(defaultPaymentDates(['2024-01-04', '2024-04-25'], 31)).to.deep.equal([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
    ]);
    expect(defaultPaymentDates(['2025-02-06'], 30)).to.deep.equal(['2025-02-28']);
  });

  it('crosses the new year, accepts deliveries in any order, and gives nothing without deliveries', () => {
    expect(defaultPaymentDates(['2026-01-08', '2025-11-06'], 10)).to.deep.equal([
      '2025-11-10',
      '2025-12-10',
      '2026-01-10',
    ]);
    expect(defaultPaymentDates([], 10)).to.deep.equal([]);
  });

  it('refuses a day of month outside 1–31', () => {
    for (const day of [0, 32, 1.5]) expect(() => defaultPaymentDates(['2025-05-15'], day)).to.throw(RangeError);
  });

  it('one date per month, in order, covering the first and last delivery months', () => {
    const deliveriesArb = fc
      .tuple(dateArb, fc.array(fc.integer({ min: 0, max: 3 * 365 }), { minLength: 1, maxLength: 30 }))
      .map(([start, offsets]) => offsets.map((n) => addDays(start, n)));
    fc.assert(
      fc.property(deliveriesArb, fc.integer({ min: 1, max: 31 }), (deliveries, day) => {
        const dates = defaultPaymentDates(deliveries, day);
        const sorted = [...deliveries].sort();
        expect(dates[0].slice(0, 7)).to.equal(sorted[0].slice(0, 7));
        expect(dates[dates.length - 1].slice(0, 7)).to.equal(sorted[sorted.length - 1].slice(0, 7));
        const wrong = dates.filter((date, i) => {
          const [y, m, d] = date.split('-').map(Number);
          if (d !== Math.min(day, daysInMonth(y, m))) return true;
          if (i === 0) return false;
          const [py, pm] = dates[i - 1].split('-').map(Number);
          return y * 12 + m !== py * 12 + pm + 1;
        });
        expect(wrong).to.deep.equal([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('moveToNextSeason', () => {
  it('keeps Thursdays on Thursdays, a year later', () => {
    expect(moveToNextSeason('2025-05-15')).to.equal('2026-05-14');
    expect(moveToNextSeason('2024-12-31')).to.equal('2025-12-30');
  });

  it('moves 29 February to the nearest same weekday around 28 February', () => {
    expect(moveToNextSeason('2024-02-29')).to.equal('2025-02-27');
  });

  it('lands on the same weekday within 3 days of the same date next year (always 52 weeks later)', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const moved = moveToNextSeason(date);
        expect(weekdayOf(moved)).to.equal(weekdayOf(date));
        const [y, m, d] = date.split('-').map(Number);
        const sameDay = `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(y + 1, m))).padStart(2, '0')}`;
        expect(Math.abs(daysBetween(sameDay, moved))).to.be.at.most(3);
        expect(daysBetween(date, moved)).to.equal(364);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('calendar in any timezone of the server process', () => {
  const module = new URL('../../server/domain/delivery-calendar.ts', import.meta.url).href;
  const script = `
    const c = await import(${JSON.stringify(module)});
    console.log(JSON.stringify([
      c.generateDeliveryDates({ from: '2025-03-01', to: '2025-11-30', frequency: 'weekly', weekday: 7 }),
      c.generateDeliveryDates({ from: '2025-01-01', to: '2025-12-31', frequency: 'monthly', weekday: 4, nth: 5 }),
      c.defaultPaymentDates(['2025-03-30', '2025-10-26'], 31),
      c.moveToNextSeason('2025-03-30'),
      c.weekdayOf('2025-03-30'),
      c.addDays('2025-10-25', 1),
    ]));
  `;
  const runIn = (tz: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });

  it('gives the same dates under UTC+14, UTC−8 and Paris, across DST changes', function () {
    this.timeout(30_000);
    const results = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/Paris'].map(runIn);
    for (const result of results) expect(result).to.equal(results[0]);
    const [sundays, lastThursdays, payments, moved, weekday, next] = JSON.parse(results[0]) as [
      string[],
      string[],
      string[],
      string,
      number,
      string,
    ];
    expect(sundays[0]).to.equal('2025-03-02');
    expect(sundays).to.include.members(['2025-03-09', '2025-03-30', '2025-10-26', '2025-11-02']);
    expect(sundays[sundays.length - 1]).to.equal('2025-11-30');
    expect(sundays).to.have.length(40);
    expect(lastThursdays).to.deep.equal([
      '2025-01-30',
      '2025-02-27',
      '2025-03-27',
      '2025-04-24',
      '2025-05-29',
      '2025-06-26',
      '2025-07-31',
      '2025-08-28',
      '2025-09-25',
      '2025-10-30',
      '2025-11-27',
      '2025-12-25',
    ]);
    expect(payments).to.deep.equal([
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
    ]);
    expect(moved).to.equal('2026-03-29');
    expect(weekday).to.equal(7);
    expect(next).to.equal('2025-10-26');
  });
});
