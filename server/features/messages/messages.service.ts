/**
 * Messages from the app (issue 11): a draft saved from the form, then sent once: one outbox mail
 * per recipient through queueMemberMails, reply-to the sender, attachments stored once, the
 * recipients and what became of each recorded for the history, an audit entry.
 */
import { and, eq, like, max } from 'drizzle-orm';
import { messageRecipients, messageUploads, messages, outbox } from '../../db/schema/index.js';
import type { Actor } from '../../domain/access.js';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { displayName } from '../../lib/format.js';
import { recordAudit } from '../audit/audit.service.js';
import type { MailAttachment } from '../mail/mail-attachments.js';
import { queueMemberMails } from '../mail/member-mail.js';
import { filterQuery, isEmptyFilter, parseAudienceFilter, type AudienceFilter } from '../addresses/audience-filter.js';
import { audienceEssential, audienceWords, resolveAudience } from '../addresses/audience.js';
import { buildDocuments, documentProblems, parseDocuments, type MessageDocuments } from './message-documents.js';
import { formatMessage } from './message-format.js';
import { findMessage, uploadBodies, type MessageRow } from './messages.queries.js';

export interface DraftInput {
  subject: string;
  body: string;
  filter: AudienceFilter;
  documents: MessageDocuments;
  /** New files to add to the draft's. */
  uploads: MailAttachment[];
}

/** The filter stored with a message, as the query string of /adresses. */
export function filterOf(m: Pick<MessageRow, 'filter'>): AudienceFilter {
  return parseAudienceFilter(Object.fromEntries(groupPairs(new URLSearchParams(m.filter))));
}

function groupPairs(params: URLSearchParams): [string, string[]][] {
  const map = new Map<string, string[]>();
  for (const [k, v] of params) map.set(k, [...(map.get(k) ?? []), v]);
  return [...map];
}

/** The sender's own draft, or the 404/403 page. */
export function ownDraft(ctx: Ctx, actor: Actor, id: number): MessageRow {
  const m = findMessage(ctx.db, id);
  if (!m) throw new NotFoundError('Ce message n’existe pas.');
  if (m.senderId !== actor.id) throw new ForbiddenError('Ce brouillon est celui de quelqu’un d’autre.');
  return m;
}

/**
 * Saves a new draft (`id` null) or changes one, after checking that the actor may write to that
 * list and attach those documents. Returns the draft's id.
 */
export function saveDraft(ctx: Ctx, actor: Actor, id: number | null, input: DraftInput): number {
  if (isEmptyFilter(input.filter)) throw new ValidationError({ message: 'Choisissez d’abord à qui écrire.' });
  const { filter, scope } = resolveAudience(ctx, actor, 'send-messages', input.filter);
  const problems = documentProblems(ctx, actor, input.documents);
  if (Object.keys(problems).length) throw new ValidationError(problems);
  if (id !== null && ownDraft(ctx, actor, id).status !== 'draft')
    throw new ValidationError({ message: 'Ce message est déjà parti : il ne se modifie plus.' });
  const now = ctx.clock().toISOString();
  const fields = {
    subject: input.subject,
    body: input.body,
    filter: filterQuery(filter),
    documents: JSON.stringify(input.documents),
    audienceWords: audienceWords(ctx, filter, scope, displayName(actor)),
    essential: audienceEssential(filter, scope),
    updatedAt: now,
  };
  return ctx.db.transaction(() => {
    const draftId =
      id ??
      ctx.db
        .insert(messages)
        .values({ ...fields, senderId: actor.id, senderName: displayName(actor), createdAt: now })
        .returning({ id: messages.id })
        .get().id;
    if (id !== null) ctx.db.update(messages).set(fields).where(eq(messages.id, id)).run();
    const last =
      ctx.db
        .select({ n: max(messageUploads.position) })
        .from(messageUploads)
        .where(eq(messageUploads.messageId, draftId))
        .get()?.n ?? -1;
    if (input.uploads.length)
      ctx.db
        .insert(messageUploads)
        .values(input.uploads.map((f, i) => ({ messageId: draftId, position: last + 1 + i, ...f })))
        .run();
    return draftId;
  });
}

/** Removes the files uploaded to a draft (the sender changes their mind). */
export function clearUploads(ctx: Ctx, actor: Actor, id: number): void {
  if (ownDraft(ctx, actor, id).status !== 'draft') return;
  ctx.db.delete(messageUploads).where(eq(messageUploads.messageId, id)).run();
}

export interface SendResult {
  /** False: it had already been sent (a second click), nothing was queued. */
  sent: boolean;
  queued: number;
  noAddress: number;
  optedOut: number;
}

/** The mail template's data of a message (the same for the preview and every recipient). */
export function mailData(m: Pick<MessageRow, 'body' | 'senderName'>) {
  const formatted = formatMessage(m.body);
  return { messageHtml: formatted.html, messageText: formatted.text, senderName: m.senderName };
}

/**
 * Sends a draft to its list as it is now: the documents are built first (asynchronous), then one
 * transaction marks the message sent — only if it still is a draft, so a second click sends
 * nothing — and queues one mail per recipient.
 */
export async function sendMessage(ctx: Ctx, actor: Actor, id: number): Promise<SendResult> {
  const draft = ownDraft(ctx, actor, id);
  const nothing: SendResult = { sent: false, queued: 0, noAddress: 0, optedOut: 0 };
  if (draft.status !== 'draft') return nothing;
  const audience = resolveAudience(ctx, actor, 'send-messages', filterOf(draft));
  if (audience.members.length === 0) throw new ValidationError({ message: 'Personne ne correspond à ces critères.' });
  const files: MailAttachment[] = [
    ...(await buildDocuments(ctx, parseDocuments(draft.documents))),
    ...uploadBodies(ctx.db, id),
  ];
  const kind = draft.essential ? 'essential' : 'announcement';
  const now = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    const claimed = ctx.db
      .update(messages)
      .set({
        status: 'sent',
        sentAt: now,
        updatedAt: now,
        recipientCount: audience.members.length,
        attachmentNames: JSON.stringify(files.map((f) => ({ filename: f.filename, size: f.body.length }))),
      })
      .where(and(eq(messages.id, id), eq(messages.status, 'draft')))
      .run();
    if (claimed.changes === 0) return nothing;
    const key = (memberId: number) => `message:${id}:${memberId}`;
    const counts = queueMemberMails(ctx, [
      ...audience.members.map((m) => ({
        memberId: m.id,
        kind: kind as 'essential' | 'announcement',
        template: 'message',
        subject: draft.subject,
        data: mailData(draft),
        dedupeKey: key(m.id),
        attachments: files,
        replyTo: actor.email ?? undefined,
      })),
    ]);
    const outboxIds = new Map(
      ctx.db
        .select({ id: outbox.id, key: outbox.dedupeKey })
        .from(outbox)
        .where(like(outbox.dedupeKey, `message:${id}:%`))
        .all()
        .map((o) => [o.key, o.id]),
    );
    ctx.db
      .insert(messageRecipients)
      .values(
        audience.members.map((m) => {
          const outboxId = outboxIds.get(key(m.id)) ?? null;
          const skipped: 'no-address' | 'opted-out' | null = outboxId ? null : !m.email ? 'no-address' : 'opted-out';
          return { messageId: id, memberId: m.id, outboxId, skipped };
        }),
      )
      .run();
    // The bytes now live once in the mail attachments; the draft's copy is no longer needed.
    ctx.db.delete(messageUploads).where(eq(messageUploads.messageId, id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'message.sent',
      targetType: 'message',
      targetId: id,
      details: {
        subject: draft.subject,
        recipients: audience.members.length,
        queued: counts.queued,
        noAddress: counts.noAddress,
        optedOut: counts.optedOut,
        essential: draft.essential,
      },
    });
    return { sent: true, queued: counts.queued, noAddress: counts.noAddress, optedOut: counts.optedOut };
  });
}
