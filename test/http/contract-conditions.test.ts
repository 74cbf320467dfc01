import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract } from '../support/contracts.js';
import { contracts } from '../../server/db/schema/index.js';
import { copyContract } from '../../server/features/contracts/contracts.service.js';
import { DEFAULT_CONDITIONS, conditionsText, paragraphs } from '../../server/lib/contract-conditions.js';
import { text } from '../support/text.js';

async function world() {
  const t = makeTestApp();
  await createAdmin(t.ctx);
  const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
  const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
  const c = setupContract(t.ctx, ref.id, { producerId, status: 'draft' });
  const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
  return { t, ref, producerId, c, agent };
}

function form(producerId: number, conditions: string): Record<string, string> {
  return {
    producerId: String(producerId),
    name: 'Légumes été 2027',
    kind: 'fixed',
    opensOn: '2026-11-01',
    closesOn: '2026-12-15',
    paymentsManaged: 'on',
    paymentDay: '5',
    proposalRule: 'whole-euros',
    membersEditAmounts: 'on',
    conditions,
  };
}

const conditionsOf = (t: ReturnType<typeof makeTestApp>, id: number) =>
  t.db.select({ v: contracts.conditions }).from(contracts).where(eq(contracts.id, id)).get()!.v;

describe('contract agreement text (conditions)', () => {
  it('is saved from the contract form with its paragraphs, shown again when editing, and copied to next season', async () => {
    const { t, ref, producerId, c, agent } = await world();
    const edit = `/gestion/contrats/${c.contractId}/modifier`;
    const page = await agent.get(edit);
    expect(text(page.text)).to.contain('Texte du contrat d’engagement');
    expect(text(page.text), 'the default text is shown').to.contain(
      'Le ou la signataire s’engage pour toute la saison',
    );

    const mine = 'Premier paragraphe.\r\nSuite du premier.\r\n\r\nSecond paragraphe.';
    const res = await submitForm(agent, edit, edit, form(producerId, mine));
    expect(res.status, text(res.text).slice(0, 400)).to.equal(302);
    expect(conditionsOf(t, c.contractId)).to.equal('Premier paragraphe.\nSuite du premier.\n\nSecond paragraphe.');
    expect((await agent.get(edit)).text).to.contain('Premier paragraphe.\nSuite du premier.');

    const copy = copyContract(t.ctx, actor(t.ctx, ref.id), c.contractId);
    expect(conditionsOf(t, copy)).to.equal('Premier paragraphe.\nSuite du premier.\n\nSecond paragraphe.');
  });

  it('left empty, stores nothing and the agreement falls back to the default text', async () => {
    const { t, producerId, c, agent } = await world();
    const edit = `/gestion/contrats/${c.contractId}/modifier`;
    expect((await submitForm(agent, edit, edit, form(producerId, '   '))).status).to.equal(302);
    expect(conditionsOf(t, c.contractId)).to.equal(null);
    expect(conditionsText(null)).to.equal(DEFAULT_CONDITIONS);
    expect(conditionsText('  Mon texte ')).to.equal('Mon texte');
    expect(paragraphs(DEFAULT_CONDITIONS)).to.have.length(4);
  });

  it('refuses a text longer than 8000 characters with the number, keeping what was typed', async () => {
    const { t, producerId, c, agent } = await world();
    const edit = `/gestion/contrats/${c.contractId}/modifier`;
    const res = await submitForm(agent, edit, edit, form(producerId, 'x'.repeat(8001)));
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('8000 caractères au plus.');
    expect(conditionsOf(t, c.contractId)).to.equal(null);
  });
});
