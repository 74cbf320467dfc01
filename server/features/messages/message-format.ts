/**
 * The simple formatting of a message (paragraphs, **bold**, lists, links) as the recipient reads
 * it, in HTML and in plain text. Nothing the sender types becomes markup except these: every
 * character is escaped first, and a link is only http(s) or mailto. Pure.
 */

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** [text](url), a bare URL (without the punctuation that ends a sentence), or **bold**. */
const INLINE =
  /\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)|(https?:\/\/[^\s<>()"]*[^\s<>()".,;:!?'])|\*\*([^*\n]+?)\*\*/g;

const LINK_STYLE = 'color:#2f6b3a;';

function inlineHtml(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    out += escapeHtml(line.slice(last, m.index));
    if (m[1] !== undefined) out += `<a href="${escapeHtml(m[2])}" style="${LINK_STYLE}">${escapeHtml(m[1])}</a>`;
    else if (m[3] !== undefined) out += `<a href="${escapeHtml(m[3])}" style="${LINK_STYLE}">${escapeHtml(m[3])}</a>`;
    else out += `<strong>${escapeHtml(m[4])}</strong>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

function inlineText(line: string): string {
  return line.replace(INLINE, (_all, label, url, bare, bold) =>
    label !== undefined ? `${label} (${url})` : bare !== undefined ? bare : bold,
  );
}

type Block = { kind: 'p' | 'ul' | 'ol'; lines: string[] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;

/** Paragraphs (lines kept together, blank lines between) and lists (lines starting with "- " or "1. "). */
export function blocksOf(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const kind: Block['kind'] = bullet ? 'ul' : numbered ? 'ol' : 'p';
    const content = bullet ? bullet[1] : numbered ? numbered[1] : line.trim();
    if (!current || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(content);
  }
  return blocks;
}

export interface FormattedMessage {
  html: string;
  text: string;
}

export function formatMessage(source: string): FormattedMessage {
  const blocks = blocksOf(source);
  const html = blocks
    .map((b) =>
      b.kind === 'p'
        ? `<p>${b.lines.map(inlineHtml).join('<br>\n')}</p>`
        : `<${b.kind}>${b.lines.map((l) => `<li>${inlineHtml(l)}</li>`).join('')}</${b.kind}>`,
    )
    .join('\n');
  const text = blocks
    .map((b) =>
      b.kind === 'p'
        ? b.lines.map(inlineText).join('\n')
        : b.lines.map((l, i) => `${b.kind === 'ul' ? '-' : `${i + 1}.`} ${inlineText(l)}`).join('\n'),
    )
    .join('\n\n');
  return { html, text };
}
