/**
 * Today's date (YYYY-MM-DD) in the AMAP's timezone: what "today" means for the association.
 * The formatter is built once per timezone: building an Intl.DateTimeFormat costs more than
 * formatting with it, and "today" is asked on every page.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now: Date): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(now);
}
