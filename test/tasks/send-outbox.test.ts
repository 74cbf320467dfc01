import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { makeTestApp, loginAs, submitForm, testConfig } from '../support/app.js';
import { createAdmin, outboxMails, PASSWORD } from '../support/factories.js';
import { MINUTE } from '../support/clock.js';
import { queueMail } from '../../server/features/mail/outbox.service.js';
import { MAX_ATTEMPTS, sendOutbox, retryDelayMinutes } from '../../server/features/mail/send-outbox.task.js';
import { createMailTransport, type MailTransport } from '../../server/lib/mailer.js';

type Sent = Parameters<MailTransport['sendMail']>[0];

/** A transport that fails the first `failures` calls, then records what it sends. */
function fakeTransport(failures = 0) {
  const sent: Sent[] = [];
  let calls = 0;
  const transport: MailTransport = {
    async sendMail(m) {
      calls++;
      if (calls <= failures) throw new Error(`SMTP indisponible (${calls})`);
      sent.push(m);
    },
  };
  return { transport, sent, calls: () => calls };
}

function queue(t: ReturnType<typeof makeTestApp>, extra: Partial<Parameters<typeof queueMail>[1]> = {}) {
  return queueMail(t.ctx, {
    to: { address: 'lea@exemple.fr', name: 'Léa Martin' },
    subject: 'Sujet',
    text: 'Bonjour',
    html: '<p>Bonjour</p>',
    ...extra,
  });
}

describe('outbox sender task', () => {
  it('sends due mails once, with the configured sender, and marks them sent', async () => {
    const t = makeTestApp();
    queue(t);
    const { transport, sent } = fakeTransport();
    const first = await sendOutbox(t.ctx, transport);
    const second = await sendOutbox(t.ctx, transport);
    expect(first).to.deep.include({ sent: 1, failed: 0 });
    expect(second).to.deep.include({ sent: 0, failed: 0 });
    expect(sent).to.have.length(1);
    expect(sent[0].to).to.equal('"Léa Martin" <lea@exemple.fr>');
    expect(sent[0].from).to.equal(t.ctx.config.mail.from);
    const [row] = outboxMails(t.ctx);
    expect(row.status).to.equal('sent');
    expect(row.sentAt).to.equal(t.clock.now().toISOString());
  });

  it('retries a failed send with growing delays and keeps the last error', async () => {
    const t = makeTestApp();
    queue(t);
    const { transport, sent } = fakeTransport(2);
    expect((await sendOutbox(t.ctx, transport)).failed).to.equal(1);
    let [row] = outboxMails(t.ctx);
    expect(row.status).to.equal('pending');
    expect(row.attempts).to.equal(1);
    expect(row.lastError).to.equal('SMTP indisponible (1)');
    // Not due again before the delay.
    expect((await sendOutbox(t.ctx, transport)).failed).to.equal(0);
    t.clock.advance(retryDelayMinutes(1) * MINUTE);
    expect((await sendOutbox(t.ctx, transport)).failed).to.equal(1);
    [row] = outboxMails(t.ctx);
    expect(row.attempts).to.equal(2);
    expect(new Date(row.nextAttemptAt).getTime() - t.clock.now().getTime()).to.equal(retryDelayMinutes(2) * MINUTE);
    t.clock.advance(retryDelayMinutes(2) * MINUTE);
    expect((await sendOutbox(t.ctx, transport)).sent).to.equal(1);
    [row] = outboxMails(t.ctx);
    expect(row.status).to.equal('sent');
    expect(row.lastError).to.equal(null);
    expect(sent).to.have.length(1);
  });

  it('gives up after the maximum number of attempts and marks the mail failed', async () => {
    const t = makeTestApp();
    queue(t);
    const { transport } = fakeTransport(1000);
    for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
      await sendOutbox(t.ctx, transport);
      t.clock.advance(240 * MINUTE);
    }
    const [row] = outboxMails(t.ctx);
    expect(row.status).to.equal('failed');
    expect(row.attempts).to.equal(MAX_ATTEMPTS);
  });

  it('without SMTP settings sends nothing and leaves mails pending, readable by the admin', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    queue(t, { subject: 'Invitation de test', text: 'Votre lien : http://amap.test/invitation/abc' });
    expect(createMailTransport(t.ctx.config)).to.equal(null);
    const r = await sendOutbox(t.ctx, createMailTransport(t.ctx.config));
    expect(r.skipped).to.equal('no-smtp');
    expect(outboxMails(t.ctx)[0].status).to.equal('pending');
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const list = await agent.get('/admin/mails');
    expect(list.text).to.contain('Aucun serveur SMTP n’est configuré');
    expect(list.text).to.contain('non envoyé (pas de serveur SMTP)');
    const id = outboxMails(t.ctx)[0].id;
    const show = await agent.get(`/admin/mails/${id}`);
    expect(show.status).to.equal(200);
    expect(show.text).to.contain('http://amap.test/invitation/abc');
  });

  it('does not queue the same dedupe key twice, nor a mail to no address, nor a non-essential mail to an opted-out member', () => {
    const t = makeTestApp();
    expect(queue(t, { dedupeKey: 'rappel:1' })).to.equal(true);
    expect(queue(t, { dedupeKey: 'rappel:1' })).to.equal(false);
    expect(queue(t, { to: { address: null } })).to.equal(false);
    expect(queue(t, { essential: false, optedOut: true })).to.equal(false);
    expect(queue(t, { essential: true, optedOut: true })).to.equal(true);
    expect(outboxMails(t.ctx)).to.have.length(2);
  });

  it('an admin puts a failed mail back in the queue', async () => {
    const t = makeTestApp({ config: testConfig({ mail: { smtpUrl: 'smtp://127.0.0.1:1' } }) });
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    queue(t);
    const { transport } = fakeTransport(1000);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await sendOutbox(t.ctx, transport);
      t.clock.advance(240 * MINUTE);
    }
    const id = outboxMails(t.ctx)[0].id;
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    expect((await agent.get(`/admin/mails/${id}`)).text).to.contain('échec après 8 essais');
    await submitForm(agent, `/admin/mails/${id}`, `/admin/mails/${id}/renvoyer`, {});
    const [row] = outboxMails(t.ctx);
    expect(row.status).to.equal('pending');
    expect(row.attempts).to.equal(0);
  });

  it('delivers through a real SMTP server given by SMTP_URL', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      const t = makeTestApp({
        config: testConfig({ mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'AMAP <amap@exemple.fr>' } }),
      });
      queue(t, { subject: 'Bienvenue', text: 'Votre lien : http://amap.test/invitation/xyz' });
      const r = await sendOutbox(t.ctx, createMailTransport(t.ctx.config));
      expect(r.sent).to.equal(1);
      expect(received).to.have.length(1);
      expect(received[0]).to.contain('Subject: Bienvenue');
      expect(received[0]).to.contain('http://amap.test/invitation/xyz');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
