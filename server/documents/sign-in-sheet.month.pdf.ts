/**
 * The monthly sign-in grid as an A4 landscape PDF: one row per member household, one column per
 * distribution day of the month with what they collect and room to sign, for AMAPs that pin one
 * sheet for the whole month.
 */
import type { Document } from '../lib/document.js';
import {
  dataTable,
  GREY,
  PDF_CONTENT_TYPE,
  renderPdf,
  standardDocument,
  type Content,
  type TableCell,
} from '../lib/pdf.js';
import type { ContentTable, CustomTableLayout } from 'pdfmake/interfaces.js';
import { formatDayShort, formatMonthYear, formatTime, sortName } from '../lib/format.js';
import type { MonthGridData } from './sign-in-sheet.month.data.js';
import type { SheetMemberContract } from './sign-in-sheet.data.js';
import { itemLabel } from './sign-in-sheet.words.js';

function cell(contracts: SheetMemberContract[], fontSize: number): TableCell {
  if (contracts.length === 0) return { text: '—', color: GREY, alignment: 'center', margin: [0, 8, 0, 8] };
  return {
    stack: contracts.flatMap((c) => c.items.map((i): Content => ({ text: itemLabel(i), fontSize }))),
    // Room under the items to sign.
    margin: [0, 0, 0, 16],
  };
}

/** The same table with thin vertical lines: a grid the eye follows across the page. */
function withColumns(t: ContentTable): ContentTable {
  return { ...t, layout: { ...(t.layout as CustomTableLayout), vLineWidth: () => 0.5, vLineColor: () => '#9a9a9a' } };
}

/** The grid of a month; `printedOn` is the day printed (YYYY-MM-DD). */
export async function build(data: MonthGridData, printedOn: string): Promise<Document> {
  const monthLabel = formatMonthYear(`${data.month}-01`);
  const fontSize = data.days.length > 5 ? 7.5 : 8.5;
  const content: Content[] =
    data.days.length === 0
      ? [{ text: `Aucune distribution en ${monthLabel}.`, italics: true }]
      : data.rows.length === 0
        ? [{ text: `Personne ne retire de produits en ${monthLabel}.`, italics: true }]
        : [
            withColumns(
              dataTable({
                widths: [130, ...data.days.map(() => '*' as const)],
                header: ['Membre', ...data.days.map((d) => formatDayShort(d.on))],
                rows: data.rows.map((r) => [
                  {
                    stack: [
                      { text: sortName(r), bold: true, fontSize: 10 },
                      ...(r.phone ? [{ text: r.phone, fontSize: 8, color: GREY }] : []),
                      ...(r.note ? [{ text: r.note, fontSize: 8, italics: true }] : []),
                    ],
                  },
                  ...r.cells.map((c) => cell(c, fontSize)),
                ]),
                footer: [
                  [
                    `${data.rows.length} foyer${data.rows.length > 1 ? 's' : ''}`,
                    ...data.days.map((_, i) => String(data.rows.filter((r) => r.cells[i].length > 0).length)),
                  ],
                ],
                center: data.days.map((_, i) => i + 1),
              }),
            ),
          ];
  // Hours and place once on top when every day shares them (a day moved elsewhere is on its own sheet).
  const where = [
    ...new Set(
      data.days.map((d) => `${formatTime(d.startTime)} – ${formatTime(d.endTime)}${d.place ? `, ${d.place}` : ''}`),
    ),
  ];
  const doc = standardDocument(
    {
      amapName: data.amapName,
      title: `Feuille d’émargement — ${monthLabel}`,
      printedOn,
      orientation: 'landscape',
      subtitle: where.length === 1 ? where : [],
    },
    content,
  );
  return {
    filename: `emargement-${data.month}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: await renderPdf(doc),
  };
}
