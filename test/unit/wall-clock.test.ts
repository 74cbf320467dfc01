import { expect } from 'chai';
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

  it('agrees with Intl minute by minute around a change, whatever was asked before (offsets are remembered)', () => {
    const from = Date.UTC(2027, 2, 28, 0, 0);
    for (let ms = from; ms < from + 3 * 3_600_000; ms += 60_000) {
      const t = wallTimeAt('Europe/Paris', ms);
      const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
      expect(offsetMinutes('Europe/Paris', ms), new Date(ms).toISOString()).to.equal((asUtc - ms) / 60_000);
    }
  });

  it('names the instant of a wall time, a skipped spring time landing an hour later', () => {
    expect(localInstant('2027-01-14', '18:30', 'Europe/Paris').toISOString()).to.equal('2027-01-14T17:30:00.000Z');
    expect(localInstant('2027-05-06', '18:30', 'Europe/Paris').toISOString()).to.equal('2027-05-06T16:30:00.000Z');
    const skipped = instantOf('Europe/Paris', { year: 2027, month: 3, day: 28, hour: 2, minute: 30, second: 0 });
    expect(new Date(skipped).toISOString()).to.equal('2027-03-28T01:30:00.000Z');
    expect(wallTimeAt('Europe/Paris', skipped)).to.include({ hour: 3, minute: 30 });
  });
});
