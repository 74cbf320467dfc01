/**
 * When a reminder runs next, from its daily cron expression ("M H * * *", in the AMAP's timezone)
 * and, for the monthly planning, the day of the month it sends on. Pure: "now" is given.
 */
import { plusDays } from './reminder-result.js';
import { wallDate, wallHHMM, wallTimeAt } from '../../domain/wall-clock.js';

const DAILY = /^(\d{1,2}) (\d{1,2}) \* \* \*$/;

/** "0 8 * * *" → "08:00"; anything but a daily expression is refused (the schedule is ours). */
export function dailyTime(cron: string): string {
  const m = DAILY.exec(cron);
  if (!m) throw new Error(`not a daily cron expression: ${cron}`);
  return `${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}`;
}

/** Today's date and the time of day (HH:MM) in a timezone. */
export function localNow(now: Date, timeZone: string): { today: string; time: string } {
  const t = wallTimeAt(timeZone, now.getTime());
  return { today: wallDate(t), time: wallHHMM(t) };
}

/**
 * The next day the task runs at `time`: today if the hour is still to come, else tomorrow; with
 * `dayOfMonth`, the next such day of a month.
 */
export function nextRunDay(today: string, now: string, time: string, dayOfMonth?: number): string {
  let day = now < time ? today : plusDays(today, 1);
  if (dayOfMonth !== undefined) while (Number(day.slice(8, 10)) !== dayOfMonth) day = plusDays(day, 1);
  return day;
}
