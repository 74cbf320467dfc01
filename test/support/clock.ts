/** A clock tests can move: token expiry, outbox retries, "today". */
export class TestClock {
  private t: number;
  constructor(iso = '2026-11-28T10:00:00.000Z') {
    this.t = new Date(iso).getTime();
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  set(iso: string): void {
    this.t = new Date(iso).getTime();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
