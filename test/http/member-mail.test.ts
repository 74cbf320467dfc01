import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../support/app.js';
import { createMember, outboxMails } from '../support/factories.js';
import { members } from '../../server/db/schema/index.js';
import { queueMemberMail, queueMemberMails, type MemberMail } from '../../server/features/mail/member-mail.js';
import { queueMail } from '../../server/features/mail/outbox.service.js';

/** An invitation-shaped mail (any template would do) to one member. */
function mailTo(memberId: number, extra: Partial<MemberMail> = {}): MemberMail {
  return {
    memberId,
    kind: 'essential',
    template: 'invitation',
    subject: 'Sujet',
    data: { email: 'x@exemple.fr', link: 'http://amap.test/lien', invitedBy: 'Bernard Chassagne' },
    ...extra,
  };
}

async function member(t: TestApp, input: { email?: string | null; firstName?: string; optedOut?: boolean } = {}) {
  const m = await createMember(t.ctx, { ...input, password: null });
  if (input.optedOut) t.db.update(members).set({ mailOptOut: true }).where(eq(members.id, m.id)).run();
  return m;
}

function count(t: TestApp, table: 'mail_attachments' | 'outbox_attachments'): number {
  return t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
}

describe('mail to members', () => {
  it('looks the address and name up, and skips and counts members without an address', async () => {
    const t = makeTestApp();
    const lea = await member(t, { email: 'lea@exemple.fr', firstName: 'Léa' });
    const noMail = await member(t, { email: null });
    const counts = queueMemberMails(t.ctx, [mailTo(lea.id), mailTo(noMail.id)]);
    expect(counts).to.deep.equal({ queued: 1, noAddress: 1, optedOut: 0, duplicate: 0 });
    const [mail] = outboxMails(t.ctx);
    expect(mail.toAddress).to.equal('lea@exemple.fr');
    expect(mail.toName).to.match(/^Léa Nom\d+$/);
    expect(mail.text).to.match(/^Bonjour Léa,/);
    expect(outboxMails(t.ctx)).to.have.length(1);
  });

  it('skips an announcement for a member who opted out, but sends them what is essential', async () => {
    const t = makeTestApp();
    const quiet = await member(t, { email: 'quiet@exemple.fr', optedOut: true });
    const other = await member(t, { email: 'other@exemple.fr' });
    expect(
      queueMemberMails(
        t.ctx,
        [quiet, other].map((m) => mailTo(m.id, { kind: 'announcement' })),
      ),
    ).to.deep.equal({
      queued: 1,
      noAddress: 0,
      optedOut: 1,
      duplicate: 0,
    });
    expect(queueMemberMail(t.ctx, mailTo(quiet.id, { kind: 'essential', subject: 'Votre contrat' })).queued).to.equal(
      1,
    );
    expect(outboxMails(t.ctx).map((m) => [m.toAddress, m.essential])).to.deep.equal([
      ['other@exemple.fr', false],
      ['quiet@exemple.fr', true],
    ]);
  });

  it('queues a dedupe key once, and counts the second one as a duplicate', async () => {
    const t = makeTestApp();
    const lea = await member(t);
    expect(queueMemberMail(t.ctx, mailTo(lea.id, { dedupeKey: 'rappel:1' })).queued).to.equal(1);
    expect(queueMemberMail(t.ctx, mailTo(lea.id, { dedupeKey: 'rappel:1' }))).to.deep.equal({
      queued: 0,
      noAddress: 0,
      optedOut: 0,
      duplicate: 1,
    });
    expect(queueMemberMail(t.ctx, mailTo(lea.id, { dedupeKey: 'rappel:2' })).queued).to.equal(1);
    expect(outboxMails(t.ctx)).to.have.length(2);
  });

  it('stores an attachment sent to many members once, even when queued again later', async () => {
    const t = makeTestApp();
    const people = [await member(t), await member(t), await member(t)];
    const pdf = () => ({
      filename: 'planning.pdf',
      contentType: 'application/pdf',
      body: Buffer.from('%PDF planning'),
    });
    const shared = pdf();
    queueMemberMails(
      t.ctx,
      people.slice(0, 2).map((m) => mailTo(m.id, { attachments: [shared] })),
    );
    expect(count(t, 'mail_attachments')).to.equal(1);
    expect(count(t, 'outbox_attachments')).to.equal(2);
    // Same bytes in another buffer, another day: still the same stored file.
    queueMemberMail(t.ctx, mailTo(people[2].id, { attachments: [pdf()] }));
    expect(count(t, 'mail_attachments')).to.equal(1);
    expect(count(t, 'outbox_attachments')).to.equal(3);
    // A duplicate stores nothing, a different file is a second row.
    queueMemberMail(t.ctx, mailTo(people[0].id, { dedupeKey: 'k', attachments: [pdf()] }));
    queueMemberMail(t.ctx, mailTo(people[0].id, { dedupeKey: 'k', attachments: [pdf()] }));
    queueMemberMail(t.ctx, mailTo(people[1].id, { attachments: [{ ...pdf(), body: Buffer.from('%PDF autre') }] }));
    expect(count(t, 'mail_attachments')).to.equal(2);
    expect(count(t, 'outbox_attachments')).to.equal(5);
  });

  it('never HTML-escapes the text part; escapes the HTML part', async () => {
    const t = makeTestApp();
    const bob = await member(t, { firstName: '<b>Bob</b>' });
    queueMemberMail(t.ctx, mailTo(bob.id, { data: { email: 'a&b@exemple.fr', link: 'x', invitedBy: "Zoé d'Arc" } }));
    const [mail] = outboxMails(t.ctx);
    expect(mail.text).to.contain('Bonjour <b>Bob</b>,');
    expect(mail.text).to.contain("Zoé d'Arc vous invite");
    expect(mail.text).to.contain('a&b@exemple.fr');
    expect(mail.html).to.contain('Bonjour &lt;b&gt;Bob&lt;/b&gt;,');
    expect(mail.html).to.contain('Zoé d&#39;Arc vous invite');
    expect(mail.html).to.contain('a&amp;b@exemple.fr');
  });

  it('signs every mail with the AMAP and says in the footer why it came and where to change preferences', async () => {
    const t = makeTestApp();
    const lea = await member(t);
    queueMemberMail(t.ctx, mailTo(lea.id, { kind: 'essential' }));
    queueMemberMail(t.ctx, mailTo(lea.id, { kind: 'announcement' }));
    queueMail(t.ctx, {
      to: { address: 'gaec@exemple.fr', name: 'GAEC des Volcans' },
      subject: 'Bordereau',
      template: 'handover-slip',
      data: {
        handedOverOn: '2027-01-07',
        count: 2,
        payee: 'GAEC des Volcans',
        totalCents: 12000,
        contractName: 'Légumes',
        senderName: 'Bernard Chassagne',
      },
    });
    const [essential, announcement, producer] = outboxMails(t.ctx);
    for (const m of [essential, announcement, producer]) {
      expect(m.text).to.contain('AMAP de Test : http://amap.test');
      expect(m.html).to.contain('AMAP de Test');
    }
    expect(essential.text).to.contain('il vous est envoyé même si');
    expect(essential.text).to.contain('Vos préférences de mail : http://amap.test/compte');
    expect(essential.html).to.contain('href="http://amap.test/compte"');
    expect(announcement.text).to.contain('Pour ne plus recevoir ce genre de mail');
    expect(announcement.text).to.contain('http://amap.test/compte');
    // A producer has no account, hence no preferences to point to.
    expect(producer.text).to.contain("2 chèques à l'ordre de GAEC des Volcans pour un total de 120,00");
    expect(producer.text).not.to.contain('/compte');
  });
});
