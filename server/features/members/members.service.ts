import { and, eq, gte, isNull, ne, sql } from 'drizzle-orm';
import { members, memberRoles } from '../../db/schema/index.js';
import type { Actor, Ctx, Role } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMemberMail } from '../mail/member-mail.js';
import { displayName } from '../../lib/format.js';
import { issuePasswordToken } from '../auth/password-tokens.service.js';
import type { SqliteSessionStore } from '../../web/session-store.js';
import { findMember, moneyHistoryOf } from './members.queries.js';
import type { ContactInput, MemberInput } from './members.forms.js';

function assertEmailFree(ctx: Ctx, email: string | null, exceptId?: number): void {
  if (!email) return;
  const clash = ctx.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.email, email), exceptId ? ne(members.id, exceptId) : undefined))
    .get();
  if (clash) throw new ValidationError({ field: 'email', message: 'Cette adresse est déjà celle d’un autre membre.' });
}

/** Member management is the administrators' (the routes check it too; services never trust them alone). */
function assertAdmin(actor: Actor): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError('Réservé aux administrateurs.');
}

function requireMember(ctx: Ctx, id: number) {
  const m = findMember(ctx.db, id);
  if (!m) throw new NotFoundError('Ce membre n’existe pas.');
  return m;
}

/** Changed fields as { field: [before, after] } for the audit log. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = [before[k], v];
  return out;
}

/**
 * Queues the invitation mail with a fresh 7-day set-password link. Inside the caller's
 * transaction; refuses members without e-mail.
 */
function queueInvitation(
  ctx: Ctx,
  actor: Actor,
  member: { id: number; firstName: string; lastName: string; email: string | null },
): void {
  if (!member.email)
    throw new ValidationError({ message: 'Ce membre n’a pas d’adresse e-mail : ajoutez-en une avant de l’inviter.' });
  const { link } = issuePasswordToken(ctx, member.id, 'invitation');
  queueMemberMail(ctx, {
    memberId: member.id,
    kind: 'essential',
    template: 'invitation',
    subject: `Bienvenue sur l’espace en ligne de ${ctx.config.amap.name}`,
    data: { email: member.email, link, invitedBy: displayName(actor) },
  });
  recordAudit(ctx, {
    actorId: actor.id,
    action: 'member.invited',
    targetType: 'member',
    targetId: member.id,
    details: { email: member.email },
  });
}

export function createMember(ctx: Ctx, actor: Actor, input: MemberInput): number {
  assertAdmin(actor);
  const now = ctx.clock().toISOString();
  const { sendInvitation, ...contact } = input;
  return ctx.db.transaction(() => {
    assertEmailFree(ctx, contact.email);
    // A second click on "Ajouter" for a member without e-mail (nothing unique to catch it) finds
    // the one created a moment ago instead of adding a twin.
    if (!contact.email) {
      const twin = ctx.db
        .select({ id: members.id })
        .from(members)
        .where(
          and(
            eq(members.firstName, contact.firstName),
            eq(members.lastName, contact.lastName),
            isNull(members.email),
            gte(members.createdAt, new Date(ctx.clock().getTime() - 120_000).toISOString()),
          ),
        )
        .get();
      if (twin) return twin.id;
    }
    const { id } = ctx.db
      .insert(members)
      .values({ ...contact, createdAt: now, updatedAt: now })
      .returning({ id: members.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'member.created',
      targetType: 'member',
      targetId: id,
      details: contact,
    });
    // A member without e-mail is simply added: the box is ticked by default and there is no one to invite.
    if (sendInvitation && contact.email) queueInvitation(ctx, actor, { id, ...contact });
    return id;
  });
}

export function updateMember(ctx: Ctx, actor: Actor, id: number, input: ContactInput): void {
  // Members edit their own contact details on /compte; anyone else's is an administrator's job.
  if (actor.id !== id) assertAdmin(actor);
  ctx.db.transaction(() => {
    const before = requireMember(ctx, id);
    if (actor.id === id && before.email && !input.email) {
      // The e-mail is the login: removing one's own would lock oneself out (the last admin, say).
      throw new ValidationError({
        field: 'email',
        message: 'Votre adresse e-mail sert à vous connecter : elle ne peut pas être vide.',
      });
    }
    assertEmailFree(ctx, input.email, id);
    ctx.db
      .update(members)
      .set({ ...input, updatedAt: ctx.clock().toISOString() })
      .where(eq(members.id, id))
      .run();
    const changes = diff(before, input);
    if (Object.keys(changes).length) {
      recordAudit(ctx, {
        actorId: actor.id,
        action: actor.id === id ? 'member.updated-own' : 'member.updated',
        targetType: 'member',
        targetId: id,
        details: changes,
      });
    }
  });
}

export function inviteMember(ctx: Ctx, actor: Actor, id: number): string {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    const m = requireMember(ctx, id);
    if (!m.active) throw new ValidationError({ message: 'Ce membre est désactivé : réactivez-le avant de l’inviter.' });
    // An invitation sets a first password; someone who has one uses "Mot de passe oublié" instead.
    if (m.email && m.passwordHash)
      throw new ValidationError({
        message: `${displayName(m)} a déjà choisi son mot de passe : en cas d’oubli, « Mot de passe oublié » sur la page de connexion lui en envoie un nouveau.`,
      });
    queueInvitation(ctx, actor, m);
    return m.email!;
  });
}

function activeAdminCount(ctx: Ctx, exceptId: number): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(memberRoles)
      .innerJoin(members, eq(members.id, memberRoles.memberId))
      .where(and(eq(memberRoles.role, 'admin'), eq(members.active, true), ne(members.id, exceptId)))
      .get()?.n ?? 0
  );
}

/** Deactivated members cannot log in (their sessions end at once); their history stays. */
export function setMemberActive(
  ctx: Ctx,
  actor: Actor,
  id: number,
  active: boolean,
  sessions?: SqliteSessionStore,
): void {
  assertAdmin(actor);
  ctx.db.transaction(() => {
    const m = requireMember(ctx, id);
    if (m.active === active) return;
    if (!active && m.roles.includes('admin') && activeAdminCount(ctx, id) === 0) {
      throw new ValidationError({
        message: 'C’est le dernier administrateur actif : nommez-en un autre avant de le désactiver.',
      });
    }
    ctx.db.update(members).set({ active, updatedAt: ctx.clock().toISOString() }).where(eq(members.id, id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: active ? 'member.reactivated' : 'member.deactivated',
      targetType: 'member',
      targetId: id,
    });
  });
  if (!active) sessions?.destroyForMember(id);
}

/** Deletes a member who has no money history; otherwise explains why not (deactivate instead). */
export function deleteMember(ctx: Ctx, actor: Actor, id: number): string {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    const m = requireMember(ctx, id);
    if (m.id === actor.id) throw new ValidationError({ message: 'Vous ne pouvez pas supprimer votre propre compte.' });
    if (m.roles.includes('admin') && activeAdminCount(ctx, id) === 0) {
      throw new ValidationError({ message: 'C’est le dernier administrateur : impossible de le supprimer.' });
    }
    const history = moneyHistoryOf(ctx.db, id);
    if (history.length) {
      throw new ValidationError({
        message: `Suppression impossible : ce membre a un historique (${history.join(', ')}). Désactivez-le plutôt : il ne pourra plus se connecter et son historique reste juste.`,
      });
    }
    ctx.db.delete(members).where(eq(members.id, id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'member.deleted',
      targetType: 'member',
      targetId: id,
      details: { name: `${m.firstName} ${m.lastName}`, email: m.email },
    });
    return `${m.firstName} ${m.lastName}`;
  });
}

/** Grants or removes the global roles; the last active administrator keeps theirs. */
export function setMemberRoles(ctx: Ctx, actor: Actor, id: number, wanted: Record<Role, boolean>): void {
  assertAdmin(actor);
  ctx.db.transaction(() => {
    const m = requireMember(ctx, id);
    if (!wanted.admin && m.roles.includes('admin') && activeAdminCount(ctx, id) === 0) {
      throw new ValidationError({
        message: 'Il faut au moins un administrateur actif : nommez-en un autre avant de retirer ce rôle.',
      });
    }
    for (const role of ['admin', 'treasurer', 'coordinator'] as Role[]) {
      const has = m.roles.includes(role);
      if (wanted[role] && !has) {
        ctx.db.insert(memberRoles).values({ memberId: id, role }).run();
        recordAudit(ctx, {
          actorId: actor.id,
          action: 'role.granted',
          targetType: 'member',
          targetId: id,
          details: { role },
        });
      } else if (!wanted[role] && has) {
        ctx.db
          .delete(memberRoles)
          .where(and(eq(memberRoles.memberId, id), eq(memberRoles.role, role)))
          .run();
        recordAudit(ctx, {
          actorId: actor.id,
          action: 'role.removed',
          targetType: 'member',
          targetId: id,
          details: { role },
        });
      }
    }
  });
}
