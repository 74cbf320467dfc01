/**
 * Next season's copy of a contract (DESIGN §1 "Before the season"): the referent copies last
 * season's contract and gets this year's name, window, deliveries and payment dates, to adjust.
 */
import { addYears, defaultPaymentDates, moveToNextSeason } from './delivery-calendar.js';

/**
 * The name one season later: every year in it moves on, a short second year too
 * ("Légumes été 2027" → "Légumes été 2028", "Pain 2026-2027" → "Pain 2027-2028",
 * "Œufs 2026/27" → "Œufs 2027/28"). A name without a year gets " (copie)".
 */
export function nextSeasonName(name: string): string {
  const replaced = name.replace(/\b(\d{4})([-/])(\d{2})\b|\b(20\d\d)\b/g, (match, from, sep, to, year) => {
    if (year) return String(Number(year) + 1);
    if (!/^20\d\d$/.test(from)) return match;
    return `${Number(from) + 1}${sep}${String((Number(to) + 1) % 100).padStart(2, '0')}`;
  });
  return replaced !== name ? replaced : `${name} (copie)`;
}

export interface SeasonCalendar {
  opensOn: string;
  closesOn: string;
  /** Sorted, without duplicates. */
  deliveryDates: string[];
  /** One per month of deliveries on the contract's payment day; [] when payments are not managed. */
  paymentDates: string[];
}

/**
 * The calendar one season later. The subscription window keeps its calendar days a year on
 * (1 November → 1 November: members expect the same weeks; 29 February → 28 February); deliveries
 * keep their weekday (`moveToNextSeason`: the Thursday distribution stays on Thursdays), so two
 * dates may land on the same day and count once; payment dates are the default ones of the new
 * deliveries. Pass the deliveries that take place (not the cancelled ones).
 */
export function nextSeasonCalendar(
  season: { opensOn: string; closesOn: string; paymentsManaged: boolean; paymentDay: number },
  deliveryDates: readonly string[],
): SeasonCalendar {
  const moved = [...new Set(deliveryDates.map(moveToNextSeason))].sort();
  return {
    opensOn: addYears(season.opensOn, 1),
    closesOn: addYears(season.closesOn, 1),
    deliveryDates: moved,
    paymentDates: season.paymentsManaged ? defaultPaymentDates(moved, season.paymentDay) : [],
  };
}
