import { expect } from 'chai';
import ICAL from 'ical.js';
import { vtimezone } from '../../server/features/calendar/vtimezone.js';
import { ZonedTime } from '../../server/features/calendar/zoned-time.js';

/**
 * The VTIMEZONE written from Intl, read back by a real iCalendar parser (ical.js): a wall-clock
 * time in that zone must land on the instant Intl says, in summer and winter, near the changes,
 * in other years than the one the rules were read from, and for zones with other rules.
 */
function parsedZone(tz: string, year: number) {
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//FR', vtimezone(tz, year), 'END:VCALENDAR'].join(
    '\r\n',
  );
  const cal = new ICAL.Component(ICAL.parse(text));
  return new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!);
}

/** The UTC instant (ISO) ical.js gives for a wall time of the zone. */
function utcOf(zone: ICAL.Timezone, wall: string): string {
  const t = ICAL.Time.fromDateTimeString(wall);
  t.zone = zone;
  return new Date(t.toUnixTime() * 1000).toISOString();
}

describe('VTIMEZONE from Intl', () => {
  it('Europe/Paris: the last Sundays of March and October, +01:00 in winter and +02:00 in summer', () => {
    const block = vtimezone('Europe/Paris', 2027);
    expect(block).to.contain('TZID:Europe/Paris');
    expect(block).to.match(/BEGIN:DAYLIGHT\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\n/);
    expect(block).to.contain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(block).to.contain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    const zone = parsedZone('Europe/Paris', 2027);
    expect(utcOf(zone, '2027-01-07T18:30:00')).to.equal('2027-01-07T17:30:00.000Z');
    expect(utcOf(zone, '2027-07-01T18:30:00')).to.equal('2027-07-01T16:30:00.000Z');
    // Around the changes of 2027 (28 March, 31 October) and in years the rules were not read from.
    expect(utcOf(zone, '2027-03-27T18:30:00')).to.equal('2027-03-27T17:30:00.000Z');
    expect(utcOf(zone, '2027-03-28T18:30:00')).to.equal('2027-03-28T16:30:00.000Z');
    expect(utcOf(zone, '2027-10-30T18:30:00')).to.equal('2027-10-30T16:30:00.000Z');
    expect(utcOf(zone, '2027-10-31T18:30:00')).to.equal('2027-10-31T17:30:00.000Z');
    expect(utcOf(zone, '2030-03-31T10:00:00')).to.equal('2030-03-31T08:00:00.000Z');
    expect(utcOf(zone, '2026-12-03T18:30:00')).to.equal('2026-12-03T17:30:00.000Z');
  });

  it('agrees with Intl through a whole year, every day at 18:30, for zones with other rules', () => {
    for (const tz of ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Indian/Reunion', 'America/Cayenne']) {
      const zone = parsedZone(tz, 2027);
      for (let day = 0; day < 365; day++) {
        const on = new Date(Date.UTC(2027, 0, 1 + day)).toISOString().slice(0, 10);
        const expected = new Date(ZonedTime.at(tz, on, '18:30').epochMilliseconds).toISOString();
        expect(utcOf(zone, `${on}T18:30:00`), `${tz} ${on}`).to.equal(expected);
      }
    }
  });

  it('a zone without changes has one fixed STANDARD offset', () => {
    const block = vtimezone('Indian/Reunion', 2027);
    expect(block.match(/BEGIN:STANDARD/g)).to.have.length(1);
    expect(block).not.to.contain('DAYLIGHT');
    expect(block).to.contain('TZOFFSETTO:+0400');
  });

  it('wall times of the zone: a Paris evening in winter and in summer, whatever the process timezone', () => {
    expect(new Date(ZonedTime.at('Europe/Paris', '2027-01-07', '18:30').epochMilliseconds).toISOString()).to.equal(
      '2027-01-07T17:30:00.000Z',
    );
    expect(new Date(ZonedTime.at('Europe/Paris', '2027-06-03', '18:30').epochMilliseconds).toISOString()).to.equal(
      '2027-06-03T16:30:00.000Z',
    );
    expect(ZonedTime.ofInstant('Europe/Paris', Date.UTC(2027, 5, 3, 16, 30)).toString()).to.equal(
      '2027-06-03T18:30:00[Europe/Paris]',
    );
  });
});
