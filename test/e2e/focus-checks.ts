import type { Page } from 'playwright-core';

/** What the keyboard has reached: a short description, and what is wrong with how it is shown. */
export interface FocusStop {
  /** 'button « Un de plus : Baguette »', 'input#f-note[note=] « Note (facultative) »'…: the same key as controlsOf's. */
  key: string;
  /** A link's href, or null. */
  href: string | null;
  problems: string[];
  /** The ring's contrast against what surrounds it (0 when there is no ring). */
  ratio: number;
}

/**
 * The focused element must be seen (WCAG 2.4.7, 2.4.11, 1.4.11):
 * - a ring: an outline at least 2 px wide, at least 3:1 against the background around the element;
 * - in the viewport, ring included, and not covered: at its centre and at the middle of each edge, the element
 *   found there (document.elementFromPoint) is the focused one or inside it — a sticky bar over
 *   the focused field fails this.
 */
export function focusStop(page: Page): Promise<FocusStop> {
  return page.evaluate<FocusStop>(FOCUS_SCRIPT);
}

/** Keys of every control of `selector` that the keyboard should reach, in document order. */
export function controlsOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`(${CONTROLS_SCRIPT})(${JSON.stringify(selector)})`);
}

// Shared by both scripts: an element's key is its tag, its id or name (and value), its visible name.
const KEY = `(el) => {
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') ||
    (el.matches('input, select, textarea') ? '' : el.textContent) || '';
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('name') ? '[' + el.getAttribute('name') + '=' + (el.getAttribute('value') || '') + ']' : '') +
    ' « ' + name.replace(/\\s+/g, ' ').trim().slice(0, 50) + ' »';
}`;

// Plain JavaScript run in the page (strings: the test runner's transpiler would add helpers to functions).
const CONTROLS_SCRIPT = `(selector) => {
  const key = ${KEY};
  const root = document.querySelector(selector);
  if (!root) return ['rien ne correspond à ' + selector];
  return [...root.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .filter((el) => !el.disabled && el.checkVisibility() && el.tabIndex >= 0)
    .map(key);
}`;

const FOCUS_SCRIPT = `(() => {
  const key = ${KEY};
  const el = document.activeElement;
  if (!el || el === document.body) return { key: 'rien', href: null, problems: ['rien n’a le focus'], ratio: 0 };
  const problems = [];
  const rgb = (text) => {
    const m = /rgba?\\(([\\d.]+)[, ]+([\\d.]+)[, ]+([\\d.]+)(?:[,/ ]+([\\d.]+))?/.exec(text);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The ring lies outside the element: what is behind it is the first ancestor with a background.
  let behind = [255, 255, 255];
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = rgb(getComputedStyle(a).backgroundColor);
    if (c && c[3] > 0) { behind = c[3] === 1 ? c : c.slice(0, 3).map((v, i) => v * c[3] + behind[i] * (1 - c[3])); break; }
  }
  const style = getComputedStyle(el);
  const ring = rgb(style.outlineColor);
  const width = parseFloat(style.outlineWidth) || 0;
  let ratio = 0;
  if (style.outlineStyle === 'none' || width < 2 || !ring || ring[3] < 1) problems.push('pas d’anneau de focus (' + style.outlineStyle + ' ' + style.outlineWidth + ')');
  else {
    ratio = contrast(ring, behind);
    if (ratio < 3) problems.push('anneau de focus à ' + ratio.toFixed(2) + ':1 sur son fond');
  }
  const r = el.getBoundingClientRect();
  // The ring too must be in the viewport: the box grown by the outline's offset and width.
  const m = style.outlineStyle === 'none' ? 0 : width + (parseFloat(style.outlineOffset) || 0);
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + r.width / 2, r.top + 1],
    [r.left + r.width / 2, r.bottom - 1], [r.left + 1, r.top + r.height / 2], [r.right - 1, r.top + r.height / 2]];
  if (r.top - m < 0 || r.bottom + m > innerHeight || r.left - m < 0 || r.right + m > innerWidth)
    problems.push('hors de l’écran, anneau compris (' + Math.round(r.top - m) + ' → ' + Math.round(r.bottom + m) + ' pour ' + innerHeight + ' px)');
  else for (const [x, y] of points) {
    const hit = document.elementFromPoint(x, y);
    if (hit && hit !== el && !el.contains(hit)) {
      problems.push('caché par ' + key(hit) + ' en (' + Math.round(x) + ', ' + Math.round(y) + ')');
      break;
    }
  }
  return { key: key(el), href: el.getAttribute('href'), problems, ratio };
})()`;
