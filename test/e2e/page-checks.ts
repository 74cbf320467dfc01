import type { Page } from 'playwright-core';
import { axeProblems, errorTieProblems, htmlProblems } from './accessibility-checks.js';

/**
 * What every key page must pass, as a list of problems (empty: fine). The screens tour runs each
 * check of `pageChecks` on each page at each width it is made for (every width when `widths` is
 * absent).
 */
export interface PageCheck {
  name: string;
  widths?: readonly number[];
  run: (page: Page) => Promise<string[]>;
}

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
export const noSidewaysOverflow: PageCheck = {
  name: 'débordement',
  run: (page) => page.evaluate<string[]>(OVERFLOW_SCRIPT),
};

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

/** WCAG 2.0–2.2 A and AA (axe-core) on a phone and on a desktop: the layouts differ, the rules do not. */
export const accessibility: PageCheck = { name: 'axe', widths: [360, 1280], run: axeProblems };

/** The HTML as served does not change with the width: validated at the first one. */
export const validHtml: PageCheck = { name: 'html-validate', widths: [360], run: htmlProblems };

/** Fields in error name their message, and each message its field. */
export const errorsTied: PageCheck = { name: 'erreurs', widths: [360], run: errorTieProblems };

export const pageChecks: PageCheck[] = [noSidewaysOverflow, accessibility, validHtml, errorsTied];

/** Runs every check made for `width`; each problem is prefixed with where it was seen. */
export async function checkPage(page: Page, where: string, width: number): Promise<string[]> {
  const problems: string[] = [];
  for (const check of pageChecks) {
    if (check.widths && !check.widths.includes(width)) continue;
    for (const p of await check.run(page)) problems.push(`${where} : ${p}`);
  }
  return problems;
}
