import { expect } from 'chai';
import { cleanStrings, dataTable, renderPdf, standardDocument } from '../../server/lib/pdf.js';
import { formatEuros } from '../../server/domain/money.js';
import { readPdf } from './fixtures.js';

describe('PDF base (server/lib/pdf.ts)', () => {
  it('swaps U+202F for U+00A0 in every string, header and footer functions included', () => {
    const def = cleanStrings({
      content: [{ text: formatEuros(123456) }, ['a\u202fb']],
      footer: (page: number) => ({ text: `page\u202f${page}` }),
    });
    expect(JSON.stringify(def.content)).to.not.contain('\u202f');
    expect((def.content[0] as { text: string }).text).to.equal('1\u00a0234,56\u00a0€');
    expect(def.footer(3)).to.deep.equal({ text: 'page\u00a03' });
  });

  it('prints the AMAP name and title on every page, "Imprimé le … · page n / N" at the bottom, and repeats the table header', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Ligne ${i + 1}`, formatEuros(100000 + i)]);
    const body = await renderPdf(
      standardDocument(
        { amapName: 'AMAP des Volcans', title: 'Essai de tableau', printedOn: '2026-11-28', subtitle: ['Sous-titre'] },
        [dataTable({ widths: ['*', 90], header: ['Libellé', 'Montant'], rows, right: [1] })],
      ),
    );
    const { pages, raw } = await readPdf(body);
    expect(pages.length).to.be.greaterThan(2);
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).to.contain('AMAP des Volcans');
      expect(p).to.contain('Essai de tableau');
      expect(p).to.contain(`Imprimé le 28/11/2026 · page ${i + 1} / ${pages.length}`);
      expect(p, 'header row repeated').to.match(/Libellé Montant/);
    });
    expect(pages[0]).to.contain('Sous-titre');
    expect(pages[0]).to.contain('Ligne 1 1 000,00 €');
    expect(pages.join('\n')).to.contain('Ligne 120 1 001,19 €');
    // Roboto has no U+202F: left in, it would print as a missing glyph (extracted as U+0000).
    expect(raw, 'no missing glyph').to.not.contain('\u0000');
  });
});
