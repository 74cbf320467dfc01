import { expect } from 'chai';
import type request from 'supertest';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, type ContractSetup } from '../support/contracts.js';
import { cheques, memberRoles, producerAccounts } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { readPdf, readXlsx } from '../documents/fixtures.js';

/**
 * Who downloads which document (issue "Syntheses and documents"): referents their producers',
 * a producer's account its own contracts' (never a bank detail), the treasurer and admins all,
 * a member their own agreement and statement only.
 */
interface World {
  t: TestApp;
  veg: ContractSetup;
  bread: ContractSetup;
  /** A contract of Rémi's nobody subscribed to. */
  empty: ContractSetup;
  ids: { lea: number; zoe: number };
}

async function world(): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const remi = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Légumes', email: 'remi@exemple.fr' });
  const berthe = await createMember(t.ctx, { firstName: 'Berthe', lastName: 'Pain', email: 'berthe@exemple.fr' });
  const farmer = await createMember(t.ctx, { firstName: 'Jean', lastName: 'Volcans', email: 'ferme@exemple.fr' });
  const treasurer = await createMember(t.ctx, { firstName: 'Tom', lastName: 'Trésor', email: 'tresor@exemple.fr' });
  t.db.insert(memberRoles).values({ memberId: treasurer.id, role: 'treasurer' }).run();
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const zoe = await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Roux', email: 'zoe@exemple.fr' });
  const vegProducer = createProducer(t.ctx, { name: 'GAEC des Volcans', referentIds: [remi.id] });
  const breadProducer = createProducer(t.ctx, { name: 'Fournil du Puy', referentIds: [berthe.id] });
  t.db.insert(producerAccounts).values({ producerId: vegProducer, memberId: farmer.id }).run();
  const veg = setupContract(t.ctx, remi.id, { producerId: vegProducer });
  // Another of Rémi's producers (a second contract of the same name would be the same contract).
  const fruit = createProducer(t.ctx, { name: 'Vergers de Limagne', referentIds: [remi.id] });
  const empty = setupContract(t.ctx, remi.id, { producerId: fruit });
  const bread = setupContract(t.ctx, berthe.id, {
    producerId: breadProducer,
    products: [{ name: 'Pain de campagne', unit: 'kg', priceCents: 400 }],
  });
  const every = (c: ContractSetup) =>
    c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[0], quantity: 1 }));
  const leaVeg = saveSubscription(t.ctx, actor(t.ctx, lea.id), veg.contractId, lea.id, every(veg), null);
  saveSubscription(t.ctx, actor(t.ctx, zoe.id), bread.contractId, zoe.id, every(bread), null);
  const first = t.db.select({ id: cheques.id }).from(cheques).where(eq(cheques.subscriptionId, leaVeg)).all()[0];
  receiveCheques(t.ctx, actor(t.ctx, treasurer.id), [{ chequeId: first.id, bank: 'Crédit Mutuel', number: '7654321' }]);
  return { t, veg, bread, empty, ids: { lea: lea.id, zoe: zoe.id } };
}

/** GET a document as its bytes. */
function download(agent: request.Agent, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

/** Every document of a contract that referents and producers download. */
function contractDocuments(c: ContractSetup): string[] {
  const base = `/gestion/contrats/${c.contractId}`;
  return [
    `${base}/synthese.pdf`,
    `${base}/synthese.xlsx`,
    `${base}/feuille-livraison.pdf?du=2027-01-07`,
    `${base}/feuille-livraison.xlsx?du=2027-01-07&au=2027-01-21`,
    `${base}/souscripteurs.csv`,
    `${base}/souscripteurs.xlsx`,
    `${base}/contrats.pdf`,
    `${base}/bordereau-collecte.pdf`,
    `${base}/cheques.xlsx`,
  ];
}

/** All the text inside a PDF, an XLSX or a CSV. */
async function contentOf(path: string, body: Buffer): Promise<string> {
  if (path.includes('.pdf')) return (await readPdf(body)).text;
  if (path.includes('.csv')) return body.toString('utf8');
  const values: string[] = [];
  (await readXlsx(body)).eachSheet((ws) =>
    ws.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value)))),
  );
  return values.join('\n');
}

describe('documents: who downloads what', () => {
  let w: World;
  before(async () => {
    w = await world();
  });

  it('the bread referent gets 403 on every vegetables document, and her own bread ones', async () => {
    const berthe = await loginAs(w.t, 'berthe@exemple.fr', PASSWORD);
    for (const path of contractDocuments(w.veg)) expect((await berthe.get(path)).status, path).to.equal(403);
    expect(
      (await berthe.get(`/gestion/contrats/${w.veg.contractId}/membres/${w.ids.lea}/contrat.pdf`)).status,
    ).to.equal(403);
    for (const path of contractDocuments(w.bread)) expect((await berthe.get(path)).status, path).to.equal(200);
  });

  it('a producer’s account downloads its own contracts’ documents, without any bank detail, and none of another producer', async () => {
    const farmer = await loginAs(w.t, 'ferme@exemple.fr', PASSWORD);
    for (const path of contractDocuments(w.veg)) {
      const res = await download(farmer, path);
      expect(res.status, path).to.equal(200);
      const content = await contentOf(path, res.body as Buffer);
      expect(content, path).to.match(/martin/i);
      expect(content, path).to.not.contain('Crédit Mutuel');
      expect(content, path).to.not.contain('7654321');
    }
    for (const path of contractDocuments(w.bread)) expect((await farmer.get(path)).status, path).to.equal(403);
    // The treasurer reads the bank details the producer may not.
    const treasurer = await loginAs(w.t, 'tresor@exemple.fr', PASSWORD);
    const path = `/gestion/contrats/${w.veg.contractId}/cheques.xlsx`;
    expect(await contentOf(path, (await download(treasurer, path)).body as Buffer)).to.contain('Crédit Mutuel');
    for (const p of contractDocuments(w.bread)) expect((await treasurer.get(p)).status, p).to.equal(200);
  });

  it('a member downloads their own agreement and statement only', async () => {
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    const own = await download(lea, `/mes-contrats/${w.veg.contractId}/contrat.pdf`);
    expect(own.status).to.equal(200);
    expect((await readPdf(own.body as Buffer)).text).to.contain('Léa Martin');
    // Not subscribed to bread: there is no agreement of hers to print.
    expect((await lea.get(`/mes-contrats/${w.bread.contractId}/contrat.pdf`)).status).to.equal(404);
    expect((await lea.get(`/gestion/contrats/${w.bread.contractId}/membres/${w.ids.zoe}/contrat.pdf`)).status).to.equal(
      403,
    );
    for (const path of contractDocuments(w.veg)) expect((await lea.get(path)).status, path).to.equal(403);
    const statement = await download(lea, '/mes-paiements/recapitulatif.pdf');
    expect(statement.status).to.equal(200);
    const read = (await readPdf(statement.body as Buffer)).text;
    expect(read).to.contain('Léa Martin');
    expect(read).to.not.contain('Zoé');
    // Zoé's bread contract is no statement of Léa's.
    expect((await lea.get(`/mes-paiements/recapitulatif.pdf?contrat=${w.bread.contractId}`)).status).to.equal(404);
  });

  it('an empty contract’s documents say nobody subscribed', async () => {
    const remi = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    const base = `/gestion/contrats/${w.empty.contractId}`;
    for (const path of [`${base}/synthese.pdf`, `${base}/synthese.xlsx`, `${base}/contrats.pdf`]) {
      const res = await download(remi, path);
      expect(res.status, path).to.equal(200);
      expect(await contentOf(path, res.body as Buffer), path).to.match(/Aucun membre n’a souscrit|personne/i);
    }
  });
});
