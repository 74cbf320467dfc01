/** Entities as EJS escapes them, decoded. */
export function decode(v: string): string {
  return v
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The text a person reads: tags out, entities decoded, every kind of space one plain space. */
export function text(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.)])/g, '$1');
}

/** Amounts as Intl writes them use no-break spaces; tests compare with plain ones. */
export function plain(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, ' ');
}
