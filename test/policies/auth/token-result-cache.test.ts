import { describe, expect, it } from 'vitest';
import { createTokenResultCache } from '../../../policies/auth/token-result-cache.js';

describe('createTokenResultCache', () => {
  it('returns entries until they expire', () => {
    const cache = createTokenResultCache<string>(10);
    cache.set('k', 'v', 1_000);
    expect(cache.get('k', 999)).toBe('v');
    expect(cache.get('k', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = createTokenResultCache<number>(2);
    cache.set('a', 1, Infinity);
    cache.set('b', 2, Infinity);
    cache.get('a', 0);
    cache.set('c', 3, Infinity);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
    expect(cache.get('c', 0)).toBe(3);
  });

  it('caches nothing with maxEntries 0', () => {
    const cache = createTokenResultCache<number>(0);
    cache.set('a', 1, Infinity);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
