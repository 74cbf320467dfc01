/** View models of the message pages: the form, the preview of the exact mail, the history, one message. */
import type { Actor } from '../../domain/access.js';
import { may } from '../../domain/access.js';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { displayName } from '../../lib/format.js';
import { renderMail } from '../mail/mail-templates.js';
import { filterPairs, filterQuery, isEmptyFilter, type AudienceFilter } from '../addresses/audience-filter.js';
import {
  audienceChoices,
  audienceEssential,
  audienceWords,
  resolveAudience,
  type AudienceChoices,
} from '../addresses/audience.js';
import { contractNames } from '../addresses/audience-words.js';
import { phonesOf } from '../addresses/addresses.csv.js';
import { documentChoices, documentLabels, parseDocuments, type DocumentChoices } from './message-documents.js';
import { findMessage, listMessages, recipientsOf, uploadsOf, type MessageRow } from './messages.queries.js';
import { filterOf, mailData, ownDraft } from './messages.service.js';

const sizeWords = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} ko`
    : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;

export interface MessageFormPage {
  /** Null: no list chosen yet, the page shows the filters. */
  audience: {
    pairs: [string, string][];
    query: string;
    words: string;
    count: number;
    withEmail: number;
    essential: boolean;
  } | null;
  filter: AudienceFilter;
  filterChoices: AudienceChoices;
  documents: DocumentChoices;
  /** Files already on the draft being changed. */
  uploads: string[];
  /** The draft being changed, or null for a new message. */
  draftId: number | null;
}

export function messageFormPage(ctx: Ctx, actor: Actor, raw: AudienceFilter, draftId: number | null): MessageFormPage {
  const { filter, members, scope } = resolveAudience(ctx, actor, 'send-messages', raw);
  return {
    audience: isEmptyFilter(filter)
      ? null
      : {
          pairs: filterPairs(filter),
          query: filterQuery(filter),
          words: audienceWords(ctx, filter, scope, displayName(actor)),
          count: members.length,
          withEmail: members.filter((m) => m.email).length,
          essential: audienceEssential(filter, scope),
        },
    filter,
    filterChoices: audienceChoices(ctx, scope),
    documents: documentChoices(ctx, actor),
    uploads: draftId === null ? [] : uploadsOf(ctx.db, draftId).map((u) => `${u.filename} (${sizeWords(u.size)})`),
    draftId,
  };
}

/** The form of a saved draft: its filter, to fill the form with its values. */
export function draftForEdit(ctx: Ctx, actor: Actor, id: number): { draft: MessageRow; filter: AudienceFilter } {
  const draft = ownDraft(ctx, actor, id);
  return { draft, filter: filterOf(draft) };
}

function attachmentWords(ctx: Ctx, m: MessageRow): string[] {
  const docs = parseDocuments(m.documents);
  const names = contractNames(ctx.db, docs.deliverySheet ? [docs.deliverySheet.contractId] : []);
  return [
    ...documentLabels(docs, (id) => names.get(id)),
    ...uploadsOf(ctx.db, m.id).map((u) => `${u.filename} (${sizeWords(u.size)})`),
  ];
}

export interface MessagePreview {
  id: number;
  subject: string;
  words: string;
  query: string;
  essential: boolean;
  total: number;
  willReceive: number;
  noAddress: { name: string; phones: string }[];
  optedOut: string[];
  /** The mail as its first recipient gets it. */
  mail: { text: string; html: string; sampleName: string | null };
  replyTo: string | null;
  attachments: string[];
}

/** The draft's mail exactly as it will go, and to whom (the list as it is now). */
export function messagePreview(ctx: Ctx, actor: Actor, id: number): MessagePreview | { sent: true } {
  const draft = ownDraft(ctx, actor, id);
  if (draft.status !== 'draft') return { sent: true };
  const filter = filterOf(draft);
  const { members } = resolveAudience(ctx, actor, 'send-messages', filter);
  const withEmail = members.filter((m) => m.email);
  const optedOut = draft.essential ? [] : withEmail.filter((m) => m.mailOptOut);
  const sample = withEmail.find((m) => draft.essential || !m.mailOptOut) ?? null;
  const rendered = renderMail(
    ctx.config,
    'message',
    { ...mailData(draft), firstName: sample?.firstName ?? 'Prénom' },
    draft.essential ? 'essential' : 'announcement',
  );
  return {
    id: draft.id,
    subject: draft.subject,
    words: draft.audienceWords,
    query: filterQuery(filter),
    essential: draft.essential,
    total: members.length,
    willReceive: withEmail.length - optedOut.length,
    noAddress: members.filter((m) => !m.email).map((m) => ({ name: displayName(m), phones: phonesOf(m) })),
    optedOut: optedOut.map(displayName),
    mail: { ...rendered, sampleName: sample ? displayName(sample) : null },
    replyTo: actor.email,
    attachments: attachmentWords(ctx, draft),
  };
}

const seesEveryMessage = (actor: Actor) => may(actor, 'administer', { type: 'amap' });

export function messageList(ctx: Ctx, actor: Actor) {
  return listMessages(ctx.db, { id: actor.id, all: seesEveryMessage(actor) });
}

/** A sent message with its recipients and their mail's status: its sender's, or any for an administrator. */
export function messageDetail(ctx: Ctx, actor: Actor, id: number) {
  const m = findMessage(ctx.db, id);
  if (!m) throw new NotFoundError('Ce message n’existe pas.');
  if (m.senderId !== actor.id && !seesEveryMessage(actor)) throw new ForbiddenError();
  const files = JSON.parse(m.attachmentNames) as { filename: string; size: number }[];
  return {
    message: m,
    words: m.audienceWords,
    attachments:
      m.status === 'sent' ? files.map((f) => `${f.filename} (${sizeWords(f.size)})`) : attachmentWords(ctx, m),
    recipients: recipientsOf(ctx.db, id),
    own: m.senderId === actor.id,
  };
}
