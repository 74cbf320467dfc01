import { expect } from 'chai';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, linkIn, outboxMails, PASSWORD } from '../support/factories.js';
import { outbox } from '../../server/db/schema/index.js';

describe('mail log: links open from the page', () => {
  it('shows the invitation link of a mail as a link, the rest as escaped text', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const noe = await createMember(t.ctx, { firstName: 'Noé', email: 'noe@exemple.fr', password: null });
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    await submitForm(agent, `/admin/membres/${noe.id}`, `/admin/membres/${noe.id}/invitation`, {});
    const [mail] = outboxMails(t.ctx);
    const link = `http://amap.test${linkIn(mail.text)}`;
    const page = await agent.get(`/admin/mails/${mail.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain(`<a href="${link}" rel="noreferrer">${link}</a>`);
    // The link still opens the set-password page.
    expect((await t.agent().get(linkIn(mail.text))).status).to.equal(200);
  });

  it('leaves the punctuation after an address out of the link, and never links anything but http(s)', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const now = t.ctx.clock().toISOString();
    const { id } = t.db
      .insert(outbox)
      .values({
        toAddress: 'lea@exemple.fr',
        subject: 'Liens',
        text: 'Voir (https://amap.test/contrats/3). Ou https://amap.test/a?b=1&c=2, puis javascript:alert(1) <b>gras</b>',
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: outbox.id })
      .get();
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const html = (await agent.get(`/admin/mails/${id}`)).text;
    const body = html.slice(html.indexOf('<pre class="mail-text">'), html.indexOf('</pre>'));
    expect(body).to.contain(
      '(<a href="https://amap.test/contrats/3" rel="noreferrer">https://amap.test/contrats/3</a>).',
    );
    expect(body).to.contain('<a href="https://amap.test/a?b=1&amp;c=2" rel="noreferrer">');
    expect(body).to.contain('</a>, puis javascript:alert(1) &lt;b&gt;gras&lt;/b&gt;');
    expect(body.match(/<a /g)).to.have.length(2);
  });
});
