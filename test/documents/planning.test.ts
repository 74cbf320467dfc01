import { expect } from 'chai';
import { getDocumentProxy } from 'unpdf';
import { distributionDays, dutyRoles } from '../../server/db/schema/index.js';
import { planningData, addMonths, monthBounds, parseMonth } from '../../server/documents/planning.data.js';
import { build as buildPlanningPdf } from '../../server/documents/planning.pdf.js';
import { monthGridData } from '../../server/documents/sign-in-sheet.month.data.js';
import { build as buildGridPdf } from '../../server/documents/sign-in-sheet.month.pdf.js';
import { dayDefaults } from '../../server/features/settings/settings.service.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { createMember } from '../support/factories.js';
import { actor } from '../support/contracts.js';
import { distributionWorld, type DistributionWorld } from './distribution-fixtures.js';
import { readPdf } from './fixtures.js';
import { countStatements } from './statements.js';

const AMAP = 'AMAP des Volcans';

/**
 * The known month, with 13 May given two roles by hand ("Ouverture" 1 place, "Accueil et
 * émargement" 2) and 27 May cancelled.
 */
async function month(): Promise<DistributionWorld> {
  const w = await distributionWorld();
  const now = '2027-04-20T10:00:00.000Z';
  w.t.db
    .insert(distributionDays)
    .values([
      { on: '2027-05-13', customRoles: true, note: 'Entrée par le portail arrière', updatedAt: now },
      { on: '2027-05-27', cancelledAt: now, cancelReason: 'Pont de l’Ascension', updatedAt: now },
    ])
    .run();
  w.t.db
    .insert(dutyRoles)
    .values([
      { dayOn: '2027-05-13', name: 'Ouverture', places: 1, position: 0 },
      { dayOn: '2027-05-13', name: 'Accueil et émargement', places: 2, position: 1 },
    ])
    .run();
  w.onDuty(w.people.paul, '2027-05-06');
  w.onDuty(w.people.ines, '2027-05-06');
  w.onDuty(w.people.lea, '2027-05-13', { role: 'Ouverture' });
  w.onDuty(w.people.hugo, '2027-05-13', { role: 'Accueil et émargement', standInSought: true });
  w.onDuty(w.people.emile, '2027-05-20');
  return w;
}

const defaults = (w: DistributionWorld) => ({ ...dayDefaults(w.t.ctx), place: 'Cour de l’école' });

describe('monthly planning (data and PDF)', () => {
  it('reads each day with its deliveries and their products, the duty team by role and the open places', async () => {
    const w = await month();
    const data = planningData(w.t.db, '2027-05', defaults(w), AMAP);
    expect(data).to.deep.include({ month: '2027-05', previousMonth: '2027-04', nextMonth: '2027-06' });
    expect(data.days.map((d) => [d.on, d.openPlaces, d.cancelled])).to.deep.equal([
      ['2027-05-06', 1, false],
      ['2027-05-13', 1, false],
      ['2027-05-20', 2, false],
      ['2027-05-27', 3, true],
    ]);
    const may13 = data.days[1];
    expect(may13.deliveries).to.deep.equal([
      {
        producerName: 'GAEC des Volcans',
        contractName: 'Légumes printemps 2027',
        products: ['Panier de légumes', 'Œufs'],
      },
    ]);
    expect(may13.roles.map((r) => [r.name, r.people.map((p) => p.name), r.open])).to.deep.equal([
      ['Ouverture', ['Léa Martin'], 0],
      ['Accueil et émargement', ['Hugo Roux'], 1],
    ]);
    expect(data.days[2].deliveries.map((d) => `${d.producerName}: ${d.products.join(', ')}`)).to.deep.equal([
      'Fournil du Puy: Pain de campagne',
      'GAEC des Volcans: Panier de légumes, Œufs',
    ]);
  });

  it('prints every day and every duty name on one A4 landscape page (planning-2027-05.pdf)', async () => {
    const w = await month();
    const doc = await buildPlanningPdf(planningData(w.t.db, '2027-05', defaults(w), AMAP), '2027-04-28');
    expect(doc.filename).to.equal('planning-2027-05.pdf');
    const { pages, text: raw } = await readPdf(doc.body);
    const text = raw.replace(/\s+/g, ' ');
    expect(pages).to.have.length(1);
    const page = await (await getDocumentProxy(new Uint8Array(doc.body))).getPage(1);
    const { width, height } = page.getViewport({ scale: 1 });
    expect(width).to.be.greaterThan(height);
    expect(text).to.contain(AMAP);
    expect(text).to.contain('Planning de mai 2027');
    expect(text).to.contain('Date Horaires et lieu Livraisons Permanence Places libres');
    for (const day of ['jeudi 6 mai 2027', 'jeudi 13 mai 2027', 'jeudi 20 mai 2027', 'jeudi 27 mai 2027'])
      expect(text).to.contain(day);
    for (const name of ['Paul Dupont', 'Inès Fabre', 'Léa Martin', 'Hugo Roux', 'Émile Édouard'])
      expect(text).to.contain(name);
    expect(text).to.contain('Ouverture : Léa Martin');
    expect(text).to.contain('Accueil et émargement : Hugo Roux (remplaçant·e recherché·e) · 1 place libre');
    expect(text).to.contain('Entrée par le portail arrière');
    expect(text).to.contain('ANNULÉE : Pont de l’Ascension');
    expect(text).to.contain('GAEC des Volcans (Panier de légumes, Œufs)');
    expect(text).to.contain('Fournil du Puy (Pain de campagne)');
    expect(text).to.contain('18 h 30 – 19 h 30 Cour de l’école');
    expect(text).to.contain('2 places libres');
    expect(text).to.contain('Imprimé le 28/04/2027 · page 1 / 1');
  });

  it('runs the same number of statements for 6 members as for 36', async () => {
    const w = await month();
    const few = countStatements(w.t.db, () => planningData(w.t.db, '2027-05', defaults(w), AMAP));
    const fewGrid = countStatements(w.t.db, () => monthGridData(w.t.db, '2027-05', defaults(w), AMAP));
    const a = actor(w.t.ctx, w.adminId);
    for (let i = 0; i < 30; i++) {
      const m = await createMember(w.t.ctx, { email: null, password: null });
      const lines = w.legumes.deliveryIds.map((deliveryId) => ({
        deliveryId,
        contractProductId: w.legumes.productIds[1],
        quantity: 1,
      }));
      saveSubscription(w.t.ctx, a, w.legumes.contractId, m.id, lines, null);
      w.onDuty(m.id, i % 2 ? '2027-05-06' : '2027-05-20');
    }
    expect(countStatements(w.t.db, () => planningData(w.t.db, '2027-05', defaults(w), AMAP))).to.equal(few);
    expect(countStatements(w.t.db, () => monthGridData(w.t.db, '2027-05', defaults(w), AMAP))).to.equal(fewGrid);
    expect(few).to.be.at.most(6);
  });

  it('reads months from URLs and walks across years', () => {
    expect(['2027-05', '2027-12', '2027-13', '2027-00', 'abc', '2027-5', 5].map(parseMonth)).to.deep.equal([
      '2027-05',
      '2027-12',
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(addMonths('2027-12', 1)).to.equal('2028-01');
    expect(addMonths('2027-01', -1)).to.equal('2026-12');
    expect(monthBounds('2028-02')).to.deep.equal({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('monthly sign-in grid (emargement-2027-05.pdf)', () => {
  it('has one row per household and one column per day of the month, with what each collects', async () => {
    const w = await month();
    const data = monthGridData(w.t.db, '2027-05', defaults(w), AMAP);
    // The cancelled 27th is left out; so is Zoé, whose cancelled subscription took its quantities away.
    expect(data.days.map((d) => d.on)).to.deep.equal(['2027-05-06', '2027-05-13', '2027-05-20']);
    expect(data.rows.map((r) => r.lastName)).to.deep.equal(['Dupont', 'Édouard', 'Fabre', 'Martin', 'Roux']);
    const lea = data.rows.find((r) => r.memberId === w.people.lea)!;
    expect(lea.cells.map((c) => c.flatMap((k) => k.items.map((i) => `${i.quantity} ${i.productName}`)))).to.deep.equal([
      ['2 Pain de campagne', '1 Panier de légumes'],
      ['1 Panier de légumes'],
      ['1 Pain de campagne', '1 Panier de légumes'],
    ]);
    expect(data.dutyMemberIds).to.include.members([w.people.paul, w.people.lea, w.people.emile]);

    const doc = await buildGridPdf(data, '2027-04-28');
    expect(doc.filename).to.equal('emargement-2027-05.pdf');
    const { pages, text: raw } = await readPdf(doc.body);
    const text = raw.replace(/\s+/g, ' ');
    expect(pages).to.have.length(1);
    expect(text).to.contain('Feuille d’émargement — mai 2027');
    expect(text).to.contain('18 h 30 – 19 h 30, Cour de l’école');
    expect(text).to.contain('Membre jeu. 6 mai jeu. 13 mai jeu. 20 mai');
    expect(text).to.contain('MARTIN Léa 06 11 22 33 44 récupère pour sa voisine');
    expect(text).to.contain('5 foyers 3 3 4');
    expect(text).to.contain('Imprimé le 28/04/2027 · page 1 / 1');
  });
});
