/** Today's date (YYYY-MM-DD) in the AMAP's timezone: what "today" means for the association. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
