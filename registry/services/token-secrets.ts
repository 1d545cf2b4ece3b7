import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from './hashing.js';

export const TOKEN_PREFIX = 'atr_';

/** A new secret: `atr_` + 32 random bytes, base64url. Only its sha256 is stored. */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return sha256Hex(secret);
}

export function newTokenId(): string {
  return randomUUID();
}
