import { inArray } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { displayName } from '../../lib/format.js';
import { attachmentStore, type MailAttachment } from './mail-attachments.js';
import { renderMail } from './mail-templates.js';
import { enqueueMail } from './outbox.service.js';

/**
 * `essential`: what concerns the member's own account, contracts, cheques, membership or duty;
 * sent even to members who opted out. `announcement`: everything else (announcements, news,
 * notifications about other members' subscriptions); skipped for members who opted out.
 */
export type MemberMailKind = 'essential' | 'announcement';

export interface MemberMail {
  memberId: number;
  kind: MemberMailKind;
  /** views/mail/<template>.text.ejs and .html.ejs; they also get the member's `firstName`. */
  template: string;
  subject: string;
  data?: Record<string, unknown>;
  /** Same key twice → the second mail is not queued (reminders, notifications). */
  dedupeKey?: string;
  attachments?: MailAttachment[];
  /** Replies go there (a message's sender) instead of the AMAP's reply-to. */
  replyTo?: string;
}

/** What became of the mails asked for: the skipped ones are counted so tasks and pages can say why. */
export interface MemberMailCounts {
  queued: number;
  noAddress: number;
  optedOut: number;
  duplicate: number;
}

/**
 * Queues mails to members: looks their address, name and preference up (one query for the whole
 * batch), skips and counts members without an address and, for announcements, members who
 * opted out, then renders and queues each mail. Inside the caller's transaction.
 */
export function queueMemberMails(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, mails: MemberMail[]): MemberMailCounts {
  const counts: MemberMailCounts = { queued: 0, noAddress: 0, optedOut: 0, duplicate: 0 };
  if (mails.length === 0) return counts;
  const people = new Map(
    ctx.db
      .select({
        id: members.id,
        firstName: members.firstName,
        lastName: members.lastName,
        email: members.email,
        mailOptOut: members.mailOptOut,
      })
      .from(members)
      .where(inArray(members.id, [...new Set(mails.map((m) => m.memberId))]))
      .all()
      .map((p) => [p.id, p]),
  );
  const store = attachmentStore(ctx.db, ctx.clock().toISOString());
  for (const mail of mails) {
    const person = people.get(mail.memberId);
    if (!person) throw new Error(`mail to member ${mail.memberId}, who does not exist`);
    if (!person.email) {
      counts.noAddress++;
      continue;
    }
    if (mail.kind === 'announcement' && person.mailOptOut) {
      counts.optedOut++;
      continue;
    }
    const rendered = renderMail(ctx.config, mail.template, { ...mail.data, firstName: person.firstName }, mail.kind);
    const queued = enqueueMail(
      ctx,
      {
        to: { address: person.email, name: displayName(person) },
        subject: mail.subject,
        ...rendered,
        essential: mail.kind === 'essential',
        dedupeKey: mail.dedupeKey,
        attachments: mail.attachments,
        replyTo: mail.replyTo,
      },
      store,
    );
    if (queued) counts.queued++;
    else counts.duplicate++;
  }
  return counts;
}

/** One mail to one member; see queueMemberMails. */
export function queueMemberMail(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>, mail: MemberMail): MemberMailCounts {
  return queueMemberMails(ctx, [mail]);
}
