/**
 * The argon2 binding, loaded at the first login or password set (a dozen megabytes of memory that
 * a server answering pages does not need before).
 */
let argon2: Promise<typeof import('@node-rs/argon2')> | null = null;
const library = () => (argon2 ??= import('@node-rs/argon2'));

/** argon2id with the library's defaults (19 MiB, 2 passes): ~30 ms on a small VPS. */
export async function hashPassword(password: string): Promise<string> {
  const { hash, Algorithm } = await library();
  return hash(password, { algorithm: Algorithm.Argon2id });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // Without a hash (member never set a password) we still spend the same time, so the answer
  // does not reveal which addresses have an account.
  if (!passwordHash) {
    await hashPassword(password);
    return false;
  }
  const { verify } = await library();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
