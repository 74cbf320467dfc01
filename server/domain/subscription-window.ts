/**
 * Where today stands against a sign-up window: a contract's subscription window or a membership
 * period's (DESIGN §5: `opensOn` and `closesOn`, both inclusive).
 */

export type WindowState = 'upcoming' | 'open' | 'closed';

export interface SignUpWindow {
  opensOn: string;
  closesOn: string;
  /** A contract's status; a membership period has none and follows its dates only. */
  status?: 'draft' | 'open' | 'archived';
}

/**
 * `open` means one may sign up today: the dates contain today and, for a contract, it is open.
 * An archived contract is closed whatever its dates; a draft is at best upcoming (it opens when its
 * referent publishes it), and closed once its dates are past. Dates are ISO `YYYY-MM-DD` strings,
 * which compare as calendar days.
 */
export function windowState(w: SignUpWindow, today: string): WindowState {
  if (w.status === 'archived' || today > w.closesOn) return 'closed';
  if (today < w.opensOn || w.status === 'draft') return 'upcoming';
  return 'open';
}
