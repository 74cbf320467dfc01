/**
 * The payment schedule of a subscription: how its total is split into cheques, one line per payment
 * date of the contract, in date order (DESIGN §5 "Payment schedule").
 *
 * Everything is integer cents. The invariants the treasurer relies on, tested on random inputs:
 * the lines sum to the total exactly, no line is negative, and under the `whole-euros` rule every
 * proposed line but the last is a multiple of 100 cents (members write round cheques; the last one
 * carries the odd cents).
 */
import type { ChequeStatus } from './cheque-status.js';
import { assertCents, formatEuros, sumCents } from './money.js';

/** How a proposal rounds each line but the last: down to a whole euro (default) or to the cent. */
export type ProposalRule = 'whole-euros' | 'cents';

export interface ScheduleSettings {
  rule: ProposalRule;
  /** Smallest cheque the producer accepts, in cents; null (or 0) for no minimum. */
  minChequeCents: number | null;
}

/**
 * One line of a subscription's schedule: a payment date of the contract and the cheque that pays
 * it, if any. Frozen once that cheque was received or handed over (`scheduleLines` decides it).
 */
export interface ScheduleLine {
  paymentDateId: number;
  dueOn: string;
  amountCents: number;
  frozen: boolean;
  chequeId: number | null;
  status: ChequeStatus | null;
}

/** What the rebalancing reads of a line. */
export type LineAmount = Pick<ScheduleLine, 'amountCents' | 'frozen'>;

export interface ScheduleError {
  /** Index of the line the message belongs to; -1 for the schedule as a whole. */
  index: number;
  message: string;
}

export type ScheduleValidation = { ok: true } | { ok: false; errors: ScheduleError[] };

/** What `validateSchedule` may take into account beyond the amounts. */
export interface ValidateOptions {
  /** With a minimum, a non-zero open line below it is refused (unless the total itself is below it). */
  minChequeCents?: number | null;
  /**
   * Lines already received or handed over: never reported (the member cannot change them) and not
   * the computed line; the computed line is then the last open one. Same length as `amounts`.
   */
  frozen?: readonly boolean[];
}

export interface RebalanceResult {
  /** One amount per line, in the order given; frozen lines unchanged. */
  amounts: number[];
  /** Frozen lines beyond the total: money owed back to the member (avoir). */
  creditCents: number;
  /** Total still due that no open line can carry (every line frozen). */
  unassignedCents: number;
}

const EURO = 100;

/**
 * Proposes the cheques for a total over `lineCount` lines (DESIGN §5).
 *
 * Going down the lines, `remaining = T − Σ lines already set`; each line but the last gets
 * `remaining ÷ lines left` rounded DOWN to a whole euro (`whole-euros`) or to the cent (`cents`);
 * the last gets all the remaining. Rounding down puts the odd amount on the last cheque, so e.g.
 * 455 € over 6 lines is 75 € then five times 76 €.
 *
 * With a minimum cheque amount `m`, only the first `k = min(n, max(1, ⌊T ÷ m⌋))` lines carry
 * cheques (each ≥ m, the k-th absorbs the remainder) and the later lines are 0: a producer does not
 * want to cash six 4 € cheques. Under `whole-euros` with an `m` that is not a whole euro, rounding
 * down may fall under `m` (T = 10 €, m = 3,33 € → 3 € < 3,33 €): such a line takes `m` rounded UP to
 * the euro instead, and `k` is lowered until the other lines can still reach `m` (the greedy choice
 * is then always feasible, see the proof sketch in `linesFeasible`). When `T < m`, one line = T.
 *
 * `T = 0` gives all zeros; `lineCount = 0` gives `[]` (whatever T: the caller reports a contract
 * without payment dates). Throws on a negative or non-integer total, count or minimum.
 */
export function proposeSchedule(totalCents: number, lineCount: number, settings: ScheduleSettings): number[] {
  assertCents(totalCents, 'proposeSchedule');
  if (totalCents < 0) throw new RangeError(`proposeSchedule: negative total ${totalCents}`);
  if (!Number.isSafeInteger(lineCount) || lineCount < 0) {
    throw new RangeError(`proposeSchedule: bad line count ${String(lineCount)}`);
  }
  const unit = unitOf(settings.rule);
  const min = minimumOf(settings);
  const amounts = new Array<number>(lineCount).fill(0);
  if (lineCount === 0 || totalCents === 0) return amounts;

  // The smallest amount a line other than the last may take while staying ≥ min.
  const minLine = ceilTo(min, unit);
  let k = min === 0 ? lineCount : Math.min(lineCount, Math.max(1, Math.floor(totalCents / min)));
  while (k > 1 && !linesFeasible(totalCents, k, min, minLine)) k--;

  let remaining = totalCents;
  for (let i = 0; i < k - 1; i++) {
    const left = k - i;
    const share = floorDiv(remaining, left * unit) * unit;
    const amount = Math.max(share, minLine);
    amounts[i] = amount;
    remaining -= amount;
  }
  amounts[k - 1] = remaining;
  return amounts;
}

/**
 * Can `total` be split over `lines` cheques each ≥ `min`, all but the last on the rule's grid?
 * The cheapest such split is `lines − 1` times `minLine` plus `min` for the last, hence the test.
 *
 * Why the greedy loop of `proposeSchedule` never breaks this: with `r ≥ (L−1)·M + m` for L lines
 * left (M = minLine), a line takes either M (leaving `r − M ≥ (L−2)·M + m`) or `⌊r/L⌋ ≤ r/L`,
 * leaving at least `r·(L−1)/L ≥ (L−2)·M + m + (M − m)/L`. So every later line can reach m too.
 */
function linesFeasible(total: number, lines: number, min: number, minLine: number): boolean {
  return total >= (lines - 1) * minLine + min;
}

/**
 * The schedule with its last line computed: the member or referent typed every line but the last
 * (the last element of `amounts` is ignored) and the last is `T − Σ others`, shown live. It may be
 * negative ("trop payé"): `validateSchedule` reports it, this function does not judge.
 *
 * `[]` stays `[]`. Throws on a non-integer total or typed amount: the form layer parses amounts with
 * `parseEuros`, so a float here is a bug, not a typing mistake.
 */
export function completeSchedule(totalCents: number, amounts: readonly number[]): number[] {
  assertCents(totalCents, 'completeSchedule');
  if (amounts.length === 0) return [];
  const typed = amounts.slice(0, -1);
  return [...typed, totalCents - sumCents(typed)];
}

/**
 * Checks a schedule before it is saved, with one French message per problem, attached to the line
 * the member has to fix (index -1: the schedule as a whole).
 *
 * - a line that is not an integer number of cents: "Montant invalide." (and no sum check then);
 * - a negative line: "Montant négatif.", except the computed line (the last, or the last open one
 *   when `frozen` is given) which reads "Trop payé : vos chèques font S € pour un total de T €." (S,
 *   the other lines, are what the member wrote; both numbers, since the member fixes it by lowering
 *   the other lines);
 * - with `minChequeCents`, a non-zero open line below it, unless the total itself is below it;
 * - lines not summing to the total (index -1).
 *
 * Frozen lines are never reported: their cheques are already in the treasurer's hands. The
 * `whole-euros` rule is NOT enforced: it shapes proposals only, and a member may well write 75,50 €.
 * Accepts a whole `ScheduleSettings` as options (its `rule` is ignored).
 */
export function validateSchedule(
  totalCents: number,
  amounts: readonly number[],
  settings?: ValidateOptions & Partial<ScheduleSettings>,
): ScheduleValidation {
  assertCents(totalCents, 'validateSchedule');
  const frozen = settings?.frozen ?? [];
  const min = settings ? minimumOf({ rule: 'cents', minChequeCents: settings.minChequeCents ?? null }) : 0;
  const computedIndex = lastIndexWhere(amounts, (_, i) => !frozen[i]);
  const errors: ScheduleError[] = [];
  let allIntegers = true;

  amounts.forEach((amount, index) => {
    if (!Number.isSafeInteger(amount)) {
      allIntegers = false;
      if (!frozen[index]) errors.push({ index, message: 'Montant invalide.' });
      return;
    }
    if (frozen[index]) return;
    if (amount < 0) {
      const message =
        index === computedIndex
          ? `Trop payé : vos chèques font ${formatEuros(totalCents - amount)} pour un total de ${formatEuros(totalCents)}.`
          : 'Montant négatif.';
      errors.push({ index, message });
    } else if (amount > 0 && amount < min && totalCents >= min) {
      errors.push({ index, message: `Un chèque doit être d'au moins ${formatEuros(min)} (ou 0 €).` });
    }
  });

  if (allIntegers) {
    const sum = amounts.reduce((a, b) => a + b, 0);
    if (sum !== totalCents) {
      errors.push({
        index: -1,
        message: `La somme des chèques (${formatEuros(sum)}) ne correspond pas au total (${formatEuros(totalCents)}).`,
      });
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

/**
 * The schedule after a subscription changed once some cheques were received or handed over (lines in
 * payment-date order). Frozen lines keep their amount; the open lines are proposed again, with the
 * same rule and minimum, over `T − Σ frozen`.
 *
 * - `Σ frozen > T` (the member already paid too much): open lines are 0 and `creditCents = Σ frozen −
 *   T`, the money owed back, never silently lost.
 * - no open line and `T > Σ frozen`: `unassignedCents = T − Σ frozen`, still due but no line can
 *   carry it (the referent adds a payment date or collects it otherwise).
 *
 * Always: `Σ amounts − creditCents + unassignedCents = T`, and at most one of credit/unassigned is
 * non-zero. Throws on a negative or non-integer total or line amount.
 */
export function rebalanceSchedule(
  totalCents: number,
  lines: readonly LineAmount[],
  settings: ScheduleSettings,
): RebalanceResult {
  assertCents(totalCents, 'rebalanceSchedule');
  if (totalCents < 0) throw new RangeError(`rebalanceSchedule: negative total ${totalCents}`);
  for (const line of lines) {
    assertCents(line.amountCents, 'rebalanceSchedule');
    if (line.frozen && line.amountCents < 0) {
      throw new RangeError(`rebalanceSchedule: negative frozen line ${line.amountCents}`);
    }
  }
  const frozenCents = sumCents(lines.filter((l) => l.frozen).map((l) => l.amountCents));
  const openIndexes = lines.flatMap((l, i) => (l.frozen ? [] : [i]));
  const amounts = lines.map((l) => (l.frozen ? l.amountCents : 0));

  if (frozenCents > totalCents) {
    return { amounts, creditCents: frozenCents - totalCents, unassignedCents: 0 };
  }
  if (openIndexes.length === 0) {
    return { amounts, creditCents: 0, unassignedCents: totalCents - frozenCents };
  }
  const proposal = proposeSchedule(totalCents - frozenCents, openIndexes.length, settings);
  openIndexes.forEach((lineIndex, k) => {
    amounts[lineIndex] = proposal[k];
  });
  return { amounts, creditCents: 0, unassignedCents: 0 };
}

/**
 * `completeSchedule` for a schedule with frozen lines: the member or referent typed the open lines,
 * frozen lines keep their amounts, and the computed line is the LAST OPEN line (`T − Σ every other
 * line`), whatever its position. Check the result with
 * `validateSchedule(T, amounts, { frozen })`, which never reports frozen lines.
 *
 * When every line is frozen there is nothing to compute: the amounts come back unchanged, and
 * `validateSchedule` reports the difference with the total (index -1) if there is one; the service
 * then uses `rebalanceSchedule`, which turns it into a credit or an unassigned amount.
 * Throws on a non-integer total or amount (see `completeSchedule`).
 */
export function rebalanceEdited(totalCents: number, typed: readonly LineAmount[]): number[] {
  assertCents(totalCents, 'rebalanceEdited');
  const computedIndex = lastIndexWhere(typed, (l) => !l.frozen);
  const amounts = typed.map((l) => l.amountCents);
  if (computedIndex === -1) {
    sumCents(amounts);
    return amounts;
  }
  const others = sumCents(amounts.filter((_, i) => i !== computedIndex));
  amounts[computedIndex] = totalCents - others;
  return amounts;
}

function unitOf(rule: ProposalRule): number {
  if (rule === 'whole-euros') return EURO;
  if (rule === 'cents') return 1;
  throw new RangeError(`unknown proposal rule ${String(rule)}`);
}

function minimumOf(settings: ScheduleSettings): number {
  const min = settings.minChequeCents ?? 0;
  assertCents(min, 'minChequeCents');
  if (min < 0) throw new RangeError(`minChequeCents: negative minimum ${min}`);
  return min;
}

/** ⌊a ÷ b⌋ for a ≥ 0, b > 0, in exact integer arithmetic. */
function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Smallest multiple of `unit` that is ≥ value (value ≥ 0). */
function ceilTo(value: number, unit: number): number {
  return floorDiv(value + unit - 1, unit) * unit;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return i;
  return -1;
}
