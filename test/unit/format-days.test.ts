import { expect } from 'chai';
import fc from 'fast-check';
import { format } from 'date-fns';
import { fr } from 'date-fns/locale';
import { formatDayLong, formatDayShort, weekday } from '../../server/lib/format.js';

const iso = (t: Date) => t.toISOString().slice(0, 10);

describe('dates written out in French', () => {
  it('finds the weekday Date finds, every day from 1900 to 2200', () => {
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2200, 11, 31); t += 86_400_000) {
      const date = new Date(t);
      const wd = weekday(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
      if (wd !== date.getUTCDay()) expect.fail(`${iso(date)}: ${wd} instead of ${date.getUTCDay()}`);
    }
  });

  it('writes a day as date-fns does in French, the first of a month as "1er"', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
        (t) => {
          const day = iso(t);
          const local = new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
          const n = local.getDate() === 1 ? '1er' : String(local.getDate());
          expect(formatDayLong(day)).to.equal(
            `${format(local, 'EEEE', { locale: fr })} ${n} ${format(local, 'MMMM yyyy', { locale: fr })}`,
          );
          expect(formatDayShort(day)).to.equal(
            `${format(local, 'EEE', { locale: fr })} ${n} ${format(local, 'MMM', { locale: fr })}`,
          );
        },
      ),
      { numRuns: 2000 },
    );
    expect(formatDayLong('2027-07-01')).to.equal('jeudi 1er juillet 2027');
    expect(formatDayShort('2026-12-04')).to.equal('ven. 4 déc.');
  });
});
