import { expect } from 'chai';
import { chequeReportData } from '../../server/documents/cheque-report.data.js';
import { build as buildChequeReport, STATUS_FILLS } from '../../server/documents/cheque-report.xlsx.js';
import { cancelSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { EURO_FORMAT } from '../../server/lib/xlsx.js';
import { actor } from '../support/contracts.js';
import { docWorld, handOver, readXlsx, receive, rowValues } from './fixtures.js';

function fillOf(cell: { fill?: unknown }): string | undefined {
  const f = cell.fill as { fgColor?: { argb?: string } } | undefined;
  return f?.fgColor?.argb;
}

describe('cheque report of a contract (xlsx)', () => {
  async function world() {
    const w = await docWorld();
    const [jan, feb] = w.c.paymentDateIds;
    const zoe = await w.subscribe('Zoé', 'Martin', 2); // 120 € × 3
    const emile = await w.subscribe('Émile', 'Édouard'); // 60 € × 3
    const lea = await w.subscribe('Léa', 'Abadie'); // cancelled before anything was received
    receive(w.t, zoe.subscriptionId, jan, 'Crédit Agricole', '0001234');
    receive(w.t, emile.subscriptionId, jan);
    receive(w.t, zoe.subscriptionId, feb, 'Crédit Agricole', '0001235');
    handOver(w.t, w.c.contractId, jan, w.adminId, '2027-01-08');
    cancelSubscription(w.t.ctx, actor(w.t.ctx, w.adminId), w.c.contractId, lea.memberId);
    return w;
  }

  it('has a member × month grid with amounts coloured by status and totals per month and per member', async () => {
    const w = await world();
    const data = chequeReportData(w.t.db, w.c.contractId, 'AMAP des Volcans')!;
    const doc = await buildChequeReport(data);
    expect(doc.filename).to.equal('cheques-legumes-ete-2027.xlsx');
    expect(doc.contentType).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    const wb = await readXlsx(doc.body);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['Grille', 'Chèques', 'Synthèse']);
    const grid = wb.getWorksheet('Grille')!;
    expect(grid.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(rowValues(grid, 1)).to.deep.equal(['Nom', 'Prénom', 'janvier 2027', 'février 2027', 'mars 2027', 'Total']);
    expect(grid.getRow(1).font?.bold).to.equal(true);
    // Abadie cancelled with nothing received: not in the grid
    expect(rowValues(grid, 2)).to.deep.equal(['Édouard', 'Émile', 60, 60, 60, 180]);
    expect(rowValues(grid, 3)).to.deep.equal(['Martin', 'Zoé', 120, 120, 120, 360]);
    expect(grid.getCell('C2').numFmt).to.equal(EURO_FORMAT);
    expect(grid.getCell('F3').numFmt).to.equal(EURO_FORMAT);
    expect(fillOf(grid.getCell('C3'))).to.equal(STATUS_FILLS.handed_over);
    expect(fillOf(grid.getCell('D3'))).to.equal(STATUS_FILLS.received);
    expect(fillOf(grid.getCell('D2'))).to.equal(STATUS_FILLS.promised);
    // totals row: formulas carrying their value
    expect(rowValues(grid, 4)).to.deep.equal(['Total', null, 180, 180, 180, 540]);
    expect(grid.getCell('C4').value).to.deep.include({ formula: 'SUM(C2:C3)' });
    expect(grid.getCell('F4').numFmt).to.equal(EURO_FORMAT);
    expect(grid.getRow(4).font?.bold).to.equal(true);
  });

  it('lists every cheque with its French status, and sums up ordered, to collect, received and handed over', async () => {
    const w = await world();
    const wb = await readXlsx(
      (await buildChequeReport(chequeReportData(w.t.db, w.c.contractId, 'AMAP des Volcans')!)).body,
    );

    const list = wb.getWorksheet('Chèques')!;
    expect(list.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(rowValues(list, 1)).to.deep.equal([
      'Nom',
      'Prénom',
      'Échéance',
      'Montant',
      'Statut',
      'Banque',
      'N° de chèque',
      'Reçu le',
      'Remis le',
    ]);
    const rows = Array.from({ length: list.rowCount - 1 }, (_, i) => rowValues(list, i + 2));
    const abadie = rows.filter((r) => r[0] === 'Abadie');
    expect(abadie.map((r) => r[4])).to.deep.equal(['annulé', 'annulé', 'annulé']);
    const zoeJan = rows.find((r) => r[0] === 'Martin' && (r[2] as Date).toISOString().startsWith('2027-01-05'))!;
    expect(zoeJan.slice(3, 7)).to.deep.equal([120, 'remis au producteur', 'Crédit Agricole', '0001234']);
    expect((zoeJan[8] as Date).toISOString().slice(0, 10)).to.equal('2027-01-08');
    expect(list.getCell('C2').numFmt).to.equal('dd/mm/yyyy');
    expect(list.getCell('D2').numFmt).to.equal(EURO_FORMAT);
    const total = rows.find((r) => String(r[0]).startsWith('Total'))!;
    expect(total[0]).to.equal('Total (6 chèques, hors annulés et rendus)');
    expect(total[3]).to.equal(540);

    const summary = wb.getWorksheet('Synthèse')!;
    expect(summary.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(rowValues(summary, 1)).to.deep.equal([
      'Encaissement',
      'Échéance',
      'Chèques',
      'Montant attendu',
      'À collecter (promis)',
      'Reçu (en caisse)',
      'Remis au producteur',
    ]);
    expect(rowValues(summary, 2).filter((_, i) => i !== 1)).to.deep.equal(['janvier 2027', 2, 180, 0, 0, 180]);
    expect(rowValues(summary, 3).filter((_, i) => i !== 1)).to.deep.equal(['février 2027', 2, 180, 60, 120, 0]);
    expect(rowValues(summary, 4).filter((_, i) => i !== 1)).to.deep.equal(['mars 2027', 2, 180, 180, 0, 0]);
    expect(rowValues(summary, 5)).to.deep.equal(['Total', null, 6, 540, 240, 120, 180]);
    expect(summary.getCell('D5').numFmt).to.equal(EURO_FORMAT);
    const notes = Array.from({ length: summary.rowCount - 6 }, (_, i) =>
      String(rowValues(summary, i + 7)[0] ?? '').replace(/[\u00a0\u202f]/g, ' '),
    );
    expect(notes).to.include('Total commandé (souscriptions actives) : 540,00 €');
    expect(notes).to.include('Souscriptions actives : 2');
  });

  it('is null for an unknown contract', async () => {
    const w = await docWorld();
    expect(chequeReportData(w.t.db, w.c.contractId + 100)).to.equal(null);
  });
});
