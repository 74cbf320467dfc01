import { parse } from 'csv-parse/sync';
import { withoutControlCharacters } from '../domain/text.js';

/** What a CSV download says it is (UTF-8: the BOM alone does not tell every browser). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** One record of a CSV file and the line of the file it ends on (1 for the first line). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A cell the export prefixed with `'` so a spreadsheet would not run it as a formula. */
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * Reads a CSV file as a spreadsheet saves it: UTF-8 with or without BOM, `;` or `,` separator
 * (whichever the first non-blank line uses most outside quotes), quoted fields, cells trimmed. Blank lines
 * and lines of empty cells (`;;;;`) are skipped; each record keeps its line number in the file.
 * The formula guard of `writeCsv` is undone, so an export reads back as it was.
 * Throws a French message when the file cannot be read as CSV.
 */
export function readCsvRecords(content: Buffer | string): CsvRecord[] {
  let text = typeof content === 'string' ? content : content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) {
    throw new Error('Le fichier n’est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 ».');
  }
  const firstLine = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').replace(/"[^"]*"/g, '');
  const delimiter = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    throw new Error(`Fichier CSV illisible : ${(e as Error).message}`);
  }
  return parsed
    .filter((r) => r.record.some((c) => c !== ''))
    .map((r) => ({ line: r.info.lines, cells: r.record.map((c) => (GUARDED.test(c) ? c.slice(1) : c)) }));
}

/** The cells of every record of a CSV file (see `readCsvRecords`). */
export function readCsv(content: Buffer | string): string[][] {
  return readCsvRecords(content).map((r) => r.cells);
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

/**
 * One CSV cell: quoted when needed, formulas neutralised with a leading `'` (a cell starting with
 * = + - @, tab or CR, or already with `'` before one of those, so that `readCsv` gives it back).
 * Control characters stored before the forms refused them are dropped; line breaks and tabs stay.
 */
function cell(value: unknown): string {
  let s = withoutControlCharacters(value === null || value === undefined ? '' : String(value), { multiline: true });
  if (/^'*[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV for French spreadsheets: `;` separator, CRLF, UTF-8 with BOM so accents open right in Excel. */
export function writeCsv(header: string[], rows: unknown[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(cell).join(';'));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
