import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDatabase } from '../../server/db/client.js';
import { createCtx } from '../../server/lib/context.js';
import { migrationsDir } from '../../server/lib/paths.js';
import { makeTestApp, loginAs, submitForm, testConfig } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { MINUTE } from '../support/clock.js';
import { queueMemberMail, queueMemberMails } from '../../server/features/mail/member-mail.js';
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

/** An invitation to Léa Martin, the member created for it. */
async function queue(t: ReturnType<typeof makeTestApp>, link = 'http://amap.test/invitation/abc', subject = 'Sujet') {
  const lea = await createMember(t.ctx, {
    email: 'lea@exemple.fr',
    firstName: 'Léa',
    lastName: 'Martin',
    password: null,
  });
  return queueMemberMail(t.ctx, {
    memberId: lea.id,
    kind: 'essential',
    template: 'invitation',
    subject,
    data: { email: 'lea@exemple.fr', link, invitedBy: 'Bernard Chassagne' },
  });
}

describe('outbox sender task', () => {
  it('sends due mails once, with the configured sender, and marks them sent', async () => {
    const t = makeTestApp();
    await queue(t);
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
    await queue(t);
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
    await queue(t);
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
    await queue(t, 'http://amap.test/invitation/abc', 'Invitation de test');
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

  it('an admin puts a failed mail back in the queue', async () => {
    const t = makeTestApp({ config: testConfig({ mail: { smtpUrl: 'smtp://127.0.0.1:1' } }) });
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    await queue(t);
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
      await queue(t, 'http://amap.test/invitation/xyz', 'Bienvenue');
      const r = await sendOutbox(t.ctx, createMailTransport(t.ctx.config));
      expect(r.sent).to.equal(1);
      expect(received).to.have.length(1);
      expect(received[0]).to.contain('Subject: Bienvenue');
      expect(received[0]).to.contain('http://amap.test/invitation/xyz');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sends the attachments from the shared store, in order and byte for byte, to every mail that carries them', async () => {
    const t = makeTestApp();
    const a = await createMember(t.ctx, { email: 'a@exemple.fr', password: null });
    const b = await createMember(t.ctx, { email: 'b@exemple.fr', password: null });
    const planning = Buffer.from('%PDF-1.7 planning de décembre');
    const sheet = Buffer.from([0, 1, 2, 255, 254]);
    queueMemberMails(
      t.ctx,
      [a, b].map((m) => ({
        memberId: m.id,
        kind: 'announcement',
        template: 'invitation',
        subject: 'Planning',
        data: { email: m.email, link: 'http://amap.test/planning', invitedBy: 'Bernard' },
        attachments: [
          { filename: 'planning.pdf', contentType: 'application/pdf', body: planning },
          { filename: 'feuille.bin', contentType: 'application/octet-stream', body: sheet },
        ],
      })),
    );
    const { transport, sent } = fakeTransport();
    expect((await sendOutbox(t.ctx, transport)).sent).to.equal(2);
    for (const mail of sent) {
      expect(mail.attachments!.map((f) => f.filename)).to.deep.equal(['planning.pdf', 'feuille.bin']);
      expect(mail.attachments![0].contentType).to.equal('application/pdf');
      expect(mail.attachments![0].content.equals(planning)).to.equal(true);
      expect(mail.attachments![1].content.equals(sheet)).to.equal(true);
    }
    await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    const show = await agent.get(`/admin/mails/${outboxMails(t.ctx)[0].id}`);
    expect(show.text).to.contain('planning.pdf (1 ko), feuille.bin (1 ko)');
  });

  it('still sends, with its file, a mail queued before attachments had their own table (migration 0004)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-0003-'));
    try {
      // A database as version 0003 left it, with a pending mail carrying a base64 attachment.
      const old = path.join(dir, 'migrations');
      fs.cpSync(migrationsDir, old, { recursive: true });
      const journalFile = path.join(old, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < '0004');
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const file = path.join(dir, 'amap.db');
      const sqlite = new Database(file);
      migrate(drizzle(sqlite), { migrationsFolder: old });
      const pdf = Buffer.from('%PDF-1.7 bordereau de remise');
      const insert = sqlite.prepare(
        `insert into outbox (to_address, subject, text, attachments, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?)`,
      );
      const json = JSON.stringify([
        { filename: 'bordereau.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
      ]);
      insert.run(
        'gaec@exemple.fr',
        'Bordereau',
        'Bonjour',
        json,
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
      insert.run(
        'gaec@exemple.fr',
        'Sans pièce jointe',
        'Bonjour',
        '[]',
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
      sqlite.close();

      const db = openDatabase(file);
      const tables = db.$client
        .prepare(`select name from sqlite_master where name = 'outbox_legacy_attachments'`)
        .all();
      expect(tables).to.have.length(0);
      const { transport, sent } = fakeTransport();
      expect((await sendOutbox(createCtx(db, testConfig()), transport)).sent).to.equal(2);
      expect(sent.map((m) => m.subject)).to.deep.equal(['Bordereau', 'Sans pièce jointe']);
      expect(sent[0].attachments!.map((f) => f.filename)).to.deep.equal(['bordereau.pdf']);
      expect(sent[0].attachments![0].content.equals(pdf)).to.equal(true);
      expect(sent[1].attachments).to.deep.equal([]);
      db.$client.close();
      // Opening it again finds nothing left to convert.
      const again = openDatabase(file);
      expect(again.$client.prepare('select count(*) as n from mail_attachments').get()).to.deep.equal({ n: 1 });
      again.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
