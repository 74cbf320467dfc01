import { expect } from 'chai';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import { readPdf } from '../documents/fixtures.js';
import { text } from '../support/text.js';

interface World {
  t: TestApp;
  c: ContractSetup;
  lea: number;
  paul: number;
  base: string;
}

/** Léa Martin subscribes one bread loaf every Thursday of January–March 2027 (12 deliveries). */
async function world(): Promise<World> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { name: 'Fournil du Puy', referentIds: [ref.id] });
  const c = setupContract(t.ctx, ref.id, {
    producerId,
    products: [{ name: 'Pain de campagne', unit: 'pain', priceCents: 450 }],
  });
  const lea = (await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' })).id;
  const paul = (await createMember(t.ctx, { firstName: 'Paul', lastName: 'Roux', email: 'paul@exemple.fr' })).id;
  subscribeEveryDelivery(t.ctx, c, lea);
  return { t, c, lea, paul, base: `/contrats/${c.contractId}` };
}

async function share(agent: request.Agent, w: World, fields: Record<string, string | string[]>) {
  const url = `${w.base}/panier-partage`;
  const page = await agent.get(url);
  expect(page.status).to.equal(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: csrf, coMemberEmail: 'paul@exemple.fr', ...fields });
}

async function pdf(agent: request.Agent, url: string): Promise<string> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(res.status).to.equal(200);
  return (await readPdf(res.body as Buffer)).text;
}

/** The sign-in sheet's lines naming Léa or Paul, joined: who stands at the table that day. */
async function sheetNames(agent: request.Agent, day: string): Promise<string> {
  const sheet = await pdf(agent, `/distributions/${day}/emargement.pdf`);
  return sheet
    .split('\n')
    .filter((l) => /MARTIN|ROUX|Léa Martin|Paul Roux/.test(l))
    .join(' | ');
}

describe('shared baskets', () => {
  it('puts the right household on the sign-in sheet on alternate weeks, and the other one after a slash', async () => {
    const w = await world();
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    const res = await share(lea, w, { mode: 'alternate' });
    expect(res.status).to.equal(302);
    expect(
      outboxMails(w.t.ctx).some((m) => m.toAddress === 'paul@exemple.fr' && /panier partagé/i.test(m.subject)),
    ).to.equal(true);

    const ref = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    // 1st Thursday (7 January): Léa; 2nd (14 January): Paul; 3rd: Léa again.
    expect(await sheetNames(ref, '2027-01-07')).to.match(/MARTIN Léa.*\/ Paul Roux/);
    expect(await sheetNames(ref, '2027-01-07')).to.not.include('ROUX Paul');
    expect(await sheetNames(ref, '2027-01-14')).to.match(/ROUX Paul.*\/ Léa Martin/);
    expect(await sheetNames(ref, '2027-01-14')).to.not.include('MARTIN Léa');
    expect(await sheetNames(ref, '2027-01-21')).to.match(/MARTIN Léa/);
    // The producer's delivery sheet of a Thursday of Paul's says so too.
    const sheet = (day: string) => pdf(ref, `/gestion/contrats/${w.c.contractId}/feuille-livraison.pdf?du=${day}`);
    expect(await sheet('2027-01-14')).to.match(/MARTIN Léa 1 Retiré par Paul Roux/);
    expect(await sheet('2027-01-07')).to.not.include('Paul Roux');

    // Inverted: Paul takes the odd ones.
    expect((await share(lea, w, { mode: 'alternate-inverted' })).status).to.equal(302);
    expect(await sheetNames(ref, '2027-01-07')).to.match(/ROUX Paul.*\/ Léa Martin/);
    expect(await sheetNames(ref, '2027-01-14')).to.match(/MARTIN Léa.*\/ Paul Roux/);
  });

  it('lets the subscriber choose the co-member’s dates', async () => {
    const w = await world();
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    const [, second, third] = w.c.deliveryIds;
    expect((await share(lea, w, { mode: 'dates', jour: [String(second), String(third)] })).status).to.equal(302);
    const ref = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    expect(await sheetNames(ref, '2027-01-07')).to.match(/MARTIN Léa/);
    expect(await sheetNames(ref, '2027-01-14')).to.match(/ROUX Paul/);
    expect(await sheetNames(ref, '2027-01-21')).to.match(/ROUX Paul/);
    expect(await sheetNames(ref, '2027-01-28')).to.match(/MARTIN Léa/);
    expect(text((await lea.get(w.base)).text)).to.include(
      'Panier partagé avec Paul Roux : ce foyer retire 2 livraisons sur 12',
    );
  });

  it('shows the co-member the basket on their own pages, with their days and quantities but no cheque', async () => {
    const w = await world();
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    await share(lea, w, { mode: 'alternate' });
    const paul = await loginAs(w.t, 'paul@exemple.fr', PASSWORD);

    const mine = text((await paul.get('/mes-contrats')).text);
    expect(mine).to.include('Paniers partagés avec moi');
    expect(mine).to.include('Panier partagé avec Léa Martin, qui a souscrit le contrat et le paie.');
    expect(mine).to.include('Vous retirez les 6 livraisons suivantes');
    expect(mine).to.include('jeudi 14 janvier 2027 1 × Pain de campagne');
    expect(mine).to.not.include('jeudi 7 janvier 2027');
    // Léa's cheques (54 € over the season) are hers alone.
    expect(mine).to.not.match(/chèque|€/);

    const contract = text((await paul.get(w.base)).text);
    expect(contract).to.include('Panier partagé avec Léa Martin');
    expect(contract).to.not.match(/chèques? (à apporter|reçu)|Mon contrat/);

    // Home: Paul's next distribution is his first day, 14 January; Léa's is 7 January.
    expect(text((await paul.get('/')).text)).to.match(
      /jeudi 14 janvier 2027.*1 × Pain de campagne.*panier partagé avec Léa Martin/,
    );
    expect(text((await lea.get('/')).text)).to.match(/jeudi 7 janvier 2027.*1 × Pain de campagne/);

    // Each calendar feed holds the days its household collects, the other named.
    const deliveryDays = async (agent: request.Agent) => {
      await submitForm(agent, '/compte', '/compte/calendrier', {});
      const url = /value="http:\/\/amap\.test(\/calendrier\/[A-Za-z0-9_-]+\.ics)"/.exec(
        (await agent.get('/compte')).text,
      )![1];
      const ics = (await w.t.agent().get(url)).text.replace(/\r\n /g, '');
      expect(ics).to.include('Panier partagé avec');
      return [...ics.matchAll(/DTSTART;TZID=Europe\/Paris:(\d{8})T/g)].map((m) => m[1]).slice(0, 3);
    };
    expect(await deliveryDays(paul)).to.deep.equal(['20270114', '20270128', '20270211']);
    expect(await deliveryDays(lea)).to.deep.equal(['20270107', '20270121', '20270204']);

    // Nor may he download her contract agreement or change the sharing.
    expect((await paul.get(`/mes-contrats/${w.c.contractId}/contrat.pdf`)).status).to.be.oneOf([403, 404]);
    expect((await paul.get(`${w.base}/panier-partage`)).status).to.equal(404);
  });

  it('a co-member with a basket of their own in the same contract keeps both in their calendar, each with its UID', async () => {
    const w = await world();
    subscribeEveryDelivery(w.t.ctx, w.c, w.paul);
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    await share(lea, w, { mode: 'alternate' });
    const paul = await loginAs(w.t, 'paul@exemple.fr', PASSWORD);
    await submitForm(paul, '/compte', '/compte/calendrier', {});
    const url = /value="http:\/\/amap\.test(\/calendrier\/[A-Za-z0-9_-]+\.ics)"/.exec(
      (await paul.get('/compte')).text,
    )![1];
    const ics = (await w.t.agent().get(url)).text.replace(/\r\n /g, '');
    const deliveryUids = [...ics.matchAll(/^UID:(livraison-[^\r\n]+)/gm)].map((m) => m[1]);
    // His 12 baskets and Léa's 6 on his weeks.
    expect(deliveryUids).to.have.length(18);
    expect(new Set(deliveryUids).size).to.equal(18);
  });

  it('refuses an address that is no active member, or the subscriber’s own', async () => {
    const w = await world();
    const lea = await loginAs(w.t, 'lea@exemple.fr', PASSWORD);
    const unknown = await share(lea, w, { mode: 'alternate', coMemberEmail: 'personne@exemple.fr' });
    expect(unknown.status).to.equal(422);
    expect(text(unknown.text)).to.include('Aucun membre actif de l’AMAP n’a cette adresse e-mail.');
    const self = await share(lea, w, { mode: 'alternate', coMemberEmail: 'LEA@exemple.fr' });
    expect(self.status).to.equal(422);
    expect(text(self.text)).to.include('Indiquez l’adresse de l’autre foyer.');
    const noDays = await share(lea, w, { mode: 'dates' });
    expect(text(noDays.text)).to.include('Cochez les livraisons que l’autre foyer retire.');
    // A referent of another producer may not share Léa's basket.
    const other = await createMember(w.t.ctx, { email: 'autre@exemple.fr' });
    createProducer(w.t.ctx, { name: 'Ferme voisine', referentIds: [other.id] });
    const stranger = await loginAs(w.t, 'autre@exemple.fr', PASSWORD);
    const url = `/gestion/contrats/${w.c.contractId}/membres/${w.lea}/panier-partage`;
    expect((await stranger.get(url)).status).to.equal(403);
    // Stopping: Léa collects every week again.
    await share(lea, w, { mode: 'alternate' });
    expect((await submitForm(lea, `${w.base}/panier-partage`, `${w.base}/panier-partage/arreter`, {})).status).to.equal(
      302,
    );
    const ref = await loginAs(w.t, 'remi@exemple.fr', PASSWORD);
    expect(await sheetNames(ref, '2027-01-14')).to.match(/MARTIN Léa/);
    expect(await sheetNames(ref, '2027-01-14')).to.not.include('Paul');
  });
});
