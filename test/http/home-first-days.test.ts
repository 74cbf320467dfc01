import { expect } from 'chai';
import type request from 'supertest';
import { makeTestApp, loginAs, csrfFrom } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';

/**
 * The home page's duty block reads the coming week first and the rest of the two months only
 * when the week does not settle it: these cases put the answer beyond that first week.
 * Vegetables every Thursday from 7 January 2027, 3 people a day; today is Saturday 2 January.
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const veg = setupContract(t.ctx, admin.id);
  const member = async (key: string) => {
    const m = await createMember(t.ctx, { firstName: key, lastName: 'Test', email: `${key}@exemple.fr` });
    subscribeEveryDelivery(t.ctx, veg, m.id);
    return loginAs(t, `${key}@exemple.fr`, PASSWORD);
  };
  const agents = {
    lea: await member('lea'),
    paul: await member('paul'),
    zoe: await member('zoe'),
    marc: await member('marc'),
  };
  t.clock.set('2027-01-02T10:00:00.000Z');
  return { t, ...agents };
}

async function signUp(agent: request.Agent, on: string) {
  const page = await agent.get('/permanences');
  const res = await agent
    .post(`/permanences/${on}/inscription`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), retour: '/permanences' });
  expect(res.status).to.equal(302);
}

const home = async (agent: request.Agent) => text((await agent.get('/')).text);

describe('home page: the next collection beyond the coming week', () => {
  it('still finds it, weeks ahead, and says what I collect', async () => {
    const { t, lea } = await world();
    t.clock.set('2026-12-20T10:00:00.000Z');
    const page = await home(lea);
    expect(page).to.contain('jeudi 7 janvier 2027');
    expect(page).to.match(/Vous y retirez : 1 × Panier de légumes \(panier\)/);
  });
});

describe('home page: the duty block beyond the coming week', () => {
  it('offers the first day needing people after a full first week', async () => {
    const { lea, zoe, marc, paul } = await world();
    for (const a of [lea, zoe, marc]) await signUp(a, '2027-01-07');
    expect(await home(paul)).to.contain(
      'Le jeudi 14 janvier 2027 (de 18 h 30 à 19 h 30) manque de monde : 3 places libres, et vous y retirez un panier.',
    );
  });

  it('shows my shift later this month rather than a day needing people this week', async () => {
    const { paul } = await world();
    await signUp(paul, '2027-01-21');
    const page = await home(paul);
    expect(page).to.contain('Vous êtes de permanence le jeudi 21 janvier 2027, de 18 h 30 à 19 h 30.');
    expect(page).not.to.contain('manque de monde');
  });

  it('names my shift of next month under the day needing people this week', async () => {
    const { paul } = await world();
    await signUp(paul, '2027-02-04');
    const page = await home(paul);
    expect(page).to.contain('Le jeudi 7 janvier 2027 (de 18 h 30 à 19 h 30) manque de monde : 3 places libres');
    expect(page).to.contain('Votre prochaine permanence : jeudi 4 février 2027.');
  });
});
