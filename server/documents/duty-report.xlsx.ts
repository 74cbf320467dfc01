/** The duty report as a spreadsheet: the households against their target, then the places per month. */
import type { Document } from '../lib/document.js';
import { buildWorkbook, XLSX_CONTENT_TYPE, type XlsxColumn } from '../lib/xlsx.js';
import { formatDateNumeric } from '../lib/format.js';
import { DUTY_REPORT_HEADER, dutyReportFileName, dutyReportRowCells, type DutyReport } from './duty-report.data.js';

const WIDTHS = [20, 16, 28, 16, 10, 10, 10, 12, 12];
const MISSING_FILL = 'FFFCE8CF';

export async function build(data: DutyReport): Promise<Document> {
  const columns: XlsxColumn[] = DUTY_REPORT_HEADER.map((header, i) => ({
    header,
    width: WIDTHS[i],
    kind: i >= 4 ? 'integer' : 'text',
  }));
  const body = await buildWorkbook(
    [
      {
        name: 'Foyers',
        columns,
        rows: data.rows.map((r) => {
          const cells = dutyReportRowCells(r);
          return r.missing > 0 ? [...cells.slice(0, 8), { value: r.missing, fill: MISSING_FILL }] : cells;
        }),
        totals: ['Total', '', '', '', { sum: true }, { sum: true }, { sum: true }, { sum: true }, { sum: true }],
        notes: [
          `Saison ${data.season.label} (du ${formatDateNumeric(data.season.from)} au ${formatDateNumeric(data.season.to)}), situation au ${formatDateNumeric(data.today)}.`,
          `${data.behind.length} foyer(s) en retard sur leur objectif, ${data.none.length} sans aucune permanence.`,
        ],
      },
      {
        name: 'Places par mois',
        columns: [
          { header: 'Mois', width: 18 },
          { header: 'Distributions', width: 14, kind: 'integer' },
          { header: 'Places', width: 10, kind: 'integer' },
          { header: 'Prises', width: 10, kind: 'integer' },
          { header: 'Libres', width: 10, kind: 'integer' },
        ],
        rows: data.months.map((m) => [m.label, m.days, m.placesNeeded, m.filled, m.open]),
        totals: ['Total', { sum: true }, { sum: true }, { sum: true }, { sum: true }],
      },
    ],
    { creator: data.amapName },
  );
  return { filename: `${dutyReportFileName(data)}.xlsx`, contentType: XLSX_CONTENT_TYPE, body };
}
