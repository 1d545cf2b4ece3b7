/**
 * A bounded cache of token verification results (introspection answers, verified JWTs) with a time to live
 * per entry. Keys are token hashes, never tokens. `Map` keeps insertion order, so re-inserting on a hit makes
 * the first key the least recently used one, which is evicted when the cache is full. Pure: no Node or Apollo.
 */

export interface TokenResultCache<Value> {
  get(key: string, now: number): Value | undefined;
  set(key: string, value: Value, expiresAt: number): void;
  readonly size: number;
}

export function createTokenResultCache<Value>(maxEntries: number): TokenResultCache<Value> {
  const entries = new Map<string, { readonly value: Value; readonly expiresAt: number }>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, expiresAt) {
      if (maxEntries === 0) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
