import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { AmapConfig } from '../../config.js';
import { viewsDir } from '../../lib/paths.js';
import {
  displayName,
  formatDateNumeric,
  formatDayLong,
  formatDayNoYear,
  formatDayShort,
  formatEuros,
  formatHours,
  formatTime,
  parenthesized,
} from '../../lib/format.js';

type Template = (data: Record<string, unknown>) => string;
const cache = new Map<string, Template>();

/** Plain text is not markup: "l'école" and "<b>" must reach the reader as typed. */
const asTyped = (v: unknown): string => (v == null ? '' : String(v));

function template(file: string): Template {
  let t = cache.get(file);
  if (!t) {
    const escape = file.endsWith('.text.ejs') ? asTyped : undefined;
    t = ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, async: false, escape }) as Template;
    cache.set(file, t);
  }
  return t;
}

/**
 * Why the reader gets this mail, said in the footer: `essential` (their own account, contracts,
 * cheques, duty: sent whatever their preferences), `announcement` (they may opt out at /compte),
 * `outside` (someone who is not a member, a producer say: no preferences to point to).
 */
export type MailFooter = 'essential' | 'announcement' | 'outside';

/** What every template may use without the caller passing it. */
function common(config: AmapConfig, footer: MailFooter) {
  return {
    amapName: config.amap.name,
    baseUrl: config.server.baseUrl,
    preferencesUrl: `${config.server.baseUrl}/compte`,
    footer,
    formatEuros,
    formatDayLong,
    formatDayShort,
    formatDateNumeric,
    formatDayNoYear,
    // "18 h 30", never "18:30"; "(panier, 2 personnes)", never brackets inside brackets.
    formatTime,
    formatHours,
    parenthesized,
    displayName,
  };
}

/**
 * Renders views/mail/<name>.text.ejs and <name>.html.ejs, each in its layout (AMAP name, footer).
 * The text part is never HTML-escaped; the HTML part is. Synchronous on purpose: services render
 * inside their transaction and queue the result.
 */
export function renderMail(
  config: AmapConfig,
  name: string,
  data: Record<string, unknown>,
  footer: MailFooter,
): { text: string; html: string } {
  const dir = path.join(viewsDir, 'mail');
  const all = { ...common(config, footer), ...data };
  const textBody = template(path.join(dir, `${name}.text.ejs`))(all).trim();
  const htmlBody = template(path.join(dir, `${name}.html.ejs`))(all);
  return {
    text: template(path.join(dir, 'layout.text.ejs'))({ ...all, body: textBody }).trim() + '\n',
    html: template(path.join(dir, 'layout.html.ejs'))({ ...all, body: htmlBody }),
  };
}
