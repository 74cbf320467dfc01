/**
 * Wall-clock times of the AMAP's timezone for ical-generator. Given a native Date, ical-generator
 * writes a TZID time with the *process's* local getters, which is wrong on a server running in UTC;
 * it reads a Temporal ZonedDateTime (duck-typed: its exported `ICalTemporalZonedDateTimeStub`)
 * as the wall time it holds. Node 20 has no Temporal, so this is the small part of it the library
 * reads, with the timezone arithmetic from Intl.
 */
import type {
  ICalTemporalInstantStub,
  ICalTemporalPlainDateStub,
  ICalTemporalPlainDateTimeStub,
  ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { instantOf, wallTimeAt, type WallTime } from '../../domain/wall-clock.js';

type Parts = WallTime;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

class PlainDateTime implements ICalTemporalPlainDateTimeStub {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
  ) {}
  toPlainDate(): ICalTemporalPlainDateStub {
    const { year, month, day } = this;
    const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    return { year, month, day, toJSON: () => text, toString: () => text };
  }
  toZonedDateTime(timeZone: string): ICalTemporalZonedDateTimeStub {
    return new ZonedTime(timeZone, this);
  }
  toString(): string {
    return `${this.toPlainDate().toString()}T${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/** A wall-clock time in a timezone, as ical-generator reads a Temporal.ZonedDateTime. */
export class ZonedTime implements ICalTemporalZonedDateTimeStub {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  constructor(
    readonly timeZoneId: string,
    p: Parts,
  ) {
    ({ year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute } = p);
    this.second = p.second;
  }

  /** `on` (YYYY-MM-DD) at `time` (HH:MM) in `tz`. */
  static at(tz: string, on: string, time: string): ZonedTime {
    const [year, month, day] = on.split('-').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    return new ZonedTime(tz, { year, month, day, hour, minute, second: 0 });
  }

  static ofInstant(tz: string, ms: number): ZonedTime {
    return new ZonedTime(tz, wallTimeAt(tz, ms));
  }

  get epochMilliseconds(): number {
    return instantOf(this.timeZoneId, this);
  }

  toInstant(): ICalTemporalInstantStub {
    const ms = this.epochMilliseconds;
    const iso = new Date(ms).toISOString();
    return {
      epochMilliseconds: ms,
      toJSON: () => iso,
      toString: () => iso,
      toZonedDateTimeISO: (tz: string) => ZonedTime.ofInstant(tz, ms),
    };
  }
  toPlainDateTime(): ICalTemporalPlainDateTimeStub {
    return new PlainDateTime(this.year, this.month, this.day, this.hour, this.minute, this.second);
  }
  withTimeZone(timeZone: string): ICalTemporalZonedDateTimeStub {
    return timeZone === this.timeZoneId ? this : ZonedTime.ofInstant(timeZone, this.epochMilliseconds);
  }
  toString(): string {
    return `${this.toPlainDateTime().toString()}[${this.timeZoneId}]`;
  }
  toJSON(): string {
    return this.toString();
  }
}
