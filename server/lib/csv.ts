import { parse } from 'csv-parse/sync';

/**
 * Reads a CSV file as a spreadsheet saves it: UTF-8 with or without BOM, `;` or `,` separator
 * (whichever the header line uses most), quoted fields, blank lines skipped.
 * Throws a French message when the file cannot be read as CSV.
 */
export function readCsv(content: Buffer | string): string[][] {
  let text = typeof content === 'string' ? content : content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) {
    throw new Error('Le fichier n’est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 ».');
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
  try {
    return parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    throw new Error(`Fichier CSV illisible : ${(e as Error).message}`);
  }
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** One CSV cell: quoted when needed, formulas neutralised (a cell starting with = + - @). */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV for French spreadsheets: `;` separator, CRLF, UTF-8 with BOM so accents open right in Excel. */
export function writeCsv(header: string[], rows: unknown[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(cell).join(';'));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
