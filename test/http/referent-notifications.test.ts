import { expect } from 'chai';
import { makeTestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails } from '../support/factories.js';
import { actor, setupContract } from '../support/contracts.js';
import { producerReferents } from '../../server/db/schema/index.js';
import { cancelSubscription, saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

describe('referent notifications', () => {
  it('mails the referents who asked for it when a member subscribes or cancels, not when a referent acts', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const s = setupContract(t.ctx, admin.id);
    const wants = await createMember(t.ctx, { email: 'ref1@exemple.fr', firstName: 'Rémi' });
    const quiet = await createMember(t.ctx, { email: 'ref2@exemple.fr' });
    t.db
      .insert(producerReferents)
      .values([
        { producerId: s.producerId, memberId: wants.id, notify: true },
        { producerId: s.producerId, memberId: quiet.id, notify: false },
      ])
      .run();
    const lea = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
    const lines = s.deliveryIds.map((d) => ({ deliveryId: d, contractProductId: s.productIds[0], quantity: 1 }));

    saveSubscription(t.ctx, actor(t.ctx, lea.id), s.contractId, lea.id, lines, null);
    let toReferents = outboxMails(t.ctx).filter((m) => m.toAddress.startsWith('ref'));
    expect(toReferents.map((m) => m.toAddress)).to.deep.equal(['ref1@exemple.fr']);
    expect(toReferents[0].subject).to.equal('Léa Martin a souscrit : Légumes été 2027');
    expect(toReferents[0].text).to.contain('total 180,00');

    // The referent changes it for her: no echo to the referents.
    saveSubscription(
      t.ctx,
      actor(t.ctx, wants.id),
      s.contractId,
      lea.id,
      lines.map((l) => ({ ...l, quantity: 2 })),
      null,
    );
    toReferents = outboxMails(t.ctx).filter((m) => m.toAddress.startsWith('ref'));
    expect(toReferents).to.have.length(1);

    cancelSubscription(t.ctx, actor(t.ctx, lea.id), s.contractId, lea.id);
    toReferents = outboxMails(t.ctx).filter((m) => m.toAddress.startsWith('ref'));
    expect(toReferents.map((m) => m.subject)).to.deep.equal([
      'Léa Martin a souscrit : Légumes été 2027',
      'Léa Martin a annulé sa souscription : Légumes été 2027',
    ]);
  });
});
