import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, testConfig } from '../support/app.js';
import { createAdmin, createMember, outboxMails } from '../support/factories.js';
import { actor, setupContract } from '../support/contracts.js';
import { members, producerReferents } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

/** The two mail bugs of issue 7, through the services that queue the mails. */
describe('mail bugs', () => {
  it('a referent who opted out of non-essential mail gets no subscription notification, but their own confirmations', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const s = setupContract(t.ctx, admin.id);
    const optedOut = await createMember(t.ctx, { email: 'ref1@exemple.fr', firstName: 'Rémi' });
    const listening = await createMember(t.ctx, { email: 'ref2@exemple.fr', firstName: 'Nina' });
    t.db.update(members).set({ mailOptOut: true }).where(eq(members.id, optedOut.id)).run();
    t.db
      .insert(producerReferents)
      .values([
        { producerId: s.producerId, memberId: optedOut.id, notify: true },
        { producerId: s.producerId, memberId: listening.id, notify: true },
      ])
      .run();
    const lea = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
    const lines = s.deliveryIds.map((d) => ({ deliveryId: d, contractProductId: s.productIds[0], quantity: 1 }));

    saveSubscription(t.ctx, actor(t.ctx, lea.id), s.contractId, lea.id, lines, null);
    expect(outboxMails(t.ctx).map((m) => m.toAddress)).to.have.members(['lea@exemple.fr', 'ref2@exemple.fr']);

    // Her own contract is essential: the opted-out referent still gets the confirmation of it.
    saveSubscription(t.ctx, actor(t.ctx, optedOut.id), s.contractId, optedOut.id, lines, null);
    const toRemi = outboxMails(t.ctx).filter((m) => m.toAddress === 'ref1@exemple.fr');
    expect(toRemi.map((m) => m.subject)).to.deep.equal(['Votre contrat « Légumes été 2027 »']);
  });

  it('the text part of a mail is never HTML-escaped; the HTML part still is', async () => {
    const t = makeTestApp({ config: testConfig({ distribution: { place: 'Cour de l\'école "Jean Zay"' } }) });
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const s = setupContract(t.ctx, admin.id);
    const bob = await createMember(t.ctx, {
      email: 'bob@exemple.fr',
      firstName: '<b>Bob</b>',
      lastName: 'O’Neil & Fils',
    });
    const lines = s.deliveryIds.map((d) => ({ deliveryId: d, contractProductId: s.productIds[0], quantity: 1 }));

    saveSubscription(t.ctx, actor(t.ctx, bob.id), s.contractId, bob.id, lines, null);
    const [mail] = outboxMails(t.ctx);
    expect(mail.text).to.contain('Bonjour <b>Bob</b>,');
    expect(mail.text).to.contain('Cour de l\'école "Jean Zay"');
    expect(mail.text).not.to.match(/&#39;|&lt;|&gt;|&quot;|&amp;/);
    expect(mail.html).to.contain('Bonjour &lt;b&gt;Bob&lt;/b&gt;,');
    expect(mail.html).to.contain('Cour de l&#39;école &#34;Jean Zay&#34;');
    expect(mail.html).not.to.contain('<b>Bob</b>');
  });
});
