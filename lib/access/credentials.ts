import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'paved_';

/** A new API token: 256 random bits, shown once; only its hash is stored. */
export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 suffices for a 256-bit random secret (no dictionary to guess from); hex, for an indexed lookup. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The credential of `Authorization: Bearer <credential>`: null when there is no header, `''`
 * when there is one of another scheme (Basic, a bare token), which is refused, not guessed at.
 */
export function bearerCredential(header: string | null): string | null {
  if (header === null) return null;
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header);
  return match ? match[1]! : '';
}

/**
 * Compares a presented secret with the expected one in constant time. Both are hashed first,
 * so the comparison is over equal lengths and the time says nothing about the expected length.
 */
export function secretsMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
