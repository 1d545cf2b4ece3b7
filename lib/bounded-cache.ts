/**
 * The one bounded cache of the project: a map that forgets its least recently used entries beyond
 * `maxEntries` (0 keeps nothing), on the `lru-cache` package. Reading an entry makes it the most recent.
 */
import { LRUCache } from 'lru-cache';

export interface BoundedCache<Key, Value> {
  readonly maxEntries: number;
  readonly size: number;
  get(key: Key): Value | undefined;
  set(key: Key, value: Value): void;
  delete(key: Key): void;
}

const NOTHING_KEPT: BoundedCache<never, never> = Object.freeze({
  maxEntries: 0,
  size: 0,
  get: () => undefined,
  set: () => undefined,
  delete: () => undefined,
});

/** Keys and values are never `null` or `undefined` (lru-cache's own bound). */
export function createBoundedCache<Key extends NonNullable<unknown>, Value extends NonNullable<unknown>>(
  maxEntries: number,
): BoundedCache<Key, Value> {
  if (maxEntries === 0) return NOTHING_KEPT;
  const entries = new LRUCache<Key, Value>({ max: maxEntries });
  return {
    maxEntries,
    get size() {
      return entries.size;
    },
    get: (key) => entries.get(key),
    set: (key, value) => void entries.set(key, value),
    delete: (key) => void entries.delete(key),
  };
}
