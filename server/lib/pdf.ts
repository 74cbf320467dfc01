/**
 * PDF base shared by every document (DESIGN.md §6): pdfmake 0.3 with the Roboto fonts it ships,
 * an A4 page with the AMAP's name and the document's title on top and "Imprimé le … · page n / N"
 * at the bottom, tables that repeat their header row, and U+202F swapped for U+00A0 everywhere
 * (Intl's thousands separator is not in the font: it would print as a blank box).
 */
import { formatDateNumeric } from './format.js';
import { GridPainter, type GridPlaces, type GridSpec, type PdfKitDocument } from './pdf-grid.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import type {
  Content,
  ContentTable,
  CustomTableLayout,
  DynamicContent,
  PageOrientation,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces.js';

export type { Content, TableCell, TDocumentDefinitions };

export const PDF_CONTENT_TYPE = 'application/pdf';

type PdfMake = typeof import('pdfmake');
let loaded: Promise<PdfMake> | null = null;

/**
 * pdfmake and its fonts, loaded by the first PDF rather than at start (they weigh megabytes and
 * most requests never print), with Roboto registered once: no document may fetch a URL or read
 * any other local file.
 */
function pdfmake(): Promise<PdfMake> {
  return (loaded ??= import('pdfmake').then((m) => {
    // A CommonJS module: its exports are the default export.
    const pdf = ((m as { default?: PdfMake }).default ?? m) as PdfMake;
    const require = createRequire(import.meta.url);
    // pdfmake/fonts/Roboto.js maps Roboto to the .ttf files next to it (absolute paths).
    const roboto = require('pdfmake/fonts/Roboto.js') as {
      Roboto: Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>;
    };
    const fontDir = path.dirname(roboto.Roboto.normal) + path.sep;
    pdf.setFonts(roboto);
    pdf.setUrlAccessPolicy(() => false);
    pdf.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir));
    return pdf;
  }));
}

/** U+202F (narrow no-break space, fr-FR thousands) → U+00A0, which Roboto has. */
export function pdfText(s: string): string {
  return s.replace(/\u202f/g, '\u00a0');
}

/**
 * The same definition with every string passed through `pdfText`, header and footer functions
 * included (their results are cleaned when pdfmake calls them).
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return pdfText(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v)) as T;
  if (typeof value === 'function') {
    const fn = value as unknown as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => cleanStrings(fn(...args))) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  }
  return value;
}

/**
 * The PDF bytes of a document definition; `grids` are big grids whose canvases (`gridCanvas`, by
 * id) the definition holds: their texts are written once pdfmake has placed them.
 */
export async function renderPdf(docDefinition: TDocumentDefinitions, grids?: Map<string, GridSpec>): Promise<Buffer> {
  const pdf = await pdfmake();
  const definition = cleanStrings(docDefinition);
  if (!grids?.size) return pdf.createPdf(definition).getBuffer();
  const places: GridPlaces = new Map();
  // pdfmake tells where each node landed through this hook, called once the layout is done.
  definition.pageBreakBefore = (node) => {
    const id = (node as { id?: string }).id;
    if (id && grids.has(id)) places.set(id, node.startPosition);
    return false;
  };
  // Pages kept in memory until the end, so that the grids' pages can be written to again.
  const out = pdf.createPdf(definition, { bufferPages: true });
  const painter = new GridPainter((await out.getStream()) as unknown as PdfKitDocument);
  for (const [id, spec] of grids) {
    const at = places.get(id);
    if (!at) throw new Error(`pdf: grid ${id} not placed`);
    painter.paint(spec, at.pageNumber, at.left, at.top);
  }
  return out.getBuffer();
}

export interface PageSetup {
  amapName: string;
  /** The document's title, printed on every page and as the heading of the first. */
  title: string;
  /** Lines under the title on the first page (contract, producer, payee…). */
  subtitle?: string[];
  /** The day printed (YYYY-MM-DD, in the AMAP's timezone). */
  printedOn: string;
  orientation?: PageOrientation;
}

export const GREY = '#555555';
const LINE = '#9a9a9a';
const HEADER_FILL = '#e8e8e8';
const STRIPE_FILL = '#f6f6f6';

/**
 * An A4 document: running header (AMAP name, title), footer with the print date and the page
 * number, the title and subtitle on the first page, then `content`.
 */
export function standardDocument(setup: PageSetup, content: Content[]): TDocumentDefinitions {
  const printed = `Imprimé le ${formatDateNumeric(setup.printedOn)}`;
  const header: DynamicContent = () => ({
    margin: [40, 20, 40, 0],
    columns: [
      { text: setup.amapName, bold: true, fontSize: 9 },
      { text: setup.title, alignment: 'right', fontSize: 9, color: GREY },
    ],
  });
  const footer: DynamicContent = (currentPage, pageCount) => ({
    margin: [40, 12, 40, 0],
    text: `${printed} · page ${currentPage} / ${pageCount}`,
    alignment: 'center',
    fontSize: 8,
    color: GREY,
  });
  return {
    pageSize: 'A4',
    pageOrientation: setup.orientation ?? 'portrait',
    pageMargins: [40, 48, 40, 44],
    info: { title: `${setup.title} – ${setup.amapName}`, author: setup.amapName, creator: setup.amapName },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 17, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10.5, color: '#222222', margin: [0, 0, 0, 1] },
      section: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
      th: { bold: true, fontSize: 9.5 },
      total: { bold: true },
      small: { fontSize: 8.5, color: GREY },
    },
    header,
    footer,
    content: [
      { text: setup.title, style: 'title' },
      ...(setup.subtitle ?? []).map((line): Content => ({ text: line, style: 'subtitle' })),
      { text: '', margin: [0, 0, 0, 10] },
      ...content,
    ],
  };
}

/** Light horizontal lines, a grey header row, zebra stripes; the totals row (if any) framed on top. */
export function tableLayout(headerRows: number, bodyRows: number, footerRows: number): CustomTableLayout {
  return {
    hLineWidth: (i) => (i === headerRows || i === bodyRows - footerRows ? 1 : 0.5),
    vLineWidth: () => 0,
    hLineColor: (i) => (i === headerRows || i === bodyRows - footerRows ? '#444444' : LINE),
    fillColor: (row) =>
      row < headerRows
        ? HEADER_FILL
        : row >= bodyRows - footerRows
          ? HEADER_FILL
          : (row - headerRows) % 2 === 1
            ? STRIPE_FILL
            : null,
    paddingLeft: () => 5,
    paddingRight: () => 5,
    paddingTop: () => 4,
    paddingBottom: () => 4,
  };
}

export interface DataTableOptions {
  /** One width per column: a number (points), '*' or 'auto'. */
  widths: (number | '*' | 'auto')[];
  /** Column titles (repeated at the top of every page). */
  header: string[];
  rows: TableCell[][];
  /** Last rows set apart (totals), kept at the end. */
  footer?: TableCell[][];
  /** Indexes of right-aligned columns (amounts, counts). */
  right?: number[];
  /** Indexes of centred columns (tick boxes). */
  center?: number[];
  fontSize?: number;
}

/** A table whose header row repeats on every page and whose rows never split across two pages. */
export function dataTable(o: DataTableOptions): ContentTable {
  const align = (i: number) => (o.right?.includes(i) ? 'right' : o.center?.includes(i) ? 'center' : 'left');
  const withAlign = (row: TableCell[], extra: object = {}) =>
    row.map((cell, i): TableCell => {
      // `{}` stands in for the cells covered by a colSpan: it must stay empty.
      if (cell && typeof cell === 'object' && Object.keys(cell).length === 0) return cell;
      const base = typeof cell === 'string' || typeof cell === 'number' ? { text: String(cell) } : cell;
      return { alignment: align(i), ...extra, ...(base as object) } as TableCell;
    });
  const header = withAlign(o.header.map((h) => ({ text: h, style: 'th' })));
  const footer = (o.footer ?? []).map((r) => withAlign(r, { bold: true }));
  const body = [header, ...o.rows.map((r) => withAlign(r)), ...footer];
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: o.widths, body },
    layout: tableLayout(1, body.length, footer.length),
    fontSize: o.fontSize,
  };
}

/** An empty square to tick by hand. */
export function tickBox(size = 10): Content {
  return { canvas: [{ type: 'rect', x: 0, y: 1, w: size, h: size, lineWidth: 0.8, lineColor: '#333333' }] };
}
