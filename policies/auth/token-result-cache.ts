/**
 * A bounded cache of token verification results (introspection answers, verified JWTs) with a time to live
 * per entry, on the project's one bounded cache (`lib/bounded-cache.ts`, least recently used evicted first).
 * Keys are token hashes, never tokens. Pure: no Node or Apollo.
 */
import { createBoundedCache } from '../../lib/bounded-cache.js';

export interface TokenResultCache<Value> {
  get(key: string, now: number): Value | undefined;
  set(key: string, value: Value, expiresAt: number): void;
  readonly size: number;
}

interface Entry<Value> {
  readonly value: Value;
  readonly expiresAt: number;
}

export function createTokenResultCache<Value>(maxEntries: number): TokenResultCache<Value> {
  const entries = createBoundedCache<string, Entry<Value>>(maxEntries);
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, expiresAt) {
      entries.set(key, { value, expiresAt });
    },
    get size() {
      return entries.size;
    },
  };
}
