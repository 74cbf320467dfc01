/** The duty report as CSV: one line per household (the months are in the XLSX). */
import type { Document } from '../lib/document.js';
import { CSV_CONTENT_TYPE, writeCsv } from '../lib/csv.js';
import { DUTY_REPORT_HEADER, dutyReportFileName, dutyReportRowCells, type DutyReport } from './duty-report.data.js';

export function build(data: DutyReport): Document {
  return {
    filename: `${dutyReportFileName(data)}.csv`,
    contentType: CSV_CONTENT_TYPE,
    body: writeCsv(DUTY_REPORT_HEADER, data.rows.map(dutyReportRowCells)),
  };
}
