/**
 * Painted grids over pages (server/lib/pdf-grid.ts): a long grid cut into one canvas per page,
 * and the measuring its wrapped header texts need before pdfmake lays the page out.
 */
import { createRequire } from 'node:module';
import type { Content } from 'pdfmake/interfaces.js';
import { geometry, gridCanvas, type GridSpec } from './pdf-grid.js';

/**
 * A grid too long for one page as one canvas per page, each opening a new page, the header rows
 * repeated on each and the footer rows under the last: `firstRoom` is the height left on the
 * first page (under a title), `room` a whole page's. The last page never carries fewer than three
 * body rows (rows are taken from the page before), unless the grid has fewer.
 */
export function pagedGrid(
  idPrefix: string,
  spec: GridSpec,
  grids: Map<string, GridSpec>,
  { firstRoom, room }: { firstRoom: number; room: number },
): Content[] {
  const header = spec.rows.slice(0, spec.headerRows);
  const footer = spec.rows.slice(spec.rows.length - spec.footerRows);
  const body = spec.rows.slice(spec.headerRows, spec.rows.length - spec.footerRows);
  const part = (rows: GridSpec['rows'], withFooter: boolean): GridSpec => ({
    ...spec,
    rows: [...header, ...rows, ...(withFooter ? footer : [])],
    footerRows: withFooter ? spec.footerRows : 0,
  });
  // How many body rows fit in `height`, the footer too when they are the last ones.
  const fits = (from: number, height: number): number => {
    let n = 0;
    while (from + n < body.length && geometry(part(body.slice(from, from + n + 1), false)).height <= height) n++;
    if (from + n === body.length) while (n > 0 && geometry(part(body.slice(from, from + n), true)).height > height) n--;
    return Math.max(1, n);
  };
  const pages: [number, number][] = [];
  for (let from = 0; from < body.length || pages.length === 0;) {
    const n = fits(from, pages.length === 0 ? firstRoom : room);
    pages.push([from, Math.min(body.length, from + n)]);
    from += n;
  }
  const last = pages.at(-1)!;
  if (pages.length > 1 && last[1] - last[0] < 3) {
    const moved = Math.min(3 - (last[1] - last[0]), pages.at(-2)![1] - pages.at(-2)![0] - 1);
    pages.at(-2)![1] -= moved;
    last[0] -= moved;
  }
  return pages.map(([from, to], i) => {
    const id = `${idPrefix}-${i}`;
    grids.set(id, part(body.slice(from, to), i === pages.length - 1));
    const canvas = gridCanvas(id, grids.get(id)!);
    // A stack opens the page: pdfmake tells the place of a node that does not break a page itself.
    return i === 0 ? canvas : ({ stack: [canvas], pageBreak: 'before' } as Content);
  });
}

/** The width (points) of a text in Roboto at `size`, bold or not. */
export type Measure = (text: string, size: number, bold: boolean) => number;

let measuring: Promise<Measure> | null = null;

/**
 * A measurer for the grids' texts that wrap (headers): the size of a grid is fixed before pdfmake
 * lays the page out. pdfkit (pdfmake's) on the fonts pdfmake prints with, opened once, when the
 * first such document is built.
 */
export function textMeasure(): Promise<Measure> {
  return (measuring ??= Promise.resolve().then(() => {
    const fromPdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake/package.json'));
    const PDFDocument = fromPdfmake('pdfkit') as new (o: object) => {
      font(src: string): { fontSize(n: number): { widthOfString(s: string): number } };
    };
    const roboto = (fromPdfmake('./fonts/Roboto.js') as { Roboto: Record<'normal' | 'bold', string> }).Roboto;
    const doc = new PDFDocument({ autoFirstPage: false });
    return (text, size, bold) =>
      doc
        .font(bold ? roboto.bold : roboto.normal)
        .fontSize(size)
        .widthOfString(text);
  }));
}

/** A text broken at spaces into lines of at most `width` points (a word longer than that on its own line). */
export function wrapLines(text: string, width: number, size: number, bold: boolean, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
