/**
 * Money as the AMAP handles it: an integer number of cents everywhere, a string only on display.
 *
 * Why integers: a treasurer follows tens of thousands of euros of cheques a year and every balance
 * must come back to exactly zero; floats (0.1 + 0.2) would leave stray cents. Every function here
 * refuses or never produces a non-integer amount, so a float bug fails loudly where it starts.
 */

/**
 * Display form of an amount: `12,50 €`, `1 234,00 €`, `-3,00 €`.
 *
 * The same characters as Intl's fr-FR currency format (a test compares them on many amounts):
 * the thousands separator is U+202F (narrow no-break space) and the space before `€` is U+00A0,
 * so an amount never wraps across two lines. PDF builders swap U+202F for U+00A0 themselves
 * (pdfmake's fonts lack the narrow one). Written out rather than Intl: a long list formats
 * thousands of amounts per page and Intl was a visible part of rendering it. Throws on a
 * non-integer: displaying a float would hide the bug that produced it.
 */
export function formatEuros(cents: number): string {
  assertCents(cents, 'formatEuros');
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const rest = abs % 100;
  let euros = String((abs - rest) / 100);
  for (let i = euros.length - 3; i > 0; i -= 3) euros = `${euros.slice(0, i)}\u202f${euros.slice(i)}`;
  return `${negative ? '-' : ''}${euros},${rest < 10 ? '0' : ''}${rest}\u00a0€`;
}

/** Spaces people (and spreadsheets) put between thousands or before the euro sign. */
const SPACES = '[ \\u00a0\\u202f]';
const AMOUNT = new RegExp(`^(\\d+|\\d{1,3}(?:${SPACES}\\d{3})+)?(?:[.,](\\d*))?${SPACES}*(?:€|eur|euros?)?$`, 'i');

/**
 * Cents from what a French person types in an amount field: `12`, `12,5`, `12,50`, `12.50`,
 * `12,50 €`, ` 1 234,56 `, `1234.5`, `0,50`, `,50`.
 *
 * Returns null for anything else: empty, negative, more than two decimals, letters, or spaces that
 * are not thousands groups (`12 50` could mean 12,50 € or 1 250 €: better to ask again than guess).
 * Digits are read as strings and combined as integers, so no float ever enters the result.
 */
export function parseEuros(input: string): number | null {
  const match = AMOUNT.exec(input.trim());
  if (!match) return null;
  const [, intPart = '', decimals = ''] = match;
  if (intPart === '' && decimals === '') return null;
  if (decimals.length > 2) return null;
  const euros = Number(intPart.replace(/\D/g, '') || '0');
  const cents = euros * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Sum of amounts in cents. Throws on any non-integer (NaN, Infinity, 12.5): a float reaching a sum
 * of money is a bug upstream, and a loud failure here is cheaper than a wrong balance later.
 */
export function sumCents(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    assertCents(value, 'sumCents');
    total += value;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError(`sumCents: total too large (${total})`);
  return total;
}

/** Throws a TypeError unless `value` is a safe integer (an amount in cents). */
export function assertCents(value: number, where: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${where}: amount must be an integer number of cents, got ${String(value)}`);
  }
}
