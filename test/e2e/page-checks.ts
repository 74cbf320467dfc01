import type { Page } from 'playwright-core';

/**
 * What every key page must pass at every width, as a list of problems (empty: fine). The screens
 * tour runs each check of `pageChecks` on each page; an accessibility check (axe-core) can be
 * pushed onto the same list.
 */
export type PageCheck = (page: Page) => Promise<string[]>;

/**
 * Nothing hides sideways: the document is no wider than the viewport, and no element's content is
 * wider than its box while that box shows it (overflow visible) or scrolls it (auto, scroll) — a
 * table wider than its `overflow-x: auto` wrapper is a column hidden behind a sideways scroll.
 *
 * Left out, on purpose:
 * - boxes that clip (overflow hidden or clip), and what is inside a visually-hidden one (1 px,
 *   clipped: the headers of a table shown as cards): clipping there is a decision;
 * - text fields and lists (input, select, textarea): they scroll their own text by design;
 * - 1 px of rounding.
 */
export const noSidewaysOverflow: PageCheck = (page) => page.evaluate<string[]>(OVERFLOW_SCRIPT);

// Plain JavaScript run in the page (a string: the test runner's transpiler would add helpers to a function).
const OVERFLOW_SCRIPT = `(() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push('la page fait ' + root.scrollWidth + ' px de large pour ' + root.clientWidth + ' px d’écran');
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const cls = [...e.classList].slice(0, 2).map((c) => '.' + c).join('');
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls);
    }
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    return parts.join(' > ') + ' « ' + text + ' »';
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)
      continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    // Not drawn (display none, or the inside of a closed <details>): nothing sticks out.
    if (!el.checkVisibility()) continue;
    // Inside a visually-hidden box (1 px, clipped: table headers of stacked tables): read, not seen.
    let hidden = false;
    for (let a = el.parentElement; a && !hidden; a = a.parentElement)
      hidden = a.clientWidth <= 1 && ['hidden', 'clip'].includes(getComputedStyle(a).overflowX);
    if (hidden) continue;
    const overflow = getComputedStyle(el).overflowX;
    if (overflow === 'hidden' || overflow === 'clip') continue;
    problems.push(describe(el) + ' : contenu de ' + el.scrollWidth + ' px dans ' + el.clientWidth + ' px (' + overflow + ')');
  }
  return problems;
})()`;

export const pageChecks: PageCheck[] = [noSidewaysOverflow];

/** Runs every check; each problem is prefixed with where it was seen. */
export async function checkPage(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  for (const check of pageChecks) for (const p of await check(page)) problems.push(`${where} : ${p}`);
  return problems;
}
