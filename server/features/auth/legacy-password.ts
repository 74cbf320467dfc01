/**
 * Passwords kept from AmapJ (PBKDF2WithHmacSHA1, 20 000 iterations, 160-bit key, 8-byte salt, both
 * Base64), stored as `amapj-pbkdf2$<salt>$<hash>` so that members keep their password across the
 * move. The first successful login replaces it with our argon2id hash.
 */
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';

const PREFIX = 'amapj-pbkdf2$';

export function legacyHash(saltBase64: string, hashBase64: string): string {
  return `${PREFIX}${saltBase64}$${hashBase64}`;
}

/** Checks a password against the member's hash, argon2id or AmapJ's; upgrades AmapJ's on success. */
export async function verifyMemberPassword(
  ctx: Ctx,
  member: { id: number; passwordHash: string | null },
  password: string,
): Promise<boolean> {
  const stored = member.passwordHash;
  if (!stored?.startsWith(PREFIX)) return verifyPassword(stored, password);
  const [salt, expected] = stored
    .slice(PREFIX.length)
    .split('$')
    .map((p) => Buffer.from(p, 'base64'));
  // Java's PBEKeySpec hands PBKDF2 the password's characters as UTF-8.
  const actual = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 20000, 20, 'sha1');
  if (!expected || expected.length !== actual.length || !timingSafeEqual(actual, expected)) return false;
  const passwordHash = await hashPassword(password);
  ctx.db.update(members).set({ passwordHash }).where(eq(members.id, member.id)).run();
  return true;
}
