import { expect } from 'chai';
import fc from 'fast-check';
import { instantOf, localInstant, offsetMinutes, wallTimeAt } from '../../server/domain/wall-clock.js';

describe('the AMAP’s wall clock (domain/wall-clock.ts)', () => {
  it('gives Paris’s offset in winter and summer, and changes it on the last Sundays of March and October', () => {
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 0, 15))).to.equal(60);
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 6, 15))).to.equal(120);
    // 28 March 2027, 01:00 UTC: clocks go from 02:00 to 03:00 in Paris.
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 2, 28, 0, 59))).to.equal(60);
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 2, 28, 1, 0))).to.equal(120);
    // 31 October 2027, 01:00 UTC: back from 03:00 to 02:00.
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 9, 31, 0, 59))).to.equal(120);
    expect(offsetMinutes('Europe/Paris', Date.UTC(2027, 9, 31, 1, 0))).to.equal(60);
    expect(offsetMinutes('Asia/Kolkata', Date.UTC(2027, 0, 15))).to.equal(330);
  });

  /** What Intl says the wall clock reads, field by field. */
  const intl = (timeZone: string, ms: number) => {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      ...{ year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
    } as const);
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map(({ type, value }) => [type, Number(value)]));
    return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
  };

  it('agrees with Intl minute by minute around a change, whatever was asked before (offsets are remembered)', () => {
    for (const from of [Date.UTC(2027, 2, 28, 0, 0), Date.UTC(2027, 9, 31, 0, 0)])
      for (let ms = from; ms < from + 3 * 3_600_000; ms += 60_000)
        expect(wallTimeAt('Europe/Paris', ms), new Date(ms).toISOString()).to.deep.equal(intl('Europe/Paris', ms));
  });

  it('reads the wall clock as Intl does, at any instant of this century, in zones of every kind', () => {
    const zones = [
      'Europe/Paris',
      'America/Martinique',
      'Indian/Reunion',
      'Pacific/Noumea',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'America/St_Johns',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, ms) => {
          expect(wallTimeAt(zone, ms)).to.deep.equal(intl(zone, ms));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('names the instant of a wall time, a skipped spring time landing an hour later', () => {
    expect(localInstant('2027-01-14', '18:30', 'Europe/Paris').toISOString()).to.equal('2027-01-14T17:30:00.000Z');
    expect(localInstant('2027-05-06', '18:30', 'Europe/Paris').toISOString()).to.equal('2027-05-06T16:30:00.000Z');
    const skipped = instantOf('Europe/Paris', { year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0 });
    expect(new Date(skipped).toISOString()).to.equal('2027-03-28T01:30:00.000Z');
    expect(wallTimeAt('Europe/Paris', skipped)).to.include({ hour: 3, minute: 30 });
  });
});
