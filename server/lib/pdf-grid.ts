/**
 * A big grid of short texts (the synthesis' members × deliveries) drawn straight into the PDF.
 * pdfmake lays out every table cell as a paragraph (styles, measuring, line breaking, one text
 * object each): tens of thousands of cells cost seconds. Here the grid's geometry is fixed
 * (column widths, one line per row, no wrapping), so pdfmake only places a canvas of the grid's
 * size (it splits pages, repeats headers and footers, counts pages as for any content) and the
 * fills, lines and texts are written afterwards at the canvas' place, row by row, each distinct
 * text encoded once per document. It looks as `tableLayout` tables do.
 */
import type { Content } from 'pdfmake/interfaces.js';

export interface GridCell {
  text: string;
  /** Several lines (a header), drawn one under the other. */
  lines?: string[];
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  fontSize?: number;
  /** Columns the cell covers (default 1). */
  colSpan?: number;
  /** Rows the cell covers (header cells only, default 1): the cells under it are null. */
  rowSpan?: number;
  /** A text wider than its cell is drawn smaller (down to 60 %) rather than over its neighbour. */
  shrink?: boolean;
}

export interface GridSpec {
  /** Each column's whole width in points, its padding included. */
  widths: number[];
  /** Header rows, body rows, then footer rows, one entry per column; null: covered by a span. */
  rows: (GridCell | string | null)[][];
  headerRows: number;
  footerRows: number;
  fontSize: number;
  /** Column boundaries (1 = between the first and the second column) crossed by a thin line. */
  vLines?: number[];
  paddingX?: number;
  paddingY?: number;
}

// Roboto (regular and bold alike), in thousandths of the font size, and the documents' lineHeight.
export const ASCENDER = 0.927734375;
export const LINE = (0.927734375 + 0.244140625) * 1.15;
const LINE_COLOR = '#9a9a9a';
const STRONG_LINE = '#444444';
const HEADER_FILL = '#e8e8e8';
const STRIPE_FILL = '#f6f6f6';

export interface Geometry {
  /** Top of each row (points from the grid's top), and its height. */
  tops: number[];
  heights: number[];
  height: number;
  width: number;
  lefts: number[];
}

const cellOf = (c: GridCell | string): GridCell => (typeof c === 'string' ? { text: c } : c);

export function lineWidth(spec: GridSpec, i: number): number {
  return i === spec.headerRows || i === spec.rows.length - spec.footerRows ? 1 : 0.5;
}

/** Row heights from their tallest cell, each row below its top line (the line takes its width, as in pdfmake). */
export function geometry(spec: GridSpec): Geometry {
  const pad = spec.paddingY ?? 1.5;
  const tops: number[] = [];
  const heights: number[] = [];
  let y = 0;
  spec.rows.forEach((row, i) => {
    y += lineWidth(spec, i);
    let h = spec.fontSize * LINE;
    for (const raw of row) {
      if (raw === null || typeof raw === 'string') continue;
      if (raw.lines && (raw.rowSpan ?? 1) === 1)
        h = Math.max(h, raw.lines.length * (raw.fontSize ?? spec.fontSize) * LINE);
    }
    tops.push(y);
    heights.push(h + 2 * pad);
    y += h + 2 * pad;
  });
  y += lineWidth(spec, spec.rows.length);
  const lefts: number[] = [];
  let x = 0;
  for (const w of spec.widths) {
    lefts.push(x);
    x += w;
  }
  return { tops, heights, height: y, width: x, lefts };
}

export interface Shapes {
  fills: { y: number; h: number; color: string }[];
  lines: { x1: number; y1: number; x2: number; y2: number; width: number; color: string }[];
}

/** The grid's fills and lines, in points from its top left corner; its bottom line last. */
export function shapes(spec: GridSpec, g: Geometry): Shapes {
  const R = spec.rows.length;
  const out: Shapes = { fills: [], lines: [] };
  spec.rows.forEach((_, r) => {
    const body = r >= spec.headerRows && r < R - spec.footerRows;
    const color = !body ? HEADER_FILL : (r - spec.headerRows) % 2 === 1 ? STRIPE_FILL : null;
    // Over the line above too: a line left out (under a cell spanning rows) leaves no white gap.
    const above = lineWidth(spec, r);
    if (color) out.fills.push({ y: g.tops[r] - above, h: g.heights[r] + above, color });
  });
  for (const b of spec.vLines ?? [])
    out.lines.push({ x1: g.lefts[b], y1: 0, x2: g.lefts[b], y2: g.height, width: 0.5, color: LINE_COLOR });
  for (let i = 0; i <= R; i++) {
    const width = lineWidth(spec, i);
    const y = i === 0 ? width / 2 : g.tops[i - 1] + g.heights[i - 1] + width / 2;
    // A line does not cross a cell spanning the rows it separates (the "Membre" header).
    const first = i > 0 && i < R ? spec.rows[i - 1][0] : null;
    const x1 = first && typeof first !== 'string' && (first.rowSpan ?? 1) > 1 ? spec.widths[0] : 0;
    out.lines.push({ x1, y1: y, x2: g.width, y2: y, width, color: width === 1 ? STRONG_LINE : LINE_COLOR });
  }
  return out;
}

/**
 * The grid's place in the document: a pdfmake canvas of its size, named `id`, holding its bottom
 * line only (pdfmake measures a canvas by what it draws); the painter draws the rest.
 */
export function gridCanvas(id: string, spec: GridSpec): Content {
  const bottom = shapes(spec, geometry(spec)).lines.at(-1)!;
  const line = { type: 'line', ...bottom, lineWidth: bottom.width, lineColor: bottom.color };
  return { canvas: [line], id } as unknown as Content;
}

/** "#e8e8e8" as PDF colour operands. */
function rgb(hex: string): string {
  return [1, 3, 5].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
}

/** The part of pdfkit's embedded font the painter uses (pdfmake hands out pdfkit fonts). */
interface PdfKitFont {
  id: string;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
}

/** The part of pdfmake's PDF document (a pdfkit document) the painter uses. */
export interface PdfKitDocument {
  page: { height: number; fonts: Record<string, unknown> };
  switchToPage(n: number): void;
  bufferedPageRange(): { start: number; count: number };
  addContent(data: string): unknown;
  provideFont(family: string, bold: boolean, italics: boolean): PdfKitFont;
}

/** A text encoded for a font: its TJ operand (kerning included) and its advance, in thousandths. */
interface Encoded {
  tj: string;
  advance: number;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/** The grid's texts, written where pdfmake placed its canvas (`left`, `top`, on page `page`, from 1). */
export class GridPainter {
  private readonly fonts: [PdfKitFont, PdfKitFont];
  private readonly encoded: [Map<string, Encoded>, Map<string, Encoded>] = [new Map(), new Map()];

  constructor(private readonly doc: PdfKitDocument) {
    this.fonts = [doc.provideFont('Roboto', false, false), doc.provideFont('Roboto', true, false)];
  }

  private encode(text: string, bold: boolean): Encoded {
    const cache = this.encoded[bold ? 1 : 0];
    let e = cache.get(text);
    if (e) return e;
    const [glyphs, positions] = this.fonts[bold ? 1 : 0].encode(text);
    // As pdfkit writes a text: runs of glyphs, each followed by its kerning adjustment.
    const parts: string[] = [];
    let run = '';
    let advance = 0;
    for (let i = 0; i < glyphs.length; i++) {
      run += glyphs[i];
      advance += positions[i].xAdvance;
      const kern = positions[i].xAdvance - positions[i].advanceWidth;
      if (kern !== 0 || i === glyphs.length - 1) {
        parts.push(`<${run}> ${num(-kern)}`);
        run = '';
      }
    }
    cache.set(text, (e = { tj: `[${parts.join(' ')}] TJ`, advance }));
    return e;
  }

  paint(spec: GridSpec, page: number, left: number, top: number): void {
    const doc = this.doc;
    doc.switchToPage(doc.bufferedPageRange().start + page - 1);
    const pageHeight = doc.page.height;
    for (const f of this.fonts) doc.page.fonts[f.id] ??= f.ref();
    const g = geometry(spec);
    const padX = spec.paddingX ?? 2;
    const padY = spec.paddingY ?? 1.5;
    // In the page's own (unflipped) coordinates, whatever pdfmake left set; the bottom line is pdfmake's.
    const out: string[] = ['q', `1 0 0 -1 0 ${num(pageHeight)} cm`];
    const { fills, lines } = shapes(spec, g);
    for (const f of fills)
      out.push(`${rgb(f.color)} rg ${num(left)} ${num(pageHeight - top - f.y - f.h)} ${num(g.width)} ${num(f.h)} re f`);
    for (const l of lines.slice(0, -1))
      out.push(
        `${num(l.width)} w ${rgb(l.color)} RG ${num(left + l.x1)} ${num(pageHeight - top - l.y1)} m ${num(left + l.x2)} ${num(pageHeight - top - l.y2)} l S`,
      );
    out.push('0 0 0 rg BT');
    let current = '';
    spec.rows.forEach((row, r) => {
      row.forEach((raw, col) => {
        if (raw === null) return;
        const cell = cellOf(raw);
        const span = cell.colSpan ?? 1;
        let width = 0;
        for (let k = col; k < col + span; k++) width += spec.widths[k];
        const x0 = left + g.lefts[col] + padX;
        const room = width - 2 * padX;
        const lines = cell.lines ?? [cell.text];
        const bold = cell.bold ?? false;
        const size = cell.fontSize ?? spec.fontSize;
        // A cell spanning rows (a header) keeps its text at the top, as pdfmake does.
        lines.forEach((text, li) => {
          if (!text) return;
          const e = this.encode(text.replace(/\u202f/g, '\u00a0'), bold);
          let s = size;
          if (cell.shrink && (e.advance * s) / 1000 > room) s = Math.max(size * 0.6, (room * 1000) / e.advance);
          const w = (e.advance * s) / 1000;
          const align = cell.align ?? 'center';
          const x = align === 'left' ? x0 : align === 'right' ? x0 + room - w : x0 + (room - w) / 2;
          const baseline = top + g.tops[r] + padY + li * size * LINE + ASCENDER * s;
          const font = `/${this.fonts[bold ? 1 : 0].id} ${num(s)} Tf`;
          if (font !== current) out.push((current = font));
          out.push(`1 0 0 1 ${num(x)} ${num(pageHeight - baseline)} Tm ${e.tj}`);
        });
      });
    });
    out.push('ET Q');
    doc.addContent(out.join('\n'));
  }
}

/** The pages and places pdfmake gave the grids' canvases (by id), read through its pageBreakBefore hook. */
export type GridPlaces = Map<string, { pageNumber: number; left: number; top: number }>;
