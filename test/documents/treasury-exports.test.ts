import { expect } from 'chai';
import { allChequesData } from '../../server/documents/all-cheques.data.js';
import { build as buildAllChequesXlsx } from '../../server/documents/all-cheques.xlsx.js';
import { build as buildAllChequesCsv } from '../../server/documents/all-cheques.csv.js';
import { membershipsExportData } from '../../server/documents/memberships.data.js';
import { build as buildMembershipsXlsx } from '../../server/documents/memberships.xlsx.js';
import { build as buildMembershipsCsv } from '../../server/documents/memberships.csv.js';
import { membershipPeriods, memberships } from '../../server/db/schema/index.js';
import { readCsv } from '../../server/lib/csv.js';
import { EURO_FORMAT } from '../../server/lib/xlsx.js';
import { createMember } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { docWorld, handOver, readXlsx, receive, rowValues } from './fixtures.js';

const plain = (s: unknown) => String(s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('treasury export of every cheque (xlsx, csv)', () => {
  async function world() {
    const w = await docWorld();
    const [jan] = w.c.paymentDateIds;
    const zoe = await w.subscribe('Zoé', 'Martin', 2);
    const emile = await w.subscribe('Émile', 'Édouard');
    receive(w.t, zoe.subscriptionId, jan, 'Crédit Agricole', '0001234');
    receive(w.t, emile.subscriptionId, jan);
    handOver(w.t, w.c.contractId, jan, w.adminId, '2027-01-08');
    // a second producer's contract, same dates: the export spans the whole AMAP
    const bread = setupContract(w.t.ctx, w.adminId, {
      producerId: createProducer(w.t.ctx, { name: 'Fournil du Puy' }),
      products: [{ name: 'Pain', unit: 'pain', priceCents: 450 }],
    });
    const m = await createMember(w.t.ctx, { firstName: 'Bruno', lastName: 'Boulanger', password: null, email: null });
    subscribeEveryDelivery(w.t.ctx, bread, m.id, { by: w.adminId });
    return w;
  }

  it('reads every cheque in one set: contract, producer, member, date, amount, status, bank, number, handover day', async () => {
    const w = await world();
    const rows = allChequesData(w.t.db);
    expect(rows).to.have.length(9);
    expect(rows.map((r) => r.dueOn)).to.deep.equal([...rows.map((r) => r.dueOn)].sort());
    expect(rows.find((r) => r.lastName === 'Martin' && r.dueOn === '2027-01-05')).to.deep.equal({
      producerName: 'GAEC des Volcans',
      contractName: 'Légumes été 2027',
      lastName: 'Martin',
      firstName: 'Zoé',
      dueOn: '2027-01-05',
      amountCents: 12000,
      status: 'handed_over',
      bank: 'Crédit Agricole',
      number: '0001234',
      receivedOn: '2026-12-03',
      handedOverOn: '2027-01-08',
    });
    expect(rows.filter((r) => r.producerName === 'Fournil du Puy').map((r) => r.amountCents)).to.deep.equal([
      1800, 1800, 1800,
    ]);
  });

  it('as xlsx: frozen bold header, euro amounts, French statuses, a totals row and counts per status', async () => {
    const w = await world();
    const doc = await buildAllChequesXlsx(allChequesData(w.t.db), '2026-11-28');
    expect(doc.filename).to.equal('cheques-2026-11-28.xlsx');
    const ws = (await readXlsx(doc.body)).getWorksheet('Chèques')!;
    expect(ws.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).to.equal(true);
    expect(rowValues(ws, 1)).to.deep.equal([
      'Producteur',
      'Contrat',
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
    const rows = Array.from({ length: 9 }, (_, i) => rowValues(ws, i + 2));
    const zoeJan = rows.find((r) => r[2] === 'Martin' && r[6] === 'remis au producteur')!;
    expect(zoeJan.slice(0, 4)).to.deep.equal(['GAEC des Volcans', 'Légumes été 2027', 'Martin', 'Zoé']);
    expect(zoeJan[5]).to.equal(120);
    expect((zoeJan[10] as Date).toISOString().slice(0, 10)).to.equal('2027-01-08');
    expect(rows.filter((r) => r[6] === 'promis')).to.have.length(7);
    expect(ws.getCell('F2').numFmt).to.equal(EURO_FORMAT);
    expect(ws.getCell('E2').numFmt).to.equal('dd/mm/yyyy');
    const total = rowValues(ws, 11);
    expect(total[0]).to.equal('Total (9 chèques, hors annulés et rendus)');
    expect(total[5]).to.equal(594); // 3 × 120 + 3 × 60 + 3 × 18
    expect(ws.getCell('F11').numFmt).to.equal(EURO_FORMAT);
    const notes = [13, 14].map((r) => plain(rowValues(ws, r)[0]));
    expect(notes).to.deep.equal(['promis : 7 chèques, 414,00 €', 'remis au producteur : 2 chèques, 180,00 €']);
  });

  it('as csv: BOM, `;`, French decimals and dates, readable back', async () => {
    const w = await world();
    const doc = buildAllChequesCsv(allChequesData(w.t.db), '2026-11-28');
    expect(doc.filename).to.equal('cheques-2026-11-28.csv');
    expect(doc.contentType).to.equal('text/csv; charset=utf-8');
    expect([...doc.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = doc.body.toString('utf8');
    expect(text.split('\r\n')[0]).to.equal(
      '\uFEFFProducteur;Contrat;Nom;Prénom;Échéance;Montant;Statut;Banque;N° de chèque;Reçu le;Remis le',
    );
    const [header, ...rows] = readCsv(doc.body);
    expect(header[5]).to.equal('Montant');
    expect(rows).to.have.length(9);
    expect(rows).to.deep.include([
      'GAEC des Volcans',
      'Légumes été 2027',
      'Martin',
      'Zoé',
      '05/01/2027',
      '120,00',
      'remis au producteur',
      'Crédit Agricole',
      '0001234',
      '03/12/2026',
      '08/01/2027',
    ]);
    expect(rows).to.deep.include([
      'Fournil du Puy',
      'Légumes été 2027',
      'Boulanger',
      'Bruno',
      '05/03/2027',
      '18,00',
      'promis',
      '',
      '',
      '',
      '',
    ]);
  });
});

describe('memberships export (xlsx, csv)', () => {
  async function world() {
    const w = await docWorld();
    const now = '2026-11-28T10:00:00.000Z';
    const period = (name: string, startsOn: string) =>
      w.t.db
        .insert(membershipPeriods)
        .values({
          name,
          startsOn,
          endsOn: `${Number(startsOn.slice(0, 4)) + 1}-08-31`,
          opensOn: startsOn,
          closesOn: startsOn,
          minimumCents: 1000,
          suggestedCents: 2000,
          payee: 'AMAP des Volcans',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: membershipPeriods.id })
        .get().id;
    const p2026 = period('Saison 2026-2027', '2026-09-01');
    const p2025 = period('Saison 2025-2026', '2025-09-01');
    const add = async (
      periodId: number,
      firstName: string,
      lastName: string,
      amountCents: number,
      method: 'cheque' | 'cash' | 'transfer',
      receivedAt: string | null,
    ) => {
      const m = await createMember(w.t.ctx, {
        firstName,
        lastName,
        password: null,
        email: `${firstName.toLowerCase()}@exemple.fr`,
      });
      w.t.db
        .insert(memberships)
        .values({
          periodId,
          memberId: m.id,
          amountCents,
          method,
          status: receivedAt ? 'received' : 'promised',
          receivedAt,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    };
    await add(p2026, 'Zoe', 'Martin', 2000, 'cheque', '2026-09-10T17:00:00.000Z');
    await add(p2026, 'Emile', 'Édouard', 1500, 'cash', null);
    await add(p2026, 'Ines', 'Fabre', 2500, 'transfer', '2026-10-02T08:00:00.000Z');
    await add(p2025, 'Paul', 'Dupont', 1000, 'cheque', '2025-09-12T17:00:00.000Z');
    return { w, p2026, p2025 };
  }

  it('exports one period by member name with French method and status, totals and received vs to receive', async () => {
    const { w, p2026 } = await world();
    const data = membershipsExportData(w.t.db, p2026)!;
    expect(data.periodName).to.equal('Saison 2026-2027');
    expect(data.rows.map((r) => r.lastName)).to.deep.equal(['Édouard', 'Fabre', 'Martin']);

    const doc = await buildMembershipsXlsx(data);
    expect(doc.filename).to.equal('adhesions-saison-2026-2027.xlsx');
    const ws = (await readXlsx(doc.body)).getWorksheet('Adhésions')!;
    expect(ws.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).to.equal(true);
    expect(rowValues(ws, 1)).to.deep.equal([
      'Période',
      'Nom',
      'Prénom',
      'E-mail',
      'Montant',
      'Mode de paiement',
      'Statut',
      'Reçue le',
    ]);
    expect(rowValues(ws, 2).slice(0, 7)).to.deep.equal([
      'Saison 2026-2027',
      'Édouard',
      'Emile',
      'emile@exemple.fr',
      15,
      'espèces',
      'à recevoir',
    ]);
    expect(rowValues(ws, 3).slice(4, 7)).to.deep.equal([25, 'virement', 'reçue']);
    expect((rowValues(ws, 4)[7] as Date).toISOString().slice(0, 10)).to.equal('2026-09-10');
    expect(ws.getCell('E2').numFmt).to.equal(EURO_FORMAT);
    expect(rowValues(ws, 5)[0]).to.equal('Total (3 adhésions)');
    expect(rowValues(ws, 5)[4]).to.equal(60);
    expect(ws.getCell('E5').value).to.deep.include({ formula: 'SUM(E2:E4)' });
    expect([7, 8].map((r) => plain(rowValues(ws, r)[0]))).to.deep.equal([
      'Reçues : 2, 45,00 €',
      'À recevoir : 1, 15,00 €',
    ]);

    const csv = buildMembershipsCsv(data);
    expect(csv.filename).to.equal('adhesions-saison-2026-2027.csv');
    expect([...csv.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(csv.body.toString('utf8')).to.contain(
      'Saison 2026-2027;Martin;Zoe;zoe@exemple.fr;20,00;chèque;reçue;10/09/2026\r\n',
    );
    expect(readCsv(csv.body)).to.deep.equal([
      ['Période', 'Nom', 'Prénom', 'E-mail', 'Montant', 'Mode de paiement', 'Statut', 'Reçue le'],
      ['Saison 2026-2027', 'Édouard', 'Emile', 'emile@exemple.fr', '15,00', 'espèces', 'à recevoir', ''],
      ['Saison 2026-2027', 'Fabre', 'Ines', 'ines@exemple.fr', '25,00', 'virement', 'reçue', '02/10/2026'],
      ['Saison 2026-2027', 'Martin', 'Zoe', 'zoe@exemple.fr', '20,00', 'chèque', 'reçue', '10/09/2026'],
    ]);
  });

  it('exports every period, latest first, and is null for an unknown period', async () => {
    const { w, p2026, p2025 } = await world();
    const all = membershipsExportData(w.t.db)!;
    expect(all.periodName).to.equal(null);
    expect(all.rows.map((r) => `${r.periodName}/${r.lastName}`)).to.deep.equal([
      'Saison 2026-2027/Édouard',
      'Saison 2026-2027/Fabre',
      'Saison 2026-2027/Martin',
      'Saison 2025-2026/Dupont',
    ]);
    expect(buildMembershipsCsv(all).filename).to.equal('adhesions-toutes-periodes.csv');
    expect(membershipsExportData(w.t.db, p2026 + p2025 + 10)).to.equal(null);
  });
});
