import { expect } from 'chai';
import type request from 'supertest';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import { producerAccounts } from '../../server/db/schema/index.js';
import { handOver, readPdf, readXlsx, receive } from '../documents/fixtures.js';

/** GETs a file and keeps its bytes, whatever its type. */
function download(agent: request.Agent, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

interface World {
  t: TestApp;
  c: ContractSetup;
  handoverId: number;
  as: Record<'admin' | 'treasurer' | 'referent' | 'otherReferent' | 'producer' | 'member', request.Agent>;
}

/** One contract with two subscribers, January's cheques received and handed over; one agent per kind of account. */
async function world(): Promise<World> {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  await createMember(t.ctx, {
    firstName: 'Thérèse',
    lastName: 'Trésor',
    email: 'tresor@exemple.fr',
    roles: ['treasurer'],
  });
  const referent = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const other = await createMember(t.ctx, { firstName: 'Otto', lastName: 'Autre', email: 'otto@exemple.fr' });
  const producerAccount = await createMember(t.ctx, {
    firstName: 'Paula',
    lastName: 'Productrice',
    email: 'paula@exemple.fr',
  });
  await createMember(t.ctx, { firstName: 'Marie', lastName: 'Membre', email: 'marie@exemple.fr' });
  const producerId = createProducer(t.ctx, { name: 'GAEC des Volcans', referentIds: [referent.id] });
  createProducer(t.ctx, { name: 'Fournil du Puy', referentIds: [other.id] });
  t.db.insert(producerAccounts).values({ producerId, memberId: producerAccount.id }).run();
  const c = setupContract(t.ctx, referent.id, { producerId });
  const subscriber = async (firstName: string, lastName: string) => {
    const m = await createMember(t.ctx, { firstName, lastName, password: null, email: null });
    return subscribeEveryDelivery(t.ctx, c, m.id, { by: admin.id });
  };
  const zoe = await subscriber('Zoé', 'Martin');
  const paul = await subscriber('Paul', 'Dupont');
  receive(t, zoe, c.paymentDateIds[0], 'La Poste', '1234567');
  receive(t, paul, c.paymentDateIds[0]);
  const handoverId = handOver(t, c.contractId, c.paymentDateIds[0], admin.id, '2027-01-08');
  const login = (email: string) => loginAs(t, email, PASSWORD);
  return {
    t,
    c,
    handoverId,
    as: {
      admin: await login('alice@exemple.fr'),
      treasurer: await login('tresor@exemple.fr'),
      referent: await login('remi@exemple.fr'),
      otherReferent: await login('otto@exemple.fr'),
      producer: await login('paula@exemple.fr'),
      member: await login('marie@exemple.fr'),
    },
  };
}

describe('reports: contract documents', () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  it('gives the collection slip (PDF) and the cheque report (xlsx) to treasurer, admin, the producer’s referents and the producer', async () => {
    const base = `/gestion/contrats/${w.c.contractId}`;
    for (const who of ['admin', 'treasurer', 'referent', 'producer'] as const) {
      const pdf = await download(w.as[who], `${base}/bordereau-collecte.pdf`);
      expect(pdf.status, who).to.equal(200);
      expect(pdf.headers['content-type']).to.equal('application/pdf');
      expect(pdf.headers['content-disposition']).to.equal(
        'attachment; filename="bordereau-collecte-legumes-ete-2027.pdf"',
      );
      const xlsx = await download(w.as[who], `${base}/cheques.xlsx`);
      expect(xlsx.status, who).to.equal(200);
      expect(xlsx.headers['content-type']).to.equal(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.headers['content-disposition']).to.equal('attachment; filename="cheques-legumes-ete-2027.xlsx"');
    }
    const { text } = await readPdf((await download(w.as.referent, `${base}/bordereau-collecte.pdf`)).body as Buffer);
    expect(text).to.contain('AMAP de Test');
    expect(text).to.contain('DUPONT Paul');
    expect(text).to.contain('MARTIN Zoé');
    expect(text).to.contain('Imprimé le 28/11/2026');
    const wb = await readXlsx((await download(w.as.producer, `${base}/cheques.xlsx`)).body as Buffer);
    expect(wb.getWorksheet('Grille')!.getCell('A2').value).to.equal('Dupont');
  });

  it('shows banks and cheque numbers in the cheque report to who handles the money, not to the producer’s account', async () => {
    const base = `/gestion/contrats/${w.c.contractId}`;
    const chequesSheet = async (who: keyof World['as']) => {
      const wb = await readXlsx((await download(w.as[who], `${base}/cheques.xlsx`)).body as Buffer);
      const values: unknown[] = [];
      wb.getWorksheet('Chèques')!.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
      return values;
    };
    for (const who of ['admin', 'treasurer', 'referent'] as const) {
      expect(await chequesSheet(who), who).to.include.members(['La Poste', '1234567']);
    }
    const producer = await chequesSheet('producer');
    expect(producer).to.include('Martin');
    expect(producer).not.to.include('La Poste');
    expect(producer).not.to.include('1234567');
  });

  it('refuses other referents and plain members (403), sends visitors to log in, and 404s an unknown contract', async () => {
    const base = `/gestion/contrats/${w.c.contractId}`;
    for (const path of ['bordereau-collecte.pdf', 'cheques.xlsx']) {
      expect((await w.as.otherReferent.get(`${base}/${path}`)).status, path).to.equal(403);
      expect((await w.as.member.get(`${base}/${path}`)).status, path).to.equal(403);
      const anonymous = await w.t.agent().get(`${base}/${path}`);
      expect(anonymous.status).to.equal(302);
      expect(anonymous.headers.location).to.equal('/connexion');
      expect((await w.as.treasurer.get(`/gestion/contrats/${w.c.contractId + 100}/${path}`)).status, path).to.equal(
        404,
      );
      expect((await w.as.treasurer.get(`/gestion/contrats/abc/${path}`)).status, path).to.equal(404);
    }
  });
});

describe('reports: handover slip', () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  it('gives the slip to treasurer, admin and the producer’s referents', async () => {
    for (const who of ['treasurer', 'admin', 'referent'] as const) {
      const res = await download(w.as[who], `/tresorerie/remises/${w.handoverId}/bordereau.pdf`);
      expect(res.status, who).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/pdf');
      expect(res.headers['content-disposition']).to.equal(
        'attachment; filename="bordereau-remise-legumes-ete-2027-2027-01.pdf"',
      );
    }
    const res = await download(w.as.treasurer, `/tresorerie/remises/${w.handoverId}/bordereau.pdf`);
    const { text } = await readPdf(res.body as Buffer);
    expect(text).to.contain('AMAP de Test');
    expect(text).to.contain('Bordereau de remise de chèques');
    expect(text).to.match(/MARTIN Zoé La Poste 1234567 60,00 €/);
    expect(text).to.match(/Total 2 chèques 120,00 €/);
  });

  it('refuses other referents, the producer’s account and plain members; 404 for an unknown handover', async () => {
    for (const who of ['otherReferent', 'producer', 'member'] as const) {
      expect((await w.as[who].get(`/tresorerie/remises/${w.handoverId}/bordereau.pdf`)).status, who).to.equal(403);
    }
    expect((await w.as.treasurer.get(`/tresorerie/remises/${w.handoverId + 100}/bordereau.pdf`)).status).to.equal(404);
    expect((await w.t.agent().get(`/tresorerie/remises/${w.handoverId}/bordereau.pdf`)).headers.location).to.equal(
      '/connexion',
    );
  });
});

describe('reports: treasury exports', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  const paths = ['cheques.xlsx', 'cheques.csv', 'adhesions.xlsx', 'adhesions.csv'];

  it('are for treasurers and administrators only', async () => {
    for (const path of paths) {
      for (const who of ['treasurer', 'admin'] as const) {
        const res = await download(w.as[who], `/tresorerie/exports/${path}`);
        expect(res.status, `${who} ${path}`).to.equal(200);
        expect(res.headers['content-disposition']).to.match(
          new RegExp(`^attachment; filename="[a-z0-9-]+\\.${path.split('.')[1]}"$`),
        );
      }
      for (const who of ['referent', 'producer', 'member'] as const) {
        expect((await w.as[who].get(`/tresorerie/exports/${path}`)).status, `${who} ${path}`).to.equal(403);
      }
    }
    const csv = await download(w.as.treasurer, '/tresorerie/exports/cheques.csv');
    expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).to.equal('attachment; filename="cheques-2026-11-28.csv"');
    const body = csv.body as Buffer;
    expect(body.toString('utf8')).to.match(/^\uFEFFProducteur;Contrat;Nom;/);
    expect(body.toString('utf8')).to.contain(
      'GAEC des Volcans;Légumes été 2027;Martin;Zoé;05/01/2027;60,00;remis au producteur;La Poste;1234567;03/12/2026;08/01/2027',
    );
  });

  it('give the members list (CSV) to administrators only', async () => {
    expect((await download(w.as.admin, '/admin/membres/export.csv')).status).to.equal(200);
    for (const who of ['treasurer', 'referent', 'producer', 'member'] as const) {
      expect((await w.as[who].get('/admin/membres/export.csv')).status, who).to.equal(403);
    }
  });

  it('404s the memberships of an unknown period', async () => {
    expect((await w.as.treasurer.get('/tresorerie/exports/adhesions.xlsx?periode=999')).status).to.equal(404);
    expect((await w.as.treasurer.get('/tresorerie/exports/adhesions.csv?periode=abc')).status).to.equal(404);
  });
});
