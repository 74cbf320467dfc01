/**
 * The contract synthesis as an A4 landscape PDF: a one-page summary (subscribers, each product over
 * the season, each month: deliveries, quantities, amount delivered and cheques cashed), then the
 * grid members × deliveries in chunks of dates that fit the page width (the member column and the
 * header rows repeated on every page, totals per delivery at the bottom), then each member's
 * season totals and amount.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Document } from '../lib/document.js';
import { dataTable, PDF_CONTENT_TYPE, renderPdf, standardDocument, type TDocumentDefinitions } from '../lib/pdf.js';
import { gridCanvas, LINE, type GridCell, type GridSpec } from '../lib/pdf-grid.js';
import { pagedGrid, textMeasure, wrapLines, type Measure } from '../lib/pdf-grid-pages.js';
import { formatEuros } from '../domain/money.js';
import { formatMonthYear, slug, sortName } from '../lib/format.js';
import type { SynthesisData } from './synthesis.data.js';
import { count, dateSpan, gridDate, productCode } from './wording.js';

const TITLE = 'Synthèse du contrat';
const CONTENT_WIDTH = 842 - 80;
/** Whole widths of the grid's columns, their 2 pt padding on each side included. */
const NAME_WIDTH = 122;
const GRID_FONT = 7.5;

/**
 * Width of a quantity column: two digits and their padding; wider when two columns share a date
 * ("mer. 28/12" is 34 pt in bold 7 pt), or when one holds it alone on two lines.
 */
function columnWidth(products: number): number {
  return products === 1 ? 24 : products === 2 ? 20 : 16;
}

/**
 * Rows (members and the totals row) of the grid on one landscape page, under the chunk's title,
 * legend and header rows, a row being 7.5 pt text with 1.5 pt padding: 32 measured, one to spare.
 */
const ROWS_PER_PAGE = 31;

/**
 * The members split in balanced groups of at most a page (the totals row counted with the last),
 * so that no page carries a lone member and the totals: 31 members make pages of 16 and 15.
 */
export function memberGroups(members: number): [number, number][] {
  if (members === 0) return [];
  const n = Math.ceil((members + 1) / ROWS_PER_PAGE);
  const size = Math.ceil(members / n);
  const out: [number, number][] = [];
  for (let start = 0; start < members; start += size) out.push([start, Math.min(members, start + size)]);
  return out;
}

/** The deliveries split in balanced chunks that fit the page width next to the member column. */
export function dateChunks(deliveries: number, products: number): [number, number][] {
  if (deliveries === 0) return [];
  const fit = Math.max(1, Math.floor((CONTENT_WIDTH - NAME_WIDTH) / (columnWidth(products) * products)));
  const n = Math.ceil(deliveries / fit);
  const size = Math.ceil(deliveries / n);
  const out: [number, number][] = [];
  for (let start = 0; start < deliveries; start += size) out.push([start, Math.min(deliveries, start + size)]);
  return out;
}

function legend(data: SynthesisData): string {
  return data.products
    .map((p, i) => `${productCode(i)} : ${p.name} (${p.unit}, ${formatEuros(p.priceCents)})`)
    .join('   ·   ');
}

function summary(data: SynthesisData): Content[] {
  const P = data.products;
  const byProduct = dataTable({
    widths: ['*', 150, 70, 90, 90],
    header: ['Produit', 'Unité', 'Prix', 'Quantité (saison)', 'Montant'],
    rows: P.map((p, i) => [
      p.name,
      p.unit,
      formatEuros(p.priceCents),
      String(data.productTotals[i]),
      formatEuros(data.productTotals[i] * p.priceCents),
    ]),
    footer: [['Total de la saison', '', '', '', formatEuros(data.totalCents)]],
    right: [2, 3, 4],
  });
  // Months of deliveries and months of cheques, together.
  const cashed = new Map<string, number>();
  data.chequeMembers.forEach((m) =>
    m.cheques.forEach((c, i) => {
      if (!c) return;
      const month = `${data.paymentDates[i].dueOn.slice(0, 7)}-01`;
      cashed.set(month, (cashed.get(month) ?? 0) + c.amountCents);
    }),
  );
  const months = [...new Set([...data.months.map((m) => m.month), ...cashed.keys()])].sort();
  const delivered = new Map(data.months.map((m) => [m.month, m]));
  const managed = data.paymentsManaged;
  const cashedTotal = [...cashed.values()].reduce((a, b) => a + b, 0);
  const byMonth = dataTable({
    widths: ['*', 60, ...P.map(() => 62), 80, ...(managed ? [90] : [])],
    header: ['Mois', 'Livraisons', ...P.map((p) => p.name), 'Montant livré', ...(managed ? ['Chèques encaissés'] : [])],
    rows: months.map((month) => {
      const m = delivered.get(month);
      return [
        formatMonthYear(month),
        String(m?.deliveries ?? 0),
        ...P.map((_, i) => String(m?.quantities[i] ?? 0)),
        formatEuros(m?.amountCents ?? 0),
        ...(managed ? [formatEuros(cashed.get(month) ?? 0)] : []),
      ];
    }),
    footer: [
      [
        'Total',
        String(data.deliveries.length),
        ...data.productTotals.map(String),
        formatEuros(data.totalCents),
        ...(managed ? [formatEuros(cashedTotal)] : []),
      ],
    ],
    right: Array.from({ length: P.length + 3 + (managed ? 1 : 0) }, (_, i) => i + 1),
    fontSize: P.length > 5 ? 8 : 9.5,
  });
  return [
    { text: 'Par produit', style: 'section', margin: [0, 0, 0, 6] },
    byProduct,
    { text: 'Par mois', style: 'section' },
    byMonth,
  ];
}

function gridChunk(
  data: SynthesisData,
  [start, end]: [number, number],
  index: number,
  total: number,
  grids: Map<string, GridSpec>,
): Content[] {
  const groups = memberGroups(data.members.length);
  return groups.flatMap(([from, to], g) =>
    gridPage(data, [start, end], [from, to], g === groups.length - 1, { index, total, continued: g > 0 }, grids),
  );
}

/** One page of a chunk of dates: the members `from`–`to`, the totals row under the last group. */
function gridPage(
  data: SynthesisData,
  [start, end]: [number, number],
  [from, to]: [number, number],
  last: boolean,
  chunk: { index: number; total: number; continued: boolean },
  grids: Map<string, GridSpec>,
): Content[] {
  const P = data.products.length;
  const width = columnWidth(P);
  const deliveries = data.deliveries.slice(start, end);
  const two = P > 1;
  const headerTop: (GridCell | null)[] = [{ text: 'Membre', rowSpan: two ? 2 : 1, bold: true, align: 'left' }];
  for (const d of deliveries) {
    const date = gridDate(d.deliveryOn);
    headerTop.push({ text: date, lines: two ? undefined : date.split(' '), colSpan: P, bold: true, fontSize: 7 });
    for (let j = 1; j < P; j++) headerTop.push(null);
  }
  const header: (GridCell | null)[][] = [headerTop];
  if (two)
    header.push([
      null,
      ...deliveries.flatMap(() => data.products.map((_, j) => ({ text: productCode(j), bold: true }))),
    ]);
  // Quantities as bare strings, centred: thousands of them.
  const body = data.members
    .slice(from, to)
    .map((m) => [
      { text: sortName(m), align: 'left', shrink: true } as GridCell,
      ...m.quantities.slice(start, end).flatMap((row) => row.map((q) => (q ? String(q) : ''))),
    ]);
  const footer: GridCell[] = [
    { text: 'Total', bold: true, align: 'left' },
    ...data.deliveryTotals.slice(start, end).flatMap((row) => row.map((q) => ({ text: String(q), bold: true }))),
  ];
  const id = `synthesis-grid-${grids.size}`;
  grids.set(id, {
    widths: [NAME_WIDTH, ...deliveries.flatMap(() => data.products.map(() => width))],
    rows: last ? [...header, ...body, footer] : [...header, ...body],
    headerRows: header.length,
    footerRows: last ? 1 : 0,
    fontSize: GRID_FONT,
    // A thin line before each delivery: its products' columns read as one group.
    vLines: deliveries.map((_, i) => 1 + i * P),
  });
  const first = deliveries[0].deliveryOn;
  const lastDate = deliveries[deliveries.length - 1].deliveryOn;
  return [
    {
      text: `Livraisons ${dateSpan(first, lastDate)}${chunk.total > 1 ? ` (${chunk.index + 1} / ${chunk.total})` : ''}${chunk.continued ? ', suite' : ''}`,
      style: 'section',
      margin: [0, 0, 0, 4],
      pageBreak: chunk.index === 0 || chunk.continued || data.members.length > 20 ? 'before' : undefined,
    },
    ...(two ? [{ text: legend(data), style: 'small', margin: [0, 0, 0, 4] } as Content] : []),
    gridCanvas(id, grids.get(id)!),
  ];
}

/** Landscape A4 under the running header and above the footer (standardDocument's margins). */
const PAGE_ROOM = 595.28 - 48 - 44;
/** The section title above the members' totals: 12 pt text, 14 pt above and 6 pt below. */
const SECTION_HEIGHT = 14 + 12 * LINE + 6;
const TOTALS_FONT = 8.5;

/**
 * Each member's season: a pdfmake table for a few members (it follows the grid on its page), the
 * painted grid over as many pages as needed for more.
 */
function memberTotals(data: SynthesisData, grids: Map<string, GridSpec>, measure: Measure): Content[] {
  const P = data.products;
  const header = ['Membre', ...P.map((p) => p.name), 'Montant'];
  const rows = data.members.map((m, i) => [
    sortName(m),
    ...data.memberTotals[i].quantities.map(String),
    formatEuros(data.memberTotals[i].amountCents),
  ]);
  const footer = [
    count(data.members.length, 'membre'),
    ...data.productTotals.map(String),
    formatEuros(data.totalCents),
  ];
  const many = data.members.length > 20;
  const title: Content = {
    text: 'Totaux de la saison par membre',
    style: 'section',
    pageBreak: many ? 'before' : undefined,
  };
  if (!many)
    return [
      title,
      dataTable({
        widths: ['*', ...P.map(() => 80), 90],
        header,
        rows,
        footer: [footer],
        right: Array.from({ length: P.length + 1 }, (_, i) => i + 1),
        fontSize: TOTALS_FONT,
      }),
    ];
  // The widths dataTable gives: 80 and 90 pt of text, 5 pt of padding on each side.
  const widths = [CONTENT_WIDTH - P.length * 90 - 100, ...P.map(() => 90), 100];
  const align = (i: number) => (i === 0 ? 'left' : 'right');
  const headerCells: GridCell[] = header.map((text, i) => ({
    text,
    lines: wrapLines(text, widths[i] - 10, 9.5, true, measure),
    bold: true,
    fontSize: 9.5,
    align: align(i),
  }));
  const spec: GridSpec = {
    widths,
    rows: [
      headerCells,
      ...rows.map((r) => r.map((text, i): GridCell => ({ text, align: align(i) }))),
      footer.map((text, i): GridCell => ({ text, bold: true, align: align(i) })),
    ],
    headerRows: 1,
    footerRows: 1,
    fontSize: TOTALS_FONT,
    paddingX: 5,
    paddingY: 4,
  };
  // A point to spare on each page: pdfmake moves a canvas that would touch the bottom margin.
  return [
    title,
    ...pagedGrid('synthesis-totals', spec, grids, { firstRoom: PAGE_ROOM - SECTION_HEIGHT - 1, room: PAGE_ROOM - 1 }),
  ];
}

/**
 * The document definition and its grids (written into the canvases of the same ids once pdfmake
 * has placed them); exported for the bench, which times the bare libraries on the same content.
 */
export function synthesisDocument(
  data: SynthesisData,
  printedOn: string,
  measure: Measure,
): { definition: TDocumentDefinitions; grids: Map<string, GridSpec> } {
  const grids = new Map<string, GridSpec>();
  const D = data.deliveries;
  const subtitle = [
    `${data.contractName} — ${data.producerName}`,
    D.length
      ? `${count(D.length, 'livraison')} ${dateSpan(D[0].deliveryOn, D[D.length - 1].deliveryOn)}`
      : 'Aucune livraison prévue',
    `${count(data.members.length, 'souscripteur')} · total de la saison : ${formatEuros(data.totalCents)}`,
  ];
  const content: Content[] = data.members.length
    ? [
        ...summary(data),
        ...dateChunks(D.length, data.products.length).flatMap((c, i, all) => gridChunk(data, c, i, all.length, grids)),
        ...memberTotals(data, grids, measure),
      ]
    : [{ text: 'Aucun membre n’a souscrit à ce contrat pour l’instant.', italics: true }];
  const definition = standardDocument(
    { amapName: data.amapName, title: TITLE, subtitle, printedOn, orientation: 'landscape' },
    content,
  );
  return { definition, grids };
}

export async function build(data: SynthesisData, printedOn: string): Promise<Document> {
  const { definition, grids } = synthesisDocument(data, printedOn, await textMeasure());
  return {
    filename: `synthese-${slug(data.contractName)}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(definition, grids),
  };
}
