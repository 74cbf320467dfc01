import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { cheques, producers } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { createHandover } from '../../server/features/treasury/handovers.service.js';
import { attachmentsOf } from '../../server/features/mail/mail-attachments.js';

describe('handover slip by mail', () => {
  it('mails the producer the same PDF as the download, attached', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const treasurer = await createMember(t.ctx, {
      email: 'tresorier@exemple.fr',
      roles: ['treasurer'],
      firstName: 'Bernard',
      lastName: 'Chassagne',
    });
    const s = setupContract(t.ctx, admin.id);
    const lea = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
    subscribeEveryDelivery(t.ctx, s, lea.id);
    const first = t.db.select().from(cheques).all()[0];
    receiveCheques(t.ctx, actor(t.ctx, treasurer.id), [
      { chequeId: first.id, bank: 'Crédit Mutuel', number: '7654321' },
    ]);
    const h = createHandover(t.ctx, actor(t.ctx, treasurer.id), s.contractId, first.paymentDateId, null, {
      earlyConfirmed: true,
    });
    const agent = await loginAs(t, 'tresorier@exemple.fr', PASSWORD);

    // Without an address: a clear message, nothing queued.
    await submitForm(agent, `/tresorerie/remises/${h.id}`, `/tresorerie/remises/${h.id}/envoyer`, {});
    expect((await agent.get(`/tresorerie/remises/${h.id}`)).text).to.contain('n’a pas d’adresse e-mail');
    expect(outboxMails(t.ctx).filter((m) => m.subject.startsWith('Bordereau'))).to.have.length(0);

    t.db.update(producers).set({ email: 'gaec@exemple.fr' }).where(eq(producers.id, s.producerId)).run();
    await submitForm(agent, `/tresorerie/remises/${h.id}`, `/tresorerie/remises/${h.id}/envoyer`, {});
    const mail = outboxMails(t.ctx).find((m) => m.subject.startsWith('Bordereau'))!;
    expect(mail.toAddress).to.equal('gaec@exemple.fr');
    expect(mail.text).to.contain('1 chèque');
    const [att] = attachmentsOf(t.db, [mail.id]).get(mail.id)!;
    expect(att.filename).to.match(/^bordereau-remise-.*\.pdf$/);
    expect(att.contentType).to.equal('application/pdf');
    const { text } = await extractText(new Uint8Array(att.body), { mergePages: true });
    expect(text).to.contain('MARTIN Léa');
    expect(text).to.contain('7654321');
    const download = await agent
      .get(`/tresorerie/remises/${h.id}/bordereau.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const downloaded = await extractText(new Uint8Array(download.body as Buffer), { mergePages: true });
    expect(downloaded.text).to.equal(text);
  });
});
