import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { producers } from '../../server/db/schema/index.js';
import { createCtx } from '../../server/lib/context.js';
import { createMailTransport } from '../../server/lib/mailer.js';
import { runTask } from '../../server/jobs/task-log.js';
import { testConfig } from '../support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { reminderWorld } from './reminders-world.js';

/** The value of a header as sent on the wire (mailparser keeps every raw line). */
function headerLine(mail: ParsedMail, name: string): string | undefined {
  return mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
}

describe('reminders through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  beforeEach(async () => (smtp = await startSmtpServer()));
  afterEach(() => smtp.close());

  it('sends the queued reminders through the send-outbox task: French text and HTML, Reply-To, List-Unsubscribe on announcements only, the attachments intact', async () => {
    const w = await reminderWorld();
    w.email(w.people.zoe, 'zoe@exemple.fr');
    w.t.db.update(producers).set({ email: 'gaec@volcans.fr' }).where(eq(producers.id, w.legumes.producerId)).run();
    await w.run('volunteer-call', '2027-05-13');
    await w.run('producer-delivery-sheets', '2027-05-18');

    const config = testConfig({
      mail: { from: 'AMAP de Test <amap@amap.test>', replyTo: 'bureau@amap.test', smtpUrl: smtp.url },
    });
    const ctx = createCtx(w.t.db, config, w.t.clock.now);
    const result = await runTask(ctx, 'send-outbox', {
      trigger: 'cli',
      deps: { transport: createMailTransport(config) },
    });
    expect(result.summary).to.equal('3 mails envoyés, 0 échec.');
    const received = await Promise.all(smtp.received.map((raw) => simpleParser(raw)));
    const to = (address: string) => received.find((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address))!;

    const call = to('zoe@exemple.fr');
    expect(call.subject).to.equal('On cherche des bénévoles : permanence du jeudi 20 mai');
    expect(call.from?.value[0]).to.deep.include({ name: 'AMAP de Test', address: 'amap@amap.test' });
    expect(call.replyTo?.text).to.equal('bureau@amap.test');
    expect(headerLine(call, 'List-Unsubscribe')).to.equal(
      'List-Unsubscribe: <http://amap.test/compte#preferences-mail>',
    );
    expect(call.text).to.include('Bonjour Zoé,');
    expect(call.text).to.include('http://amap.test/permanences');
    expect(call.text).to.include('changez vos préférences : http://amap.test/compte');
    expect(call.html).to.include('AMAP de Test');
    expect(call.html).to.include('href="http://amap.test/compte"');

    const sheet = to('gaec@volcans.fr');
    expect(sheet.subject).to.equal('Feuille de livraison : Légumes printemps 2027, jeudi 20 mai');
    expect(headerLine(sheet, 'List-Unsubscribe')).to.equal(undefined);
    expect(sheet.text).to.include('Bonjour GAEC des Volcans,');
    expect(sheet.attachments.map((a) => a.contentType)).to.deep.equal([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(sheet.attachments[0].filename).to.match(/\.pdf$/);
    expect(sheet.attachments[0].content.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(sheet.attachments[1].filename).to.match(/\.xlsx$/);
    // An XLSX is a zip: "PK" first.
    expect(sheet.attachments[1].content.subarray(0, 2).toString()).to.equal('PK');
  });
});
