import { and, eq } from 'drizzle-orm';
import { members, producerAccounts, producerReferents, producers } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ProducerInput } from './producers.forms.js';
import { findProducer, type ProducerRow } from './producers.queries.js';

/** Lower case, no accents, single spaces: "GAEC  des Volcans" and "gaec des volcans" are the same name. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function assertAdmin(actor: Actor): void {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
}

export function assertManages(actor: Actor, producerId: number): void {
  if (!may(actor, 'manage-contracts', { type: 'producer', producerId })) throw new ForbiddenError();
}

export function requireProducer(ctx: Ctx, id: number): ProducerRow {
  const p = findProducer(ctx.db, id);
  if (!p) throw new NotFoundError('Ce producteur n’existe pas.');
  return p;
}

function assertNameFree(ctx: Ctx, name: string, exceptId?: number): void {
  const folded = foldName(name);
  const clash = ctx.db
    .select({ id: producers.id, name: producers.name })
    .from(producers)
    .all()
    .find((p) => p.id !== exceptId && foldName(p.name) === folded);
  if (clash) throw new ValidationError({ field: 'name', message: `Un producteur s’appelle déjà « ${clash.name} ».` });
}

/** Changed fields as { field: [before, after] } for the audit log. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = [before[k], v];
  return out;
}

/** A new producer (administrators only); returns its id. */
export function createProducer(ctx: Ctx, actor: Actor, input: ProducerInput): number {
  if (!may(actor, 'create-producers', { type: 'amap' })) throw new ForbiddenError();
  const now = ctx.clock().toISOString();
  return ctx.db.transaction(() => {
    assertNameFree(ctx, input.name);
    const { id } = ctx.db
      .insert(producers)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning({ id: producers.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'producer.created',
      targetType: 'producer',
      targetId: id,
      details: input,
    });
    return id;
  });
}

/** The producer's details: administrators and the producer's referents. */
export function updateProducer(ctx: Ctx, actor: Actor, id: number, input: ProducerInput): void {
  assertManages(actor, id);
  ctx.db.transaction(() => {
    const before = requireProducer(ctx, id);
    assertNameFree(ctx, input.name, id);
    const changes = diff(before, input);
    if (!Object.keys(changes).length) return;
    ctx.db
      .update(producers)
      .set({ ...input, updatedAt: ctx.clock().toISOString() })
      .where(eq(producers.id, id))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'producer.updated',
      targetType: 'producer',
      targetId: id,
      details: changes,
    });
  });
}

/** An inactive producer keeps its catalogue and history; administrators only. */
export function setProducerActive(ctx: Ctx, actor: Actor, id: number, active: boolean): void {
  assertAdmin(actor);
  ctx.db.transaction(() => {
    const p = requireProducer(ctx, id);
    if (p.active === active) return;
    ctx.db.update(producers).set({ active, updatedAt: ctx.clock().toISOString() }).where(eq(producers.id, id)).run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: active ? 'producer.reactivated' : 'producer.deactivated',
      targetType: 'producer',
      targetId: id,
      details: { name: p.name },
    });
  });
}

function requireActiveMember(ctx: Ctx, memberId: number, field: string) {
  const m = ctx.db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, active: members.active })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!m || !m.active) throw new ValidationError({ field, message: 'Choisissez un membre actif dans la liste.' });
  return { ...m, name: `${m.firstName} ${m.lastName}` };
}

/**
 * Makes a member a referent of the producer (administrators only). Adding someone already
 * referent changes nothing. Returns the member's name and whether they were added.
 */
export function addReferent(
  ctx: Ctx,
  actor: Actor,
  producerId: number,
  memberId: number,
  notify: boolean,
): { name: string; added: boolean } {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    const m = requireActiveMember(ctx, memberId, 'referentId');
    const r = ctx.db.insert(producerReferents).values({ producerId, memberId, notify }).onConflictDoNothing().run();
    if (r.changes === 0) return { name: m.name, added: false };
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'referent.added',
      targetType: 'producer',
      targetId: producerId,
      details: { memberId, name: m.name, notify },
    });
    return { name: m.name, added: true };
  });
}

function referentRow(ctx: Ctx, producerId: number, memberId: number) {
  const r = ctx.db
    .select({ notify: producerReferents.notify, firstName: members.firstName, lastName: members.lastName })
    .from(producerReferents)
    .innerJoin(members, eq(members.id, producerReferents.memberId))
    .where(and(eq(producerReferents.producerId, producerId), eq(producerReferents.memberId, memberId)))
    .get();
  if (!r) throw new ValidationError({ message: 'Ce membre n’est pas référent·e de ce producteur.' });
  return { notify: r.notify, name: `${r.firstName} ${r.lastName}` };
}

/** Whether a referent receives the mails about the producer's contracts; returns their name. */
export function setReferentNotify(
  ctx: Ctx,
  actor: Actor,
  producerId: number,
  memberId: number,
  notify: boolean,
): string {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    const r = referentRow(ctx, producerId, memberId);
    if (r.notify !== notify) {
      ctx.db
        .update(producerReferents)
        .set({ notify })
        .where(and(eq(producerReferents.producerId, producerId), eq(producerReferents.memberId, memberId)))
        .run();
      recordAudit(ctx, {
        actorId: actor.id,
        action: 'referent.notify-changed',
        targetType: 'producer',
        targetId: producerId,
        details: { memberId, name: r.name, notify },
      });
    }
    return r.name;
  });
}

export function removeReferent(ctx: Ctx, actor: Actor, producerId: number, memberId: number): string {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    const r = referentRow(ctx, producerId, memberId);
    ctx.db
      .delete(producerReferents)
      .where(and(eq(producerReferents.producerId, producerId), eq(producerReferents.memberId, memberId)))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'referent.removed',
      targetType: 'producer',
      targetId: producerId,
      details: { memberId, name: r.name },
    });
    return r.name;
  });
}

/** Gives a member the producer's read-only account role (administrators only). */
export function addProducerAccount(
  ctx: Ctx,
  actor: Actor,
  producerId: number,
  memberId: number,
): { name: string; added: boolean } {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    const m = requireActiveMember(ctx, memberId, 'accountId');
    const r = ctx.db.insert(producerAccounts).values({ producerId, memberId }).onConflictDoNothing().run();
    if (r.changes === 0) return { name: m.name, added: false };
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'producer-account.added',
      targetType: 'producer',
      targetId: producerId,
      details: { memberId, name: m.name },
    });
    return { name: m.name, added: true };
  });
}

export function removeProducerAccount(ctx: Ctx, actor: Actor, producerId: number, memberId: number): string {
  assertAdmin(actor);
  return ctx.db.transaction(() => {
    requireProducer(ctx, producerId);
    const m = ctx.db
      .select({ firstName: members.firstName, lastName: members.lastName })
      .from(producerAccounts)
      .innerJoin(members, eq(members.id, producerAccounts.memberId))
      .where(and(eq(producerAccounts.producerId, producerId), eq(producerAccounts.memberId, memberId)))
      .get();
    if (!m) throw new ValidationError({ message: 'Ce membre n’a pas de compte pour ce producteur.' });
    ctx.db
      .delete(producerAccounts)
      .where(and(eq(producerAccounts.producerId, producerId), eq(producerAccounts.memberId, memberId)))
      .run();
    const name = `${m.firstName} ${m.lastName}`;
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'producer-account.removed',
      targetType: 'producer',
      targetId: producerId,
      details: { memberId, name },
    });
    return name;
  });
}
