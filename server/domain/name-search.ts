/**
 * Finding a member by a few letters of their name, as people type it at the distribution table or
 * at a referent's desk: case and accents aside, every word somewhere in the first or last name.
 * Matched in JavaScript rather than in SQL, whose lower() and like know neither accents nor
 * non-ASCII capitals; an AMAP has a few hundred members at most.
 */

/** Lower case without accents: "Hélène" is found by typing "helene", "Émilie" by "émilie". */
export function foldName(s: string): string {
  // Most names are plain ASCII: lower-casing is then the whole folding, without the decomposition.
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The folded words of a search; none for a search of spaces only. */
export function searchWords(q: string): string[] {
  return foldName(q).split(/\s+/).filter(Boolean);
}

/** Whether every word of a search (see searchWords) is in the member's first or last name. */
export function nameHasWords(m: { firstName: string; lastName: string }, words: readonly string[]): boolean {
  const name = foldName(`${m.firstName} ${m.lastName}`);
  return words.every((w) => name.includes(w));
}
