import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT_N = 16384;

/** Hashes a password with scrypt and a random salt, as `scrypt$N$salt$hash`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: SCRYPT_N });
  return `scrypt$${SCRYPT_N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n) });
  return timingSafeEqual(expected, actual);
}

/**
 * A new API key: shown to its owner once, stored only as a hash. `bw_` and 48 hex digits: the
 * wandb client accepts only keys of 40+ word characters after an optional `prefix-` (base64url
 * could hold a dash and so be cut short), so the same key works for `WANDB_API_KEY`. Keys issued
 * before (`bw_` + 32 base64url characters) still authenticate: lookups are by hash.
 */
export function newApiKey(): string {
  return `bw_${randomBytes(24).toString('hex')}`;
}

/** A new opaque session token for the browser cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of an API key or session token. Both are high-entropy, so a fast hash is enough. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
