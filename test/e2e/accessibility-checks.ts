import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import type { Page, Response } from 'playwright-core';

/**
 * The two accessibility checks of every key page (see page-checks.ts for when they run):
 * - axe-core in the page, on the rules of WCAG 2.0, 2.1 and 2.2 levels A and AA;
 * - html-validate on the HTML as the server sent it, with the repository's .htmlvalidate.json;
 * - errors tied to their fields, which neither tool sees whole (see errorTieProblems).
 * Each problem starts with the tool and the rule, so that a run can be counted rule by rule.
 */

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** axe-core's WCAG A/AA violations, one problem per element. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy refuses inline scripts.
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  );
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `axe ${v.id} (${v.impact}) : ${v.help} : ${n.target.join(' ')}` +
        (n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 240)}` : ''),
    ),
  );
}

const validator = new HtmlValidate(new FileSystemConfigLoader());
// A name inside the repository, so that the loader finds .htmlvalidate.json at its root.
const VALIDATED_AS = path.resolve('page.html');

/** What the server sent for the page's current document, recorded as it arrives. */
const served = new WeakMap<Page, { response: Response; html: Promise<string> }>();
const validated = new WeakMap<Page, Response>();

/** Records each document the page loads (GET or the answer to a POST), for `htmlProblems`. */
export function recordServedHtml(page: Page): void {
  page.on('response', (response) => {
    const request = response.request();
    if (!request.isNavigationRequest() || response.frame() !== page.mainFrame()) return;
    if (response.status() >= 300 && response.status() < 400) return;
    served.set(page, { response, html: response.text() });
  });
}

/** html-validate's errors on the document as served; a document already validated is not validated twice. */
export async function htmlProblems(page: Page): Promise<string[]> {
  const last = served.get(page);
  if (!last) return ['html-validate : aucun document reçu (recordServedHtml(page) manque)'];
  if (validated.get(page) === last.response) return [];
  validated.set(page, last.response);
  const report = await validator.validateString(await last.html, VALIDATED_AS);
  return report.results.flatMap((r) =>
    r.messages
      .filter((m) => m.severity === 2)
      .map((m) => `html-validate ${m.ruleId} : ${m.message} (ligne ${m.line}, ${m.selector ?? ''})`),
  );
}

/**
 * A field in error says so and names its message (WCAG 1.3.1, 3.3.1): every `aria-invalid` field
 * has an `aria-describedby` whose elements exist, are shown and hold text, and every message under
 * a field (`.field-error`) is named by a field.
 */
export function errorTieProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(ERROR_TIE_SCRIPT);
}

const ERROR_TIE_SCRIPT = `(() => {
  const problems = [];
  const named = new Set();
  for (const field of document.querySelectorAll('[aria-invalid="true"]')) {
    const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const what = field.tagName.toLowerCase() + '[name=' + field.getAttribute('name') + ']';
    if (!ids.length) problems.push('erreurs ' + what + ' : aria-invalid sans aria-describedby');
    for (const id of ids) {
      named.add(id);
      const el = document.getElementById(id);
      if (!el) problems.push('erreurs ' + what + ' : aria-describedby vers #' + id + ', absent');
      else if (!el.checkVisibility() || !el.textContent.trim()) problems.push('erreurs ' + what + ' : #' + id + ' vide ou caché');
    }
  }
  for (const message of document.querySelectorAll('.field-error'))
    if (!message.id || !named.has(message.id))
      problems.push('erreurs : message « ' + message.textContent.trim().slice(0, 60) + ' » nommé par aucun champ');
  return problems;
})()`;
