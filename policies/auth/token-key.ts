import { createHash } from 'node:crypto';

/** The key a token's verification result is cached under: its SHA-256, so caches never hold tokens. */
export function tokenCacheKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
