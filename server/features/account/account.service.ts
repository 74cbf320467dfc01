import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { updateMember } from '../members/members.service.js';
import type { ContactFormInput } from './account.forms.js';

/** A member edits their own contact details and mail preference. */
export function updateOwnContact(ctx: Ctx, actor: Actor, input: ContactFormInput): void {
  const { mailOptOut, acceptsDutyCalls, ...contact } = input;
  if (!contact.email && actor.email) {
    // The e-mail is the login: removing it would lock the member out.
    throw new ValidationError({
      field: 'email',
      message: 'Votre adresse e-mail sert à vous connecter : elle ne peut pas être vide.',
    });
  }
  ctx.db.transaction(() => {
    updateMember(ctx, actor, actor.id, contact);
    ctx.db.update(members).set({ mailOptOut, acceptsDutyCalls }).where(eq(members.id, actor.id)).run();
  });
}
