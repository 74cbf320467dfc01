import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { viewsDir } from '../../lib/paths.js';

type Template = (data: Record<string, unknown>) => string;
const cache = new Map<string, Template>();

function template(file: string): Template {
  let t = cache.get(file);
  if (!t) {
    t = ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, async: false }) as Template;
    cache.set(file, t);
  }
  return t;
}

export interface MailCommon {
  amapName: string;
  baseUrl: string;
}

/**
 * Renders views/mail/<name>.text.ejs and <name>.html.ejs (the HTML wrapped in the mail layout).
 * Synchronous on purpose: services render inside their transaction and queue the result.
 */
export function renderMail(name: string, data: MailCommon & Record<string, unknown>): { text: string; html: string } {
  const dir = path.join(viewsDir, 'mail');
  const text = template(path.join(dir, `${name}.text.ejs`))(data);
  const body = template(path.join(dir, `${name}.html.ejs`))(data);
  const html = template(path.join(dir, 'layout.html.ejs'))({ ...data, body });
  return { text: text.trim() + '\n', html };
}
