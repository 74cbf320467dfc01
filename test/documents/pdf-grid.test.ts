import { expect } from 'chai';
import { getDocumentProxy } from 'unpdf';
import { geometry, type GridSpec } from '../../server/lib/pdf-grid.js';
import { pagedGrid, textMeasure, wrapLines } from '../../server/lib/pdf-grid-pages.js';
import { renderPdf, standardDocument } from '../../server/lib/pdf.js';
import { readPdf } from './fixtures.js';

function spec(members: number): GridSpec {
  return {
    widths: [200, 100, 100],
    rows: [
      [{ text: 'Membre', bold: true, align: 'left' }, 'A', 'B'],
      ...Array.from({ length: members }, (_, i) => [{ text: `MEMBRE${i} Camille`, align: 'left' as const }, '1', '2']),
      [{ text: 'Total', bold: true }, String(members), String(2 * members)],
    ],
    headerRows: 1,
    footerRows: 1,
    fontSize: 8.5,
    paddingX: 5,
    paddingY: 4,
  };
}

describe('painted grids (server/lib/pdf-grid.ts)', () => {
  it('splits a long grid into pages that fit, the header on each, the footer under the last, no lone rows at the end', () => {
    // Every remainder on the last page, the one or two rows taken from the page before included.
    for (let members = 80; members <= 110; members++) {
      const grids = new Map<string, GridSpec>();
      const content = pagedGrid('t', spec(members), grids, { firstRoom: 300, room: 480 });
      const pages = [...grids.values()];
      expect(content).to.have.length(pages.length);
      expect(pages.length).to.be.greaterThan(3);
      pages.forEach((p, i) => {
        expect(geometry(p).height).to.be.at.most(i === 0 ? 300 : 480);
        expect(p.rows[0]).to.deep.equal(spec(1).rows[0]);
        expect(p.footerRows).to.equal(i === pages.length - 1 ? 1 : 0);
      });
      const body = pages.flatMap((p) => p.rows.slice(1, p.rows.length - p.footerRows));
      expect(body.map((r) => (r[0] as { text: string }).text)).to.deep.equal(
        Array.from({ length: members }, (_, i) => `MEMBRE${i} Camille`),
      );
      expect(pages.at(-1)!.rows.length - 2, `${members} members: body rows on the last page`).to.be.at.least(3);
    }
  });

  it('writes every cell where pdfmake placed the grid, page after page, inside the margins', async () => {
    const grids = new Map<string, GridSpec>();
    const content = pagedGrid('t', spec(60), grids, { firstRoom: 400, room: 700 });
    const body = await renderPdf(
      standardDocument({ amapName: 'AMAP des Volcans', title: 'Essai', printedOn: '2027-04-20' }, content),
      grids,
    );
    const { pages } = await readPdf(body);
    expect(pages).to.have.length(grids.size);
    pages.forEach((p, i) => {
      expect(p).to.match(/Membre A B/);
      expect(p).to.contain(`page ${i + 1} / ${pages.length}`);
    });
    const text = pages.join('\n');
    for (let i = 0; i < 60; i++) expect(text).to.contain(`MEMBRE${i} Camille 1 2`);
    expect(text).to.contain('Total 60 120');
    const pdf = await getDocumentProxy(new Uint8Array(body));
    const items = (await (await pdf.getPage(1)).getTextContent()).items as { width: number; transform: number[] }[];
    const right = Math.max(...items.map((it) => it.transform[4] + it.width));
    expect(right).to.be.at.most(595.28 - 40 + 0.5);
  });

  it('breaks a header text into lines that fit its column', async () => {
    const measure = await textMeasure();
    const lines = wrapLines('Petit panier de légumes', 80, 9.5, true, measure);
    expect(lines).to.deep.equal(['Petit panier de', 'légumes']);
    for (const l of lines) expect(measure(l, 9.5, true)).to.be.at.most(80);
    expect(wrapLines('Montant', 80, 9.5, true, measure)).to.deep.equal(['Montant']);
  });
});
