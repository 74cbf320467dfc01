/**
 * AmapJ's cheques carry free comments (two in V025, four in V045) where treasurers wrote the bank,
 * the cheque number, or anything else. What looks like a number becomes the number, a bank's name
 * the bank, and the rest the cheque's note: nothing written is dropped.
 */
export interface ChequeDetails {
  bank: string | null;
  number: string | null;
  note: string | null;
}

const NUMBER = /^(?:n[°o]\s*)?(\d[\d\s]{3,})$/i;
/** Words that name a bank in France; a comment holding one (and no digit) is the bank. */
const BANK =
  /(^|[^\p{L}])(banque|bq|cr[ée]dit|caisse|postale|bnp|lcl|cic|sg|soci[ée]t[ée] g[ée]n[ée]rale|ca|cm|cmb|lbp|hsbc|boursorama|fortuneo|nef|axa|ing|bred|qonto|n26|shine|monabanq|hello ?bank)([^\p{L}]|$)/iu;

export function chequeDetails(comments: readonly string[]): ChequeDetails {
  let bank: string | null = null;
  let number: string | null = null;
  const rest: string[] = [];
  for (const raw of comments) {
    const c = raw.trim();
    if (c === '') continue;
    const n = NUMBER.exec(c);
    if (n && number === null) number = n[1].replace(/\s+/g, '');
    else if (bank === null && c.length <= 40 && !/\d/.test(c) && BANK.test(c)) bank = c;
    else rest.push(c);
  }
  return { bank, number, note: rest.length ? rest.join(' ; ') : null };
}
