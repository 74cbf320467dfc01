/**
 * A plain text cut into its links and the text between them, so that a page can show the links
 * as links (an invitation link in the mail log opens from a phone) while everything else stays
 * escaped text. Only http(s) addresses become links.
 */
export type TextSegment = { text: string; href?: undefined } | { href: string; text?: undefined };

// Up to a space or a character that cannot end an address in running text.
const URL = /https?:\/\/[^\s<>"«»]+/g;
const TRAILING = /[.,;:!?'’)\]]+$/;

export function linkSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL)) {
    let href = m[0];
    const trail = TRAILING.exec(href);
    // A closing parenthesis belongs to the address when it opened one ("…/Paris_(ville)").
    if (trail && !(trail[0] === ')' && href.includes('('))) href = href.slice(0, -trail[0].length);
    const start = m.index;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ href });
    last = start + href.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
