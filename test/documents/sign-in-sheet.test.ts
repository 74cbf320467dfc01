import { expect } from 'chai';
import { signInSheetData, type SignInSheetData } from '../../server/documents/sign-in-sheet.data.js';
import { build as buildSheetPdf } from '../../server/documents/sign-in-sheet.pdf.js';
import { build as buildSheetXlsx } from '../../server/documents/sign-in-sheet.xlsx.js';
import { dayDefaults } from '../../server/features/settings/settings.service.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { createMember } from '../support/factories.js';
import { actor } from '../support/contracts.js';
import { distributionWorld, type DistributionWorld } from './distribution-fixtures.js';
import { readPdf, readXlsx, rowValues } from './fixtures.js';
import { countStatements } from './statements.js';
import { productLabel } from '../../server/documents/sign-in-sheet.words.js';

const AMAP = 'AMAP des Volcans';

function sheetOf(w: DistributionWorld, on: string): SignInSheetData {
  const defaults = { ...dayDefaults(w.t.ctx), place: 'Cour de l’école' };
  return signInSheetData(w.t.db, on, defaults, AMAP)!;
}

/** "NAME First: 1 × A, 2 × B" per line, to compare whole lines at once. */
function lineSummary(data: SignInSheetData): string[] {
  return data.lines.map(
    (l) =>
      `${l.lastName} ${l.firstName}: ${l.contracts
        .flatMap((c) => c.items.map((i) => `${i.quantity} × ${i.productName}`))
        .join(', ')}`,
  );
}

describe('sign-in sheet of a day (data)', () => {
  it('lists each household collecting that day, by name, with phone, note and quantities per contract', async () => {
    const w = await distributionWorld();
    const data = sheetOf(w, '2027-05-20');
    expect(lineSummary(data)).to.deep.equal([
      'Édouard Émile: 1 × Panier de légumes',
      'Fabre Inès: 1 × Pain de campagne',
      'Martin Léa: 1 × Pain de campagne, 1 × Panier de légumes',
      'Roux Hugo: 3 × Panier de légumes, 1 × Œufs',
    ]);
    const lea = data.lines.find((l) => l.memberId === w.people.lea)!;
    expect(lea).to.deep.include({ phone: '06 11 22 33 44', note: 'récupère pour sa voisine' });
    // Paul is absent that day, Zoé cancelled: neither is on the sheet.
    expect(data.lines.map((l) => l.memberId)).to.not.include.members([w.people.paul, w.people.zoe]);
    expect(data.day).to.deep.include({
      on: '2027-05-20',
      place: 'Cour de l’école',
      startTime: '18:30',
      endTime: '19:30',
    });
  });

  it('totals per product per contract what the lines add up to (what each producer should bring)', async () => {
    const w = await distributionWorld();
    const data = sheetOf(w, '2027-05-20');
    const totals = data.totals.map((c) => ({
      producer: c.producerName,
      items: c.items.map((i) => `${i.quantity} × ${i.productName}`),
    }));
    expect(totals).to.deep.equal([
      { producer: 'Fournil du Puy', items: ['2 × Pain de campagne'] },
      { producer: 'GAEC des Volcans', items: ['5 × Panier de légumes', '1 × Œufs'] },
    ]);
    const sums = new Map<number, number>();
    for (const l of data.lines)
      for (const c of l.contracts)
        for (const i of c.items) sums.set(i.contractProductId, (sums.get(i.contractProductId) ?? 0) + i.quantity);
    for (const c of data.totals) for (const i of c.items) expect(i.quantity).to.equal(sums.get(i.contractProductId));
  });

  it('lists what changed since the previous distribution of each contract', async () => {
    const w = await distributionWorld();
    const data = sheetOf(w, '2027-05-20');
    const changes = data.changes.map((c) => ({
      contract: c.contractName,
      previousOn: c.previousOn,
      changes: c.changes.map(
        (ch) =>
          `${ch.kind} ${ch.firstName} ${ch.before.map((i) => i.quantity).join('+')}→${ch.after.map((i) => i.quantity).join('+')}${ch.cancelledOn ? ` ${ch.cancelledOn}` : ''}`,
      ),
    }));
    expect(changes).to.deep.equal([
      { contract: 'Pain printemps 2027', previousOn: '2027-05-06', changes: ['resumed Inès →1', 'changed Léa 2→1'] },
      {
        contract: 'Légumes printemps 2027',
        previousOn: '2027-05-13',
        changes: ['subscribed Émile →1', 'paused Paul 2→', 'cancelled Zoé → 2027-05-15'],
      },
    ]);
  });

  it('has no change to report on a contract’s first delivery, and is null on a day without distribution', async () => {
    const w = await distributionWorld();
    const first = sheetOf(w, '2027-05-06');
    expect(first.changes.map((c) => [c.previousOn, c.changes.length])).to.deep.equal([
      [null, 0],
      [null, 0],
    ]);
    expect(signInSheetData(w.t.db, '2027-05-21', dayDefaults(w.t.ctx), AMAP)).to.equal(null);
  });

  it('runs the same number of statements for 4 households as for 40', async () => {
    const w = await distributionWorld();
    w.onDuty(w.people.lea, '2027-05-20');
    const few = countStatements(w.t.db, () => sheetOf(w, '2027-05-20'));
    const a = actor(w.t.ctx, w.adminId);
    for (let i = 0; i < 36; i++) {
      const m = await createMember(w.t.ctx, { email: null, password: null, phone: `06 00 00 00 ${i}` });
      const lines = w.legumes.deliveryIds.map((deliveryId) => ({
        deliveryId,
        contractProductId: w.legumes.productIds[0],
        quantity: 1,
      }));
      saveSubscription(w.t.ctx, a, w.legumes.contractId, m.id, lines, null);
      w.onDuty(m.id, '2027-05-20');
    }
    const many = countStatements(w.t.db, () => sheetOf(w, '2027-05-20'));
    expect(sheetOf(w, '2027-05-20').lines).to.have.length(40);
    expect(many).to.equal(few);
    // 11, and two for carried-over and given baskets (sign-in-sheet.absences.ts).
    expect(few).to.be.at.most(13);
  });
});

describe('sign-in sheet words', () => {
  it('names a product with its unit unless the name already says it, never brackets in brackets', () => {
    const label = (productName: string, unit: string) => productLabel({ productName, unit });
    expect(label('Œufs', 'douzaine')).to.equal('Œufs (douzaine)');
    expect(label('Petit panier de légumes', 'panier (2 personnes)')).to.equal('Petit panier de légumes');
    expect(label('Pain de campagne', 'pain de 1 kg')).to.equal('Pain de campagne');
    expect(label('Poulet fermier', 'pièce (1,8 kg env.)')).to.equal('Poulet fermier, pièce (1,8 kg env.)');
    expect(label('Brioche', '')).to.equal('Brioche');
  });
});

describe('sign-in sheet of a day (PDF and XLSX)', () => {
  it('prints the day, the team with phones, the totals, one line per household with a signature box, and the changes', async () => {
    const w = await distributionWorld();
    w.onDuty(w.people.lea, '2027-05-20');
    w.onDuty(w.people.hugo, '2027-05-20', { standInSought: true });
    const doc = await buildSheetPdf(sheetOf(w, '2027-05-20'), '2027-05-18');
    expect(doc.filename).to.equal('emargement-2027-05-20.pdf');
    expect(doc.contentType).to.equal('application/pdf');
    const { pages, text: raw } = await readPdf(doc.body);
    const text = raw.replace(/\s+/g, ' ');
    expect(pages).to.have.length(1);
    expect(text).to.contain(AMAP);
    expect(text).to.contain('Feuille d’émargement');
    expect(text).to.contain('jeudi 20 mai 2027, 18 h 30 – 19 h 30, Cour de l’école');
    expect(text).to.contain(
      'Équipe de permanence Léa Martin · 06 11 22 33 44 Hugo Roux · 07 00 00 00 01 · remplaçant·e recherché·e',
    );
    expect(text).to.match(/Fournil du Puy Pain printemps 2027 2 × Pain de campagne/);
    expect(text).to.match(/GAEC des Volcans Légumes printemps 2027 5 × Panier de légumes 1 × Œufs \(douzaine\)/);
    expect(text).to.contain('Émargement : 4 foyers');
    expect(text).to.contain('N° Membre À retirer Note Signature');
    const order = ['ÉDOUARD Émile', 'FABRE Inès', 'MARTIN Léa', 'ROUX Hugo'].map((n) => text.indexOf(n));
    expect(
      order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])),
      String(order),
    ).to.equal(true);
    expect(text).to.match(
      /MARTIN Léa 06 11 22 33 44 Fournil du Puy : 1 × Pain de campagne GAEC des Volcans : 1 × Panier de légumes récupère pour sa voisine/,
    );
    expect(text).to.contain('récupère pour sa voisine');
    expect(text).to.contain('Changements depuis la distribution précédente');
    expect(text).to.contain('GAEC des Volcans — Légumes printemps 2027, depuis la livraison du jeudi 13 mai');
    expect(text).to.contain('Nouvelle souscription : ÉDOUARD Émile — 1 × Panier de légumes');
    expect(text).to.contain('Ne retire rien ce jour : DUPONT Paul — la dernière fois : 2 × Œufs (douzaine)');
    expect(text).to.contain('Souscription annulée : ABEL Zoé — le 15/05/2027');
    expect(text).to.contain(
      'Quantités changées : MARTIN Léa — avant : 2 × Pain de campagne ; maintenant : 1 × Pain de campagne',
    );
    expect(text).to.contain('Reprend : FABRE Inès — 1 × Pain de campagne');
    expect(text).to.contain('Imprimé le 18/05/2027 · page 1 / 1');
  });

  it('numbers the pages of a long sheet and repeats the header row on each', async () => {
    const w = await distributionWorld();
    const a = actor(w.t.ctx, w.adminId);
    for (let i = 0; i < 40; i++) {
      const m = await createMember(w.t.ctx, {
        lastName: `Zz${String(i).padStart(2, '0')}`,
        email: null,
        password: null,
      });
      saveSubscription(
        w.t.ctx,
        a,
        w.legumes.contractId,
        m.id,
        [{ deliveryId: w.legumes.deliveryIds[2], contractProductId: w.legumes.productIds[0], quantity: 1 }],
        null,
      );
    }
    const { pages } = await readPdf((await buildSheetPdf(sheetOf(w, '2027-05-20'), '2027-05-18')).body);
    expect(pages.length).to.be.at.least(3);
    pages.forEach((p, i) => {
      expect(p).to.contain(AMAP);
      expect(p).to.contain(`page ${i + 1} / ${pages.length}`);
    });
    for (const p of pages.slice(1, -1)) expect(p).to.contain('N° Membre À retirer Note Signature');
    expect(pages.join('\n')).to.contain('ZZ39');
  });

  it('as a spreadsheet: frozen header, one column per product, totals as formulas equal to the sum, team and changes', async () => {
    const w = await distributionWorld();
    w.onDuty(w.people.lea, '2027-05-20');
    const doc = await buildSheetXlsx(sheetOf(w, '2027-05-20'));
    expect(doc.filename).to.equal('emargement-2027-05-20.xlsx');
    const wb = await readXlsx(doc.body);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['Émargement', 'Équipe', 'Changements']);
    const ws = wb.getWorksheet('Émargement')!;
    expect(ws.views[0]).to.deep.include({ state: 'frozen', ySplit: 1 });
    expect(rowValues(ws, 1)).to.deep.equal([
      'Nom',
      'Prénom',
      'Téléphone',
      'Fournil du Puy – Pain de campagne',
      'GAEC des Volcans – Panier de légumes',
      'GAEC des Volcans – Œufs (douzaine)',
      'Note',
      'Signature',
    ]);
    const rows = [2, 3, 4, 5].map((r) => Array.from({ length: 7 }, (_, i) => rowValues(ws, r)[i] ?? null));
    expect(rows).to.deep.equal([
      ['Édouard', 'Émile', null, null, 1, null, null],
      ['Fabre', 'Inès', null, 1, null, null, null],
      ['Martin', 'Léa', '06 11 22 33 44', 1, 1, null, 'récupère pour sa voisine'],
      ['Roux', 'Hugo', '07 00 00 00 01', null, 3, 1, null],
    ]);
    const totals = rowValues(ws, 6);
    expect(totals.slice(0, 1)).to.deep.equal(['Total (4 foyers)']);
    expect(totals.slice(3, 6)).to.deep.equal([2, 5, 1]);
    expect((ws.getCell('E6').value as { formula: string }).formula).to.equal('SUM(E2:E5)');
    const team = wb.getWorksheet('Équipe')!;
    expect(rowValues(team, 2).slice(0, 2)).to.deep.equal(['Léa Martin', '06 11 22 33 44']);
    const changes = wb.getWorksheet('Changements')!;
    const kinds = [2, 3, 4, 5, 6].map((r) => rowValues(changes, r).slice(3, 5).join(' '));
    expect(kinds).to.deep.equal([
      'Reprend Fabre',
      'Quantités changées Martin',
      'Nouvelle souscription Édouard',
      'Ne retire rien ce jour Dupont',
      'Souscription annulée Abel',
    ]);
  });
});
