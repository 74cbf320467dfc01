/**
 * Recomputes the formulas our spreadsheets write (SUM, SUMIF on a header row, SUMPRODUCT with a
 * price row, A1*B1, A1-B1) from the cells of the sheet, so a test can check that every cached
 * result is what a spreadsheet would compute, not only what the builder believed.
 */
import type ExcelJS from 'exceljs';

function colNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

function ref(s: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`not a cell reference: ${s}`);
  return { col: colNumber(m[1]), row: Number(m[2]) };
}

function value(ws: ExcelJS.Worksheet, row: number, col: number): unknown {
  const v = ws.getCell(row, col).value;
  if (v && typeof v === 'object' && 'formula' in v) return evaluate(ws, String(v.formula));
  if (v && typeof v === 'object' && 'result' in v) return (v as { result: unknown }).result;
  return v;
}

function range(ws: ExcelJS.Worksheet, s: string): unknown[] {
  const [a, b = a] = s.split(':');
  const from = ref(a);
  const to = ref(b);
  const out: unknown[] = [];
  for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) out.push(value(ws, r, c));
  return out;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** The value of one of our formulas on this sheet. */
export function evaluate(ws: ExcelJS.Worksheet, f: string): number {
  const call = /^([A-Z]+)\((.*)\)$/.exec(f);
  if (call) {
    const args = call[2].split(',');
    switch (call[1]) {
      case 'SUM':
        return args.flatMap((a) => range(ws, a)).reduce<number>((s, v) => s + num(v), 0);
      case 'SUMIF': {
        const keys = range(ws, args[0]);
        const crit = args[1].startsWith('"') ? args[1].slice(1, -1) : value(ws, ref(args[1]).row, ref(args[1]).col);
        const vals = range(ws, args[2]);
        return keys.reduce<number>((s, k, i) => (k === crit ? s + num(vals[i]) : s), 0);
      }
      case 'SUMPRODUCT': {
        const [x, y] = [range(ws, args[0]), range(ws, args[1])];
        if (x.length !== y.length) throw new Error(`SUMPRODUCT of ranges of different sizes: ${f}`);
        return x.reduce<number>((s, v, i) => s + num(v) * num(y[i]), 0);
      }
    }
    throw new Error(`unknown function in ${f}`);
  }
  const op = /^(\$?[A-Z]+\$?\d+)([*+-])(\$?[A-Z]+\$?\d+)$/.exec(f);
  if (op) {
    const a = num(value(ws, ref(op[1]).row, ref(op[1]).col));
    const b = num(value(ws, ref(op[3]).row, ref(op[3]).col));
    return op[2] === '*' ? a * b : op[2] === '+' ? a + b : a - b;
  }
  if (/^-?\d+(\.\d+)?$/.test(f)) return Number(f);
  throw new Error(`formula not understood: ${f}`);
}

/** Every formula cell of the workbook whose cached result differs from its recomputed value. */
export function formulaMismatches(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  let seen = 0;
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (!v || typeof v !== 'object' || !('formula' in v)) return;
        seen++;
        const expected = evaluate(ws, String(v.formula));
        // exceljs writes a zero result (<v>0</v>) but its reader gives it back as undefined.
        const cached = (v as { result?: unknown }).result ?? 0;
        if (typeof cached !== 'number' || Math.abs(cached - expected) > 1e-9)
          out.push(`${ws.name}!${cell.address} ${v.formula} = ${expected}, cached ${String(cached)}`);
      }),
    ),
  );
  if (seen === 0) out.push('no formula at all');
  return out;
}
